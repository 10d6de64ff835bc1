// The interpolation core every driver shares: a B-spline of order 0 to 5
// evaluated at a batch of points, SciPy's NI_GeometricTransform inner loop
// with its modes, edges and summation order, so results match it to the
// bit. Cost per point: (order + 1)^rank coefficient reads and multiply-adds,
// plus a boundary mapping per axis for points near an edge.
#pragma once

#include <llcjit/interpolation.hpp>

#include "ndimage/vectors.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace llcjit::interpolation {

/// The most axes an input may have: NumPy's (NPY_MAXDIMS), which sizes the
/// interpolator's tables of a point's taps.
inline constexpr std::size_t kMaxRank = 32;

/// The most spline taps per output point, (order + 1)^rank: past it one
/// point costs milliseconds and an image hours (order 5 in 8 axes reads
/// 1.7 million coefficients per point).
inline constexpr std::uint64_t kMaxTapsPerPoint = std::uint64_t{1} << 20;

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
/// k is coordinates[k * count + i], for i < count; points of a 2-d or 3-d
/// float64 grid in vectors of `level` where their taps lie inside it (the
/// same bits at every level).
void interpolate(const Grid &grid, const Spline &spline, const double *coordinates,
                 std::ptrdiff_t count, double *values,
                 ndimage::VectorLevel level = ndimage::host_vector_level());

} // namespace llcjit::interpolation
