// What the fused loop of generic_filter.cpp runs over, and how it reads it:
// the arrays themselves, or a colour image's rows of interleaved pixels;
// read in place, or from skewed rows where the rows alias in the cache.
#pragma once

#include <llcjit/callback.hpp>
#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace llcjit::ndimage {

/// The arrays, footprint and origin the fused loop walks: the given ones,
/// or a colour image's rows of interleaved pixels under a footprint of one
/// element along its channels (slices.hpp's pixel_slicing), along which
/// its vectors hold every channel of many pixels where along the last axis
/// they would hold one pixel's few (a 5x5 median of a 1024^2 RGB uint8
/// image took 115 ms that way against cv2.medianBlur's 4.2).
struct FusedGrid {
  ArrayView source, output;
  Footprint footprint;
  std::vector<std::ptrdiff_t> origin;
  std::ptrdiff_t channels = 1; // of a pixel along the last axis
};

/// The grid for these arrays (of one shape; footprint and origin
/// validated).
FusedGrid fused_grid(const ArrayView &source, const ArrayView &output, const Footprint &footprint,
                     std::span<const std::ptrdiff_t> origin);

/// Skewed rows (skewed_rows.hpp) as the fused loop reads them, where the
/// rows of `grid`'s source lie a multiple of 4 KiB apart and the formula
/// reads every one of its `cells`; else std::nullopt (it reads the source).
std::optional<ArrayView> skewed_read(const Callback &kernel, const FusedGrid &grid,
                                     std::size_t cells);

} // namespace llcjit::ndimage
