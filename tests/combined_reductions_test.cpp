// A formula of several reductions, tile by tile
// (src/ndimage/combined_reductions.hpp): tiles from one row (and a
// sixteenth of a line) to the whole array give every element the
// brute-force loop's bits, in 1 to 4 axes, under every mode and origin,
// with windows longer than the axes, into a strided output; tiles of whole
// pixels of a colour image's rows; a source of another dtype widened tile
// by tile or reduced in its own dtype, and an output of another dtype.
#include "ndimage/combined_reductions.hpp"
#include "ndimage/window.hpp"

#include "extreme_images.hpp"

#include <llcjit/kernel_form.hpp>
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using extreme_images::bits;
using extreme_images::image;
using extreme_images::kModes;
using llcjit::ArrayView;
using llcjit::Footprint;
using llcjit::Mode;
using llcjit::ndimage::centred_window;

constexpr llcjit::ndimage::TileTypes kDoubles{llcjit::DType::Float64, llcjit::DType::Float64};

// The formula's combination of its two reductions' results.
std::string combiner_of(const std::string &source, const llcjit::Options &options) {
  const std::optional<llcjit::ReductionForm> form = llcjit::reduction_form(source, options);
  if (!form || form->reductions.size() != 2) {
    ADD_FAILURE() << source << " is not a formula of two reductions";
    return {};
  }
  return form->combiner;
}

// A formula of two reductions, in the pieces combine_by_tiles takes: its
// combiner and its reductions compiled alone; and whole, for the
// brute-force loop.
struct Pieces {
  static constexpr const char *kSource = "hi = max(values); hi - min(values) / 2";
  llcjit::Options options{.kind = llcjit::Kind::Filter};
  std::string combiner = combiner_of(kSource, options);
  std::vector<llcjit::Callback> reductions{llcjit::compile("max(values)", options),
                                           llcjit::compile("min(values)", options)};
  llcjit::Callback whole = llcjit::compile(kSource, options);
};

struct Case {
  std::vector<std::ptrdiff_t> shape, box;
};

TEST(CombinedReductions, EveryTilingGivesTheBruteForceBits) {
  const Pieces pieces;
  const auto &[options, combiner, reductions, whole] = pieces;

  const Case cases[] = {{{61}, {5}},
                        {{61}, {80}},
                        {{23, 19}, {5, 4}},
                        {{23, 19}, {1, 9}},
                        {{23, 19}, {9, 1}},
                        {{7, 40}, {15, 3}},
                        {{9, 8, 13}, {3, 4, 5}},
                        {{6, 17, 9}, {2, 5, 3}},
                        {{40, 60, 2}, {3, 3, 1}},
                        {{4, 5, 6, 7}, {2, 3, 2, 3}}};
  unsigned seed = 1;
  std::size_t checked = 0;
  for (const Case &c : cases) {
    const Footprint footprint = Footprint::box(c.box);
    std::size_t size = 1;
    for (std::ptrdiff_t n : c.shape)
      size *= static_cast<std::size_t>(n);
    std::vector<double> input = image(size, seed++);
    std::vector<std::vector<std::ptrdiff_t>> origins = {std::vector<std::ptrdiff_t>(c.box.size())};
    for (int side : {-1, 1}) {
      std::vector<std::ptrdiff_t> origin;
      for (std::ptrdiff_t n : c.box)
        origin.push_back(side < 0 ? -(n / 2) : (n - 1) / 2);
      origins.push_back(origin);
    }
    for (Mode mode : kModes)
      for (const auto &origin : origins) {
        const llcjit::FilterOptions filter{
            .mode = mode, .cval = -0.5, .origin = origin, .threads = 1, .fuse = false};
        std::vector<double> want(size);
        llcjit::generic_filter(ArrayView::contiguous(input.data(), c.shape),
                               ArrayView::contiguous(want.data(), c.shape), whole, {}, footprint,
                               filter);
        std::vector<llcjit::ndimage::Window> windows;
        for (std::size_t axis = 0; axis < c.box.size(); ++axis)
          windows.push_back(centred_window(c.box[axis], origin[axis]));
        const auto reduce = [&](std::size_t k, const ArrayView &part, const ArrayView &results,
                                unsigned threads) {
          llcjit::FilterOptions on_threads = filter;
          on_threads.threads = threads;
          llcjit::generic_filter(part, results, reductions[k], {}, footprint, on_threads);
          return true;
        };
        for (std::ptrdiff_t elements : {1, 6, 50, 300, 1 << 20}) {
          // Every other element of a wider array, so that strides count.
          std::vector<double> wide(2 * size, 7.0);
          ArrayView output = ArrayView::contiguous(wide.data(), c.shape);
          for (std::ptrdiff_t &stride : output.strides)
            stride *= 2;
          ASSERT_TRUE(llcjit::ndimage::combine_by_tiles(
              ArrayView::contiguous(input.data(), c.shape), output, windows, mode, 2, elements,
              combiner, options, {}, kDoubles, 2, reduce));
          for (std::size_t i = 0; i < size; ++i)
            ASSERT_EQ(bits(wide[2 * i]), bits(want[i]))
                << "element " << i << " of a " << c.shape.size() << "-d array, mode "
                << static_cast<int>(mode) << ", origin " << origin[0] << ", box " << c.box[0] << "x"
                << c.box.back() << ", tiles of " << elements;
          ++checked;
        }
      }
  }
  EXPECT_EQ(checked, std::size(cases) * 5 * 3 * 5);
}

