// The plain types of the ndimage interface: array views, footprints, modes.
#include <llcjit/ndimage.hpp>

#include <algorithm>

namespace llcjit {

namespace {

// Elements of an array of `shape`; a negative extent counts as empty.
std::size_t element_count(const std::vector<std::ptrdiff_t> &shape) noexcept {
  std::size_t count = 1;
  for (std::ptrdiff_t extent : shape)
    count *= static_cast<std::size_t>(std::max<std::ptrdiff_t>(extent, 0));
  return count;
}

} // namespace

ArrayView ArrayView::contiguous(double *data, std::vector<std::ptrdiff_t> shape) {
  std::vector<std::ptrdiff_t> strides(shape.size());
  std::ptrdiff_t stride = sizeof(double);
  for (std::size_t axis = shape.size(); axis-- > 0;) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  return {data, std::move(shape), std::move(strides)};
}

std::size_t ArrayView::size() const noexcept { return element_count(shape); }

std::optional<Mode> parse_mode(std::string_view name) noexcept {
  if (name == "reflect" || name == "grid-mirror")
    return Mode::Reflect;
  if (name == "constant" || name == "grid-constant")
    return Mode::Constant;
  if (name == "nearest")
    return Mode::Nearest;
  if (name == "mirror")
    return Mode::Mirror;
  if (name == "wrap" || name == "grid-wrap")
    return Mode::Wrap;
  return std::nullopt;
}

Footprint Footprint::box(std::vector<std::ptrdiff_t> shape) {
  const std::size_t count = element_count(shape);
  return {std::move(shape), std::vector<unsigned char>(count, 1)};
}

} // namespace llcjit
