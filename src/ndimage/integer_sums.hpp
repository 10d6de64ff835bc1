// Sums and means over a box of 8- and 16-bit integers, exact in 32-bit
// integer arithmetic: running sums over a volume's planes (a plane in, a
// plane out), down the columns (a row in, a row out) and then along the
// rows (a 1-d array's line alone, in stretches run in parallel), no
// float64 copy of the image and no cutting of values into parts as the
// exact grids of doubles need (grid_sums.hpp).
// NumPy's pairwise sum of such integers is exact as well, so a sum is its
// bits, and a mean (the exact sum divided once by the count) is too.
#pragma once

#include "ndimage/vectors.hpp"
#include "ndimage/window.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <span>

namespace llcjit::ndimage {

/// Whether box_integer_sums runs a box `windows` (of any rank) over
/// elements of dtype `input`: bool, int8, uint8, int16 or uint16, whose
/// sums over the box stay within 32 bits, and under Mode::Constant a cval
/// the type holds.
bool integer_sums_apply(DType input, std::span<const Window> windows, Mode mode, double cval);

/// output (of input's shape, any strides) = the sum, or with `mean` the
/// mean, over the box `windows` of input (of any rank, a dtype
/// integer_sums_apply accepts): float64, or for a mean input's own dtype,
/// which holds it (and into which SciPy's conversion truncates it);
/// UsageError for others. Its divisions run in `level`'s vectors (which
/// the CPU must run); every level gives the same bits. Memory: a volume
/// keeps one plane of int32 sums per band of planes. `channels`: 2-d
/// arrays' rows hold interleaved pixels of that many elements, over which
/// the box's columns run (each channel summed apart); UsageError in other
/// ranks.
void box_integer_sums(const ArrayView &input, const ArrayView &output,
                      std::span<const Window> windows, bool mean, Mode mode, double cval,
                      parallel::Workers threads, VectorLevel level, std::ptrdiff_t channels = 1);

} // namespace llcjit::ndimage
