// Sums and means over boxes of 8- and 16-bit integers in 32-bit
// integer arithmetic (src/ndimage/integer_sums.hpp): the brute-force
// kernel's bits (NumPy's pairwise sum and mean) for bool, int8, uint8,
// int16 and uint16, values at both ends of each type, under every mode
// (cval held by the type) and both extreme origins, windows wider than the
// image, into results laid out as a tile's (rows further apart than their
// width); means into the input's own dtype, in bands of rows on two
// threads; at every vector level this CPU runs; volumes of 3 and 4 axes;
// and the largest boxes whose sums stay within 32 bits.
#include "ndimage/integer_sums.hpp"

#include "vector_levels.hpp"

#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <utility>
#include <vector>

namespace {

using llcjit::ArrayView;
using llcjit::DType;
using llcjit::Footprint;
using llcjit::Mode;
using llcjit::ndimage::centred_window;
using llcjit::ndimage::VectorLevel;
using llcjit::ndimage::Window;

constexpr Mode kModes[] = {Mode::Reflect, Mode::Constant, Mode::Nearest, Mode::Mirror, Mode::Wrap};

// n elements of T, a third of them at the type's ends.
template <typename T> std::vector<T> elements(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> any(std::numeric_limits<T>::min(),
                                         std::numeric_limits<T>::max()),
      kind(0, 5);
  std::vector<T> out(n);
  for (T &x : out) {
    const int k = kind(rng);
    x = static_cast<T>(k == 0   ? std::numeric_limits<T>::min()
                       : k == 1 ? std::numeric_limits<T>::max()
                                : any(rng));
  }
  return out;
}

template <typename T> void agrees_with_brute_force(DType dtype, unsigned seed) {
  const llcjit::Options options{.kind = llcjit::Kind::Filter};
  const llcjit::Callback sum = llcjit::compile("sum(values)", options);
  const llcjit::Callback mean = llcjit::compile("mean(values)", options);
  struct Case {
    std::ptrdiff_t rows, columns, box_rows, box_columns;
  };
  for (const Case &c : {Case{23, 31, 5, 7}, Case{9, 40, 12, 3}, Case{30, 6, 1, 9},
                        Case{1, 17, 4, 4}, Case{12, 1, 6, 1}}) {
    std::vector<T> input = elements<T>(static_cast<std::size_t>(c.rows * c.columns), seed++);
    if (dtype == DType::Bool)
      for (T &x : input)
        x = static_cast<T>(x & 1);
    const ArrayView in = ArrayView::contiguous(input.data(), {c.rows, c.columns}, dtype);
    const Footprint footprint = Footprint::box({c.box_rows, c.box_columns});
    const double cval = dtype == DType::Bool ? 1 : std::numeric_limits<T>::max();
    for (Mode mode : kModes)
      for (int side : {0, -1, 1}) {
        const auto origin_of = [side](std::ptrdiff_t n) {
          return side == 0 ? 0 : side < 0 ? -(n / 2) : (n - 1) / 2;
        };
        const std::vector<std::ptrdiff_t> origin = {origin_of(c.box_rows),
                                                    origin_of(c.box_columns)};
        const Window windows[] = {centred_window(c.box_rows, origin[0]),
                                  centred_window(c.box_columns, origin[1])};
        ASSERT_TRUE(llcjit::ndimage::integer_sums_apply(dtype, windows, mode, cval));
        for (bool is_mean : {false, true}) {
          std::vector<double> want(input.size());
          llcjit::generic_filter(
              in, ArrayView::contiguous(want.data(), {c.rows, c.columns}), is_mean ? mean : sum, {},
              footprint,
              {.mode = mode, .cval = cval, .origin = origin, .threads = 1, .fuse = false});
          // Rows three columns further apart than the image is wide.
          const std::ptrdiff_t pitch = c.columns + 3;
          std::vector<double> got(static_cast<std::size_t>(c.rows * pitch), -1.0);
          const ArrayView results{got.data(),
                                  {c.rows, c.columns},
                                  {pitch * static_cast<std::ptrdiff_t>(sizeof(double)),
                                   static_cast<std::ptrdiff_t>(sizeof(double))},
                                  DType::Float64};
          for (VectorLevel level : levels_here()) {
            std::fill(got.begin(), got.end(), -1.0);
            llcjit::ndimage::box_integer_sums(in, results, windows, is_mean, mode, cval, 1, level);
            for (std::ptrdiff_t y = 0; y < c.rows; ++y)
              ASSERT_EQ(0, std::memcmp(&got[static_cast<std::size_t>(y * pitch)],
                                       &want[static_cast<std::size_t>(y * c.columns)],
                                       static_cast<std::size_t>(c.columns) * sizeof(double)))
                  << (is_mean ? "mean" : "sum") << " of " << llcjit::to_string(dtype) << ", row "
                  << y << " of " << c.rows << "x" << c.columns << ", box " << c.box_rows << "x"
                  << c.box_columns << ", mode " << static_cast<int>(mode) << ", side " << side
                  << ", level " << static_cast<int>(level);
          }
        }
      }
  }
}

TEST(IntegerSums, EveryTypeGivesTheBruteForceBits) {
  agrees_with_brute_force<std::uint8_t>(DType::Bool, 1);
  agrees_with_brute_force<std::int8_t>(DType::Int8, 2);
  agrees_with_brute_force<std::uint8_t>(DType::UInt8, 3);
  agrees_with_brute_force<std::int16_t>(DType::Int16, 4);
  agrees_with_brute_force<std::uint16_t>(DType::UInt16, 5);
}

// Lines of 1-d arrays, in stretches of 16,384 outputs on two threads, into
// every other element of the output.
template <typename T> void lines_agree(DType dtype, unsigned seed) {
  const llcjit::Options options{.kind = llcjit::Kind::Filter};
  const llcjit::Callback sum = llcjit::compile("sum(values)", options);
  const llcjit::Callback mean = llcjit::compile("mean(values)", options);
  const std::ptrdiff_t length = 40000;
  std::vector<T> input = elements<T>(static_cast<std::size_t>(length), seed);
  const ArrayView in = ArrayView::contiguous(input.data(), {length}, dtype);
  const double cval = std::numeric_limits<T>::min();
  for (const auto &[size, origin] : {std::pair{101, -50}, std::pair{7, 3}, std::pair{4000, 0}})
    for (Mode mode : kModes) {
      const Window windows[] = {centred_window(size, origin)};
      for (bool is_mean : {false, true}) {
        std::vector<double> want(input.size());
        llcjit::generic_filter(
            in, ArrayView::contiguous(want.data(), {length}), is_mean ? mean : sum, {},
            Footprint::box({size}),
            {.mode = mode, .cval = cval, .origin = {origin}, .threads = 1, .fuse = false});
        std::vector<double> got(2 * input.size(), -1.0);
        const ArrayView results{got.data(),
                                {length},
                                {2 * static_cast<std::ptrdiff_t>(sizeof(double))},
                                DType::Float64};
        for (VectorLevel level : levels_here()) {
          llcjit::ndimage::box_integer_sums(in, results, windows, is_mean, mode, cval, 2, level);
          for (std::ptrdiff_t i = 0; i < length; ++i)
            ASSERT_EQ(got[static_cast<std::size_t>(2 * i)], want[static_cast<std::size_t>(i)])
                << (is_mean ? "mean" : "sum") << " of " << llcjit::to_string(dtype) << ", element "
                << i << ", window " << size << ", mode " << static_cast<int>(mode);
        }
      }
    }
}

TEST(IntegerSums, LinesGiveTheBruteForceBits) {
  lines_agree<std::int8_t>(DType::Int8, 6);
  lines_agree<std::uint16_t>(DType::UInt16, 7);
}

// Volumes of 3 and 4 axes: sums over the window's planes, then the box
// over the rest, in bands of planes on two threads, from a view running
// backwards along its first axis.
template <typename T> void volumes_agree(DType dtype, unsigned seed) {
  const llcjit::Options options{.kind = llcjit::Kind::Filter};
  const llcjit::Callback sum = llcjit::compile("sum(values)", options);
  const llcjit::Callback mean = llcjit::compile("mean(values)", options);
  struct Case {
    std::vector<std::ptrdiff_t> shape, box, origin;
  };
  for (const Case &c :
       {Case{{40, 7, 9}, {5, 3, 4}, {2, 0, -1}}, Case{{6, 5, 8}, {9, 1, 3}, {0, 0, 1}},
        Case{{5, 4, 3, 6}, {3, 2, 3, 2}, {-1, 0, 1, -1}}}) {
    std::size_t size = 1;
    for (std::ptrdiff_t n : c.shape)
      size *= static_cast<std::size_t>(n);
    std::vector<T> input = elements<T>(size, seed++);
    // The first axis reversed: its planes are read from the end.
    ArrayView in = ArrayView::contiguous(input.data(), c.shape, dtype);
    in.data = static_cast<char *>(in.data) + (c.shape[0] - 1) * in.strides[0];
    in.strides[0] = -in.strides[0];
    const Footprint footprint = Footprint::box(c.box);
    std::vector<Window> windows;
    for (std::size_t axis = 0; axis < c.box.size(); ++axis)
      windows.push_back(centred_window(c.box[axis], c.origin[axis]));
    const double cval = std::numeric_limits<T>::min();
    for (Mode mode : kModes) {
      ASSERT_TRUE(llcjit::ndimage::integer_sums_apply(dtype, windows, mode, cval));
      for (bool is_mean : {false, true}) {
        std::vector<double> want(size), got(size);
        llcjit::generic_filter(
            in, ArrayView::contiguous(want.data(), c.shape), is_mean ? mean : sum, {}, footprint,
            {.mode = mode, .cval = cval, .origin = c.origin, .threads = 1, .fuse = false});
        llcjit::ndimage::box_integer_sums(in, ArrayView::contiguous(got.data(), c.shape), windows,
                                          is_mean, mode, cval, 2, levels_here().back());
        EXPECT_EQ(0, std::memcmp(got.data(), want.data(), size * sizeof(double)))
            << (is_mean ? "mean" : "sum") << " of " << llcjit::to_string(dtype) << ", "
            << c.shape.size() << "-d, mode " << static_cast<int>(mode);
      }
    }
  }
}

TEST(IntegerSums, VolumesGiveTheBruteForceBits) {
  volumes_agree<std::int8_t>(DType::Int8, 31);
  volumes_agree<std::uint8_t>(DType::UInt8, 32);
  volumes_agree<std::int16_t>(DType::Int16, 33);
  volumes_agree<std::uint16_t>(DType::UInt16, 34);
}

// Means into the input's own dtype, SciPy's truncation of the double
// mean, in bands of rows on two threads.
template <typename T> void means_in_own_type(DType dtype, unsigned seed) {
  const llcjit::Callback mean = llcjit::compile("mean(values)", {.kind = llcjit::Kind::Filter});
  const std::ptrdiff_t rows = 300, columns = 37;
  std::vector<T> input = elements<T>(static_cast<std::size_t>(rows * columns), seed);
  const ArrayView in = ArrayView::contiguous(input.data(), {rows, columns}, dtype);
  for (Mode mode : kModes) {
    const Window windows[] = {centred_window(7, 0), centred_window(4, 1)};
    std::vector<T> want(input.size()), got(input.size());
    llcjit::generic_filter(in, ArrayView::contiguous(want.data(), {rows, columns}, dtype), mean, {},
                           Footprint::box({7, 4}),
                           {.mode = mode, .origin = {0, 1}, .threads = 1, .fuse = false});
    for (VectorLevel level : levels_here()) {
      std::fill(got.begin(), got.end(), T{});
      llcjit::ndimage::box_integer_sums(in,
                                        ArrayView::contiguous(got.data(), {rows, columns}, dtype),
                                        windows, true, mode, 0, 2, level);
      EXPECT_EQ(got, want) << llcjit::to_string(dtype) << ", mode " << static_cast<int>(mode)
                           << ", level " << static_cast<int>(level);
    }
  }
}

TEST(IntegerSums, MeansInTheirOwnTypeAreTruncatedAsScipyDoes) {
  means_in_own_type<std::int8_t>(DType::Int8, 11);
  means_in_own_type<std::uint8_t>(DType::UInt8, 12);
  means_in_own_type<std::int16_t>(DType::Int16, 13);
  means_in_own_type<std::uint16_t>(DType::UInt16, 14);
}

TEST(IntegerSums, ViewsRunningBackwardsReadTheirEdges) {
  // Negative strides: the mode's columns are offsets below the view's
  // first element, which must read as elements and not as the border.
  const std::ptrdiff_t rows = 9, columns = 13;
  std::vector<std::uint8_t> input = elements<std::uint8_t>(rows * columns, 21);
  const ArrayView reversed{&input.back(), {rows, columns}, {-columns, -1}, DType::UInt8};
  const llcjit::Callback sum = llcjit::compile("sum(values)", {.kind = llcjit::Kind::Filter});
  for (Mode mode : kModes) {
    const Window windows[] = {centred_window(5, 0), centred_window(5, 1)};
    std::vector<double> want(input.size()), got(input.size());
    llcjit::generic_filter(reversed, ArrayView::contiguous(want.data(), {rows, columns}), sum, {},
                           Footprint::box({5, 5}),
                           {.mode = mode, .origin = {0, 1}, .threads = 1, .fuse = false});
    llcjit::ndimage::box_integer_sums(reversed, ArrayView::contiguous(got.data(), {rows, columns}),
                                      windows, false, mode, 0, 1, VectorLevel::Sse2);
    EXPECT_EQ(got, want) << "mode " << static_cast<int>(mode);
  }
}

TEST(IntegerSums, OtherOutputsAreRefused) {
  std::vector<std::uint8_t> input(12, 1);
  std::vector<std::int16_t> output(12);
  const Window windows[] = {centred_window(3, 0), centred_window(3, 0)};
  EXPECT_THROW(llcjit::ndimage::box_integer_sums(ArrayView::contiguous(input.data(), {3, 4}),
                                                 ArrayView::contiguous(output.data(), {3, 4}),
                                                 windows, true, Mode::Reflect, 0, 1,
                                                 VectorLevel::Sse2),
               llcjit::UsageError);
}

TEST(IntegerSums, TheLargestBoxesStayWithin32Bits) {
  // 181 x 181 = 32,761 cells of 65,535 sum to 2,146,992,135 < 2^31.
  const Window largest[] = {{-90, 181}, {-90, 181}};
  const Window larger[] = {{-90, 182}, {-90, 181}};
  EXPECT_TRUE(llcjit::ndimage::integer_sums_apply(DType::UInt16, largest, Mode::Reflect, 0));
  EXPECT_FALSE(llcjit::ndimage::integer_sums_apply(DType::UInt16, larger, Mode::Reflect, 0));
  // Rows wide enough that the prefix sums along them pass 2^32.
  std::vector<std::uint16_t> input(10 * 400, 65535);
  std::vector<double> got(input.size());
  llcjit::ndimage::box_integer_sums(ArrayView::contiguous(input.data(), {10, 400}),
                                    ArrayView::contiguous(got.data(), {10, 400}), largest, false,
                                    Mode::Nearest, 0, 1, VectorLevel::Sse2);
  for (double sum : got)
    ASSERT_EQ(sum, 181.0 * 181.0 * 65535.0);
  // Not for cvals the type cannot hold, nor other dtypes and ranks.
  const Window box[] = {{-1, 3}, {-1, 3}};
  EXPECT_FALSE(llcjit::ndimage::integer_sums_apply(DType::UInt8, box, Mode::Constant, -1));
  EXPECT_FALSE(llcjit::ndimage::integer_sums_apply(DType::Int16, box, Mode::Constant, 0.5));
  EXPECT_TRUE(llcjit::ndimage::integer_sums_apply(DType::Int16, box, Mode::Mirror, 0.5));
  EXPECT_FALSE(llcjit::ndimage::integer_sums_apply(DType::Int32, box, Mode::Reflect, 0));
  EXPECT_FALSE(llcjit::ndimage::integer_sums_apply(DType::Float32, box, Mode::Reflect, 0));
  // A line: 32,768 cells of 65,535 stay below 2^31, 32,769 do not.
  const Window line[] = {{-16384, 32768}};
  const Window longer_line[] = {{-16384, 32769}};
  EXPECT_TRUE(llcjit::ndimage::integer_sums_apply(DType::UInt16, line, Mode::Reflect, 0));
  EXPECT_FALSE(llcjit::ndimage::integer_sums_apply(DType::UInt16, longer_line, Mode::Reflect, 0));
  // A volume counts every axis's cells: 32 x 32 x 32 of 65,535 stay below
  // 2^31, 33 x 32 x 32 do not.
  const Window cube[] = {{-16, 32}, {-16, 32}, {-16, 32}};
  const Window deeper[] = {{-16, 33}, {-16, 32}, {-16, 32}};
  EXPECT_TRUE(llcjit::ndimage::integer_sums_apply(DType::UInt16, cube, Mode::Reflect, 0));
  EXPECT_FALSE(llcjit::ndimage::integer_sums_apply(DType::UInt16, deeper, Mode::Reflect, 0));
  EXPECT_TRUE(llcjit::ndimage::integer_sums_apply(DType::UInt8, deeper, Mode::Reflect, 0));
}

} // namespace
