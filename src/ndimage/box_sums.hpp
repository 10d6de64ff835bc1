// Sums, means, variances and standard deviations over a 2-d box, in
// vectors: the running sums of running_sum.hpp for the common case of an
// image, with the box's two passes fused so that the input is read once,
// nothing of the image's size is stored between them, and every step runs
// eight rows or eight columns at a time. Compiled for SSE2, AVX2 and
// AVX-512 and chosen at run time; all three give the same bits.
#pragma once

#include "ndimage/line_bundles.hpp"
#include "ndimage/running_sum.hpp"
#include "ndimage/vectors.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <span>

namespace llcjit::ndimage {

/// box_moment for a 2-d float64 input and output, at `level`, which the
/// CPU must run. Sums and means of numbers are grid_sums.hpp's exact sums;
/// the rest (variances, and NaN ignored) cost about 120 flops per output,
/// in vectors of eight, whatever the window; memory: per thread, the
/// window's rows of pairs for a strip of 256 columns.
bool box_moment_2d(const ArrayView &input, const ArrayView &output, std::span<const Window> windows,
                   Moment moment, bool ignore_nan, Mode mode, double cval,
                   parallel::Workers threads, VectorLevel level);

} // namespace llcjit::ndimage
