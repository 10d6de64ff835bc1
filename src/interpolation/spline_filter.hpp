// The prefilter step of interpolation: an input turned into the B-spline
// coefficients a spline of order 2 to 5 interpolates, padded first where
// SciPy pads (Nearest and GridConstant, which have no exact boundary rule).
#pragma once

#include "interpolation/interpolator.hpp"
#include "ndimage/huge_pages.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/interpolation.hpp>

namespace llcjit::interpolation {

/// Float64 coefficients in C order (in huge pages: a fresh array the size
/// of the image, written once) and the grid over them.
struct Coefficients {
  ndimage::HugePageArray<double> values;
  Grid grid;
  /// The padding before the input's first element on every axis.
  double shift = 0.0;
};

/// What geometric_transform and map_coordinates interpolate for `input`
/// with `options` (order above 1 and prefilter set): SciPy's
/// _prepad_for_spline_filter then spline_filter into float64.
Coefficients coefficients(const ArrayView &input, const InterpolationOptions &options,
                          parallel::Workers workers);

} // namespace llcjit::interpolation
