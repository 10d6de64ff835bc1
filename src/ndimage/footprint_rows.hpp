// A footprint seen row by row: the cells that share their index on every
// axis but the last, as runs along the last axis. The running filters move
// a window one element along a line by updating each run's two ends.
#pragma once

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <span>
#include <vector>

namespace llcjit::ndimage {

struct Run {
  std::ptrdiff_t start, size; // cells [start, start + size) of the last axis
};

struct FootprintRow {
  std::vector<std::ptrdiff_t> offset; // per axis but the last, origin applied
  std::vector<Run> runs;
};

/// The footprint's non-empty rows in C order (origin validated).
std::vector<FootprintRow> footprint_rows(const Footprint &footprint,
                                         std::span<const std::ptrdiff_t> origin);

} // namespace llcjit::ndimage
