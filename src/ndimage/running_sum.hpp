// Sums, means, variances and standard deviations (and their NaN-ignoring
// forms) over a box whose cost per
// output does not grow with the window: running sums (of the values, and of
// their squares) along each axis in turn, each kept as an unevaluated pair
// hi + lo (double-double), so that adding the element entering the window
// and subtracting the one leaving it loses nothing that matters.
// Unlike NumPy's pairwise sum the result is not bit-identical to the
// brute-force kernel; docs/filters.md derives its error bound.
#pragma once

#include "ndimage/line_bundles.hpp"
#include "ndimage/pair_sums.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <span>

namespace llcjit::ndimage {

/// output = the moment (sum, mean, variance with ddof 0, standard
/// deviation) over the box `windows` of input; with `ignore_nan`, of the
/// non-NaN values as numpy.nansum, nanmean, nanvar, nanstd compute it.
/// Cost: about a dozen flops per element per axis and sum, whatever the
/// size; in 2-d in vectors, tile by tile (box_sums.hpp), else up to five
/// planes of the input's size (the pairs between axes, the first sums of a
/// variance, the counts of numbers).
/// False, with output unspecified, when an element (or cval) is infinite,
/// NaN (unless ignored) or so large that a window's sum could overflow:
/// the bound does not hold there.
bool box_moment(const ArrayView &input, const ArrayView &output, std::span<const Window> windows,
                Moment moment, bool ignore_nan, Mode mode, double cval, parallel::Workers threads);

} // namespace llcjit::ndimage
