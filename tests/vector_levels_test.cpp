// The running filters built per vector level (src/ndimage/vectors.hpp) at
// every level this CPU runs: the 2-d box sums and box extremes (with
// ordinary and streamed stores) give the same bits as the SSE2 build for every moment or extreme,
// NaN rule, mode, window, origin and element type, over images of several tiles. Also sums and
// means within their documented bound of exact sums across tiles, and the limit on the values'
// magnitude at which the box sums hand back to the fused loop.
#include "ndimage/box_sums.hpp"
#include "ndimage/running_extreme.hpp"

#include "moment_checks.hpp"
#include "vector_levels.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <type_traits>
#include <vector>

namespace {

using llcjit::ArrayView;
using llcjit::Mode;
using llcjit::ndimage::Moment;
using llcjit::ndimage::VectorLevel;
using llcjit::ndimage::Window;
using moment_checks::HandBack;
using moment_checks::kColumns;
using moment_checks::kRows;
using moment_checks::spread_values;

constexpr Mode kModes[] = {Mode::Reflect, Mode::Constant, Mode::Nearest, Mode::Mirror, Mode::Wrap};

struct Boxed {
  std::vector<double> out;
  bool fits;
};

Boxed box(std::vector<double> &input, std::vector<Window> windows, Moment moment, bool ignore_nan,
          Mode mode, double cval, VectorLevel level) {
  Boxed run{std::vector<double>(input.size()), false};
  run.fits =
      llcjit::ndimage::box_moment_2d(ArrayView::contiguous(input.data(), {kRows, kColumns}),
                                     ArrayView::contiguous(run.out.data(), {kRows, kColumns}),
                                     windows, moment, ignore_nan, mode, cval, 1, level);
  return run;
}

TEST(BoxSums, EveryVectorLevelGivesTheSameBits) {
  const std::vector<VectorLevel> levels = levels_here();
  if (levels.size() == 1)
    GTEST_SKIP() << "this CPU runs only the SSE2 build";
  // Centred, both extreme origins, and rows or columns of one.
  const std::vector<std::vector<Window>> windows = {
      {{-1, 3}, {-2, 5}}, {{-8, 17}, {-4, 9}}, {{0, 40}, {-39, 40}}, {{-3, 7}, {0, 1}}};
  for (bool ignore_nan : {false, true}) {
    std::vector<double> input = spread_values(ignore_nan, 1);
    for (Moment moment : {Moment::Sum, Moment::Mean, Moment::Var, Moment::Std})
      for (Mode mode : kModes)
        for (const std::vector<Window> &window : windows) {
          const Boxed reference =
              box(input, window, moment, ignore_nan, mode, 0.25, VectorLevel::Sse2);
          ASSERT_TRUE(reference.fits);
          for (VectorLevel level : levels) {
            const Boxed run = box(input, window, moment, ignore_nan, mode, 0.25, level);
            ASSERT_TRUE(run.fits);
            for (std::size_t i = 0; i < run.out.size(); ++i)
              ASSERT_EQ(std::bit_cast<std::uint64_t>(run.out[i]),
                        std::bit_cast<std::uint64_t>(reference.out[i]))
                  << "level " << static_cast<int>(level) << ", moment " << static_cast<int>(moment)
                  << ", ignore_nan " << ignore_nan << ", mode " << static_cast<int>(mode)
                  << ", window " << window[0].size << "x" << window[1].size << ", element " << i;
          }
        }
  }
}

// Integers in [-3, 3] (many ties), as doubles with -0, NaN and infinities
// sprinkled in, as T otherwise.
template <typename T> std::vector<T> ties(unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> value(-3, 3), pick(0, 19);
  std::vector<T> values(kRows * kColumns);
  for (T &x : values) {
    x = static_cast<T>(std::is_signed_v<T> ? value(rng) : value(rng) + 3);
    if constexpr (std::is_floating_point_v<T>) {
      const int special = pick(rng);
      if (special == 0)
        x = -0.0;
      else if (special == 1)
        x = std::numeric_limits<T>::quiet_NaN();
      else if (special == 2)
        x = std::numeric_limits<T>::infinity();
    }
  }
  return values;
}

template <typename T> void extremes_agree_at_every_level(const std::vector<VectorLevel> &levels) {
  using llcjit::ndimage::Extreme;
  std::vector<T> input = ties<T>(3);
  const ArrayView view = ArrayView::contiguous(input.data(), {kRows, kColumns});
  const std::vector<std::vector<Window>> windows = {
      {{-4, 9}, {-4, 9}}, {{0, 31}, {-30, 31}}, {{-2, 5}, {0, 1}}, {{0, 1}, {-33, 70}}};
  for (Extreme extreme : {Extreme::Min, Extreme::Max, Extreme::NanMin, Extreme::NanMax})
    for (Mode mode : kModes)
      for (const std::vector<Window> &window : windows) {
        std::vector<T> reference(input.size()), out(input.size());
        llcjit::ndimage::box_extreme(view,
                                     ArrayView::contiguous(reference.data(), {kRows, kColumns}),
                                     window, extreme, mode, 2, 1, VectorLevel::Sse2);
        for (VectorLevel level : levels)
          for (bool stream : {false, true}) {
            llcjit::ndimage::box_extreme(view, ArrayView::contiguous(out.data(), {kRows, kColumns}),
                                         window, extreme, mode, 2, 1, level, stream);
            ASSERT_EQ(std::memcmp(out.data(), reference.data(), sizeof(T) * out.size()), 0)
                << "level " << static_cast<int>(level) << (stream ? " streamed" : "")
                << ", extreme " << static_cast<int>(extreme) << ", mode " << static_cast<int>(mode)
                << ", window " << window[0].size << "x" << window[1].size << ", element size "
                << sizeof(T);
          }
      }
}

TEST(BoxExtremes, EveryVectorLevelGivesTheSameBits) {
  const std::vector<VectorLevel> levels = levels_here();
  if (levels.size() == 1)
    GTEST_SKIP() << "this CPU runs only the SSE2 build";
  extremes_agree_at_every_level<double>(levels);
  extremes_agree_at_every_level<float>(levels);
  extremes_agree_at_every_level<std::uint8_t>(levels);
  extremes_agree_at_every_level<std::int16_t>(levels);
}

TEST(BoxSums, SumsAcrossTilesAreWithinTheirBound) {
  std::vector<double> input = spread_values(false, 2);
  double largest = 0;
  for (double x : input)
    largest = std::max(largest, std::fabs(x));
  const Window down{-15, 31}, across{-20, 31};
  const VectorLevel level = llcjit::ndimage::host_vector_level();
  for (Mode mode : {Mode::Reflect, Mode::Constant, Mode::Wrap}) {
    const std::vector<__float128> exact =
        moment_checks::exact_box_sums(input, kRows, kColumns, down, across, mode, 0.75);
    for (Moment moment : {Moment::Sum, Moment::Mean}) {
      const Boxed run = box(input, {down, across}, moment, false, mode, 0.75, level);
      ASSERT_TRUE(run.fits);
      const double cells = 31.0 * 31.0;
      // docs/filters.md, the bound in 2-D: |result - exact| <= 2^-53 |exact|
      // + 2^-104 n (K + 1)^2 max|x|, K = 2n + 2h + 5.
      const double terms = 2 * cells + 2 * 31 + 6;
      const double drift = std::ldexp(1.0, -104) * cells * terms * terms * largest;
      moment_checks::expect_within_bound(run.out, exact, moment, cells, drift,
                                         static_cast<int>(mode));
    }
  }
}

TEST(BoxSums, HandBackAtTheLimitOfTheValues) {
  // A 3x3 box: sums need |x| < 2^996 (2^1000 / 9 rounded down to a power
  // of two), variances |x| < 2^498 (2^500 / 3).
  const std::vector<Window> windows = {{-1, 3}, {-1, 3}};
  const VectorLevel level = llcjit::ndimage::host_vector_level();
  moment_checks::expect_hand_back(996, 498, [&](std::vector<double> &input, const HandBack &row) {
    return box(input, windows, row.moment, row.ignore_nan, Mode::Constant, row.cval, level).fits;
  });
}

} // namespace
