// Colour images through generic_filter along their rows of pixels: the
// fused loop (a 3-d array's footprint of one element along its channels
// over rows of width x channels elements, its columns read every
// channels-th element, the mode mapping pixels) and formulas of several
// box extremes or integer sums tile by tile (combine_by_tiles with
// channels) give the brute-force loop's bits, for 1 to 6 channels, every
// mode, extreme origins, boxes, even boxes, footprints with holes and
// lines along either axis, images of one pixel, narrower than the
// footprint, and rows cut between tasks inside a pixel, into another
// dtype, in place, on one and two threads, with a cval the border's copy
// cannot hold (each neighbourhood gathered then, and no integer sums).
#include "extreme_images.hpp"

#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

using extreme_images::kModes;
using llcjit::ArrayView;
using llcjit::DType;
using llcjit::Footprint;
using llcjit::Mode;

// Footprints over pixels, as (k, k, 1) footprints of a colour image.
std::vector<Footprint> pixel_footprints() {
  Footprint holes = Footprint::box({3, 4, 1});
  holes.mask[1] = holes.mask[6] = 0;
  return {Footprint::box({3, 3, 1}), Footprint::box({2, 5, 1}), holes, Footprint::box({1, 5, 1}),
          Footprint::box({4, 1, 1})};
}

// The three extreme origins of a footprint along its first two axes.
std::vector<std::vector<std::ptrdiff_t>> origins_of(const Footprint &footprint) {
  const std::ptrdiff_t h = footprint.shape[0], w = footprint.shape[1];
  return {{0, 0, 0}, {-(h / 2), (w - 1) / 2, 0}, {(h - 1) / 2, -(w / 2), 0}};
}

// Small integers with ties, as bytes of `dtype`.
std::vector<char> pixels(std::size_t count, DType dtype, unsigned seed) {
  const std::vector<double> values = extreme_images::image(count, seed);
  std::vector<char> bytes(count * llcjit::item_size(dtype));
  for (std::size_t i = 0; i < count; ++i) {
    // Shifted to non-negative for unsigned types; NaN and infinities only
    // in floats.
    const double x = std::isfinite(values[i]) ? values[i] + 3 : 5;
    if (dtype == DType::UInt8) {
      bytes[i] = static_cast<char>(static_cast<std::uint8_t>(x));
    } else {
      const double y = dtype == DType::Float64 ? values[i] : x;
      std::memcpy(&bytes[i * 8], &y, 8);
    }
  }
  return bytes;
}

struct Case {
  std::vector<std::ptrdiff_t> channel_counts;
  const char *source;
  DType input, output;
  std::ptrdiff_t height, width; // in pixels
  std::vector<Footprint> footprints;
  const char *route; // a phrase of filter_algorithm's text
};

// Whether two outputs of `dtype` match: bit for bit, but for the sign of a
// NaN a sum made (extreme_images::same).
bool same_outputs(const std::vector<char> &got, const std::vector<char> &want, DType dtype,
                  bool has_sum) {
  if (dtype != DType::Float64 || !has_sum || got.size() != want.size())
    return got == want;
  for (std::size_t i = 0; i < got.size(); i += sizeof(double)) {
    double x, y;
    std::memcpy(&x, &got[i], sizeof x);
    std::memcpy(&y, &want[i], sizeof y);
    if (!extreme_images::same(x, y, true))
      return false;
  }
  return true;
}

// Adds the comparisons made to `checked`.
void check(const Case &c, std::size_t &checked) {
  const llcjit::Callback kernel =
      llcjit::compile(c.source, llcjit::Options{.kind = llcjit::Kind::Filter});
  const bool has_sum = extreme_images::has_sum(c.source);
  for (std::ptrdiff_t channels : c.channel_counts) {
    const std::vector<std::ptrdiff_t> shape{c.height, c.width, channels};
    const auto count = static_cast<std::size_t>(c.height * c.width * channels);
    const std::vector<char> input = pixels(count, c.input, static_cast<unsigned>(channels));
    const ArrayView in = ArrayView::contiguous(const_cast<char *>(input.data()), shape, c.input);
    const std::size_t out_bytes = count * llcjit::item_size(c.output);
    for (const Footprint &footprint : c.footprints)
      for (const std::vector<std::ptrdiff_t> &origin : origins_of(footprint)) {
        const std::string route =
            llcjit::filter_algorithm(kernel, footprint, {.origin = origin}, c.input, c.output);
        EXPECT_NE(route.find(c.route), std::string::npos) << c.source << ": " << route;
        for (Mode mode : kModes)
          // 0.5 is no uint8: the border gathers each neighbourhood.
          for (double cval : {2.0, 0.5}) {
            const llcjit::FilterOptions brute{
                .mode = mode, .cval = cval, .origin = origin, .threads = 1, .fuse = false};
            std::vector<char> want(out_bytes);
            llcjit::generic_filter(in, ArrayView::contiguous(want.data(), shape, c.output), kernel,
                                   {}, footprint, brute);
            for (unsigned threads : {1U, 2U}) {
              llcjit::FilterOptions fused = brute;
              fused.fuse = true;
              fused.threads = threads;
              std::vector<char> got(out_bytes, 1);
              llcjit::generic_filter(in, ArrayView::contiguous(got.data(), shape, c.output), kernel,
                                     {}, footprint, fused);
              ASSERT_TRUE(same_outputs(got, want, c.output, has_sum))
                  << c.source << " over " << footprint.shape[0] << "x" << footprint.shape[1]
                  << " of " << c.height << "x" << c.width << "x" << channels << ", mode "
                  << static_cast<int>(mode) << ", cval " << cval << ", origin " << origin[0] << ","
                  << origin[1] << ", threads " << threads;
              ++checked;
            }
            // In place: the output overlaps the input, which is copied.
            if (c.input == c.output) {
              std::vector<char> same = input;
              const ArrayView view = ArrayView::contiguous(same.data(), shape, c.input);
              llcjit::FilterOptions fused = brute;
              fused.fuse = true;
              llcjit::generic_filter(view, view, kernel, {}, footprint, fused);
              ASSERT_TRUE(same_outputs(same, want, c.output, has_sum))
                  << c.source << " in place, mode " << static_cast<int>(mode);
            }
          }
      }
  }
}

