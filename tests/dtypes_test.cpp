// Filters over arrays of every dtype: the fused kernel's conversions (IR)
// against numeric/scipy_cast.hpp's (C++) on the values where C's casts are
// undefined and x86 decides, and every route through generic_filter (fused,
// per-element, window-independent, in place) agreeing bit for bit for each
// input and output dtype. (Agreement with SciPy itself, cast by cast:
// tests/python/test_filter_dtypes.py.)
#include "numeric/scipy_cast.hpp"

#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

using llcjit::ArrayView;
using llcjit::DType;
using llcjit::Footprint;

constexpr DType kDTypes[] = {DType::Float64, DType::Float32, DType::Bool,   DType::Int8,
                             DType::UInt8,   DType::Int16,   DType::UInt16, DType::Int32,
                             DType::UInt32,  DType::Int64,   DType::UInt64};

// Where C's conversion is undefined or rounds: NaN, infinities, halves,
// each type's edges and just past them, negatives into unsigned types.
std::vector<double> awkward_values() {
  std::vector<double> values{
      NAN,     INFINITY, -INFINITY,     -0.0,   0.0,     0.5,    -0.5,    -0.99,       -1.0,
      -1.5,    2.5,      127.5,         128.0,  -128.5,  -129,   255.7,   256.2,       300.0,
      32767.9, 32768,    -32769,        65535,  65536.5, 0x1p31, -0x1p31, -0x1p31 - 1, 0x1p32 + 3,
      0x1p63,  -0x1p63,  0x1p63 + 4096, 0x1p64, 1e300,   -1e300, 3.4e38,  1e39,        1e-46};
  for (double power = 1; power < 0x1p64; power *= 2)
    for (double near : {power - 1, power + 0.5, -power, -power - 0.75})
      values.push_back(near);
  return values;
}

std::vector<std::byte> stored(DType type, const std::vector<double> &values) {
  std::vector<std::byte> out(values.size() * llcjit::item_size(type));
  for (std::size_t i = 0; i < values.size(); ++i)
    llcjit::numeric::store_as(type, values[i],
                              reinterpret_cast<char *>(&out[i * llcjit::item_size(type)]));
  return out;
}

// `source` over `input` with footprint `footprint` into an array of `type`.
std::vector<std::byte> filter(const std::string &source, const ArrayView &input, DType type,
                              const Footprint &footprint,
                              const llcjit::FilterOptions &options = {}) {
  std::vector<std::byte> out(input.size() * llcjit::item_size(type));
  llcjit::generic_filter(input, ArrayView::contiguous(out.data(), input.shape, type),
                         llcjit::compile(source, {.kind = llcjit::Kind::Filter}), {}, footprint,
                         options);
  return out;
}

TEST(DTypes, NamesAndSizesRoundTrip) {
  for (DType type : kDTypes) {
    EXPECT_EQ(llcjit::parse_dtype(llcjit::to_string(type)), type);
    EXPECT_EQ(llcjit::item_size(type) * 8,
              type == DType::Bool
                  ? 8
                  : std::stoul(std::string(llcjit::to_string(type))
                                   .substr(llcjit::to_string(type).find_first_of("0123456789"))));
  }
  EXPECT_EQ(llcjit::parse_dtype("float16"), std::nullopt);
  EXPECT_EQ(llcjit::parse_dtype(">f8"), std::nullopt);
}

TEST(DTypes, FusedStoresConvertAsTheDriverDoes) {
  const std::vector<double> values = awkward_values();
  const auto shape = std::vector<std::ptrdiff_t>{static_cast<std::ptrdiff_t>(values.size())};
  std::vector<double> in = values;
  const ArrayView input = ArrayView::contiguous(in.data(), shape);
  for (DType type : kDTypes)
    for (bool fuse : {true, false}) {
      SCOPED_TRACE(std::string(llcjit::to_string(type)) + (fuse ? " fused" : " per element"));
      EXPECT_EQ(filter("values[0]", input, type, Footprint::box({1}), {.fuse = fuse}),
                stored(type, values));
    }
}

