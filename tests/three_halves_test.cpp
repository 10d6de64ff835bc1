// pow_three_halves, the error estimate's y^1.5, against libm's pow, and the
// error estimate against QUADPACK's formula with libm's pow: the same bits
// everywhere, on the paths that avoid pow and on the one that calls it.
#include "quad/gauss_kronrod.hpp"
#include "quad/three_halves.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace {

using llcjit::quadpack::estimate_error;
using llcjit::quadpack::pow_three_halves;

bool same(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) ||
         (std::isnan(a) && std::isnan(b));
}

class Xorshift {
public:
  std::uint64_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1p-53; }

private:
  std::uint64_t state_ = 0x2545f4914f6cdd1d;
};

TEST(PowThreeHalves, IsLibmsPowBitForBit) {
  Xorshift random;
  int wrong = 0;
  auto check = [&](double y) {
    const double want = std::pow(y, 1.5);
    if (!same(pow_three_halves(y), want) && ++wrong <= 10)
      ADD_FAILURE() << std::hexfloat << y << "^1.5: " << pow_three_halves(y)
                    << ", libm's pow gives " << want;
  };
  for (int i = 0; i < 1'000'000; ++i) {
    check(random.unit()); // QUADPACK's ratios
    check(std::ldexp(1.0 + random.unit(), -700 + static_cast<int>(random.next() % 720)));
    check(std::bit_cast<double>(random.next()));                    // any bits
    const double k = static_cast<double>(random.next() % 94906265); // k^3 < 2^53
    check(k * k);                                                   // exact cubes
  }
  const double inf = std::numeric_limits<double>::infinity();
  for (double y : {0.0, -0.0, 1.0, 0x1p-600, 0x1.0000000000001p-600, 0x1p-1074, 0.25, 0x1p-2,
                   0x1.fffffffffffffp-1, -1.0, inf, -inf, std::numeric_limits<double>::quiet_NaN()})
    check(y);
  EXPECT_EQ(wrong, 0);
}

// DQK15I's and DQK21's last lines, as SciPy's Fortran runs them.
double quadpack_estimate(double difference, double resabs, double resasc) {
  constexpr double epmach = std::numeric_limits<double>::epsilon();
  constexpr double uflow = std::numeric_limits<double>::min();
  double abserr = std::fabs(difference);
  if (resasc != 0.0 && abserr != 0.0)
    abserr = resasc * std::min(1.0, std::pow(200.0 * abserr / resasc, 1.5));
  if (resabs > uflow / (50.0 * epmach))
    abserr = std::max((epmach * 50.0) * resabs, abserr);
  return abserr;
}

TEST(ErrorEstimate, IsQuadpacksFormulaBitForBit) {
  Xorshift random;
  int wrong = 0;
  auto check = [&](double difference, double resabs, double resasc) {
    const double want = quadpack_estimate(difference, resabs, resasc);
    const double got = estimate_error(difference, resabs, resasc);
    if (!same(got, want) && ++wrong <= 10)
      ADD_FAILURE() << std::hexfloat << "difference " << difference << ", resabs " << resabs
                    << ", resasc " << resasc << ": " << got << ", QUADPACK's " << want;
  };
  constexpr double eps = std::numeric_limits<double>::epsilon();
  for (int i = 0; i < 1'000'000; ++i) {
    const double resabs =
        std::ldexp(1.0 + random.unit(), -1000 + static_cast<int>(random.next() % 2000));
    const double resasc = resabs * random.unit();
    // Ratios of every size, and ones where resasc ratio^1.5 is within a few
    // ulps of the floor 50 eps resabs, where the shortcut must not decide.
    const double ratio = std::ldexp(random.unit(), -static_cast<int>(random.next() % 120));
    check(ratio * resasc / 200.0, resabs, resasc);
    const double at_floor = std::cbrt(std::pow(50.0 * eps * resabs / resasc, 2.0));
    const double nudge = 1.0 + (static_cast<double>(random.next() % 2001) - 1000.0) * 1e-16;
    check(at_floor * nudge * resasc / 200.0, resabs, resasc);
    check(-at_floor * resasc / 200.0, resabs, resasc);
    check(std::bit_cast<double>(random.next()), std::bit_cast<double>(random.next()),
          std::bit_cast<double>(random.next())); // any bits
  }
  for (double resasc : {0.0, 1e-300, 1.0})
    for (double difference : {0.0, 1e-310, 1e-17, 1.0, 1e300})
      for (double resabs : {0.0, 1e-300, 1.0, 1e300})
        check(difference, resabs, resasc);
  EXPECT_EQ(wrong, 0);
}

} // namespace
