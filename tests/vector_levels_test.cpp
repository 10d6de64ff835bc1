// The running filters built per vector level (src/ndimage/vectors.hpp) at
// every level this CPU runs: the 2-d box sums and box extremes (with
// ordinary and streamed stores) give the same bits as the SSE2 build for
// every moment or extreme, NaN rule, mode, window, origin and element
// type, over images of several tiles; box extremes over wide windows give
// a direct pick's bits at every level. Also sums and means within their
// documented bound of exact sums across tiles, and the limit on the
// values' magnitude at which the box sums hand back to the fused loop.
#include "ndimage/boundary.hpp"
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

template <typename T> bool is_nan(T x) { return std::isnan(static_cast<double>(x)); }

// The extreme over the box of a rows x columns image, picked one element
// at a time (picks.hpp's rules: the first of equal values, NaN wins unless
// ignored) along each row, then down the columns: the box's first pick in
// C order, as separable picks keep it.
template <typename T>
std::vector<T> direct_extremes(const std::vector<T> &image, std::ptrdiff_t rows,
                               std::ptrdiff_t columns, const std::vector<Window> &box,
                               llcjit::ndimage::Extreme extreme, Mode mode, T cval) {
  using llcjit::ndimage::Extreme;
  const bool low = extreme == Extreme::Min || extreme == Extreme::NanMin;
  const bool ignore_nan = extreme == Extreme::NanMin || extreme == Extreme::NanMax;
  const auto pick = [&](T &picked, T y) {
    if (ignore_nan && is_nan(picked))
      picked = y;
    else if ((low ? y < picked : y > picked) || (!ignore_nan && is_nan(y)))
      picked = y;
  };
  // Along the rows, then down the columns, each under the mode.
  std::vector<T> along(image.size()), out(image.size());
  for (std::ptrdiff_t r = 0; r < rows; ++r)
    for (std::ptrdiff_t c = 0; c < columns; ++c) {
      T &picked = along[static_cast<std::size_t>(r * columns + c)];
      for (std::ptrdiff_t j = 0; j < box[1].size; ++j) {
        const auto column = llcjit::ndimage::extend(c + box[1].low + j, columns, mode);
        const T y = column ? image[static_cast<std::size_t>(r * columns + *column)] : cval;
        if (j == 0)
          picked = y;
        else
          pick(picked, y);
      }
    }
  for (std::ptrdiff_t r = 0; r < rows; ++r)
    for (std::ptrdiff_t c = 0; c < columns; ++c) {
      T &picked = out[static_cast<std::size_t>(r * columns + c)];
      for (std::ptrdiff_t i = 0; i < box[0].size; ++i) {
        const auto row = llcjit::ndimage::extend(r + box[0].low + i, rows, mode);
        const T y = row ? along[static_cast<std::size_t>(*row * columns + c)] : cval;
        if (i == 0)
          picked = y;
        else
          pick(picked, y);
      }
    }
  return out;
}

// 13 rows of `columns` values without 0 (which the registers' first
// levels start from), with -0, infinities, and NaN in every fourth row.
template <typename T> std::vector<T> rows_of_ties(std::ptrdiff_t columns) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> value(-3, 3), special(0, 19);
  std::vector<T> image(static_cast<std::size_t>(13 * columns));
  for (std::ptrdiff_t k = 0; k < 13 * columns; ++k) {
    T &x = image[static_cast<std::size_t>(k)];
    const int v = value(rng);
    x = static_cast<T>(std::is_signed_v<T> ? (v < 0 ? v : v + 1) : v + 4);
    if constexpr (std::is_floating_point_v<T>) {
      const int s = special(rng);
      constexpr T kInf = std::numeric_limits<T>::infinity();
      if (s == 0)
        x = -0.0;
      else if (s == 1)
        x = kInf;
      else if (s == 2)
        x = -kInf;
      else if (s == 3 && k / columns % 4 == 0)
        x = std::numeric_limits<T>::quiet_NaN();
    }
  }
  return image;
}

// Windows across many lanes of contiguous elements (the levels within a
// vector then come from registers: doubling.hpp) give, at every level,
// with ordinary and streamed stores, the direct picks' bits (NaN as any
// NaN), over rows with and without NaN: rows of 70 elements (read from a
// buffer), 300 (in place but for the ends, where a vector's reach leaves
// a middle), 1100 (in place for the widest vectors too) and 4500 (cut
// into strips). The widths take each type at each level through the
// lanes' levels alone and with one and two more in registers (uint8's 64
// lanes from 128 and 256), from the buffer and in place.
template <typename T> void wide_windows_pick_directly(const std::vector<VectorLevel> &levels) {
  using llcjit::ndimage::Extreme;
  struct Rows {
    std::ptrdiff_t columns;
    std::vector<std::ptrdiff_t> widths;
  };
  const std::vector<std::ptrdiff_t> all = {9, 16, 17, 31, 33, 64, 65, 127, 129, 257};
  for (const Rows &shape :
       {Rows{70, all}, Rows{300, all}, Rows{1100, {33, 127, 129, 257}}, Rows{4500, {65}}}) {
    const std::ptrdiff_t columns = shape.columns;
    std::vector<T> image = rows_of_ties<T>(columns);
    const ArrayView view = ArrayView::contiguous(image.data(), {13, columns});
    std::vector<Extreme> extremes = {Extreme::Min, Extreme::Max};
    if constexpr (std::is_floating_point_v<T>)
      extremes.insert(extremes.end(), {Extreme::NanMin, Extreme::NanMax});
    for (Extreme extreme : extremes)
      for (const std::ptrdiff_t w : shape.widths)
        for (const std::vector<Window> &box :
             {std::vector<Window>{{-1, 3}, {-(w / 2), w}},
              std::vector<Window>{{0, 1}, {-(w - 1), w}}, std::vector<Window>{{-4, 9}, {0, w}}})
          for (Mode mode : kModes) {
            if (columns > 300 && box[0].size != 3)
              continue; // the long rows' ends and strips: one box is enough
            const std::vector<T> want =
                direct_extremes<T>(image, 13, columns, box, extreme, mode, 2);
            for (VectorLevel level : levels)
              for (bool stream : {false, true}) {
                std::vector<T> got(image.size());
                llcjit::ndimage::box_extreme(view, ArrayView::contiguous(got.data(), {13, columns}),
                                             box, extreme, mode, 2, 1, level, stream);
                for (std::size_t k = 0; k < got.size(); ++k)
                  ASSERT_TRUE((is_nan(got[k]) && is_nan(want[k])) ||
                              std::memcmp(&got[k], &want[k], sizeof(T)) == 0)
                      << "level " << static_cast<int>(level) << (stream ? " streamed" : "")
                      << ", extreme " << static_cast<int>(extreme) << ", mode "
                      << static_cast<int>(mode) << ", " << box[0].size << "x" << w << " from "
                      << box[1].low << ", " << columns << " columns, element " << k << ": "
                      << +got[k] << " vs " << +want[k];
              }
          }
  }
}

TEST(BoxExtremes, WideWindowsGiveTheDirectPicksAtEveryLevel) {
  const std::vector<VectorLevel> levels = levels_here();
  wide_windows_pick_directly<double>(levels);
  wide_windows_pick_directly<float>(levels);
  wide_windows_pick_directly<std::uint8_t>(levels);
  wide_windows_pick_directly<std::int16_t>(levels);
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
