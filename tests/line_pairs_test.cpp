// A formula of a line's max and min from one pass
// (src/ndimage/line_pairs.hpp), along rows and down columns, at every
// vector level this CPU runs: under every mode and origin, over arrays cut
// into several tasks (rows not a multiple of eight, columns past a chunk),
// with NaN of either sign, -0 and infinities or with no NaN at all, for max
// and min and for their NaN-ignoring forms, into float64 and into int16,
// and along rows into outputs of every item size and layout: the
// brute-force loop's bits. Also which lines the pass takes.
#include "ndimage/combined_reductions.hpp"
#include "ndimage/line_pairs.hpp"
#include "ndimage/window.hpp"

#include "extreme_images.hpp"
#include "vector_levels.hpp"

#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

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
                const llcjit::ndimage::Combiner combiner = llcjit::ndimage::compile_pair_combiner(
                    formula.combiner, options, source, out, windows);
                const llcjit::ndimage::Combiner narrow = llcjit::ndimage::compile_pair_combiner(
                    formula.combiner, options, source, out16, windows);
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
                                               formula.slots, mode, cval, combiner, stream, nullptr,
                                               1, level);
                    expect_same(got, want, what);
                    std::fill(got16.begin(), got16.end(), std::int16_t{7});
                    llcjit::ndimage::line_pair(source, out16, windows, formula.ignore_nan,
                                               formula.slots, mode, cval, narrow, stream, nullptr,
                                               2, level);
                    expect_same(got16, want16, what + " into int16");
                    checked += 2;
                  }
              }
        }
  }
  EXPECT_GT(checked, 10000U);
}

// Along rows the results reach the output through 8x8 transposes, the
// streamed ones from each row's first 64-byte boundary: outputs of every
// item size, rows that share their boundaries' columns (a stride that is a
// multiple of 64 bytes) at each of the eight offsets from one, reversed,
// rows that do not share them, a float64 output off its items' alignment,
// and layouts with no contiguous rows, each against the brute-force loop's
// bits in the same dtype; no byte outside the output written.
TEST(LinePairs, AlongRowsStoresIntoEveryOutputLayout) {
  const std::vector<std::ptrdiff_t> shape = {13, 1032}; // 8256-byte rows
  const std::ptrdiff_t rows = shape[0], columns = shape[1];
  const auto size = static_cast<std::size_t>(rows * columns);
  std::vector<double> input = variant(size, 11, true);
  const ArrayView source = ArrayView::contiguous(input.data(), shape);
  struct Layout {
    std::string name;
    DType dtype;
    std::ptrdiff_t offset, row, column; // in items
    std::ptrdiff_t shift = 0;           // in bytes, after the offset
  };
  std::vector<Layout> layouts;
  for (std::ptrdiff_t offset = 0; offset < 8; ++offset)
    layouts.push_back({"C order + " + std::to_string(offset), DType::Float64, offset, columns, 1});
  layouts.insert(layouts.end(),
                 {{"rows of 1040 + 5", DType::Float64, 5, 1040, 1},
                  {"rows reversed + 3", DType::Float64, (rows - 1) * columns + 3, -columns, 1},
                  {"rows of 1033", DType::Float64, 0, 1033, 1},
                  {"4 bytes off", DType::Float64, 0, columns, 1, 4},
                  {"Fortran order", DType::Float64, 0, 1, rows},
                  {"reversed", DType::Float64, rows * columns - 1, -columns, -1},
                  {"int64", DType::Int64, 0, columns, 1},
                  {"float32", DType::Float32, 0, columns, 1},
                  {"int16 + 3", DType::Int16, 3, columns, 1},
                  {"uint8", DType::UInt8, 0, columns, 1}});
  const llcjit::Options options{.kind = llcjit::Kind::Filter};
  const llcjit::Callback whole = llcjit::compile("max(values) - min(values)", options);
  for (std::ptrdiff_t box : {5, 31})
    for (const Layout &layout : layouts) {
      const auto item = static_cast<std::ptrdiff_t>(llcjit::item_size(layout.dtype));
      const std::vector<Window> windows = {centred_window(1, 0), centred_window(box, 0)};
      std::vector<char> want(size * static_cast<std::size_t>(item));
      llcjit::generic_filter(source, ArrayView::contiguous(want.data(), shape, layout.dtype), whole,
                             {}, Footprint::box({1, box}),
                             {.mode = Mode::Reflect, .threads = 1, .fuse = false});
      // 64-byte aligned memory for 1040 items per row and the offset.
      std::vector<char> memory(static_cast<std::size_t>((rows * 1040 + 8) * item + 64));
      char *aligned = memory.data() + (64 - reinterpret_cast<std::uintptr_t>(memory.data()) % 64);
      const ArrayView out{aligned + layout.offset * item + layout.shift,
                          shape,
                          {layout.row * item, layout.column * item},
                          layout.dtype};
      const auto at = [&](std::ptrdiff_t i, std::ptrdiff_t j) {
        return static_cast<char *>(out.data) + (i * layout.row + j * layout.column) * item;
      };
      const llcjit::ndimage::Combiner combiner = llcjit::ndimage::compile_pair_combiner(
          "values[0] - values[1]", options, source, out, windows);
      for (llcjit::ndimage::VectorLevel level : levels_here())
        for (bool stream : {false, true}) {
          std::fill(memory.begin(), memory.end(), char{7});
          llcjit::ndimage::line_pair(source, out, windows, false, {0, 1}, Mode::Reflect, 0.0,
                                     combiner, stream, nullptr, 1, level);
          std::ptrdiff_t wrong = 0;
          for (std::ptrdiff_t i = 0; i < rows; ++i)
            for (std::ptrdiff_t j = 0; j < columns; ++j) {
              wrong += std::memcmp(at(i, j), want.data() + (i * columns + j) * item,
                                   static_cast<std::size_t>(item)) != 0;
              std::fill_n(at(i, j), item, char{7}); // so that only strays remain
            }
          const std::ptrdiff_t strays =
              std::count_if(memory.begin(), memory.end(), [](char byte) { return byte != 7; });
          const std::string what = layout.name + " 1x" + std::to_string(box) + " level " +
                                   std::to_string(static_cast<int>(level)) +
                                   (stream ? " streamed" : "");
          EXPECT_EQ(wrong, 0) << what;
          EXPECT_EQ(strays, 0) << what;
        }
    }
}

TEST(LinePairs, TheLongestLinesGiveTheBruteForceBits) {
  // Along rows a chunk as wide as twice the window, down columns a band as
  // tall as the longest window.
  struct Long {
    std::vector<std::ptrdiff_t> shape, box;
  };
  const Long cases[] = {{{9, 1300}, {1, 600}}, {{9, 1304}, {1, 601}}, {{300, 20}, {128, 1}}};
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
      const llcjit::ndimage::Combiner combiner = llcjit::ndimage::compile_pair_combiner(
          "values[0] - values[1]", options, source, out, windows);
      for (llcjit::ndimage::VectorLevel level : levels_here()) {
        std::fill(got.begin(), got.end(), 7.0);
        llcjit::ndimage::line_pair(source, out, windows, false, {0, 1}, mode, 2.5, combiner, true,
                                   nullptr, 2, level);
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
