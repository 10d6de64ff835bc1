// B-splines of orders 0 to 5 as scipy.ndimage computes them, arithmetic
// step for step so that llcjit's interpolation is SciPy's to the bit: the
// weights of the order + 1 coefficients around a coordinate, and the
// recursive prefilter that turns samples into coefficients (Unser, Aldroubi
// and Eden, "Fast B-spline transforms for continuous image representation
// and interpolation", IEEE PAMI 13(3), 1991).
#pragma once

#include <llcjit/interpolation.hpp>

#include "ndimage/vectors.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace llcjit::interpolation {

inline constexpr int kMaxOrder = 5;

/// std::floor(x) for |x| < 2^63, without the call to libm that x86-64's
/// baseline instruction set needs for it (the result's sign of zero may
/// differ, which no weight below can tell).
inline double floor_near(double x) noexcept {
  const auto truncated = static_cast<double>(static_cast<std::int64_t>(x));
  return truncated > x ? truncated - 1.0 : truncated;
}

/// The index of the first of the order + 1 coefficients a point at `x`
/// reads: centred on x for odd orders, on the nearest integer for even
/// ones. x must be within ±2^63.
template <int Order> std::ptrdiff_t first_tap(double x) noexcept {
  const double centre = Order & 1 ? floor_near(x) : floor_near(x + 0.5);
  return static_cast<std::ptrdiff_t>(centre) - Order / 2;
}

/// weights[0..Order] of the coefficients from first_tap(x), given the
/// offset of x from the floor first_tap takes (x - floor(x) for odd orders,
/// x - floor(x + 0.5) for even ones): SciPy's polynomials, for a double or
/// a GCC vector of them (each lane as a double, in the same order).
template <int Order, typename V> void weights_at_offset(const V &x, V *weights) noexcept {
  static_assert(Order > 0);
  V y = x, z = 1.0 - x, t;
  if constexpr (Order == 1) {
    weights[0] = 1.0 - x;
  } else if constexpr (Order == 2) {
    weights[1] = 0.75 - x * x;
    y = 0.5 - x;
    weights[0] = 0.5 * y * y;
  } else if constexpr (Order == 3) {
    weights[1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
    weights[2] = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0;
    weights[0] = z * z * z / 6.0;
  } else if constexpr (Order == 4) {
    t = x * x;
    weights[2] = t * (t * 0.25 - 0.625) + 115.0 / 192.0;
    y = 1.0 + x;
    weights[1] = y * (y * (y * (5.0 - y) / 6.0 - 1.25) + 5.0 / 24.0) + 55.0 / 96.0;
    weights[3] = z * (z * (z * (5.0 - z) / 6.0 - 1.25) + 5.0 / 24.0) + 55.0 / 96.0;
    y = 0.5 - x;
    t = y * y;
    weights[0] = t * t / 24.0;
  } else {
    static_assert(Order == 5);
    t = y * y;
    weights[2] = t * (t * (0.25 - y / 12.0) - 0.5) + 0.55;
    t = z * z;
    weights[3] = t * (t * (0.25 - z / 12.0) - 0.5) + 0.55;
    y += 1.0;
    weights[1] = y * (y * (y * (y * (y / 24.0 - 0.375) + 1.25) - 1.75) + 0.625) + 0.425;
    z += 1.0;
    weights[4] = z * (z * (z * (z * (z / 24.0 - 0.375) + 1.25) - 1.75) + 0.625) + 0.425;
    y = 1.0 - x;
    t = y * y;
    weights[0] = y * t * t / 120.0;
  }
  // The weights sum to 1; SciPy takes the last as what the others leave.
  weights[Order] = 1.0 - weights[0];
  for (int i = 1; i < Order; ++i)
    weights[Order] -= weights[i];
}

/// weights[0..Order] of the coefficients from first_tap(x) (nothing for
/// order 0, which reads one coefficient unweighted); |x| < 2^63.
template <int Order> void spline_weights(double x, double *weights) noexcept {
  if constexpr (Order > 0)
    weights_at_offset<Order>(x - floor_near(Order & 1 ? x : x + 0.5), weights);
}

/// The most lines prefilter_lines filters at once: four AVX-512 vectors
/// per row, enough chains of multiply-adds to hide their latency.
inline constexpr std::ptrdiff_t kMaxLines = 32;

/// Replaces the n samples of each of `width` (at most kMaxLines) lines, side
/// by side with sample i of line j at data[i * step + j], by the B-spline
/// coefficients of `order` (2 to 5) that interpolate them, each line
/// extended past its ends as `mode` extends it, with SciPy 1.10's stand-ins
/// where it has no exact rule: Constant, GridConstant and Wrap as Mirror,
/// Nearest as Reflect (SciPy pads GridConstant and Nearest first, so that
/// the stand-in's influence fades before the input starts). Each line gets
/// the bits it would get alone, at every vector level.
void prefilter_lines(double *data, std::ptrdiff_t n, std::ptrdiff_t step, std::ptrdiff_t width,
                     int order, InterpolationMode mode,
                     ndimage::VectorLevel level = ndimage::host_vector_level()) noexcept;

} // namespace llcjit::interpolation
