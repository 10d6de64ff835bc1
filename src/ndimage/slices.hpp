// A footprint that spans two axes of an array of three or more (extent 1
// along the others) filters each 2-d slice across those others on its own:
// a colour image's channels under a (k, k, 1) box, a stack's frames under
// (1, k, k). The 2-d algorithms, whose cost per element is a fraction of
// the per-axis passes' of volumes, then run slice by slice.
#pragma once

#include "ndimage/c_order.hpp"

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <optional>
#include <span>
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
// its elements lie this many elements apart at most along the array's
// axes after the slice's (a colour image's 3 or 4 channels), so that each
// cache line read serves every slice it holds. Further apart, each slice
// would read the whole array's memory (a hyperspectral cube's 200 bands:
// 200 times).
inline constexpr std::ptrdiff_t kMinSliceElements = 4096;
inline constexpr std::ptrdiff_t kMaxSliceSpacing = 4;

/// Whether the slices of an array of `shape` pay their own calls.
bool slices_pay(const Slicing &slicing, std::span<const std::ptrdiff_t> shape);

/// The 2-d slice of `array` at `index` along the axes across the slices.
ArrayView slice_at(const ArrayView &array, const Slicing &slicing,
                   std::span<const std::ptrdiff_t> index);

/// Runs `run(source_slice, output_slice)` for each 2-d slice of the two
/// arrays (of one shape) in C order of the axes across them; false as soon
/// as a run returns false.
template <typename Run>
bool for_each_slice(const Slicing &slicing, const ArrayView &source, const ArrayView &output,
                    Run run) {
  std::vector<std::ptrdiff_t> extents, index(slicing.across.size(), 0);
  std::ptrdiff_t count = 1;
  for (std::size_t axis : slicing.across) {
    extents.push_back(source.shape[axis]);
    count *= source.shape[axis];
  }
  for (std::ptrdiff_t s = 0; s < count; ++s, next_in_c_order(index, extents))
    if (!run(slice_at(source, slicing, index), slice_at(output, slicing, index)))
      return false;
  return true;
}

} // namespace llcjit::ndimage
