// Colour images whose channels lie interleaved, filtered at once along rows
// of pixels (src/ndimage/slices.hpp's Interleaved): the 2-d box extremes
// and integer sums given `channels` give, channel by channel, the bits of
// the same filter over that channel's own strided slice (the route the
// slices took before), at every vector level this CPU runs, with ordinary
// and streamed stores, for 1 to 5 channels, every mode and both extreme
// origins, windows picked element by element and by doubling, images of
// one pixel and narrower than the window, and images wide enough to be
// cut into strips of whole pixels. Only arrays of up to 4 channels packed
// in C order (and their outputs) run so.
#include "ndimage/integer_sums.hpp"
#include "ndimage/running_extreme.hpp"
#include "ndimage/slices.hpp"

#include "vector_levels.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <type_traits>
#include <vector>

namespace {

using llcjit::ArrayView;
using llcjit::DType;
using llcjit::Mode;
using llcjit::ndimage::Extreme;
using llcjit::ndimage::VectorLevel;
using llcjit::ndimage::Window;

constexpr Mode kModes[] = {Mode::Reflect, Mode::Constant, Mode::Nearest, Mode::Mirror, Mode::Wrap};
constexpr std::ptrdiff_t kRows = 13;

// Short and long windows across (element by element up to 8 pixels, by
// doubling above, with levels to spare), both extreme origins, and a
// window of one pixel or one row.
const std::vector<std::vector<Window>> kWindows = {{{-1, 3}, {-1, 3}}, {{-4, 9}, {0, 11}},
                                                   {{0, 1}, {-4, 5}},  {{-6, 13}, {-32, 33}},
                                                   {{-2, 5}, {-1, 2}}, {{-3, 7}, {0, 1}}};

// Small integers (many ties) as T, with -0, NaN and infinities in floats.
template <typename T> std::vector<T> ties(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> value(0, 9), pick(0, 29);
  std::vector<T> values(n);
  for (T &x : values) {
    x = static_cast<T>(value(rng));
    if constexpr (std::is_floating_point_v<T>) {
      const int special = pick(rng);
      if (special == 0)
        x = -0.0;
      else if (special == 1)
        x = std::numeric_limits<T>::quiet_NaN();
      else if (special == 2)
        x = -std::numeric_limits<T>::infinity();
    }
  }
  return values;
}

// The (kRows, width * channels) rows of pixels over `data`.
ArrayView rows_of_pixels(void *data, std::ptrdiff_t width, std::ptrdiff_t channels, DType dtype) {
  const auto item = static_cast<std::ptrdiff_t>(llcjit::item_size(dtype));
  return ArrayView{data, {kRows, width * channels}, {width * channels * item, item}, dtype};
}

// Channel c's (kRows, width) slice of the same rows of pixels.
ArrayView channel(void *data, std::ptrdiff_t width, std::ptrdiff_t channels, std::ptrdiff_t c,
                  DType dtype) {
  const auto item = static_cast<std::ptrdiff_t>(llcjit::item_size(dtype));
  return ArrayView{static_cast<char *>(data) + c * item,
                   {kRows, width},
                   {width * channels * item, channels * item},
                   dtype};
}

template <typename T>
void extremes_agree(DType dtype, std::ptrdiff_t width, const std::vector<VectorLevel> &levels) {
  for (std::ptrdiff_t channels = 1; channels <= 5; ++channels) {
    std::vector<T> input = ties<T>(static_cast<std::size_t>(kRows * width * channels),
                                   static_cast<unsigned>(channels));
    std::vector<T> reference(input.size()), out(input.size());
    for (Extreme extreme : {Extreme::Min, Extreme::Max, Extreme::NanMin, Extreme::NanMax})
      for (Mode mode : kModes)
        for (const std::vector<Window> &windows : kWindows) {
          for (std::ptrdiff_t c = 0; c < channels; ++c)
            llcjit::ndimage::box_extreme(channel(input.data(), width, channels, c, dtype),
                                         channel(reference.data(), width, channels, c, dtype),
                                         windows, extreme, mode, 2, 1, VectorLevel::Sse2);
          for (VectorLevel level : levels)
            for (bool stream : {false, true}) {
              std::fill(out.begin(), out.end(), T{1});
              llcjit::ndimage::box_extreme(rows_of_pixels(input.data(), width, channels, dtype),
                                           rows_of_pixels(out.data(), width, channels, dtype),
                                           windows, extreme, mode, 2, 2, level, stream, channels);
              ASSERT_EQ(std::memcmp(out.data(), reference.data(), sizeof(T) * out.size()), 0)
                  << "level " << static_cast<int>(level) << (stream ? " streamed" : "")
                  << ", extreme " << static_cast<int>(extreme) << ", mode "
                  << static_cast<int>(mode) << ", window " << windows[0].size << "x"
                  << windows[1].size << " from " << windows[1].low << ", " << channels
                  << " channels of " << sizeof(T) << " bytes";
            }
        }
  }
}

TEST(Interleaved, BoxExtremesAlongRowsOfPixelsAreEachChannelsOwn) {
  const std::vector<VectorLevel> levels = levels_here();
  // Rows of 2100 float64 pixels are cut into strips of whole pixels (of at
  // most 2048 elements where the box is 4 rows high or more; 8192 / h
  // below); so are int16's of 1700 pixels of 5 channels (8192 elements).
  extremes_agree<double>(DType::Float64, 2100, levels);
  extremes_agree<double>(DType::Float64, 1, levels);
  extremes_agree<std::uint8_t>(DType::UInt8, 7, levels);
  extremes_agree<float>(DType::Float32, 37, levels);
  extremes_agree<std::uint8_t>(DType::UInt8, 101, levels);
  extremes_agree<std::int16_t>(DType::Int16, 1700, levels);
}

template <typename T> void sums_agree(DType dtype, std::ptrdiff_t width, VectorLevel level) {
  for (std::ptrdiff_t channels = 1; channels <= 5; ++channels) {
    std::vector<T> input = ties<T>(static_cast<std::size_t>(kRows * width * channels),
                                   static_cast<unsigned>(channels));
    for (bool mean : {false, true})
      for (Mode mode : kModes)
        for (const std::vector<Window> &windows : kWindows) {
          // Sums into float64, means into the input's own type.
          const DType out_type = mean ? dtype : DType::Float64;
          const std::size_t bytes = llcjit::item_size(out_type) * input.size();
          std::vector<char> reference(bytes, 0), out(bytes, 1);
          for (std::ptrdiff_t c = 0; c < channels; ++c)
            llcjit::ndimage::box_integer_sums(
                channel(input.data(), width, channels, c, dtype),
                channel(reference.data(), width, channels, c, out_type), windows, mean, mode, 7, 1,
                level);
          llcjit::ndimage::box_integer_sums(rows_of_pixels(input.data(), width, channels, dtype),
                                            rows_of_pixels(out.data(), width, channels, out_type),
                                            windows, mean, mode, 7, 2, level, channels);
          ASSERT_EQ(out, reference)
              << "level " << static_cast<int>(level) << ", mean " << mean << ", mode "
              << static_cast<int>(mode) << ", window " << windows[0].size << "x" << windows[1].size
              << " from " << windows[1].low << ", " << channels << " channels";
        }
  }
}

TEST(Interleaved, IntegerSumsAlongRowsOfPixelsAreEachChannelsOwn) {
  for (VectorLevel level : levels_here()) {
    sums_agree<std::uint8_t>(DType::UInt8, 61, level);
    sums_agree<std::int16_t>(DType::Int16, 23, level);
    sums_agree<std::uint8_t>(DType::UInt8, 2, level);
  }
}

TEST(Interleaved, OnlyPackedChannelsOfAColourImage) {
  const std::vector<std::ptrdiff_t> origin(3, 0);
  const auto slicing = [&](std::vector<std::ptrdiff_t> box) {
    return llcjit::ndimage::slicing_of(llcjit::Footprint::box(std::move(box)), origin).value();
  };
  const auto view = [](std::vector<std::ptrdiff_t> shape, std::vector<std::ptrdiff_t> strides) {
    return ArrayView{nullptr, std::move(shape), std::move(strides), DType::UInt8};
  };
  const ArrayView packed = view({40, 50, 3}, {150, 3, 1});
  const std::optional<llcjit::ndimage::Interleaved> image =
      llcjit::ndimage::interleaved_of(slicing({9, 9, 1}), packed, packed);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->channels, 3);
  EXPECT_EQ(image->input.shape, (std::vector<std::ptrdiff_t>{40, 150}));
  EXPECT_EQ(image->output.strides, (std::vector<std::ptrdiff_t>{150, 1}));
  const ArrayView four = view({40, 50, 4}, {200, 4, 1}), five = view({40, 50, 5}, {250, 5, 1});
  EXPECT_TRUE(llcjit::ndimage::interleaved_of(slicing({9, 9, 1}), four, four));
  EXPECT_FALSE(llcjit::ndimage::interleaved_of(slicing({9, 9, 1}), five, five));
  EXPECT_TRUE(llcjit::ndimage::interleaved_of(slicing({9, 9, 1}), five, five, 5));
  // Not across the last axis; channels apart, or pixels with a gap.
  EXPECT_FALSE(llcjit::ndimage::interleaved_of(slicing({1, 9, 9}), packed, packed));
  EXPECT_FALSE(llcjit::ndimage::interleaved_of(slicing({9, 9, 1}), packed,
                                               view({40, 50, 3}, {1, 40, 2000})));
  EXPECT_FALSE(
      llcjit::ndimage::interleaved_of(slicing({9, 9, 1}), view({40, 50, 3}, {200, 4, 1}), packed));
  EXPECT_FALSE(llcjit::ndimage::interleaved_of(slicing({9, 9, 1}), view({40, 50, 0}, {0, 0, 1}),
                                               view({40, 50, 0}, {0, 0, 1})));
}

} // namespace
