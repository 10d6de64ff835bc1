// Walking an N-d index in C order (the last axis fastest), as NumPy lays
// out arrays and SciPy orders a footprint's cells.
#pragma once

#include <cstddef>
#include <span>

namespace llcjit::ndimage {

/// Advances `index` to the next element of `shape` in C order; after the
/// last element it wraps to all zeros.
inline void next_in_c_order(std::span<std::ptrdiff_t> index,
                            std::span<const std::ptrdiff_t> shape) noexcept {
  for (std::size_t axis = index.size(); axis-- > 0;) {
    if (++index[axis] < shape[axis])
      return;
    index[axis] = 0;
  }
}

} // namespace llcjit::ndimage
