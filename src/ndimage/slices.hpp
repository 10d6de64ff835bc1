// A footprint that spans two axes of an array of three or more (extent 1
// along the others), or one element along the last of three, filters each
// 2-d slice across those others on its own: a colour image's channels
// under a (k, k, 1) box or a (1, k, 1) line, a stack's frames under
// (1, k, k). The 2-d algorithms, whose cost per element is a fraction of
// the per-axis passes' of volumes, then run slice by slice; and a line
// runs as an image of one row.
#pragma once

#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <atomic>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace llcjit::ndimage {

/// The slices of a footprint: its axes of extent 1, and the 2-d footprint
/// and origin of each slice.
struct Slicing {
  std::vector<std::size_t> across; // the footprint's axes of extent 1
  Footprint footprint;             // over the two other axes
  std::vector<std::ptrdiff_t> origin;
};

/// The slicing of `footprint` (origin validated), or std::nullopt unless
/// it has three axes or more and spans exactly two.
std::optional<Slicing> slicing_of(const Footprint &footprint,
                                  std::span<const std::ptrdiff_t> origin);

// A slice pays its own call when it holds this many elements at least, and
// its elements lie this many elements apart in memory at most (a colour
// image's 3 or 4 channels), so that each cache line read serves every
// slice it holds. Further apart, each slice would read the whole array's
// memory (a hyperspectral cube's 200 bands: 200 times).
inline constexpr std::ptrdiff_t kMinSliceElements = 4096;
inline constexpr std::ptrdiff_t kMaxSliceSpacing = 4;

/// Whether the slices of `array` pay their own calls: its strides, not only
/// its shape, say how far apart a slice's elements lie.
bool slices_pay(const Slicing &slicing, const ArrayView &array);

/// A 1-d array as a 2-d image of one row, and its footprint and origin as
/// the row's: the 2-d algorithms (along whole rows by doubling, in vectors
/// of the element type; sums on exact grids) beat the per-axis passes on a
/// line (a 101-element minimum of 2^20 uint16: 0.42 ms against 1.6; a
/// float64 mean 2.0 against 7.5).
struct Row {
  Footprint footprint;
  std::vector<std::ptrdiff_t> origin;
};
Row row_of(const Footprint &line, std::span<const std::ptrdiff_t> origin);
ArrayView as_row(const ArrayView &line);

/// Whether the slices lie across the last axis of three: a colour image's
/// channels under a (k, k, 1) footprint.
bool across_channels(const Slicing &slicing);

/// A footprint of one element along the last of three axes (origin
/// validated) as slices across it, whatever it spans along the first two
/// ((k, k, 1), (1, k, 1), (k, 1, 1)): what the fused loop reads along a
/// colour image's rows of pixels. std::nullopt for other footprints.
std::optional<Slicing> pixel_slicing(const Footprint &footprint,
                                     std::span<const std::ptrdiff_t> origin);

/// How filter_algorithm's texts name the layout interleaved_of takes.
inline constexpr std::string_view kPackedPixels =
    "where a 3-d array's pixels lie packed (along axis 2, in C order, the output likewise)";

/// A colour image in C order, its channels interleaved: an array of rank 3
/// whose footprint is one element along its last axis (`slicing` from
/// slicing_of or pixel_slicing), each pixel's channels (at most
/// `most_channels`) packed along that axis, the output alike. As the 2-d
/// arrays (height, width * channels) whose rows hold pixels of `channels`
/// elements, the box extremes and the integer sums filter every channel at
/// once along contiguous rows, where the slices would read each channel
/// elements apart; the fused loop runs along those rows, where along the
/// last axis its vectors would hold a pixel's few channels.
struct Interleaved {
  ArrayView input, output;
  std::ptrdiff_t channels;
};
std::optional<Interleaved> interleaved_of(const Slicing &slicing, const ArrayView &input,
                                          const ArrayView &output,
                                          std::ptrdiff_t most_channels = kMaxSliceSpacing);

/// The view of `array` at `index` along the axes `across`, without them.
ArrayView slice_at(const ArrayView &array, std::span<const std::size_t> across,
                   std::span<const std::ptrdiff_t> index);

/// Runs `run(source_slice, output_slice, threads)` for each 2-d slice of
/// the two arrays (of one shape), on `threads` threads (0: all cores). The
/// first slice runs alone on all of them (whatever it compiles, it
/// compiles once); the others, where they share the threads evenly (a
/// multiple of them, or four slices a thread or more: a stack of many
/// small frames), in parallel, each on one thread; otherwise one after
/// another, each on all of them (3 colour channels on 2 cores). False when
/// a run returns false; the runs left then may not have run.
template <typename Run>
bool for_each_slice(const Slicing &slicing, const ArrayView &source, const ArrayView &output,
                    unsigned threads, Run run) {
  std::ptrdiff_t count = 1;
  for (std::size_t axis : slicing.across)
    count *= source.shape[axis];
  const auto slice = [&](std::ptrdiff_t s, unsigned slice_threads) {
    std::vector<std::ptrdiff_t> index(slicing.across.size());
    for (std::size_t k = index.size(); k-- > 0;) {
      const std::ptrdiff_t extent = source.shape[slicing.across[k]];
      index[k] = s % extent;
      s /= extent;
    }
    return run(slice_at(source, slicing.across, index), slice_at(output, slicing.across, index),
               slice_threads);
  };
  if (count == 0)
    return true;
  if (!slice(0, threads))
    return false;
  const auto cores = static_cast<std::ptrdiff_t>(
      threads != 0 ? threads : static_cast<unsigned>(tbb::this_task_arena::max_concurrency()));
  const std::ptrdiff_t rest = count - 1;
  const bool apart = rest % cores == 0 || rest >= 4 * cores;
  std::atomic<bool> ran = true;
  parallel::parallel_for(rest, apart ? threads : 1,
                         [&](const tbb::blocked_range<std::ptrdiff_t> &slices) {
                           for (std::ptrdiff_t s = slices.begin(); s != slices.end() && ran; ++s)
                             if (!slice(s + 1, apart ? 1U : threads))
                               ran = false;
                         });
  return ran;
}

} // namespace llcjit::ndimage
