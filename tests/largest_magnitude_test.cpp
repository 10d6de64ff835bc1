// The largest magnitude the grid sums size their grids from
// (src/ndimage/largest_magnitude.hpp): at every vector level, the bits of
// the scalar maximum of |x| over the sampled rows, whether the largest is
// negative, infinite, NaN or subnormal, in a contiguous or a strided view,
// at a width that leaves a tail after the last whole vector.
#include "ndimage/largest_magnitude.hpp"

#include "vector_levels.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace {

using llcjit::ArrayView;
using llcjit::ndimage::largest_magnitude_bits;

constexpr std::ptrdiff_t kRows = 37, kColumns = 23;

std::uint64_t magnitude_bits(double x) {
  return std::bit_cast<std::uint64_t>(x) & (~std::uint64_t{0} >> 1);
}

// The scalar maximum over every `step`-th row of the view, columns
// `column_step` apart in `values` (kColumns of them).
std::uint64_t expected(const std::vector<double> &values, std::ptrdiff_t step,
                       std::ptrdiff_t column_step) {
  std::uint64_t largest = 0;
  for (std::ptrdiff_t r = 0; r < kRows; r += step)
    for (std::ptrdiff_t c = 0; c < kColumns; ++c)
      largest =
          std::max(largest, magnitude_bits(values[(r * kColumns * column_step) + c * column_step]));
  return largest;
}

struct Planted {
  const char *what;
  double value;
};

TEST(LargestMagnitude, EqualsTheScalarMaximumOfTheSampledRows) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Planted planted[] = {{"none", 0.0}, {"negative", -1e300}, {"-inf", -HUGE_VAL},
                             {"nan", nan},  {"-nan", -nan},       {"subnormal", 5e-324}};
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> uniform(-1, 1);
  for (const auto level : levels_here())
    for (const std::ptrdiff_t column_step : {1, 2})
      for (const std::ptrdiff_t step : {1, 16})
        for (const Planted &p : planted)
          for (const std::ptrdiff_t row :
               {std::ptrdiff_t{0}, std::ptrdiff_t{5}, std::ptrdiff_t{16}, kRows - 1})
            for (const std::ptrdiff_t column :
                 {std::ptrdiff_t{0}, std::ptrdiff_t{3}, kColumns - 1}) {
              std::vector<double> values(kRows * kColumns * column_step);
              const bool tiny = p.value == 5e-324;
              for (double &x : values)
                x = tiny ? 0.0 : uniform(rng);
              if (p.value != 0.0)
                values[(row * kColumns + column) * column_step] = p.value;
              ArrayView view = ArrayView::contiguous(values.data(), {kRows, kColumns});
              view.strides = {static_cast<std::ptrdiff_t>(sizeof(double)) * kColumns * column_step,
                              static_cast<std::ptrdiff_t>(sizeof(double)) * column_step};
              const std::uint64_t want = expected(values, step, column_step);
              EXPECT_EQ(largest_magnitude_bits(view, step, level), want)
                  << p.what << " at " << row << "," << column << " step " << step << " column step "
                  << column_step << " level " << static_cast<int>(level);
              // A planted value in a sampled row is what the maximum finds.
              if (p.value != 0.0 && row % step == 0) {
                EXPECT_EQ(want, magnitude_bits(p.value)) << p.what;
              }
            }
}

} // namespace
