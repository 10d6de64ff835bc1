// The 1-d lines of an N-d strided array along one axis, numbered in C
// order of the other axes, so that a parallel loop can hand out line
// numbers and each task find its line's first element.
#pragma once

#include <cstddef>
#include <span>

namespace llcjit::ndimage {

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