TEST(DTypes, SignedAndUnsignedEdgesAreSciPys) {
  // The rule's cases as SciPy 1.10 on x86-64 gives them (the Python tests
  // check the whole table against SciPy itself).
  auto byte = [](DType type, double value) {
    return std::to_integer<int>(stored(type, {value})[0]);
  };
  EXPECT_EQ(byte(DType::UInt8, -1.5), 255);
  EXPECT_EQ(byte(DType::UInt8, -129.0), 127);
  EXPECT_EQ(byte(DType::UInt8, 300.0), 44);
  EXPECT_EQ(byte(DType::UInt8, NAN), 0);
  EXPECT_EQ(byte(DType::Bool, 256.2), 0);
  EXPECT_EQ(byte(DType::Bool, 2.5), 2);
  auto u64 = [](double value) {
    std::uint64_t out;
    std::memcpy(&out, stored(DType::UInt64, {value}).data(), sizeof out);
    return out;
  };
  EXPECT_EQ(u64(NAN), 1ULL << 63);
  EXPECT_EQ(u64(-INFINITY), 0U);
  EXPECT_EQ(u64(-1.5), ~0ULL);
  EXPECT_EQ(u64(0x1p63 + 4096), (1ULL << 63) + 4096);
}

TEST(DTypes, ConvertStoresAsFiltersDo) {
  std::vector<double> values = awkward_values();
  const std::vector<std::ptrdiff_t> shape{static_cast<std::ptrdiff_t>(values.size())};
  for (DType type : kDTypes) {
    std::vector<std::byte> out(values.size() * llcjit::item_size(type));
    llcjit::convert(ArrayView::contiguous(values.data(), shape),
                    ArrayView::contiguous(out.data(), shape, type));
    EXPECT_EQ(out, stored(type, values)) << llcjit::to_string(type);
  }
  // In place, into a narrower type over the same bytes: through a copy.
  std::vector<double> wide{-1.5, 2.5, 300.0, 7.0};
  const std::vector<double> before = wide;
  llcjit::convert(ArrayView::contiguous(wide.data(), {4}),
                  ArrayView::contiguous(wide.data(), {4}, DType::UInt8));
  std::vector<std::byte> narrow(reinterpret_cast<std::byte *>(wide.data()),
                                reinterpret_cast<std::byte *>(wide.data()) + 4);
  EXPECT_EQ(narrow, stored(DType::UInt8, before));
  EXPECT_THROW(llcjit::convert(ArrayView::contiguous(wide.data(), {4}),
                               ArrayView::contiguous(wide.data(), {2, 2})),
               llcjit::UsageError);
}

// A 2-d image of `type` with values spread over the type's range (and NaN
// and infinities in the floating types), strided and reversed on axis 0.
struct Image {
  std::vector<std::byte> buffer;
  ArrayView view;

  Image(DType type, std::vector<std::ptrdiff_t> shape, unsigned seed) {
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> spread(-3e4, 3e4);
    const std::size_t item = llcjit::item_size(type);
    const std::size_t count = static_cast<std::size_t>(shape[0] * shape[1]);
    buffer.resize(count * item * 2);
    for (std::size_t i = 0; i < 2 * count; ++i) {
      double value = std::round(spread(random)) / (type == DType::Float64 ? 7 : 1);
      if (type == DType::Bool)
        value = value > 0;
      if ((type == DType::Float64 || type == DType::Float32) && i % 97 == 3)
        value = i % 2 ? NAN : -INFINITY;
      llcjit::numeric::store_as(type, value, reinterpret_cast<char *>(&buffer[i * item]));
    }
    view = ArrayView::contiguous(buffer.data(), std::move(shape), type);
    view.strides[1] *= 2;
    view.strides[0] *= 2;
    view.data = reinterpret_cast<char *>(view.data) + (view.shape[0] - 1) * view.strides[0];
    view.strides[0] = -view.strides[0];
  }
};

TEST(DTypes, EveryRouteGivesTheSameBitsInEveryDType) {
  const Footprint box = Footprint::box({9, 9}), disk = Footprint::ball(2, 5);
  // Each input type into float64 and into itself, and float64 into each
  // type: every load and every store, each compiled fused once per formula.
  std::vector<std::pair<DType, DType>> conversions;
  for (DType type : kDTypes) {
    conversions.emplace_back(type, type);
    if (type != DType::Float64) {
      conversions.emplace_back(type, DType::Float64);
      conversions.emplace_back(DType::Float64, type);
    }
  }
  for (const auto &[in, out] : conversions) {
    const Image image(in, {40, 37}, 11);
    SCOPED_TRACE(std::string(llcjit::to_string(in)) + " -> " + std::string(llcjit::to_string(out)));
    for (const char *formula : {"min(values)", "median(values)", "values[40] * 3 - 2"}) {
      SCOPED_TRACE(formula);
      for (const Footprint &footprint : {box, disk}) {
        const std::vector<std::byte> plain = filter(formula, image.view, out, footprint,
                                                    {.mode = llcjit::Mode::Mirror, .fuse = false});
        EXPECT_EQ(filter(formula, image.view, out, footprint, {.mode = llcjit::Mode::Mirror}),
                  plain);
      }
    }
  }
}

