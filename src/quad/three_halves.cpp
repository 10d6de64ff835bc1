// The definitions of three_halves.hpp: QUADPACK's error estimate raises a
// ratio to the power 1.5 once per rule.
#include "quad/three_halves.hpp"

#include <bit>
#include <cmath>
#include <cstdint>

namespace llcjit::quadpack {

namespace {

// glibc's pow is within 0.54 ulp of the exact value (its documented worst
// case; the same bound holds for the Arm routine it comes from). When the
// exact value lies within 0.45 ulp of a double R, the nearest other double is
// over 0.55 ulp away, so pow returns R: R is then computed here. Otherwise
// (about one y in ten) pow is called.
constexpr double kDecisiveUlps = 0.45;

// y^1.5 = y sqrt(y) from s = sqrt(y) rounded: with the exact remainders
// e = y - s^2 and q = y s - p (p = y s rounded), sqrt(y) = s + e / 2s to
// within 2^-106, so y^1.5 = p + q + s e / 2 (y / s = s to 2^-53, in a term
// 2^-53 below p) to within ~2^-104 relative. Returns 0 when that is not
// decisive.
[[gnu::target("fma")]] double nearest_three_halves(double y) {
  const double s = std::sqrt(y);
  const double e = std::fma(-s, s, y);
  const double p = y * s;
  const double q = std::fma(y, s, -p);
  const double tail = q + 0.5 * s * e;
  const double r = p + tail;
  const double distance = (p - r) + tail; // exact value - r, to ~2^-50 ulp
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(r);
  if ((bits & 0x000fffffffffffff) == 0)
    return 0; // a power of two: the double below is only half an ulp away
  const double ulp = std::bit_cast<double>(bits & 0x7ff0000000000000) * 0x1p-52;
  return std::fabs(distance) < kDecisiveUlps * ulp ? r : 0;
}

} // namespace

double pow_three_halves(double y) {
  // Without FMA instructions std::fma is a slow library call.
  static const bool have_fma = __builtin_cpu_supports("fma");
  // From 2^-600 up, y^1.5 and the remainders are normal doubles.
  if (have_fma && y > 0x1p-600 && y < 1.0)
    if (const double r = nearest_three_halves(y); r != 0)
      return r;
  return std::pow(y, 1.5);
}

} // namespace llcjit::quadpack
