// A formula of a line's max and min from one pass
// (src/ndimage/line_pairs.hpp), along rows and down columns, at every
// vector level this CPU runs: under every mode and origin, over arrays cut
// into several tasks (rows not a multiple of eight, columns past a chunk),
// with NaN of either sign, -0 and infinities or with no NaN at all, for max
// and min and for their NaN-ignoring forms, into float64 and into int16:
// the brute-force loop's bits. Also which lines the pass takes.
#include "ndimage/combined_reductions.hpp"
#include "ndimage/line_pairs.hpp"
#include "ndimage/window.hpp"

#include "extreme_images.hpp"
#include "vector_levels.hpp"

#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

using extreme_images::bits;
using extreme_images::image;
using extreme_images::kModes;
using llcjit::ArrayView;
using llcjit::DType;
using llcjit::Footprint;
using llcjit::Mode;
using llcjit::ndimage::centred_window;
using llcjit::ndimage::PairSlots;
using llcjit::ndimage::Window;

// A formula for the brute-force loop, and its combiner of the pair (the
// max in slot `slots.max`): a combiner of one extreme shows the signs of
// zeros that a difference would hide.
struct Formula {
  const char *source, *combiner;
  PairSlots slots;
  bool ignore_nan;
};

// image() with its NaN as 1 (no NaN at all), or with one NaN of the
// other sign (whose bits the results must not keep).
std::vector<double> variant(std::size_t n, unsigned seed, bool nan) {
  std::vector<double> values = image(n, seed);
  for (double &x : values)
    if (std::isnan(x))
      x = nan ? x : 1.0;
  if (nan)
    values[n / 2] = -std::nan("");
  return values;
}

template <typename T>
void expect_same(const std::vector<T> &got, const std::vector<T> &want, const std::string &what) {
  for (std::size_t i = 0; i < want.size(); ++i)
    if (std::memcmp(&got[i], &want[i], sizeof(T)) != 0) {
      ADD_FAILURE() << what << ": element " << i << " is " << got[i] << ", not " << want[i];
      return;
    }
}