// The kernels computed in the element type itself (codegen/narrow_rows.cpp)
// against the per-element calls, which compute in double: ties between -0
// and +0, NaN, odd and even medians, the NaN-ignoring forms. Over a cross
// and a box the extremes run along whole rows; over the broken line the
// fused loop computes them too.
TEST(DTypes, NarrowKernelsGiveTheDoublePathsBits) {
  const Footprint cross = Footprint::cross(2, 1), box = Footprint::box({2, 3});
  const Footprint line{{1, 4}, {1, 0, 1, 1}};
  for (DType type : kDTypes) {
    Image image(type, {21, 26}, 3);
    if (type == DType::Float32) { // mostly signed zeros: which of equal ones wins
      std::mt19937 random(7);
      constexpr double kChoices[] = {-0.0, 0.0, -0.0, 0.0, 1.0, -1.0, NAN};
      for (std::size_t i = 0; i < image.buffer.size() / 4; ++i)
        llcjit::numeric::store_as(type, kChoices[random() % (i % 3 ? 6 : 7)],
                                  reinterpret_cast<char *>(&image.buffer[i * 4]));
    }
    for (const char *formula : {"min(values)", "max(values)", "median(values)", "nanmin(values)",
                                "nanmax(values)", "nanmedian(values)"})
      for (const Footprint *footprint : {&cross, &box, &line}) {
        SCOPED_TRACE(std::string(llcjit::to_string(type)) + " " + formula);
        EXPECT_EQ(filter(formula, image.view, type, *footprint),
                  filter(formula, image.view, type, *footprint, {.fuse = false}));
      }
  }
}

// The kernels computed in 32-bit integers (codegen/integer_rows.cpp)
// against the per-element calls, which compute in double: sums, differences
// and products of the values and literals, wrapping into narrower outputs;
// and formulas whose intermediates or results leave what int32 holds (or
// whose inputs it does not hold), which stay in double.
TEST(DTypes, IntegerKernelsGiveTheDoublePathsBits) {
  const Footprint box = Footprint::box({3, 3});
  const DType inputs[] = {DType::Bool,  DType::Int8,  DType::UInt8,
                          DType::Int16, DType::Int32, DType::UInt32};
  const DType outputs[] = {DType::Bool,   DType::Int8,  DType::UInt8,  DType::UInt16,
                           DType::UInt32, DType::Int64, DType::UInt64, DType::Float64};
  const char *formulas[] = {"values[0] - values[-1]",
                            "-values[3] + 2 * values[1] * values[2] - 7",
                            "values[4] * values[4] * values[4]",
                            "+values[1] - 3000000000 + 3000000000",
                            "(values[0] - values[1]) * 100000",
                            "values[8] * 65536 * 65536"};
  for (DType in : inputs) {
    const Image image(in, {19, 23}, 5);
    for (DType out : outputs)
      for (const char *formula : formulas) {
        SCOPED_TRACE(std::string(llcjit::to_string(in)) + " -> " +
                     std::string(llcjit::to_string(out)) + ": " + formula);
        const llcjit::FilterOptions options{.mode = llcjit::Mode::Mirror};
        llcjit::FilterOptions per_element = options;
        per_element.fuse = false;
        EXPECT_EQ(filter(formula, image.view, out, box, options),
                  filter(formula, image.view, out, box, per_element));
      }
  }
}

// The window-independent extremes on the elements themselves (a 2-d box
// along whole rows, passes along the axes of a 3-d box, runs of a disk), and through float64
// copies where the border cannot hold cval, against the per-element calls.
TEST(DTypes, RunningExtremesInTheElementType) {
  const Footprint box = Footprint::box({9, 9}), disk = Footprint::ball(2, 9);
  const Footprint volume = Footprint::box({3, 9, 9});
  const std::vector<llcjit::FilterOptions> borders{{.mode = llcjit::Mode::Reflect},
                                                   {.mode = llcjit::Mode::Wrap},
                                                   {.mode = llcjit::Mode::Constant, .cval = 3.0},
                                                   {.mode = llcjit::Mode::Constant, .cval = 2.5},
                                                   {.mode = llcjit::Mode::Constant, .cval = NAN}};
  for (DType type : kDTypes) {
    Image flat(type, {40, 37}, 13);
    std::vector<std::byte> cube_buffer(6 * 20 * 17 * llcjit::item_size(type));
    std::copy_n(flat.buffer.begin(), cube_buffer.size(), cube_buffer.begin());
    const ArrayView cube = ArrayView::contiguous(cube_buffer.data(), {6, 20, 17}, type);
    for (const char *formula : {"min(values)", "max(values)", "nanmin(values)", "nanmax(values)"})
      for (const llcjit::FilterOptions &border : borders) {
        SCOPED_TRACE(std::string(llcjit::to_string(type)) + " " + formula + " cval " +
                     std::to_string(border.cval));
        llcjit::FilterOptions unfused = border;
        unfused.fuse = false;
        for (const Footprint *footprint : {&box, &disk})
          EXPECT_EQ(filter(formula, flat.view, type, *footprint, border),
                    filter(formula, flat.view, type, *footprint, unfused));
        EXPECT_EQ(filter(formula, cube, type, volume, border),
                  filter(formula, cube, type, volume, unfused));
      }
  }
}

