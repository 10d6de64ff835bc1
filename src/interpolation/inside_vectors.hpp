// 2-d and 3-d float64 interpolation of the points whose taps all lie
// inside the grid (and of those that mode Constant leaves at cval), four
// (AVX2) or eight (AVX-512) points at a time: the common case of a
// rotation, a zoom or map_coordinates of an image or a volume. Each lane
// computes what the scalar path (interpolator.cpp) computes, in its order
// and without contracting into fused multiply-adds, so every level gives
// its bits.
#pragma once

#include "interpolation/interpolator.hpp"
#include "ndimage/vectors.hpp"

#include <cstddef>

namespace llcjit::interpolation {

/// The points of one call of interpolate_inside at most.
inline constexpr std::ptrdiff_t kMaxInsidePoints = 512;

/// For points [0, count) (count at most kMaxInsidePoints) of a 2-d or 3-d
/// float64 grid whose extents are below 2^31, point i at coordinates[k *
/// axis_step + i] + spline.shift along axis k: in each group of the level's
/// lanes whose taps all lie inside the grid (or, under mode Constant, each
/// of whose points has a coordinate outside it, which makes it cval),
/// values[i] = the spline there and done[i] = true; the other points are
/// left alone (done[i] = false), as is the tail of fewer points than lanes.
/// `level` Sse2 does nothing.
void interpolate_inside(ndimage::VectorLevel level, const Grid &grid, const Spline &spline,
                        const double *coordinates, std::ptrdiff_t axis_step, std::ptrdiff_t count,
                        double *values, bool *done);

} // namespace llcjit::interpolation
