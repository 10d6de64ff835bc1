// The definitions of footprint_rows.hpp.
#include "ndimage/footprint_rows.hpp"

#include "ndimage/c_order.hpp"
#include "ndimage/window.hpp"

namespace llcjit::ndimage {

std::vector<FootprintRow> footprint_rows(const Footprint &footprint,
                                         std::span<const std::ptrdiff_t> origin) {
  const std::size_t rank = footprint.shape.size();
  const std::ptrdiff_t width = footprint.shape[rank - 1];
  std::vector<FootprintRow> rows;
  std::vector<std::ptrdiff_t> cell(rank, 0);
  for (std::size_t first = 0; first < footprint.mask.size(); first += width) {
    FootprintRow row;
    for (std::size_t axis = 0; axis + 1 < rank; ++axis)
      row.offset.push_back(cell[axis] + centred_window(footprint.shape[axis], origin[axis]).low);
    for (std::ptrdiff_t c = 0; c < width; ++c) {
      if (!footprint.mask[first + c])
        continue;
      if (!row.runs.empty() && row.runs.back().start + row.runs.back().size == c)
        ++row.runs.back().size;
      else
        row.runs.push_back({c, 1});
    }
    if (!row.runs.empty())
      rows.push_back(std::move(row));
    for (std::ptrdiff_t c = 0; c < width; ++c)
      next_in_c_order(cell, footprint.shape);
  }
  return rows;
}

} // namespace llcjit::ndimage
