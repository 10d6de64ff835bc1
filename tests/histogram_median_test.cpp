// Medians and percentiles of 8-bit images by column histograms
// (src/ndimage/histogram_median.hpp) at every vector level this CPU runs:
// the brute-force kernel's bits (NumPy's median and linear percentile) for
// uint8, int8 and bool, over images of several tiles and of a single row or
// column, windows wider than the image, odd and even cells, both extreme
// origins, every mode (cval held by the type), into float64 and int16. The
// values sit across the buckets of 16 keys and at both ends of the type,
// where the lazy per-key counts must catch up.
#include "ndimage/histogram_median.hpp"
#include "ndimage/window.hpp"

#include "vector_levels.hpp"

#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

using llcjit::ArrayView;
using llcjit::DType;
using llcjit::Footprint;
using llcjit::Mode;
using llcjit::ndimage::centred_window;
using llcjit::ndimage::OrderStatistic;
using llcjit::ndimage::VectorLevel;
using llcjit::ndimage::Window;

constexpr Mode kModes[] = {Mode::Reflect, Mode::Constant, Mode::Nearest, Mode::Mirror, Mode::Wrap};

struct Statistic {
  OrderStatistic kind;
  double q;
  const char *formula;
};

constexpr Statistic kStatistics[] = {
    {OrderStatistic::Median, 50, "median(values)"},
    {OrderStatistic::NanMedian, 50, "nanmedian(values)"},
    {OrderStatistic::Percentile, 30, "percentile(values, 30)"},
    {OrderStatistic::Percentile, 0, "percentile(values, 0)"},
    {OrderStatistic::NanPercentile, 100, "nanpercentile(values, 100)"},
    {OrderStatistic::Percentile, 62.5, "percentile(values, 62.5)"},
};

// n bytes: noise over the whole range, a band across the buckets around
// 128 (where a median lies), and runs of 0 and 255.
std::vector<std::uint8_t> bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> any(0, 255), band(118, 138), kind(0, 9);
  std::vector<std::uint8_t> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int k = kind(rng);
    out[i] = static_cast<std::uint8_t>(k < 4 ? any(rng) : k < 8 ? band(rng) : k == 8 ? 0 : 255);
  }
  return out;
}

struct Case {
  std::ptrdiff_t rows, columns;
  std::vector<std::ptrdiff_t> box;
  // Images of several tiles (256 rows, 128 columns), in uint8 and under
  // fewer modes and origins, which the small ones cover.
  bool big() const { return rows * columns > 10000; }
};

TEST(HistogramMedian, EveryLevelGivesTheBruteForceBits) {
  const Case cases[] = {{260, 135, {9, 9}}, {258, 130, {8, 6}}, {20, 140, {3, 71}},
                        {40, 30, {15, 1}},  {1, 40, {3, 5}},    {25, 1, {7, 2}},
                        {6, 5, {11, 13}}};
  const llcjit::Options kernel_options{.kind = llcjit::Kind::Filter};
  std::vector<llcjit::Callback> kernels;
  for (const Statistic &statistic : kStatistics)
    kernels.push_back(llcjit::compile(statistic.formula, kernel_options));
  std::size_t checked = 0;
  unsigned seed = 7;
  for (DType dtype : {DType::UInt8, DType::Int8, DType::Bool}) {
    for (const Case &c : cases) {
      if (c.big() && dtype != DType::UInt8)
        continue;
      const std::size_t size = static_cast<std::size_t>(c.rows * c.columns);
      std::vector<std::uint8_t> input = bytes(size, seed++);
      if (dtype == DType::Bool)
        for (std::uint8_t &b : input)
          b = b > 128;
      const ArrayView in = ArrayView::contiguous(input.data(), {c.rows, c.columns}, dtype);
      const Footprint footprint = Footprint::box(c.box);
      for (std::size_t s = 0; s < std::size(kStatistics); ++s) {
        const Statistic &statistic = kStatistics[s];
        for (Mode mode : kModes) {
          if (c.big() && (mode == Mode::Nearest || mode == Mode::Mirror))
            continue;
          const double cval = dtype == DType::Int8 ? -7 : 1;
          for (int side : {0, 1, -1}) {
            if (c.big() && side < 0)
              continue;
            std::vector<std::ptrdiff_t> origin;
            std::vector<Window> windows;
            for (std::ptrdiff_t n : c.box) {
              origin.push_back(side == 0 ? 0 : side < 0 ? -(n / 2) : (n - 1) / 2);
              windows.push_back(centred_window(n, origin.back()));
            }
            ASSERT_TRUE(llcjit::ndimage::histogram_order_applies(dtype, windows, mode, cval));
            const llcjit::FilterOptions filter{
                .mode = mode, .cval = cval, .origin = origin, .threads = 1, .fuse = false};
            std::vector<double> want(size);
            llcjit::generic_filter(in, ArrayView::contiguous(want.data(), {c.rows, c.columns}),
                                   kernels[s], {}, footprint, filter);
            for (VectorLevel level : levels_here()) {
              std::vector<double> got(size, -1);
              llcjit::ndimage::box_order_bytes(
                  in, ArrayView::contiguous(got.data(), {c.rows, c.columns}), windows,
                  statistic.kind, statistic.q, mode, cval, 2, level);
              ASSERT_EQ(0, std::memcmp(got.data(), want.data(), size * sizeof(double)))
                  << statistic.formula << " of " << llcjit::to_string(dtype) << " " << c.rows << "x"
                  << c.columns << ", box " << c.box[0] << "x" << c.box[1] << ", mode "
                  << static_cast<int>(mode) << ", origin side " << side << ", level "
                  << static_cast<int>(level);
              ++checked;
            }
          }
        }
      }
    }
  }
  const std::size_t small = std::size(cases) - 2, big = 2;
  EXPECT_EQ(checked,
            std::size(kStatistics) * (3 * small * 5 * 3 + big * 3 * 2) * levels_here().size());
}

