// Images whose rows lie a multiple of 4 KiB apart, read by the fused loop
// through skewed rows (src/ndimage/skewed_rows.hpp): the buffer holds the
// rows a footprint reads as the rows asked for go down past its capacity,
// jump back and skip ahead, for contiguous and strided rows; and the fused
// loop over it gives the brute-force loop's bits under every mode, origin
// and thread count, over columns and a footprint with holes.
#include "ndimage/skewed_rows.hpp"

#include "extreme_images.hpp"

#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <cstddef>
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

double element(const ArrayView &view, std::ptrdiff_t r, std::ptrdiff_t c) {
  double x;
  std::memcpy(&x, static_cast<const char *>(view.data) + r * view.strides[0] + c * view.strides[1],
              sizeof x);
  return x;
}

TEST(SkewedRows, HoldTheRowsTheFootprintReads) {
  constexpr std::ptrdiff_t kRows = 700, kColumns = 512, kLow = -7, kHeight = 15;
  std::vector<double> input = image(2 * kRows * kColumns, 3);
  // Rows of 512 float64 (4 KiB), or every other column of rows of 1024.
  const ArrayView contiguous = ArrayView::contiguous(input.data(), {kRows, kColumns});
  const ArrayView strided{input.data(), {kRows, kColumns}, {16 * kColumns, 16}, DType::Float64};
  // Down one at a time (moving the footprint's rows to the top of the
  // buffer twice), back, and ahead.
  std::vector<std::ptrdiff_t> order;
  for (std::ptrdiff_t i = -kLow; i + kLow + kHeight <= kRows; ++i)
    order.push_back(i);
  for (std::ptrdiff_t i : {100, 101, 50, 51, 52, 300, 330, 331, 7, 692})
    order.push_back(i);
  for (const ArrayView &view : {contiguous, strided}) {
    ASSERT_TRUE(llcjit::ndimage::rows_alias(view, kHeight));
    const std::ptrdiff_t pitch = llcjit::ndimage::skewed_pitch(view);
    std::vector<std::byte> storage;
    llcjit::ndimage::SkewedRows rows(view, kLow, kHeight, storage);
    for (std::ptrdiff_t i : order) {
      const char *at = rows.row(i);
      for (std::ptrdiff_t r = i + kLow; r < i + kLow + kHeight; ++r)
        for (std::ptrdiff_t c = 0; c < kColumns; ++c) {
          double got;
          std::memcpy(&got, at + (r - i) * pitch + c * std::ptrdiff_t{sizeof got}, sizeof got);
          ASSERT_EQ(bits(got), bits(element(view, r, c)))
              << "row " << r << ", column " << c << " asked for at row " << i
              << (view.strides[1] == sizeof got ? "" : ", strided");
        }
    }
  }
}

TEST(SkewedRows, TheFusedLoopOverThemGivesTheBruteForceBits) {
  constexpr std::ptrdiff_t kRows = 61, kColumns = 512;
  std::vector<double> input = image(2 * kRows * kColumns, 5);
  // Rows of 512 float64 (4 KiB), whose border the band computes; and every
  // other column of rows of 1024, whose border is gathered (the band lays
  // out the source's columns, the skewed rows packed ones).
  const ArrayView contiguous = ArrayView::contiguous(input.data(), {kRows, kColumns});
  const ArrayView strided{input.data(), {kRows, kColumns}, {16 * kColumns, 16}, DType::Float64};
  // Fewer cells than their running algorithms cost, so fused.
  Footprint holes = Footprint::box({13, 2});
  for (std::size_t k = 0; k < holes.mask.size(); k += 3)
    holes.mask[k] = 0;
  const std::vector<Footprint> footprints = {Footprint::box({15, 1}), Footprint::box({19, 1}),
                                             holes};
  const llcjit::Options options{.kind = llcjit::Kind::Filter};
  std::size_t checked = 0;
  for (const ArrayView &view : {contiguous, strided})
    // (A line's max and min would run as a pair: line_pairs.hpp.)
    for (const char *source : {"max(values) - nanmin(values)", "var(values) + max(values)"}) {
      const llcjit::Callback kernel = llcjit::compile(source, options);
      const bool has_sum = extreme_images::has_sum(source);
      for (const Footprint &footprint : footprints) {
        const std::ptrdiff_t h = footprint.shape[0], w = footprint.shape[1];
        ASSERT_TRUE(llcjit::ndimage::rows_alias(view, h));
        for (const std::vector<std::ptrdiff_t> &origin :
             {std::vector<std::ptrdiff_t>{0, 0}, {-(h / 2), (w - 1) / 2}, {(h - 1) / 2, -(w / 2)}})
          for (Mode mode : kModes) {
            const llcjit::FilterOptions brute{
                .mode = mode, .cval = -0.5, .origin = origin, .threads = 1, .fuse = false};
            ASSERT_NE(llcjit::filter_algorithm(kernel, footprint, {.origin = origin},
                                               DType::Float64, DType::Float64)
                          .find("the fused loop"),
                      std::string::npos)
                << source << " over " << h << "x" << w << " runs another algorithm";
            std::vector<double> want(kRows * kColumns);
            llcjit::generic_filter(view, ArrayView::contiguous(want.data(), {kRows, kColumns}),
                                   kernel, {}, footprint, brute);
            for (unsigned threads : {1U, 2U}) {
              llcjit::FilterOptions fused = brute;
              fused.fuse = true;
              fused.threads = threads;
              std::vector<double> got(kRows * kColumns);
              llcjit::generic_filter(view, ArrayView::contiguous(got.data(), {kRows, kColumns}),
                                     kernel, {}, footprint, fused);
              for (std::size_t i = 0; i < got.size(); ++i)
                ASSERT_TRUE(extreme_images::same(got[i], want[i], has_sum))
                    << got[i] << " vs " << want[i] << ": " << source << " over " << h << "x" << w
                    << ", element " << i << ", mode " << static_cast<int>(mode) << ", origin "
                    << origin[0] << "," << origin[1] << ", threads " << threads
                    << (view.strides[1] == sizeof(double) ? "" : ", strided");
              ++checked;
            }
          }
      }
    }
  EXPECT_EQ(checked, 2U * 2 * 3 * 3 * std::size(kModes) * 2);
}

} // namespace
