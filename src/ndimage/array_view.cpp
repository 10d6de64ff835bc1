// The plain types of the ndimage interface: array views and modes.
#include <llcjit/ndimage.hpp>

#include <llcjit/errors.hpp>

#include <algorithm>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace llcjit {

std::size_t element_count(std::span<const std::ptrdiff_t> shape) {
  constexpr auto kMaxCount =
      static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()) / sizeof(double);
  std::size_t count = 1;
  bool empty = false;
  for (std::size_t axis = 0; axis < shape.size(); ++axis) {
    if (shape[axis] < 0)
      throw UsageError(fmt::format("negative dimensions are not allowed: extent {} on axis {}",
                                   shape[axis], axis));
    const auto extent = static_cast<std::size_t>(shape[axis]);
    empty = empty || extent == 0;
    // An empty array is empty whatever its other extents, but each of them
    // must still be a size an array can have.
    if (extent > kMaxCount || (!empty && count > kMaxCount / std::max<std::size_t>(extent, 1)))
      throw UsageError(fmt::format("an array of shape ({}) is too large", fmt::join(shape, ", ")));
    count = empty ? 0 : count * extent;
  }
  return count;
}

ArrayView ArrayView::contiguous(void *data, std::vector<std::ptrdiff_t> shape, DType dtype) {
  element_count(shape); // refuses shapes whose strides would overflow...
  std::vector<std::ptrdiff_t> strides(shape.size());
  auto stride = static_cast<std::ptrdiff_t>(item_size(dtype));
  for (std::size_t axis = shape.size(); axis-- > 0;) {
    strides[axis] = stride;
    // ...unless an extent is 0: then no stride is ever used, and the other
    // extents' product need not fit.
    if (__builtin_mul_overflow(stride, shape[axis], &stride))
      stride = 0;
  }
  return {data, std::move(shape), std::move(strides), dtype};
}

std::size_t ArrayView::size() const { return element_count(shape); }

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

} // namespace llcjit
