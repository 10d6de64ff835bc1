// The definitions of tiles.hpp.
#include "ndimage/tiles.hpp"

#include "ndimage/boundary.hpp"

#include <cstring>

namespace llcjit::ndimage {

void ColumnMap::build(const Tile &tile, std::ptrdiff_t width, Mode mode) {
  const std::ptrdiff_t extended = tile.extended();
  const std::ptrdiff_t start = tile.c0 + tile.across.low; // extended column 0
  source.resize(static_cast<std::size_t>(extended));
  for (std::ptrdiff_t t = 0; t < extended; ++t)
    source[t] = extend(start + t, width, mode).value_or(-1);
  inside_begin = std::clamp<std::ptrdiff_t>(-start, 0, extended);
  inside_end = std::clamp<std::ptrdiff_t>(width - start, inside_begin, extended);
}

void read_band_rows(const ArrayView &input, const Tile &tile, const ColumnMap &map,
                    std::ptrdiff_t first, Mode mode, double cval, std::vector<double> &line) {
  const std::ptrdiff_t height = input.shape[0];
  const std::ptrdiff_t extended = tile.extended();
  const char *in = reinterpret_cast<const char *>(input.data);
  const std::ptrdiff_t step = input.strides[1];
  const std::vector<std::ptrdiff_t> &columns = map.source;
  line.resize(static_cast<std::size_t>(extended * kLanes));
  for (std::ptrdiff_t k = 0; k < kLanes; ++k) {
    const auto row =
        extend(tile.r0 + tile.down.low + std::min(first + k, tile.band_rows() - 1), height, mode);
    double *lane = &line[k];
    if (!row) {
      for (std::ptrdiff_t t = 0; t < extended; ++t)
        lane[t * kLanes] = cval;
      continue;
    }
    // Each row read along itself.
    const char *source = in + *row * input.strides[0];
    for (std::ptrdiff_t t = 0; t < map.inside_begin; ++t)
      lane[t * kLanes] = columns[t] >= 0 ? load(source + columns[t] * step) : cval;
    const char *inside = source + (tile.c0 + tile.across.low) * step;
    for (std::ptrdiff_t t = map.inside_begin; t < map.inside_end; ++t)
      lane[t * kLanes] = load(inside + t * step);
    for (std::ptrdiff_t t = map.inside_end; t < extended; ++t)
      lane[t * kLanes] = columns[t] >= 0 ? load(source + columns[t] * step) : cval;
  }
}

} // namespace llcjit::ndimage