// The fused loop's route, and that of several box reductions at once.
constexpr const char *kFused = "vectorised along its rows of pixels";
constexpr const char *kAtOnce = "all channels at once along its rows of pixels";
constexpr DType kU8 = DType::UInt8, kF64 = DType::Float64;

TEST(PixelRows, TheFusedLoopAlongThemGivesTheBruteForceBits) {
  const std::vector<Footprint> footprints = pixel_footprints();
  // Rows of 701 pixels of 6 channels (4206 elements) are cut between tasks
  // at 4096, inside a pixel. Rows of 256 float64 pixels of 2 channels lie
  // 4 KiB apart, and of 1024 of 5 40 KiB (cut between tasks): a footprint
  // of 13 rows reads them from skewed rows.
  const Footprint tall = Footprint::box({13, 3, 1});
  const std::vector<Case> cases = {
      {{1, 3, 6}, "median(values)", kU8, kU8, 9, 701, footprints, kFused},
      {{2, 3, 5}, "values[0] - 2 * mean(values)", kF64, kF64, 7, 23, footprints, kFused},
      {{3}, "values[0] - 2 * mean(values)", kU8, kF64, 5, 1, footprints, kFused},
      {{4}, "sum(values * values)", kF64, kF64, 1, 2, footprints, kFused},
      {{2}, "var(values) + max(values)", kF64, kF64, 40, 256, {tall}, kFused},
      {{5}, "var(values) + max(values)", kF64, kF64, 20, 1024, {tall}, kFused}};
  std::size_t checked = 0;
  for (const Case &c : cases)
    check(c, checked);
  EXPECT_EQ(checked, ((3U + 3 + 1 + 1) * 5 + 2) * 3 * std::size(kModes) * 2 * 2);
}

// (Tiles of whole pixels: combined_reductions_test.cpp.)
TEST(PixelRows, SeveralBoxReductionsGiveTheBruteForceBits) {
  const std::vector<Footprint> boxes = {Footprint::box({3, 3, 1}), Footprint::box({9, 12, 1})};
  // Up to 4 channels interleave; 5 lie too far apart for slices, and run
  // the fused loop along the rows of pixels. (Two integer sums cost more
  // than the fused loop over 3x3.)
  const std::vector<Case> cases = {
      {{1, 3, 5}, "max(values) - min(values)", kU8, kU8, 30, 40, boxes, kAtOnce},
      {{4}, "sum(values) - 3 * mean(values)", kU8, kF64, 41, 67, {boxes[1]}, kAtOnce},
      {{3}, "max(values) - min(values)", kF64, kF64, 17, 83, {boxes[1]}, kAtOnce}};
  std::size_t checked = 0;
  for (const Case &c : cases)
    check(c, checked);
  EXPECT_EQ(checked, (3U * 2 + 1 + 1) * 3 * std::size(kModes) * 2 * 2);
}

// Lines along either axis plan as the boxes do, and interleave (a float64
// moving range from 21 cells).
TEST(PixelRows, LinesAlongEitherAxisRunAllChannelsAtOnce) {
  const std::vector<Footprint> lines = {Footprint::box({1, 9, 1}), Footprint::box({12, 1, 1})};
  const std::vector<Case> cases = {{{1, 3}, "min(values)", kU8, kU8, 30, 40, lines, kAtOnce},
                                   {{4}, "mean(values)", kU8, kU8, 21, 17, lines, kAtOnce},
                                   {{2},
                                    "max(values) - min(values)",
                                    kF64,
                                    kF64,
                                    17,
                                    83,
                                    {Footprint::box({1, 25, 1})},
                                    kAtOnce}};
  std::size_t checked = 0;
  for (const Case &c : cases)
    check(c, checked);
  EXPECT_EQ(checked, (2U * 2 + 2 + 1) * 3 * std::size(kModes) * 2 * 2);
}

} // namespace
