// The numbers that decide whether exp is computed inline: the check points
// reach every part of exp's range and the comparison is to the bit.
#include "jit/exp_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace {

TEST(ExpCheck, PointsCoverTheRangeTheTableAndTheSpecialCases) {
  const std::vector<double> x = llcjit::jit::exp_check_points();
  const auto has = [&](double value) {
    return std::any_of(x.begin(), x.end(), [&](double v) {
      return v == value && std::signbit(v) == std::signbit(value);
    });
  };
  EXPECT_EQ(*std::min_element(x.begin(), x.end(), [](double a, double b) { return a < b; }),
            -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(has(-760.0));
  EXPECT_GT(*std::max_element(x.begin(), x.end(),
                              [](double a, double b) { return !(a >= b) && !std::isnan(b); }),
            759.9);
  EXPECT_TRUE(has(-0.0) && has(0.0) && has(709.79) && has(-745.14));
  EXPECT_TRUE(std::any_of(x.begin(), x.end(), [](double v) { return std::isnan(v); }));
  // glibc reduces x to k ln2/128 + r and reads entry k mod 128 of its
  // table: every entry is met near 0 and again near -700, where results
  // approach the subnormals.
  std::vector<bool> near_zero(128), near_minus_700(128);
  for (double v : x) {
    const long k = std::lround(v * 128 / 0.6931471805599453);
    const auto entry = static_cast<std::size_t>(((k % 128) + 128) % 128);
    if (v > -1 && v < 2)
      near_zero[entry] = true;
    if (v > -701 && v < -697)
      near_minus_700[entry] = true;
  }
  EXPECT_EQ(std::count(near_zero.begin(), near_zero.end(), true), 128);
  EXPECT_EQ(std::count(near_minus_700.begin(), near_minus_700.end(), true), 128);
}

TEST(ExpCheck, AgreesOnlyWithLibmsBits) {
  const std::vector<double> x = llcjit::jit::exp_check_points();
  std::vector<double> y(x.size());
  std::transform(x.begin(), x.end(), y.begin(), [](double v) { return std::exp(v); });
  EXPECT_TRUE(llcjit::jit::agrees_with_libm_exp(x, y));

  // One ulp off at one point, a wrong NaN, a sign of zero: each is refused.
  for (std::size_t i : {std::size_t{0}, std::size_t{1700}, x.size() - 2}) {
    std::vector<double> off = y;
    off[i] = std::nextafter(off[i], std::numeric_limits<double>::infinity());
    EXPECT_FALSE(llcjit::jit::agrees_with_libm_exp(x, off)) << "x = " << x[i];
  }
  std::vector<double> nan_where_finite = y;
  nan_where_finite[42] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(llcjit::jit::agrees_with_libm_exp(x, nan_where_finite));
  EXPECT_FALSE(llcjit::jit::agrees_with_libm_exp(x, std::vector<double>(x.size() - 1)));
}

} // namespace
