// pow_three_halves, the error estimate's y^1.5, against libm's pow: the same
// bits everywhere, on the path that avoids pow and on the one that calls it.
#include "quad/three_halves.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace {

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
    check(random.unit());                                    // QUADPACK's ratios
    check(std::ldexp(1.0 + random.unit(), -700 + static_cast<int>(random.next() % 720)));
    check(std::bit_cast<double>(random.next()));             // any bits
    const double k = static_cast<double>(random.next() % 94906265); // k^3 < 2^53
    check(k * k);                                            // exact cubes
  }
  const double inf = std::numeric_limits<double>::infinity();
  for (double y : {0.0, -0.0, 1.0, 0x1p-600, 0x1.0000000000001p-600, 0x1p-1074, 0.25,
                   0x1p-2, 0x1.fffffffffffffp-1, -1.0, inf, -inf,
                   std::numeric_limits<double>::quiet_NaN()})
    check(y);
  EXPECT_EQ(wrong, 0);
}

} // namespace
