// The definitions of coordinate_modes.hpp. Each rule is SciPy's formula,
// its truncating conversions and integer products included: a quotient
// that does not fit in int64 converts to INT64_MIN and the product wraps,
// as x86-64 and Debian's SciPy compute them, so every finite coordinate
// lands where SciPy's lands. And the modes' names.
#include "interpolation/coordinate_modes.hpp"

#include "numeric/scipy_cast.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

namespace llcjit::interpolation {

namespace {

// SciPy's (npy_intp)(a / b).
std::int64_t quotient(double a, std::ptrdiff_t b) noexcept {
  return numeric::truncate_to_int64(a / static_cast<double>(b));
}

// SciPy's npy_intp product period * q, wrapping, as a double.
double times(std::ptrdiff_t period, std::int64_t q) noexcept {
  return static_cast<double>(static_cast<std::int64_t>(static_cast<std::uint64_t>(period) *
                                                       static_cast<std::uint64_t>(q)));
}

//   mirror:   d c b | a b c d | c b a     period 2n - 2, about the end samples
double mirror(double x, std::ptrdiff_t n) noexcept {
  if (n <= 1)
    return 0;
  const std::ptrdiff_t period = 2 * n - 2;
  if (x < 0) {
    x = times(period, quotient(-x, period)) + x;
    return x <= static_cast<double>(1 - n) ? x + static_cast<double>(period) : -x;
  }
  x -= times(period, quotient(x, period));
  return x >= static_cast<double>(n) ? static_cast<double>(period) - x : x;
}

//   reflect:  c b a | a b c d | d c b     period 2n, about the outer edges
double reflect(double x, std::ptrdiff_t n) noexcept {
  if (n <= 1)
    return 0;
  const std::ptrdiff_t period = 2 * n;
  if (x < 0) {
    if (x < static_cast<double>(-period))
      x = times(period, quotient(-x, period)) + x;
    if (x < static_cast<double>(-n))
      return x + static_cast<double>(period);
    // SciPy keeps -1 < x - 1 for x just below 0.
    return (x > -1e-15 ? 1e-15 : -x) - 1;
  }
  x -= times(period, quotient(x, period));
  return x >= static_cast<double>(n) ? static_cast<double>(period) - x - 1 : x;
}

//   wrap:     b c d | a b c d | b c d     period n - 1: the last sample is the first
double wrap(double x, std::ptrdiff_t n) noexcept {
  if (n <= 1)
    return 0;
  const std::ptrdiff_t period = n - 1;
  if (x < 0)
    return x + times(period, static_cast<std::int64_t>(
                                 static_cast<std::uint64_t>(quotient(-x, period)) + 1));
  return x - times(period, quotient(x, period));
}

//   grid-wrap: a b c d | a b c d | a b c d  period n
double grid_wrap(double x, std::ptrdiff_t n) noexcept {
  if (n <= 1)
    return 0;
  if (x < 0)
    return x +
           times(n, static_cast<std::int64_t>(static_cast<std::uint64_t>(quotient(-1 - x, n)) + 1));
  return x - times(n, quotient(x, n));
}

} // namespace

double map_coordinate(double x, std::ptrdiff_t n, InterpolationMode mode) noexcept {
  if (!(x < 0 || x > static_cast<double>(n - 1))) // NaN included, as SciPy's
    return x;
  switch (mode) {
  case InterpolationMode::Mirror: return mirror(x, n);
  case InterpolationMode::Reflect: return reflect(x, n);
  case InterpolationMode::Wrap: return wrap(x, n);
  case InterpolationMode::GridWrap: return grid_wrap(x, n);
  case InterpolationMode::Nearest: return x < 0 ? 0 : static_cast<double>(n - 1);
  case InterpolationMode::Constant:
  case InterpolationMode::GridConstant: return -1;
  }
  return -1;
}

std::ptrdiff_t map_tap(std::ptrdiff_t i, std::ptrdiff_t n, InterpolationMode mode) noexcept {
  if (mode == InterpolationMode::Constant || mode == InterpolationMode::Wrap)
    mode = InterpolationMode::Mirror;
  return static_cast<std::ptrdiff_t>(map_coordinate(static_cast<double>(i), n, mode));
}

} // namespace llcjit::interpolation

namespace llcjit {

std::optional<InterpolationMode> parse_interpolation_mode(std::string_view name) noexcept {
  if (name == "constant")
    return InterpolationMode::Constant;
  if (name == "grid-constant")
    return InterpolationMode::GridConstant;
  if (name == "nearest")
    return InterpolationMode::Nearest;
  if (name == "reflect" || name == "grid-mirror")
    return InterpolationMode::Reflect;
  if (name == "mirror")
    return InterpolationMode::Mirror;
  if (name == "wrap")
    return InterpolationMode::Wrap;
  if (name == "grid-wrap")
    return InterpolationMode::GridWrap;
  return std::nullopt;
}

} // namespace llcjit
