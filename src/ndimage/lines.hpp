// The 1-d lines of an N-d strided array along one axis, numbered in C
// order of the other axes, so that a parallel loop can hand out line
// numbers and each task find its line's first element; and the axis itself,
// as NumPy names it.
#pragma once

#include <llcjit/errors.hpp>

#include <cstddef>
#include <span>

#include <fmt/format.h>

namespace llcjit::ndimage {

/// `axis` of an array of `rank` axes, counting negative ones from the end
/// as NumPy does; UsageError with NumPy's wording past either end.
inline std::size_t normalised_axis(std::ptrdiff_t axis, std::size_t rank) {
  const auto r = static_cast<std::ptrdiff_t>(rank);
  if (axis < -r || axis >= r)
    throw UsageError(fmt::format("axis {} is out of bounds for array of dimension {}", axis, rank));
  return static_cast<std::size_t>(axis < 0 ? axis + r : axis);
}

/// The byte offset of the first element of line `line` along `axis` of an
/// array of `shape` and `strides` (bytes).
inline std::ptrdiff_t line_offset(std::span<const std::ptrdiff_t> shape,
                                  std::span<const std::ptrdiff_t> strides, std::size_t axis,
                                  std::ptrdiff_t line) noexcept {
  std::ptrdiff_t offset = 0;
  for (std::size_t k = shape.size(); k-- > 0;) {
    if (k == axis)
      continue;
    offset += line % shape[k] * strides[k];
    line /= shape[k];
  }
  return offset;
}

} // namespace llcjit::ndimage
