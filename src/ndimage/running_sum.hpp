// Sums, means, variances and standard deviations over a box whose cost per
// output does not grow with the window: running sums (of the values, and of
// their squares) along each axis in turn, each kept as an unevaluated pair
// hi + lo (double-double), so that adding the element entering the window
// and subtracting the one leaving it loses nothing that matters.
// Unlike NumPy's pairwise sum the result is not bit-identical to the
// brute-force kernel; docs/filters.md derives its error bound.
#pragma once

#include "ndimage/line_bundles.hpp"

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <span>

namespace llcjit::ndimage {

/// output = the sum over the box `windows` of input, divided by the box's
/// cell count when `mean`. Cost: about a dozen flops per element per axis,
/// whatever the size; two double planes of the input's size. False, with
/// output unspecified, when an element (or cval) is not finite or so large
/// that a window's sum could overflow: the bound does not hold there.
bool box_sum(const ArrayView &input, const ArrayView &output, std::span<const Window> windows,
             bool mean, Mode mode, double cval, unsigned threads);

/// output = the variance (ddof 0; its square root when `root`) over the box
/// of input, from the running sums of the values and of their squares,
/// combined in pair arithmetic. False as box_sum, for |x| >= 2^500 / sqrt(n).
bool box_variance(const ArrayView &input, const ArrayView &output, std::span<const Window> windows,
                  bool root, Mode mode, double cval, unsigned threads);

} // namespace llcjit::ndimage
