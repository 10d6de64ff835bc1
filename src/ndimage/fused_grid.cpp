// The definitions of fused_grid.hpp.
#include "ndimage/fused_grid.hpp"

#include "ndimage/fast_filter.hpp"
#include "ndimage/skewed_rows.hpp"
#include "ndimage/slices.hpp"

#include <cstdint>

namespace llcjit::ndimage {

FusedGrid fused_grid(const ArrayView &source, const ArrayView &output, const Footprint &footprint,
                     std::span<const std::ptrdiff_t> origin) {
  // Any number of channels: the border band bounds its own scratch. The
  // footprint's columns then reach channels times as far.
  std::ptrdiff_t reach = 0;
  if (const auto slicing = pixel_slicing(footprint, origin))
    if (const auto image = interleaved_of(*slicing, source, output, PTRDIFF_MAX);
        image && !__builtin_mul_overflow(slicing->footprint.shape[1], image->channels, &reach))
      return {image->input, image->output, slicing->footprint, slicing->origin, image->channels};
  return {source, output, footprint, {origin.begin(), origin.end()}};
}

std::optional<ArrayView> skewed_read(const Callback &kernel, const FusedGrid &grid,
                                     std::size_t cells) {
  if (!rows_alias(grid.source, grid.footprint.shape[0]) || !reads_every_cell(kernel, cells))
    return std::nullopt;
  ArrayView read = grid.source;
  read.strides = {skewed_pitch(grid.source),
                  static_cast<std::ptrdiff_t>(item_size(grid.source.dtype))};
  return read;
}

} // namespace llcjit::ndimage
