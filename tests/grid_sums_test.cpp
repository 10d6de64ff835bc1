// The 2-d box sums and means on exact grids (src/ndimage/grid_sums.hpp):
// within docs/filters.md's bound of __float128 sums when a value beyond
// the sampled rows makes them read the input again, and across strips of
// a wide image; the same bits for any number of threads and any strides;
// exact where every value lies on the grids (subnormal integers, a
// constant image).
#include "ndimage/grid_sums.hpp"

#include "moment_checks.hpp"
#include "vector_levels.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace {

using llcjit::ArrayView;
using llcjit::Mode;
using llcjit::ndimage::Moment;
using llcjit::ndimage::VectorLevel;
using llcjit::ndimage::Window;

struct Image {
  std::ptrdiff_t rows, columns;
  std::vector<double> values;
};

Image spread(std::ptrdiff_t rows, std::ptrdiff_t columns, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> mantissa(-1, 1);
  std::uniform_int_distribution<int> exponent(-5, 5);
  Image image{rows, columns, std::vector<double>(rows * columns)};
  for (double &x : image.values)
    x = std::ldexp(mantissa(rng), exponent(rng));
  return image;
}

struct Summed {
  std::vector<double> out;
  bool fits;
};

Summed grid_sums(Image &image, Window down, Window across, Moment moment, Mode mode,
                 llcjit::parallel::Workers threads = 1,
                 VectorLevel level = llcjit::ndimage::host_vector_level()) {
  Summed run{std::vector<double>(image.values.size()), false};
  const std::vector<Window> windows = {down, across};
  run.fits = llcjit::ndimage::grid_box_sum_2d(
      ArrayView::contiguous(image.values.data(), {image.rows, image.columns}),
      ArrayView::contiguous(run.out.data(), {image.rows, image.columns}), windows, moment, mode,
      0.75, threads, level);
  return run;
}

std::vector<__float128> exact_sums(const Image &image, Window down, Window across, Mode mode) {
  return moment_checks::exact_box_sums(image.values, image.rows, image.columns, down, across, mode,
                                       0.75);
}

TEST(GridSums, AValueBeyondTheSampledRowsReadsTheInputAgain) {
  // The grids come from every 16th row; row 37's 2^40 is 2^35 times their
  // largest value.
  Image image = spread(100, 90, 1);
  const double large = std::ldexp(1.0, 40);
  image.values[37 * 90 + 44] = large;
  const Window down{-4, 9}, across{-7, 11};
  const double cells = 99, terms = 2 * cells + 2 * 9 + 6;
  // docs/filters.md: 2^-53 |exact| + 2^-104 n (K + 1)^2 max|x|.
  const double drift = std::ldexp(1.0, -104) * cells * terms * terms * large;
  for (Mode mode : {Mode::Reflect, Mode::Constant, Mode::Wrap}) {
    const std::vector<__float128> exact = exact_sums(image, down, across, mode);
    for (Moment moment : {Moment::Sum, Moment::Mean}) {
      const Summed run = grid_sums(image, down, across, moment, mode);
      ASSERT_TRUE(run.fits);
      for (std::size_t i = 0; i < run.out.size(); ++i) {
        const double want =
            static_cast<double>(moment == Moment::Mean ? exact[i] / cells : exact[i]);
        ASSERT_LE(std::fabs(run.out[i] - want), std::ldexp(std::fabs(want), -53) + drift)
            << "mode " << static_cast<int>(mode) << ", moment " << static_cast<int>(moment)
            << ", element " << i;
      }
    }
  }
}

