// Which footprints filter a volume slice by slice, and where the slices
// pay their own calls (src/ndimage/slices.hpp): by the slices' strides,
// not only the array's shape, so that a view with a moved axis whose
// slices' elements lie 5 apart does not pass for planar, a Fortran-ordered
// colour image does, and a broadcast axis brings no elements together; a
// footprint of one element along the last of three axes slices across it.
#include "ndimage/slices.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace {

using llcjit::ArrayView;
using llcjit::DType;
using llcjit::Footprint;
using llcjit::ndimage::slices_pay;
using llcjit::ndimage::Slicing;
using llcjit::ndimage::slicing_of;

Slicing slicing(std::vector<std::ptrdiff_t> box) {
  const std::vector<std::ptrdiff_t> origin(box.size(), 0);
  const std::optional<Slicing> s = slicing_of(Footprint::box(std::move(box)), origin);
  EXPECT_TRUE(s.has_value());
  return s.value_or(Slicing{});
}

// A float64 view of `shape` with `strides` in elements.
ArrayView view(std::vector<std::ptrdiff_t> shape, std::vector<std::ptrdiff_t> strides) {
  for (std::ptrdiff_t &stride : strides)
    stride *= static_cast<std::ptrdiff_t>(sizeof(double));
  return ArrayView{nullptr, std::move(shape), std::move(strides), DType::Float64};
}

TEST(Slices, FootprintsSpanningTwoAxesOfThreeOrMore) {
  const std::vector<std::ptrdiff_t> origin3(3, 0), origin2(2, 0);
  EXPECT_EQ(slicing({9, 9, 1}).across, (std::vector<std::size_t>{2}));
  EXPECT_EQ(slicing({1, 9, 1, 9}).across, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(slicing({1, 7, 5}).footprint.shape, (std::vector<std::ptrdiff_t>{7, 5}));
  EXPECT_FALSE(slicing_of(Footprint::box({9, 9}), origin2)); // already 2-d
  EXPECT_FALSE(slicing_of(Footprint::box({9, 9, 9}), origin3));
  EXPECT_FALSE(slicing_of(Footprint::box({9, 1, 1}), origin3)); // one axis
}

TEST(Slices, FootprintsOfOnePixelsChannelsSliceAcrossThem) {
  const std::vector<std::ptrdiff_t> origin3{1, -2, 0};
  for (const std::vector<std::ptrdiff_t> &box :
       {std::vector<std::ptrdiff_t>{3, 5, 1}, {1, 5, 1}, {3, 1, 1}, {1, 1, 1}}) {
    const std::optional<Slicing> s = llcjit::ndimage::pixel_slicing(Footprint::box(box), origin3);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->across, (std::vector<std::size_t>{2}));
    EXPECT_EQ(s->footprint.shape, (std::vector<std::ptrdiff_t>{box[0], box[1]}));
    EXPECT_EQ(s->origin, (std::vector<std::ptrdiff_t>{1, -2}));
  }
  Footprint holes = Footprint::box({2, 3, 1});
  holes.mask[1] = 0;
  EXPECT_EQ(llcjit::ndimage::pixel_slicing(holes, origin3)->footprint.mask, holes.mask);
  const std::vector<std::ptrdiff_t> origin2(2, 0), origin4(4, 0);
  EXPECT_FALSE(llcjit::ndimage::pixel_slicing(Footprint::box({9, 1}), origin2));
  EXPECT_FALSE(llcjit::ndimage::pixel_slicing(Footprint::box({9, 1, 3}), origin3));
  EXPECT_FALSE(llcjit::ndimage::pixel_slicing(Footprint::box({1, 9, 1, 1}), origin4));
}

TEST(Slices, PayWhereTheirElementsLieClose) {
  const Slicing channels = slicing({9, 9, 1});
  EXPECT_TRUE(slices_pay(channels, view({2048, 2048, 3}, {2048 * 3, 3, 1})));
  EXPECT_TRUE(slices_pay(channels, view({2048, 2048, 4}, {2048 * 4, 4, 1})));
  EXPECT_FALSE(slices_pay(channels, view({2048, 2048, 5}, {2048 * 5, 5, 1})));
  EXPECT_TRUE(slices_pay(channels, view({64, 80, 3}, {1, 64, 64 * 80}))); // Fortran order
  EXPECT_FALSE(slices_pay(channels, view({30, 30, 3}, {90, 3, 1})));      // 900 elements
  // A (64, 80, 5) cube with its last axis moved first, under (1, 9, 9).
  EXPECT_FALSE(slices_pay(slicing({1, 9, 9}), view({5, 64, 80}, {1, 400, 5})));
  // Broadcast along an axis: its stride of 0 brings nothing closer.
  EXPECT_FALSE(slices_pay(slicing({3, 9, 1}), view({5000, 200, 200}, {0, 200, 1})));
  EXPECT_TRUE(slices_pay(slicing({3, 9, 1}), view({5000, 200, 2}, {0, 2, 1})));
}

} // namespace
