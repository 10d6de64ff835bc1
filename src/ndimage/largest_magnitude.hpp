// The largest magnitude in a 2-d float64 array, as the grid sums size their
// grids from it (grid_sums.hpp).
#pragma once

#include "ndimage/vectors.hpp"

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <cstdint>

namespace llcjit::ndimage {

/// The bits of the largest |x| among every `step`-th row of the 2-d float64
/// `input` (NaN and infinities above every number), at `level`, which the
/// CPU must run. Cost: one reading of those rows.
std::uint64_t largest_magnitude_bits(const ArrayView &input, std::ptrdiff_t step,
                                     VectorLevel level);

} // namespace llcjit::ndimage
