// What the tests of the running moments over boxes (vector_levels_test.cpp,
// grid_sums_test.cpp) and over other footprints (footprint_sums_test.cpp)
// share: an image of several tiles, values that cancel across scales, the
// exact box sums, the check of sums and means against exact sums, and the
// table of values at which the moments hand back to the fused loop.
#pragma once

#include "ndimage/boundary.hpp"
#include "ndimage/line_bundles.hpp"
#include "ndimage/pair_sums.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <vector>

namespace moment_checks {

using llcjit::ndimage::Moment;

// Two tiles down (512 rows each) and two across (256 columns each).
constexpr std::ptrdiff_t kRows = 530, kColumns = 270;

// Values spread over 2^±20, so that the sums cancel across scales; with
// `nans`, one in thirty is NaN.
inline std::vector<double> spread_values(bool nans, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> mantissa(-1, 1);
  std::uniform_int_distribution<int> exponent(-20, 20), pick(0, 29);
  std::vector<double> values(kRows * kColumns);
  for (double &x : values)
    x = nans && pick(rng) == 0 ? std::nan("") : std::ldexp(mantissa(rng), exponent(rng));
  return values;
}

// The exact box sums of a rows x columns image extended by `mode`: a
// summed-area table in __float128 (113 bits), whose own rounding is far
// below the bounds checked against it.
inline std::vector<__float128> exact_box_sums(const std::vector<double> &input, std::ptrdiff_t rows,
                                              std::ptrdiff_t columns, llcjit::ndimage::Window down,
                                              llcjit::ndimage::Window across, llcjit::Mode mode,
                                              double cval) {
  const std::ptrdiff_t extended_rows = rows + down.size - 1;
  const std::ptrdiff_t extended_columns = columns + across.size - 1;
  std::vector<__float128> table((extended_rows + 1) * (extended_columns + 1), 0);
  auto at = [&](std::ptrdiff_t r, std::ptrdiff_t c) -> __float128 & {
    return table[r * (extended_columns + 1) + c];
  };
  for (std::ptrdiff_t r = 0; r < extended_rows; ++r)
    for (std::ptrdiff_t c = 0; c < extended_columns; ++c) {
      const auto row = llcjit::ndimage::extend(r + down.low, rows, mode);
      const auto column = llcjit::ndimage::extend(c + across.low, columns, mode);
      const double x = row && column ? input[*row * columns + *column] : cval;
      at(r + 1, c + 1) = x + at(r, c + 1) + at(r + 1, c) - at(r, c);
    }
  std::vector<__float128> sums(input.size());
  for (std::ptrdiff_t r = 0; r < rows; ++r)
    for (std::ptrdiff_t c = 0; c < columns; ++c)
      sums[r * columns + c] = at(r + down.size, c + across.size) - at(r, c + across.size) -
                              at(r + down.size, c) + at(r, c);
  return sums;
}

// Each of `out` (sums, or means over `cells`) within docs/filters.md's
// bound of the exact sums: 2^-53 of the exact value, plus `drift`.
inline void expect_within_bound(const std::vector<double> &out,
                                const std::vector<__float128> &exact, Moment moment, double cells,
                                double drift, int mode) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double want = static_cast<double>(moment == Moment::Mean ? exact[i] / cells : exact[i]);
    ASSERT_LE(std::fabs(out[i] - want), std::ldexp(std::fabs(want), -53) + drift)
        << "moment " << static_cast<int>(moment) << ", mode " << mode << ", element " << i << ": "
        << out[i] << " vs " << want;
  }
}

struct HandBack {
  Moment moment;
  bool ignore_nan;
  double value, cval;
  bool fits;
};

// Filters a constant image with one element set to each row's value (in
// one tile only) through fits(input, row), which says whether the moments
// took it, and expects each row's answer, for a window whose sums need
// |x| < 2^sums and whose variances need |x| < 2^squares.
template <typename Fits> void expect_hand_back(int sums, int squares, Fits fits) {
  const double below_sums = std::nextafter(std::ldexp(1.0, sums), 0.0);
  const double below_squares = std::nextafter(std::ldexp(1.0, squares), 0.0);
  const double inf = std::numeric_limits<double>::infinity(), nan = std::nan("");
  const HandBack rows[] = {
      {Moment::Mean, false, below_sums, 0, true},
      {Moment::Mean, false, -std::ldexp(1.0, sums), 0, false},
      {Moment::Sum, false, 1, std::ldexp(1.0, sums), false},
      {Moment::Var, false, below_squares, 0, true},
      {Moment::Std, false, std::ldexp(1.0, squares), 0, false},
      {Moment::Mean, false, inf, 0, false},
      {Moment::Sum, false, nan, 0, false},
      {Moment::Mean, true, nan, 0, true}, // NaN ignored
      {Moment::Mean, true, 1, nan, true}, // and so is a NaN cval
      {Moment::Var, true, -inf, 0, false},
  };
  for (const HandBack &row : rows) {
    std::vector<double> input(kRows * kColumns, 0.5);
    input[kRows / 2 * kColumns + 3] = row.value;
    EXPECT_EQ(fits(input, row), row.fits) << "moment " << static_cast<int>(row.moment) << ", value "
                                          << row.value << ", cval " << row.cval;
  }
}

} // namespace moment_checks