TEST(LinePairs, EveryLevelGivesTheBruteForceBits) {
  const Formula formulas[] = {
      {"max(values) - min(values)", "values[0] - values[1]", {0, 1}, false},
      {"2 * nanmin(values) + nanmax(values)", "2 * values[0] + values[1]", {1, 0}, true},
      {"max(values)", "values[0]", {0, 1}, false},
      {"nanmin(values)", "values[0]", {1, 0}, true}};
  // Bands of rows and chunks of columns cut short, and the fewest lines
  // across the window the pass takes.
  const std::vector<std::ptrdiff_t> shapes[] = {{13, 1100}, {21, 37}, {8, 9}, {40, 8}};
  const std::vector<std::ptrdiff_t> boxes[] = {{1, 2}, {1, 5}, {1, 31}, {2, 1}, {7, 1}, {31, 1}};
  const llcjit::Options options{.kind = llcjit::Kind::Filter};
  std::size_t checked = 0;
  unsigned seed = 7;
  for (const Formula &formula : formulas) {
    const llcjit::Callback whole = llcjit::compile(formula.source, options);
    for (const auto &shape : shapes)
      for (const auto &box : boxes)
        for (bool nan : {true, false}) {
          const auto size = static_cast<std::size_t>(shape[0] * shape[1]);
          std::vector<double> input = variant(size, seed++, nan);
          const ArrayView source = ArrayView::contiguous(input.data(), shape);
          const std::ptrdiff_t along = std::max(box[0], box[1]);
          for (std::ptrdiff_t origin_along : {-(along / 2), std::ptrdiff_t{0}, (along - 1) / 2})
            for (Mode mode : kModes)
              for (double cval : mode == Mode::Constant ? std::vector<double>{-0.5, NAN, -0.0}
                                                        : std::vector<double>{-0.5}) {
                const std::vector<std::ptrdiff_t> origin = {box[0] > 1 ? origin_along : 0,
                                                            box[1] > 1 ? origin_along : 0};
                const std::vector<Window> windows = {centred_window(box[0], origin[0]),
                                                     centred_window(box[1], origin[1])};
                ASSERT_TRUE(llcjit::ndimage::line_pair_applies(source, windows));
                const llcjit::FilterOptions brute{
                    .mode = mode, .cval = cval, .origin = origin, .threads = 1, .fuse = false};
                std::vector<double> want(size), got(size);
                std::vector<std::int16_t> want16(size), got16(size);
                const ArrayView out = ArrayView::contiguous(got.data(), shape);
                const ArrayView out16 = ArrayView::contiguous(got16.data(), shape);
                llcjit::generic_filter(source, ArrayView::contiguous(want.data(), shape), whole, {},
                                       Footprint::box(box), brute);
                llcjit::generic_filter(source, ArrayView::contiguous(want16.data(), shape), whole,
                                       {}, Footprint::box(box), brute);
                const std::ptrdiff_t pitch = llcjit::ndimage::line_pair_pitch(source, windows);
                const llcjit::ndimage::Combiner combiner = llcjit::ndimage::compile_combiner(
                    formula.combiner, options, 2, pitch, DType::Float64, out);
                const llcjit::ndimage::Combiner narrow = llcjit::ndimage::compile_combiner(
                    formula.combiner, options, 2, pitch, DType::Float64, out16);
                ASSERT_NE(combiner.streaming_rows, nullptr);
                for (llcjit::ndimage::VectorLevel level : levels_here())
                  for (bool stream : {false, true}) {
                    const std::string what =
                        std::string(formula.source) + " box " + std::to_string(box[0]) + "x" +
                        std::to_string(box[1]) + " of " + std::to_string(shape[0]) + "x" +
                        std::to_string(shape[1]) + " mode " +
                        std::to_string(static_cast<int>(mode)) + " cval " + std::to_string(cval) +
                        " origin " + std::to_string(origin_along) + " level " +
                        std::to_string(static_cast<int>(level)) + (nan ? " with NaN" : "");
                    std::fill(got.begin(), got.end(), 7.0);
                    llcjit::ndimage::line_pair(source, out, windows, formula.ignore_nan,
                                               formula.slots, mode, cval, combiner.rows,
                                               stream ? combiner.streaming_rows : nullptr, nullptr,
                                               1, level);
                    expect_same(got, want, what);
                    std::fill(got16.begin(), got16.end(), std::int16_t{7});
                    llcjit::ndimage::line_pair(source, out16, windows, formula.ignore_nan,
                                               formula.slots, mode, cval, narrow.rows, nullptr,
                                               nullptr, 2, level);
                    expect_same(got16, want16, what + " into int16");
                    checked += 2;
                  }
              }
        }
  }
  EXPECT_GT(checked, 10000U);
}

TEST(LinePairs, TheLongestLinesGiveTheBruteForceBits) {
  // Along rows a chunk as wide as twice the window, down columns a band as
  // tall as the longest window.
  struct Long {
    std::vector<std::ptrdiff_t> shape, box;
  };
  const Long cases[] = {{{9, 1300}, {1, 600}}, {{300, 20}, {128, 1}}};
  const llcjit::Options options{.kind = llcjit::Kind::Filter};
  const llcjit::Callback whole = llcjit::compile("max(values) - min(values)", options);
  for (const Long &c : cases) {
    const auto size = static_cast<std::size_t>(c.shape[0] * c.shape[1]);
    std::vector<double> input = variant(size, 3, true);
    const ArrayView source = ArrayView::contiguous(input.data(), c.shape);
    const std::vector<Window> windows = {centred_window(c.box[0], 0), centred_window(c.box[1], 0)};
    ASSERT_TRUE(llcjit::ndimage::line_pair_applies(source, windows));
    for (Mode mode : {Mode::Reflect, Mode::Constant, Mode::Wrap}) {
      std::vector<double> want(size), got(size);
      llcjit::generic_filter(source, ArrayView::contiguous(want.data(), c.shape), whole, {},
                             Footprint::box(c.box),
                             {.mode = mode, .cval = 2.5, .threads = 1, .fuse = false});
      const ArrayView out = ArrayView::contiguous(got.data(), c.shape);
      const llcjit::ndimage::Combiner combiner = llcjit::ndimage::compile_combiner(
          "values[0] - values[1]", options, 2, llcjit::ndimage::line_pair_pitch(source, windows),
          DType::Float64, out);
      for (llcjit::ndimage::VectorLevel level : levels_here()) {
        std::fill(got.begin(), got.end(), 7.0);
        llcjit::ndimage::line_pair(source, out, windows, false, {0, 1}, mode, 2.5, combiner.rows,
                                   nullptr, nullptr, 2, level);
        expect_same(got, want,
                    "box " + std::to_string(c.box[0]) + "x" + std::to_string(c.box[1]) + " level " +
                        std::to_string(static_cast<int>(level)));
      }
    }
  }
}

