// The footprints users name instead of drawing: boxes, and the cross,
// diamond and ball of morphology, each a predicate on a cell's offsets from
// the centre.
#include <llcjit/ndimage.hpp>

#include <llcjit/errors.hpp>

#include <cstdlib>

#include <fmt/format.h>

namespace llcjit {

namespace {

// The (2 radius + 1)^rank box with only the cells whose offsets from the
// centre satisfy `inside`.
template <typename Inside>
Footprint shaped(std::string_view name, std::size_t rank, std::ptrdiff_t radius, Inside inside) {
  if (rank < 1)
    throw UsageError(fmt::format("a {} footprint needs a rank of at least 1", name));
  if (radius < 0 || radius > (PTRDIFF_MAX - 1) / 2)
    throw UsageError(
        fmt::format("a {} footprint's radius must be at least 0, got {}", name, radius));
  Footprint footprint = Footprint::box(std::vector<std::ptrdiff_t>(rank, 2 * radius + 1));
  std::vector<std::ptrdiff_t> offset(rank, -radius);
  for (unsigned char &cell : footprint.mask) {
    cell = inside(offset);
    for (std::size_t axis = rank; axis-- > 0;)
      if (++offset[axis] <= radius)
        break;
      else
        offset[axis] = -radius;
  }
  return footprint;
}

} // namespace

Footprint Footprint::box(std::vector<std::ptrdiff_t> shape) {
  for (std::ptrdiff_t extent : shape)
    if (extent < 1)
      throw UsageError(fmt::format("footprint sizes must be at least 1, got {}", extent));
  const std::size_t count = element_count(shape);
  return {std::move(shape), std::vector<unsigned char>(count, 1)};
}

Footprint Footprint::cross(std::size_t rank, std::ptrdiff_t radius) {
  return shaped("cross", rank, radius, [](const std::vector<std::ptrdiff_t> &offset) {
    std::size_t off_axis = 0;
    for (std::ptrdiff_t d : offset)
      off_axis += d != 0;
    return off_axis <= 1;
  });
}

Footprint Footprint::diamond(std::size_t rank, std::ptrdiff_t radius) {
  return shaped("diamond", rank, radius, [radius](const std::vector<std::ptrdiff_t> &offset) {
    std::ptrdiff_t distance = 0;
    for (std::ptrdiff_t d : offset)
      distance += std::abs(d);
    return distance <= radius;
  });
}

Footprint Footprint::ball(std::size_t rank, std::ptrdiff_t radius) {
  // In doubles: the squares of a radius near 2^62 do not fit an integer,
  // and such a footprint fails as too large before any cell is tested.
  const double limit = static_cast<double>(radius) * static_cast<double>(radius);
  return shaped("ball", rank, radius, [limit](const std::vector<std::ptrdiff_t> &offset) {
    double distance = 0;
    for (std::ptrdiff_t d : offset)
      distance += static_cast<double>(d) * static_cast<double>(d);
    return distance <= limit;
  });
}

} // namespace llcjit