TEST(HistogramMedian, OutputsOfOtherDtypesGetScipysConversion) {
  // A percentile between two values, 0.5 apart, into int16 truncates.
  std::vector<std::uint8_t> input = bytes(60 * 70, 3);
  const ArrayView in = ArrayView::contiguous(input.data(), {60, 70});
  const Window windows[] = {centred_window(8, 1), centred_window(4, 0)};
  const llcjit::Callback kernel =
      llcjit::compile("percentile(values, 40)", {.kind = llcjit::Kind::Filter});
  std::vector<std::int16_t> want(input.size()), got(input.size());
  llcjit::generic_filter(in, ArrayView::contiguous(want.data(), {60, 70}), kernel, {},
                         Footprint::box({8, 4}), {.origin = {1, 0}, .threads = 1, .fuse = false});
  for (VectorLevel level : levels_here()) {
    llcjit::ndimage::box_order_bytes(in, ArrayView::contiguous(got.data(), {60, 70}), windows,
                                     OrderStatistic::Percentile, 40, Mode::Reflect, 0, 1, level);
    EXPECT_EQ(got, want) << "level " << static_cast<int>(level);
  }
}

TEST(HistogramMedian, AppliesToBytesWhoseTypeHoldsCval) {
  const Window box[] = {{-1, 3}, {-1, 3}};
  const Window tall[] = {{-200, 401}, {-81, 164}}; // 65,764 cells
  const Window line[] = {{-1, 3}};
  EXPECT_TRUE(llcjit::ndimage::histogram_order_applies(DType::UInt8, box, Mode::Constant, 255));
  EXPECT_FALSE(llcjit::ndimage::histogram_order_applies(DType::UInt8, box, Mode::Constant, -1));
  EXPECT_FALSE(llcjit::ndimage::histogram_order_applies(DType::UInt8, box, Mode::Constant, 2.5));
  EXPECT_TRUE(llcjit::ndimage::histogram_order_applies(DType::UInt8, box, Mode::Reflect, 2.5));
  EXPECT_TRUE(llcjit::ndimage::histogram_order_applies(DType::Int8, box, Mode::Constant, -128));
  // bool's elements are bytes (SciPy's npy_bool): a cval of 2 is one.
  EXPECT_TRUE(llcjit::ndimage::histogram_order_applies(DType::Bool, box, Mode::Constant, 2));
  EXPECT_FALSE(llcjit::ndimage::histogram_order_applies(DType::Bool, box, Mode::Constant, 256));
  EXPECT_FALSE(llcjit::ndimage::histogram_order_applies(DType::UInt16, box, Mode::Reflect, 0));
  EXPECT_FALSE(llcjit::ndimage::histogram_order_applies(DType::Float64, box, Mode::Reflect, 0));
  EXPECT_FALSE(llcjit::ndimage::histogram_order_applies(DType::UInt8, tall, Mode::Reflect, 0));
  EXPECT_FALSE(llcjit::ndimage::histogram_order_applies(DType::UInt8, line, Mode::Reflect, 0));
  // Wider than 512 columns, or shorter than 3 rows: a histogram per window
  // instead.
  const Window wide[] = {{-1, 3}, {-256, 513}};
  const Window low[] = {{0, 2}, {-20, 40}};
  EXPECT_FALSE(llcjit::ndimage::histogram_order_applies(DType::UInt8, wide, Mode::Reflect, 0));
  EXPECT_FALSE(llcjit::ndimage::histogram_order_applies(DType::UInt8, low, Mode::Reflect, 0));
}

} // namespace
