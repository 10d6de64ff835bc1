// A 2-d float64 array in tiles for the box sums (box_sums.cpp), which run
// both their passes while a tile is in the cache: the input is read once and the output
// written once. A tile of output needs the input rows and columns its
// windows reach; the pass along the rows reads those rows eight at a time
// as the lanes of a line (line_bundles.hpp's layout).
#pragma once

#include "ndimage/boundary.hpp"
#include "ndimage/line_bundles.hpp"
#include "ndimage/vectors.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

namespace llcjit::ndimage {

inline constexpr std::ptrdiff_t kTileColumns = 256;

/// Output rows [r0, r1) and columns [c0, c1), and the windows around them.
struct Tile {
  std::ptrdiff_t r0, r1, c0, c1;
  Window down, across;

  std::ptrdiff_t rows() const { return r1 - r0; }
  std::ptrdiff_t columns() const { return c1 - c0; }
  /// The input rows the tile's windows reach (the band).
  std::ptrdiff_t band_rows() const { return rows() + down.size - 1; }
  /// The extended columns the tile's windows reach.
  std::ptrdiff_t extended() const { return columns() + across.size - 1; }
};

/// Runs work(tile, scratch) for every tile of the 2-d array `input` (256
/// columns, `tile_rows` rows), in parallel; each thread keeps its Scratch
/// across tiles. work returns false to stop. The tiles do not depend on
/// the number of threads.
template <typename Scratch, typename Work>
void for_each_tile(const ArrayView &input, Window down, Window across, std::ptrdiff_t tile_rows,
                   parallel::Workers threads, Work work) {
  const std::ptrdiff_t height = input.shape[0], width = input.shape[1];
  const std::ptrdiff_t tiles_across = (width + kTileColumns - 1) / kTileColumns;
  const std::ptrdiff_t tiles = (height + tile_rows - 1) / tile_rows * tiles_across;
  parallel::parallel_for(tiles, threads, [&](const tbb::blocked_range<std::ptrdiff_t> &range) {
    // Kept across calls, as line_bundles.hpp's: buffers of the window's
    // rows, which allocated afresh per call would cost a page fault per
    // page on every call.
    thread_local Scratch scratch;
    for (std::ptrdiff_t t = range.begin(); t != range.end(); ++t) {
      const std::ptrdiff_t r0 = t / tiles_across * tile_rows;
      const std::ptrdiff_t c0 = t % tiles_across * kTileColumns;
      const Tile tile{r0,   std::min(height, r0 + tile_rows),
                      c0,   std::min(width, c0 + kTileColumns),
                      down, across};
      if (!work(tile, scratch))
        return;
    }
  });
}

/// Where each of a tile's extended columns reads: the column (-1: cval);
/// those in [inside_begin, inside_end) read themselves.
struct ColumnMap {
  std::vector<std::ptrdiff_t> source;
  std::ptrdiff_t inside_begin = 0, inside_end = 0;

  /// For `tile` of an array `width` columns wide, under `mode`; columns of
  /// pixels of `channels` interleaved elements map by pixel.
  void build(const Tile &tile, std::ptrdiff_t width, Mode mode, std::ptrdiff_t channels = 1);
};

/// Reads the tile's band rows [first, first + kLanes) (the last repeated past
/// the band) along its extended columns (`map`, built for the tile) into
/// `line`, laid out [t][lane]: each row mapped by the mode, cval outside.
/// Rows of contiguous doubles are read in 8x8 blocks, transposed in vectors
/// V (the caller's target's width).
template <typename V>
void read_band_rows(const ArrayView &input, const Tile &tile, const ColumnMap &map,
                    std::ptrdiff_t first, Mode mode, double cval, std::vector<double> &line) {
  const std::ptrdiff_t height = input.shape[0];
  const std::ptrdiff_t extended = tile.extended();
  const char *in = reinterpret_cast<const char *>(input.data);
  const std::ptrdiff_t step = input.strides[1];
  const std::vector<std::ptrdiff_t> &columns = map.source;
  line.resize(static_cast<std::size_t>(extended * kLanes));
  std::array<const char *, kLanes> rows; // null: the row reads cval
  bool all_rows = true;
  for (std::ptrdiff_t k = 0; k < kLanes; ++k) {
    const auto row =
        extend(tile.r0 + tile.down.low + std::min(first + k, tile.band_rows() - 1), height, mode);
    rows[k] = row ? in + *row * input.strides[0] : nullptr;
    all_rows &= row.has_value();
  }
  const std::ptrdiff_t inside_column = tile.c0 + tile.across.low; // extended column 0
  std::ptrdiff_t blocked = map.inside_begin; // inside columns read in blocks up to here
  if (all_rows && step == sizeof(double))
    for (; blocked + kLanes <= map.inside_end; blocked += kLanes)
      transpose8x8<V>(
          [&](std::ptrdiff_t k) {
            return reinterpret_cast<const double *>(rows[k]) + inside_column + blocked;
          },
          [&](std::ptrdiff_t j) { return &line[(blocked + j) * kLanes]; });
  for (std::ptrdiff_t k = 0; k < kLanes; ++k) {
    double *lane = &line[k];
    const char *source = rows[k];
    if (!source) {
      for (std::ptrdiff_t t = 0; t < extended; ++t)
        lane[t * kLanes] = cval;
      continue;
    }
    // Each row read along itself.
    for (std::ptrdiff_t t = 0; t < map.inside_begin; ++t)
      lane[t * kLanes] = columns[t] >= 0 ? load<double>(source + columns[t] * step) : cval;
    const char *inside = source + inside_column * step;
    for (std::ptrdiff_t t = blocked; t < map.inside_end; ++t)
      lane[t * kLanes] = load<double>(inside + t * step);
    for (std::ptrdiff_t t = map.inside_end; t < extended; ++t)
      lane[t * kLanes] = columns[t] >= 0 ? load<double>(source + columns[t] * step) : cval;
  }
}

} // namespace llcjit::ndimage