// A colour image's rows of pixels (slices.hpp's Interleaved) as 2-d arrays
// of width x channels elements: tiles hold whole pixels, whose windows
// across count pixels, and give each element the brute-force bits of the
// same footprint over the 3-d image.
TEST(CombinedReductions, TilesOfWholePixelsGiveTheBruteForceBits) {
  const Pieces pieces;
  const auto &[options, combiner, reductions, whole] = pieces;
  const Case cases[] = {{{23, 19}, {5, 4}}, {{7, 40}, {1, 9}}, {{9, 8}, {9, 1}}, {{7, 3}, {3, 5}}};
  const auto as_image = [](const ArrayView &rows, std::ptrdiff_t channels) {
    return ArrayView{rows.data,
                     {rows.shape[0], rows.shape[1] / channels, channels},
                     {rows.strides[0], rows.strides[1] * channels, rows.strides[1]},
                     rows.dtype};
  };
  unsigned seed = 21;
  std::size_t checked = 0;
  for (std::ptrdiff_t channels = 1; channels <= 5; ++channels)
    for (const Case &c : cases) {
      const std::vector<std::ptrdiff_t> image_shape{c.shape[0], c.shape[1], channels};
      const std::vector<std::ptrdiff_t> rows_shape{c.shape[0], c.shape[1] * channels};
      const Footprint footprint = Footprint::box({c.box[0], c.box[1], 1});
      const auto size = static_cast<std::size_t>(c.shape[0] * c.shape[1] * channels);
      std::vector<double> input = image(size, seed++);
      for (Mode mode : kModes)
        for (int side : {-1, 0, 1}) {
          std::vector<std::ptrdiff_t> origin{0, 0, 0};
          for (std::size_t axis = 0; axis < 2; ++axis)
            origin[axis] = side < 0 ? -(c.box[axis] / 2) : side * ((c.box[axis] - 1) / 2);
          const llcjit::FilterOptions filter{
              .mode = mode, .cval = -0.5, .origin = origin, .threads = 1, .fuse = false};
          std::vector<double> want(size);
          llcjit::generic_filter(ArrayView::contiguous(input.data(), image_shape),
                                 ArrayView::contiguous(want.data(), image_shape), whole, {},
                                 footprint, filter);
          const std::vector<llcjit::ndimage::Window> windows = {
              centred_window(c.box[0], origin[0]), centred_window(c.box[1], origin[1])};
          const auto reduce = [&](std::size_t k, const ArrayView &part, const ArrayView &results,
                                  unsigned) {
            llcjit::generic_filter(as_image(part, channels), as_image(results, channels),
                                   reductions[k], {}, footprint, filter);
            return true;
          };
          for (std::ptrdiff_t elements : {1, 6, 50, 300, 1 << 20}) {
            std::vector<double> got(size, 7.0);
            ASSERT_TRUE(llcjit::ndimage::combine_by_tiles(
                ArrayView::contiguous(input.data(), rows_shape),
                ArrayView::contiguous(got.data(), rows_shape), windows, mode, 2, elements, combiner,
                options, {}, kDoubles, 2, reduce, channels));
            for (std::size_t i = 0; i < size; ++i)
              ASSERT_EQ(bits(got[i]), bits(want[i]))
                  << "element " << i << " of " << c.shape[0] << "x" << c.shape[1] << "x" << channels
                  << ", mode " << static_cast<int>(mode) << ", origin " << origin[0] << ","
                  << origin[1] << ", box " << c.box[0] << "x" << c.box[1] << ", tiles of "
                  << elements;
            ++checked;
          }
        }
    }
  EXPECT_EQ(checked, 5U * std::size(cases) * 5 * 3 * 5);
}