// Views the fused loop must step through backwards or cannot stream into.
TEST(DTypes, ReversedAndMisalignedViews) {
  for (DType type : {DType::Float64, DType::UInt8, DType::Float32}) {
    Image image(type, {30, 41}, 17);
    ArrayView reversed = image.view;
    reversed.data = static_cast<char *>(reversed.data) + (41 - 1) * reversed.strides[1];
    reversed.strides[1] = -reversed.strides[1];
    for (const char *formula : {"min(values)", "values[1] - values[3]"})
      EXPECT_EQ(filter(formula, reversed, type, Footprint::cross(2, 1)),
                filter(formula, reversed, type, Footprint::cross(2, 1), {.fuse = false}))
          << llcjit::to_string(type) << " " << formula;
  }
  // float32 rows 257 bytes apart, so that every other row's elements lie
  // off their alignment, streamed if they could be: the driver must fall
  // back to ordinary stores (aligned non-temporal stores would fault).
  std::vector<std::byte> input(4 * 64 * 64), output(257 * 64 + 64);
  const ArrayView in = ArrayView::contiguous(input.data(), {64, 64}, DType::Float32);
  ArrayView out = ArrayView::contiguous(output.data(), {64, 64}, DType::Float32);
  out.strides[0] = 257;
  const llcjit::Callback kernel = llcjit::compile("min(values)", {.kind = llcjit::Kind::Filter});
  EXPECT_NO_THROW(
      llcjit::generic_filter(in, out, kernel, {}, Footprint::cross(2, 1), {.streaming = true}));
}

TEST(DTypes, ImpossibleViewsAreUsageErrors) {
  std::vector<double> data(16);
  const llcjit::Callback kernel = llcjit::compile("min(values)", {.kind = llcjit::Kind::Filter});
  ArrayView bad_type = ArrayView::contiguous(data.data(), {4, 4});
  bad_type.dtype = static_cast<DType>(99);
  const ArrayView good = ArrayView::contiguous(data.data() + 8, {4, 4});
  EXPECT_THROW(llcjit::generic_filter(bad_type, good, kernel, {}, Footprint::box({3, 3})),
               llcjit::UsageError);
  EXPECT_THROW(llcjit::convert(bad_type, good), llcjit::UsageError);
  ArrayView far = ArrayView::contiguous(data.data(), {4, 4});
  far.strides[0] = PTRDIFF_MAX / 2;
  EXPECT_THROW(llcjit::generic_filter(far, good, kernel, {}, Footprint::box({3, 3})),
               llcjit::UsageError);
  EXPECT_THROW(llcjit::convert(good, far), llcjit::UsageError);
  // An empty array's other extents may multiply past any size (a .npy
  // header can say so): its strides are never used.
  const ArrayView empty =
      ArrayView::contiguous(nullptr, {46, 0, PTRDIFF_MAX / 8, 16860184273}, DType::Float64);
  EXPECT_NO_THROW(llcjit::convert(empty, empty));
}

TEST(DTypes, InPlaceFilteringOfNarrowTypes) {
  for (DType type : {DType::UInt8, DType::Int32, DType::Float32}) {
    Image image(type, {23, 30}, 5);
    const std::vector<std::byte> expected =
        filter("max(values)", image.view, type, Footprint::cross(2, 2));
    llcjit::generic_filter(image.view, image.view,
                           llcjit::compile("max(values)", {.kind = llcjit::Kind::Filter}), {},
                           Footprint::cross(2, 2));
    std::vector<std::byte> in_place(expected.size());
    const ArrayView packed = ArrayView::contiguous(in_place.data(), image.view.shape, type);
    llcjit::generic_filter(image.view, packed, llcjit::compile("values[0]", {}), {},
                           Footprint::box({1, 1}));
    EXPECT_EQ(in_place, expected) << llcjit::to_string(type);
  }
}

} // namespace
