// Where a coordinate outside an input axis lands under each interpolation
// mode: scipy.ndimage's map_coordinate, arithmetic step for step.
#pragma once

#include <llcjit/interpolation.hpp>

#include <cstddef>

namespace llcjit::interpolation {

/// The coordinate inside [0, n - 1] (or a little outside, where SciPy's
/// rule lands there) that `x` reads under `mode`, computed as SciPy
/// computes it; -1 for a point that takes cval (Constant). NaN stays NaN;
/// where SciPy's conversions overflow (|x| beyond 2^63 periods, ±inf) the
/// result is what SciPy's is, often far outside. Not for GridConstant and
/// Nearest, which interpolate across the edge.
double map_coordinate(double x, std::ptrdiff_t n, InterpolationMode mode) noexcept;

/// The in-range index that spline tap `i` reads under `mode` (taps past the
/// edge of a Constant or Wrap input read it mirrored, as SciPy's).
std::ptrdiff_t map_tap(std::ptrdiff_t i, std::ptrdiff_t n, InterpolationMode mode) noexcept;

} // namespace llcjit::interpolation