// n values in [low, high] as elements of T (truncated toward zero, as C
// casts), with NaN sprinkled in floating-point types.
template <typename T>
std::vector<T> values_in(std::size_t n, double low, double high, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> value(low, high);
  std::vector<T> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double v = value(rng);
    out[i] = std::is_floating_point_v<T> && i % 17 == 5 ? std::numeric_limits<T>::quiet_NaN()
                                                        : static_cast<T>(v);
  }
  return out;
}

// combine_by_tiles from a source of type From into an output of type To,
// against the brute-force loop over the same arrays: the reductions see a
// float64 tile and write float64 results, or (`narrow`) see the source and
// write results of its type, as extremes do; the output gets SciPy's
// conversion.
template <typename From, typename To> void tiles_agree(double low, double high, bool narrow) {
  const Pieces pieces;
  const auto &[options, combiner, reductions, whole] = pieces;
  const Case cases[] = {{{61}, {5}}, {{23, 19}, {5, 4}}, {{9, 8, 13}, {3, 4, 5}}};
  const llcjit::ndimage::TileTypes types =
      narrow ? llcjit::ndimage::TileTypes{llcjit::dtype_of<From>(), llcjit::dtype_of<From>()}
             : kDoubles;
  unsigned seed = 11;
  for (const Case &c : cases) {
    const Footprint footprint = Footprint::box(c.box);
    std::size_t size = 1;
    for (std::ptrdiff_t n : c.shape)
      size *= static_cast<std::size_t>(n);
    std::vector<From> input = values_in<From>(size, low, high, seed++);
    for (Mode mode : kModes) {
      const llcjit::FilterOptions filter{.mode = mode, .cval = 3, .threads = 1, .fuse = false};
      std::vector<To> want(size);
      llcjit::generic_filter(ArrayView::contiguous(input.data(), c.shape),
                             ArrayView::contiguous(want.data(), c.shape), whole, {}, footprint,
                             filter);
      std::vector<llcjit::ndimage::Window> windows;
      for (std::ptrdiff_t n : c.box)
        windows.push_back(centred_window(n, 0));
      bool typed = true;
      const auto reduce = [&](std::size_t k, const ArrayView &part, const ArrayView &out,
                              unsigned) {
        typed = typed && part.dtype == types.reads && out.dtype == types.results;
        llcjit::generic_filter(part, out, reductions[k], {}, footprint, filter);
        return true;
      };
      for (std::ptrdiff_t elements : {1, 50, 1 << 20}) {
        std::vector<To> got(size);
        ASSERT_TRUE(llcjit::ndimage::combine_by_tiles(ArrayView::contiguous(input.data(), c.shape),
                                                      ArrayView::contiguous(got.data(), c.shape),
                                                      windows, mode, 2, elements, combiner, options,
                                                      {}, types, 2, reduce));
        EXPECT_TRUE(typed);
        EXPECT_EQ(0, std::memcmp(got.data(), want.data(), size * sizeof(To)))
            << c.shape.size() << "-d, mode " << static_cast<int>(mode) << ", tiles of " << elements;
      }
    }
  }
}

TEST(CombinedReductions, OtherDtypesAreWidenedTileByTile) {
  tiles_agree<std::int16_t, std::int16_t>(-300, 300, false);
  tiles_agree<std::uint8_t, double>(0, 255, false);
  tiles_agree<float, std::uint16_t>(-10, 70000, false); // SciPy's wrap-around edges
  tiles_agree<double, std::uint8_t>(-40, 300, false);
}

TEST(CombinedReductions, ResultsInTheSourcesDtypeSkipTheWidening) {
  tiles_agree<std::int16_t, std::int16_t>(-300, 300, true);
  tiles_agree<std::uint8_t, double>(0, 255, true);
  tiles_agree<float, std::uint16_t>(-10, 70000, true);
  tiles_agree<std::uint16_t, std::int8_t>(0, 65535, true);
}

TEST(CombinedReductions, AReductionThatDeclinesStopsTheRest) {
  const llcjit::Options options{.kind = llcjit::Kind::Filter};
  const std::string combiner = combiner_of("max(values) - min(values)", options);
  std::vector<double> input(400, 1.0), output(400);
  const std::vector<std::ptrdiff_t> shape{20, 20};
  const llcjit::ndimage::Window windows[] = {{-1, 3}, {-1, 3}};
  std::size_t calls = 0;
  EXPECT_FALSE(llcjit::ndimage::combine_by_tiles(
      ArrayView::contiguous(input.data(), shape), ArrayView::contiguous(output.data(), shape),
      windows, Mode::Reflect, 2, 40, combiner, options, {}, kDoubles, 1,
      [&](std::size_t, const ArrayView &, const ArrayView &, unsigned) {
        ++calls;
        return false;
      }));
  EXPECT_EQ(calls, 1U);
}

} // namespace