TEST(LinePairs, TakesLinesOfContiguousFloat64Rows) {
  std::vector<double> values(64 * 64);
  const ArrayView square = ArrayView::contiguous(values.data(), {64, 64});
  const auto applies = [&](const ArrayView &array, std::ptrdiff_t down, std::ptrdiff_t across) {
    const std::vector<Window> windows = {centred_window(down, 0), centred_window(across, 0)};
    return llcjit::ndimage::line_pair_applies(array, windows);
  };
  EXPECT_TRUE(applies(square, 1, 4096));
  std::vector<double> row(4096);
  // One row (a 1-d array as an image) would fill one lane of eight.
  EXPECT_FALSE(applies(ArrayView::contiguous(row.data(), {1, 4096}), 1, 15));
  EXPECT_FALSE(applies(ArrayView::contiguous(row.data(), {4096, 1}), 15, 1));
  EXPECT_FALSE(applies(square, 1, 4097)); // longer: two extremes
  EXPECT_TRUE(applies(square, 128, 1));
  EXPECT_FALSE(applies(square, 129, 1));
  EXPECT_FALSE(applies(square, 1, 1)); // one cell
  EXPECT_FALSE(applies(square, 3, 3)); // a box
  ArrayView columns = square;          // every other column: rows not contiguous
  columns.shape[1] = 32;
  columns.strides[1] *= 2;
  EXPECT_FALSE(applies(columns, 1, 5));
  std::vector<float> floats(64 * 64);
  EXPECT_FALSE(applies(ArrayView::contiguous(floats.data(), {64, 64}), 1, 5));
}

TEST(LinePairs, PlansNameThePass) {
  const llcjit::Options filter{.kind = llcjit::Kind::Filter};
  const llcjit::Callback range = llcjit::compile("max(values) - min(values)", filter);
  for (const auto &box : {std::vector<std::ptrdiff_t>{1, 31}, {31, 1}}) {
    const std::string plan = llcjit::filter_algorithm(range, Footprint::box(box));
    EXPECT_NE(plan.find("max and min together"), std::string::npos) << plan;
    // Where the pair cannot run, the two extremes (cheaper than the fused
    // loop over 31 cells).
    EXPECT_NE(plan.find("lie across the line, max: running max"), std::string::npos) << plan;
    // float32 runs its extremes in its own type, one after the other.
    const std::string narrow =
        llcjit::filter_algorithm(range, Footprint::box(box), {}, DType::Float32, DType::Float32);
    EXPECT_EQ(narrow.find("together"), std::string::npos) << narrow;
  }
  const std::string short_line = llcjit::filter_algorithm(
      llcjit::compile("nanmin(values) - nanmax(values)", filter), Footprint::box({15, 1}));
  EXPECT_NE(short_line.find("nanmax and nanmin together"), std::string::npos) << short_line;
  EXPECT_NE(short_line.find("lie across the line, the fused loop"), std::string::npos)
      << short_line;
  const std::string mean = llcjit::filter_algorithm(
      llcjit::compile("max(values) - mean(values)", filter), Footprint::box({1, 31}));
  EXPECT_EQ(mean.find("together"), std::string::npos) << mean;
}

} // namespace
