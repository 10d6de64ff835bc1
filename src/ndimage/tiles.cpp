// The definitions of tiles.hpp.
#include "ndimage/tiles.hpp"

#include "ndimage/boundary.hpp"

namespace llcjit::ndimage {

void ColumnMap::build(const Tile &tile, std::ptrdiff_t width, Mode mode, std::ptrdiff_t channels) {
  const std::ptrdiff_t extended = tile.extended();
  const std::ptrdiff_t start = tile.c0 + tile.across.low; // extended column 0
  source.resize(static_cast<std::size_t>(extended));
  for (std::ptrdiff_t t = 0; t < extended; ++t)
    source[t] = extend_pixel(start + t, width / channels, channels, mode).value_or(-1);
  inside_begin = std::clamp<std::ptrdiff_t>(-start, 0, extended);
  inside_end = std::clamp<std::ptrdiff_t>(width - start, inside_begin, extended);
}

} // namespace llcjit::ndimage