TEST(GridSums, ANonFiniteOrTooLargeValueAnywhereIsDeclinedAtEveryLevel) {
  // NaN and the infinities are not among the values compared with the
  // grids' bound: their columns' sums turn NaN, which the strip's end
  // tests. Places: sampled rows and not, the first and last columns, the
  // last vector's lanes, the band's last row (never leaving the window).
  const double too_large = std::ldexp(1.0, 1000);
  const double values[] = {NAN, -NAN, INFINITY, -INFINITY, too_large, -too_large};
  const std::ptrdiff_t places[][2] = {{0, 0}, {16, 5}, {7, 0}, {13, 36}, {32, 35}, {39, 36}};
  const Window down{-3, 7}, across{-2, 5};
  for (VectorLevel level : levels_here())
    for (double bad : values)
      for (const auto &place : places) {
        Image image = spread(40, 37, 5);
        image.values[place[0] * 37 + place[1]] = bad;
        for (Mode mode : {Mode::Reflect, Mode::Constant})
          ASSERT_FALSE(grid_sums(image, down, across, Moment::Mean, mode, 1, level).fits)
              << "level " << static_cast<int>(level) << ", value " << bad << " at (" << place[0]
              << ", " << place[1] << "), mode " << static_cast<int>(mode);
      }
}

TEST(GridSums, ThreadsStridesAndLevelsGiveTheSameBits) {
  Image image = spread(600, 200, 2);
  const Window down{-8, 17}, across{-2, 9};
  const Summed one = grid_sums(image, down, across, Moment::Mean, Mode::Mirror, 1);
  ASSERT_TRUE(one.fits);
  const Summed two = grid_sums(image, down, across, Moment::Mean, Mode::Mirror, 2);
  ASSERT_TRUE(two.fits);
  for (VectorLevel level : levels_here()) {
    const Summed other = grid_sums(image, down, across, Moment::Mean, Mode::Mirror, 1, level);
    ASSERT_TRUE(other.fits);
    for (std::size_t i = 0; i < one.out.size(); ++i)
      ASSERT_EQ(std::bit_cast<std::uint64_t>(other.out[i]),
                std::bit_cast<std::uint64_t>(one.out[i]))
          << "level " << static_cast<int>(level) << ", element " << i;
  }
  // The same image stored transposed, read through swapped strides, into
  // every other double of a wider output.
  std::vector<double> transposed(image.values.size());
  for (std::ptrdiff_t r = 0; r < 600; ++r)
    for (std::ptrdiff_t c = 0; c < 200; ++c)
      transposed[c * 600 + r] = image.values[r * 200 + c];
  std::vector<double> wide(2 * image.values.size());
  const std::ptrdiff_t d = sizeof(double);
  const ArrayView input{transposed.data(), {600, 200}, {d, 600 * d}, llcjit::DType::Float64};
  const ArrayView output{wide.data(), {600, 200}, {400 * d, 2 * d}, llcjit::DType::Float64};
  const std::vector<Window> windows = {down, across};
  ASSERT_TRUE(llcjit::ndimage::grid_box_sum_2d(input, output, windows, Moment::Mean, Mode::Mirror,
                                               0.75, 2, llcjit::ndimage::host_vector_level()));
  for (std::size_t i = 0; i < one.out.size(); ++i) {
    ASSERT_EQ(std::bit_cast<std::uint64_t>(wide[2 * i]), std::bit_cast<std::uint64_t>(one.out[i]))
        << "element " << i;
    ASSERT_EQ(std::bit_cast<std::uint64_t>(two.out[i]), std::bit_cast<std::uint64_t>(one.out[i]))
        << "element " << i;
  }
}

