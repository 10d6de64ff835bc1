// The running sums over 2-d footprints that are not boxes
// (src/ndimage/footprint_sums.cpp): the column runs a footprint is cut
// into; every vector level this CPU runs gives the SSE2 build's bits for
// every moment, NaN rule, mode, footprint and origin, over an image of
// several tiles; sums and means lie within their documented bound of exact
// (__float128) sums; and the values at which they hand back to the fused
// loop.
#include "ndimage/footprint_sums.hpp"

#include "moment_checks.hpp"
#include "ndimage/boundary.hpp"
#include "vector_levels.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

namespace {

using llcjit::ArrayView;
using llcjit::Footprint;
using llcjit::Mode;
using llcjit::ndimage::ColumnRun;
using llcjit::ndimage::Moment;
using llcjit::ndimage::VectorLevel;
using moment_checks::HandBack;
using moment_checks::kColumns;
using moment_checks::kRows;
using moment_checks::spread_values;

constexpr Mode kModes[] = {Mode::Reflect, Mode::Constant, Mode::Nearest, Mode::Mirror, Mode::Wrap};

Footprint disk(std::ptrdiff_t radius) {
  const std::ptrdiff_t n = 2 * radius + 1;
  Footprint footprint{{n, n}, std::vector<unsigned char>(n * n)};
  for (std::ptrdiff_t y = 0; y < n; ++y)
    for (std::ptrdiff_t x = 0; x < n; ++x)
      footprint.mask[y * n + x] =
          (y - radius) * (y - radius) + (x - radius) * (x - radius) <= radius * radius;
  return footprint;
}

// Columns with two runs, an empty column and an even extent.
Footprint holes() {
  return {{4, 5}, {1, 0, 1, 0, 1, //
                   0, 0, 1, 0, 1, //
                   1, 0, 0, 0, 1, //
                   1, 0, 1, 0, 0}};
}

struct Summed {
  std::vector<double> out;
  bool fits;
};

Summed sums(std::vector<double> &input, const Footprint &footprint,
            std::vector<std::ptrdiff_t> origin, Moment moment, bool ignore_nan, Mode mode,
            double cval, VectorLevel level) {
  Summed run{std::vector<double>(input.size()), false};
  run.fits = llcjit::ndimage::footprint_moment_2d(
      ArrayView::contiguous(input.data(), {kRows, kColumns}),
      ArrayView::contiguous(run.out.data(), {kRows, kColumns}), footprint, origin, moment,
      ignore_nan, mode, cval, 1, level);
  return run;
}

TEST(FootprintSums, ColumnRunsCoverTheFootprint) {
  const std::vector<ColumnRun> runs = llcjit::ndimage::column_runs(holes());
  const std::vector<std::vector<std::ptrdiff_t>> want = {
      {0, 0, 1}, {0, 2, 2}, {2, 0, 2}, {2, 3, 1}, {4, 0, 3}};
  ASSERT_EQ(runs.size(), want.size());
  for (std::size_t k = 0; k < runs.size(); ++k)
    EXPECT_EQ((std::vector<std::ptrdiff_t>{runs[k].column, runs[k].row, runs[k].length}), want[k])
        << "run " << k;
  EXPECT_EQ(llcjit::ndimage::column_runs(disk(7)).size(), 15U);
}

TEST(FootprintSums, EveryVectorLevelGivesTheSameBits) {
  const std::vector<VectorLevel> levels = levels_here();
  if (levels.size() == 1)
    GTEST_SKIP() << "this CPU runs only the SSE2 build";
  struct Case {
    Footprint footprint;
    std::vector<std::ptrdiff_t> origin;
  };
  const std::vector<Case> cases = {
      {disk(3), {0, 0}}, {disk(9), {-9, 9}}, {holes(), {-2, 2}}, {holes(), {1, -2}}};
  for (bool ignore_nan : {false, true}) {
    std::vector<double> input = spread_values(ignore_nan, 1);
    for (Moment moment : {Moment::Sum, Moment::Mean, Moment::Var, Moment::Std})
      for (Mode mode : kModes)
        for (const Case &c : cases) {
          const Summed reference =
              sums(input, c.footprint, c.origin, moment, ignore_nan, mode, 0.25, VectorLevel::Sse2);
          ASSERT_TRUE(reference.fits);
          for (VectorLevel level : levels) {
            const Summed run =
                sums(input, c.footprint, c.origin, moment, ignore_nan, mode, 0.25, level);
            ASSERT_TRUE(run.fits);
            for (std::size_t i = 0; i < run.out.size(); ++i)
              ASSERT_EQ(std::bit_cast<std::uint64_t>(run.out[i]),
                        std::bit_cast<std::uint64_t>(reference.out[i]))
                  << "level " << static_cast<int>(level) << ", moment " << static_cast<int>(moment)
                  << ", ignore_nan " << ignore_nan << ", mode " << static_cast<int>(mode)
                  << ", footprint " << c.footprint.shape[0] << "x" << c.footprint.shape[1]
                  << ", element " << i;
          }
        }
  }
}

// The exact sums over `footprint` (centred), in __float128, element by
// element: every term is exact in its 113 bits' reach for these values.
std::vector<__float128> exact_sums(const std::vector<double> &input, const Footprint &footprint,
                                   Mode mode, double cval) {
  const std::ptrdiff_t height = footprint.shape[0], width = footprint.shape[1];
  std::vector<__float128> exact(input.size());
  for (std::ptrdiff_t r = 0; r < kRows; ++r)
    for (std::ptrdiff_t c = 0; c < kColumns; ++c) {
      __float128 sum = 0;
      for (std::ptrdiff_t y = 0; y < height; ++y)
        for (std::ptrdiff_t x = 0; x < width; ++x) {
          if (!footprint.mask[y * width + x])
            continue;
          const auto row = llcjit::ndimage::extend(r + y - height / 2, kRows, mode);
          const auto column = llcjit::ndimage::extend(c + x - width / 2, kColumns, mode);
          sum += row && column ? input[*row * kColumns + *column] : cval;
        }
      exact[r * kColumns + c] = sum;
    }
  return exact;
}

TEST(FootprintSums, SumsAcrossTilesAreWithinTheirBound) {
  std::vector<double> input = spread_values(false, 2);
  double largest = 0;
  for (double x : input)
    largest = std::max(largest, std::fabs(x));
  const Footprint footprint = disk(6);
  const auto runs = static_cast<double>(llcjit::ndimage::column_runs(footprint).size());
  double cells = 0;
  for (unsigned char on : footprint.mask)
    cells += on;
  const VectorLevel level = llcjit::ndimage::host_vector_level();
  for (Mode mode : {Mode::Reflect, Mode::Constant, Mode::Wrap}) {
    const std::vector<__float128> exact = exact_sums(input, footprint, mode, 0.75);
    for (Moment moment : {Moment::Sum, Moment::Mean}) {
      const Summed run = sums(input, footprint, {0, 0}, moment, false, mode, 0.75, level);
      ASSERT_TRUE(run.fits);
      // docs/filters.md: |result - exact| <= 2^-53 |exact| + 2^-100 (L V)^2
      // n max|x|, L the rows of a tile's band and V the column runs.
      const double steps = (512.0 + 2 * 6) * runs;
      const double drift = std::ldexp(1.0, -100) * steps * steps * cells * largest;
      moment_checks::expect_within_bound(run.out, exact, moment, cells, drift,
                                         static_cast<int>(mode));
    }
  }
}

TEST(FootprintSums, HandBackAtTheLimitOfTheValues) {
  // A disk of radius 1 (5 cells): sums need |x| < 2^997 (2^1000 / 5
  // rounded down to a power of two), variances |x| < 2^498 (2^500 / √5).
  const Footprint footprint = disk(1);
  const VectorLevel level = llcjit::ndimage::host_vector_level();
  moment_checks::expect_hand_back(997, 498, [&](std::vector<double> &input, const HandBack &row) {
    return sums(input, footprint, {0, 0}, row.moment, row.ignore_nan, Mode::Constant, row.cval,
                level)
        .fits;
  });
}

} // namespace
