// The interpolation core every driver shares: a B-spline of order 0 to 5
// evaluated at a batch of points, SciPy's NI_GeometricTransform inner loop
// with its modes, edges and summation order, so results match it to the
// bit. Cost per point: (order + 1)^rank coefficient reads and multiply-adds,
// plus a boundary mapping per axis for points near an edge.
#pragma once

#include <llcjit/interpolation.hpp>

#include <cstddef>
#include <vector>

namespace llcjit::interpolation {

/// The array a spline is evaluated on: the input itself (any dtype), or
/// its prefiltered float64 coefficients.
struct Grid {
  const char *data = nullptr;
  std::vector<std::ptrdiff_t> shape;
  std::vector<std::ptrdiff_t> strides; ///< in bytes
  DType dtype = DType::Float64;
};

struct Spline {
  int order = 3;
  InterpolationMode mode = InterpolationMode::Constant;
  double cval = 0.0;
  /// Added to every coordinate: where the input starts in a padded grid.
  double shift = 0.0;
};

/// values[i] = the spline on `grid` at point i, whose coordinate along axis
/// k is coordinates[k * count + i], for i < count.
void interpolate(const Grid &grid, const Spline &spline, const double *coordinates,
                 std::ptrdiff_t count, double *values);

} // namespace llcjit::interpolation