TEST(GridSums, EveryWidthOfRowAndWindowIsWithinTheBoundAtEveryLevel) {
  // Rows narrower than a vector or than four of them (the AVX2 build runs
  // a lane along each quarter of a row, from the sum of the w columns
  // before it), windows wider than the row, and origins off the centre:
  // within the bound, and every level with the first's bits.
  for (std::ptrdiff_t columns : {1, 2, 3, 5, 8, 15, 16, 17, 33, 65})
    for (std::ptrdiff_t width : {1, 2, 5, 8, 13, 41})
      for (std::ptrdiff_t low : {-width / 2, -width + 1, std::ptrdiff_t{0}}) {
        Image image = spread(9, columns, static_cast<unsigned>(columns * 100 + width));
        const Window down{-2, 5}, across{low, width};
        const double cells = 5.0 * static_cast<double>(width);
        const double terms = 2 * cells + 2 * 5 + 6;
        const double drift = std::ldexp(1.0, -104) * cells * terms * terms * 32;
        for (Mode mode : {Mode::Reflect, Mode::Constant, Mode::Wrap}) {
          const std::vector<__float128> exact = exact_sums(image, down, across, mode);
          const Summed first =
              grid_sums(image, down, across, Moment::Sum, mode, 1, levels_here().front());
          ASSERT_TRUE(first.fits);
          for (VectorLevel level : levels_here()) {
            const Summed run = grid_sums(image, down, across, Moment::Sum, mode, 1, level);
            ASSERT_TRUE(run.fits);
            for (std::size_t i = 0; i < run.out.size(); ++i) {
              const double want = static_cast<double>(exact[i]);
              ASSERT_LE(std::fabs(run.out[i] - want), std::ldexp(std::fabs(want), -53) + drift)
                  << columns << " columns, window " << low << "+" << width << ", element " << i;
              ASSERT_EQ(std::bit_cast<std::uint64_t>(run.out[i]),
                        std::bit_cast<std::uint64_t>(first.out[i]))
                  << "level " << static_cast<int>(level) << ", element " << i;
            }
          }
        }
      }
}

TEST(GridSums, StripsAcrossWideImagesAreWithinTheBound) {
  // Wider than a strip's 2048 columns: two strips, each reading the
  // window's columns beyond its edges, and (with two threads) strips of
  // rows; a value beyond the sampled rows in the second strip.
  Image image = spread(40, 2300, 4);
  const double large = std::ldexp(1.0, 12);
  image.values[21 * 2300 + 2200] = large;
  const Window down{-3, 7}, across{-30, 31};
  const double cells = 7 * 31, terms = 2 * cells + 2 * 7 + 6;
  const double drift = std::ldexp(1.0, -104) * cells * terms * terms * large;
  const std::vector<__float128> exact = exact_sums(image, down, across, Mode::Reflect);
  const Summed one = grid_sums(image, down, across, Moment::Sum, Mode::Reflect, 1);
  const Summed two = grid_sums(image, down, across, Moment::Sum, Mode::Reflect, 2);
  ASSERT_TRUE(one.fits);
  ASSERT_TRUE(two.fits);
  for (std::size_t i = 0; i < one.out.size(); ++i) {
    const double want = static_cast<double>(exact[i]);
    ASSERT_LE(std::fabs(one.out[i] - want), std::ldexp(std::fabs(want), -53) + drift)
        << "element " << i;
    ASSERT_EQ(std::bit_cast<std::uint64_t>(two.out[i]), std::bit_cast<std::uint64_t>(one.out[i]))
        << "element " << i;
  }
}

TEST(GridSums, ValuesOnTheGridsSumExactly) {
  // Subnormal integers (every double is a multiple of 2^-1074) and zeros.
  Image tiny = spread(70, 50, 3);
  for (double &x : tiny.values)
    x = std::ldexp(std::round(x * 8), -1074);
  const Window down{-3, 7}, across{-1, 5};
  const std::vector<__float128> exact = exact_sums(tiny, down, across, Mode::Nearest);
  const Summed sums = grid_sums(tiny, down, across, Moment::Sum, Mode::Nearest);
  ASSERT_TRUE(sums.fits);
  for (std::size_t i = 0; i < sums.out.size(); ++i)
    ASSERT_EQ(sums.out[i], static_cast<double>(exact[i])) << "element " << i;

  Image zeros{40, 40, std::vector<double>(1600, 0.0)};
  const Summed none = grid_sums(zeros, down, across, Moment::Mean, Mode::Reflect);
  ASSERT_TRUE(none.fits);
  for (double x : none.out)
    ASSERT_EQ(std::bit_cast<std::uint64_t>(x), 0u);

  // 0.1's 53 bits lie above the fine grid: the mean of any box of it is
  // 0.1 itself, where a running sum in doubles drifts.
  Image tenths{300, 70, std::vector<double>(21000, 0.1)};
  const Summed means = grid_sums(tenths, {-15, 31}, {-30, 31}, Moment::Mean, Mode::Reflect);
  ASSERT_TRUE(means.fits);
  for (double x : means.out)
    ASSERT_EQ(x, 0.1);
}

} // namespace
