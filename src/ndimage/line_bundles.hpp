// The lines of an N-d array along one axis, handed out in bundles of lines
// that lie side by side in memory, so that a 1-D algorithm runs on all the
// lines of a bundle at once: vectorised across them, and reading whole cache
// lines. Along the last axis a bundle is kLanes lines of consecutive rows
// (read in tiles and transposed); along any other axis it is a stretch of
// up to kWideLanes consecutive elements of each row, so that the pass walks
// memory row by row. Where fewer than kLanes lines lie side by side (a
// volume's last axis of 3 channels, or a 1-d array), each line is cut into
// segments instead, and a bundle's lanes are consecutive segments of one
// line: up to eight lanes busy where one to seven were, buffers the size
// of a segment and not of the line, and a long line shared among the
// threads. Used by the window-independent filters, which run one 1-D pass
// per axis.
#pragma once

#include "ndimage/boundary.hpp"
#include "ndimage/window.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

namespace llcjit::ndimage {

inline constexpr std::ptrdiff_t kLanes = 8;
inline constexpr std::ptrdiff_t kWideLanes = 256;
// A segment's elements: at least this many, and twice the rows its window
// reads beyond them, so that reading those costs half as much again at
// most (uncut, seven lanes of eight would repeat the first: a 100,001-
// element minimum of 2^20 float64 took 28 ms). Eight lanes of 4096
// doubles take 256 KiB per buffer, which the L2 holds for the extremes'
// two and nearly for the pair sums' four.
inline constexpr std::ptrdiff_t kSegment = 4096;

/// The element of type T at `at`, which need not be aligned (NumPy's views
/// may not be).
template <typename T = double>
inline constexpr auto load = [](const char *at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  return value;
};

/// Where a bundle's lanes lie in the input and output arrays, in bytes
/// from each array's first element. A lane is a whole line, or with
/// `segment` a segment of one: lane k then starts at index start + k *
/// segment along the axis of a line of line_length elements.
struct Bundle {
  std::ptrdiff_t from;                   // element 0 of lane 0 in the input
  std::ptrdiff_t to;                     // element 0 of lane 0 in the output
  std::ptrdiff_t lanes;                  // 1..width
  std::ptrdiff_t width;                  // lanes per buffer row: kLanes..kWideLanes
  std::ptrdiff_t from_lane;              // input: lane k starts at from + k * from_lane
  std::ptrdiff_t to_lane;                // output: likewise
  std::ptrdiff_t from_step;              // input: element t of a lane at + t * from_step
  std::ptrdiff_t to_step;                // output: likewise
  std::ptrdiff_t length;                 // elements per lane
  std::ptrdiff_t start;                  // lane 0's index along the axis
  std::ptrdiff_t segment;                // 0: lanes are lines; else elements between lanes
  std::ptrdiff_t line_length;            // elements per line
  std::span<const std::ptrdiff_t> index; // lane 0's index
  std::size_t lane_axis;                 // the axis across which the lanes lie; the rank if none

  /// The bytes between the lines of consecutive lanes (0: one line).
  std::ptrdiff_t from_line_step() const { return from_lane - segment * from_step; }
};

/// Runs `work(bundle, scratch)` for every bundle of lines along `axis` of
/// arrays of `shape` (strides in bytes), in parallel on `threads` (0: all
/// cores); `scratch` is the running thread's Scratch, reused across the
/// bundles it runs. `reach`: the elements a lane's window reads beyond
/// its own (the window's size - 1), which sets the length of segments.
/// `in_place`: the pass reads and writes the same array, so lines stay
/// whole (a segment's window reads its neighbours' elements, which their
/// own bundles may have overwritten).
/// The lanes of a bundle are adjacent along the last axis, or along the one
/// before it when `axis` is the last, or segments of one line. Each element
/// is in exactly one lane, and the cutting depends on the shape alone, so
/// the result does not depend on the number of threads.
template <typename Scratch, typename Work>
void for_each_bundle(std::span<const std::ptrdiff_t> shape, std::span<const std::ptrdiff_t> from,
                     std::span<const std::ptrdiff_t> to, std::size_t axis, std::ptrdiff_t reach,
                     bool in_place, parallel::Workers threads, Work work) {
  const std::size_t rank = shape.size();
  const std::size_t last = rank - 1;
  const std::ptrdiff_t length = shape[axis];
  // The axis across which lanes are taken; none for a 1-d array.
  std::size_t lane_axis = axis != last ? last : (rank >= 2 ? last - 1 : rank);
  // Across the last axis, as many lanes as it holds up to kWideLanes, in
  // whole vectors: a colour image's 3 channels fill 8 lanes, not 256.
  std::ptrdiff_t width =
      axis != last ? std::clamp((shape[last] + kLanes - 1) / kLanes * kLanes, kLanes, kWideLanes)
                   : kLanes;
  // Segments where fewer lines than kLanes lie side by side, and the lines
  // are long enough for two segments at least.
  const std::ptrdiff_t segment = std::max(kSegment, 2 * reach);
  const bool cut =
      !in_place && (lane_axis == rank || shape[lane_axis] < kLanes) && length >= 2 * segment;
  // A line's full segments, kLanes to a bundle, and then a bundle of one
  // lane for the rest of it.
  const std::ptrdiff_t full = length / segment, rest = length % segment;
  const std::ptrdiff_t full_bundles = (full + kLanes - 1) / kLanes;
  if (cut) {
    lane_axis = rank;
    width = kLanes;
  }
  std::vector<std::ptrdiff_t> outer; // the other axes' extents, lane axis in bundles
  for (std::size_t a = 0; a < rank; ++a) {
    if (a == axis)
      outer.push_back(cut ? full_bundles + (rest > 0 ? 1 : 0) : 1);
    else if (a == lane_axis)
      outer.push_back((shape[a] + width - 1) / width);
    else
      outer.push_back(shape[a]);
  }
  std::ptrdiff_t bundles = 1;
  for (std::ptrdiff_t extent : outer)
    bundles *= extent;
  auto body = [&](const tbb::blocked_range<std::ptrdiff_t> &range) {
    std::vector<std::ptrdiff_t> index(rank);
    // One TLS lookup per range, and buffers that keep their capacity.
    thread_local Scratch scratch;
    for (std::ptrdiff_t b = range.begin(); b != range.end(); ++b) {
      std::ptrdiff_t left = b;
      for (std::size_t a = rank; a-- > 0;) {
        index[a] = left % outer[a];
        left /= outer[a];
      }
      Bundle bundle{.from = 0,
                    .to = 0,
                    .lanes = 1,
                    .width = width,
                    .from_lane = 0,
                    .to_lane = 0,
                    .from_step = from[axis],
                    .to_step = to[axis],
                    .length = length,
                    .start = 0,
                    .segment = 0,
                    .line_length = length,
                    .index = {},
                    .lane_axis = lane_axis};
      if (cut) {
        const std::ptrdiff_t in_line = index[axis];
        const bool whole = in_line < full_bundles;
        bundle.start = (whole ? in_line * kLanes : full) * segment;
        bundle.lanes = whole ? std::min(kLanes, full - in_line * kLanes) : 1;
        bundle.length = whole ? segment : rest;
        bundle.segment = segment;
        bundle.from_lane = segment * from[axis];
        bundle.to_lane = segment * to[axis];
        index[axis] = bundle.start;
      }
      for (std::size_t a = 0; a < rank; ++a) {
        std::ptrdiff_t i = index[a];
        if (a == lane_axis) {
          i *= width;
          index[a] = i;
          bundle.lanes = std::min(width, shape[a] - i);
          bundle.from_lane = from[a];
          bundle.to_lane = to[a];
        }
        bundle.from += i * from[a];
        bundle.to += i * to[a];
      }
      bundle.index = index;
      work(bundle, scratch);
    }
  };
  parallel::parallel_for(bundles, threads, body);
}

/// Reads a bundle's lanes (of the array at `base`) extended by the window
/// under `mode` into `buffer`, laid out [t][lane] for t in [0, length + size - 1): element t
/// of lane k is the input at index start + k * segment + t + low of its
/// line, or `outside` where the mode reads the constant. `read(pointer)`
/// loads one element.
template <typename Value, typename Read>
void extend_bundle(const Bundle &bundle, const char *base, Window window, Mode mode, Value outside,
                   Read read, std::vector<Value> &buffer) {
  const std::ptrdiff_t extended = bundle.length + window.size - 1;
  const std::ptrdiff_t width = bundle.width;
  buffer.resize(static_cast<std::size_t>(extended * width));
  const char *line = base + bundle.from;
  // Rows [inside_begin, inside_end) read every lane's line itself; the
  // others go through the mode.
  const std::ptrdiff_t last_start = bundle.start + (bundle.lanes - 1) * bundle.segment;
  const std::ptrdiff_t inside_begin =
      std::clamp<std::ptrdiff_t>(-window.low - bundle.start, 0, extended);
  const std::ptrdiff_t inside_end = std::clamp<std::ptrdiff_t>(
      bundle.line_length - window.low - last_start, inside_begin, extended);
  const auto fill = [&](std::ptrdiff_t t) {
    Value *row = &buffer[static_cast<std::size_t>(t * width)];
    const char *at = line + (t + window.low) * bundle.from_step;
    for (std::ptrdiff_t k = 0; k < bundle.lanes; ++k)
      row[k] = read(at + k * bundle.from_lane);
    std::fill(row + bundle.lanes, row + width, row[0]); // lanes past the array
  };
  // Lanes that are lines map row t alike; segments each their own way.
  const auto fill_border = [&](std::ptrdiff_t t) {
    Value *row = &buffer[static_cast<std::size_t>(t * width)];
    std::optional<std::ptrdiff_t> index;
    for (std::ptrdiff_t k = 0; k < bundle.lanes; ++k) {
      const std::ptrdiff_t own = bundle.start + k * bundle.segment; // lane k's first index
      if (k == 0 || bundle.segment != 0)
        index = extend(own + t + window.low, bundle.line_length, mode);
      row[k] =
          index ? read(line + k * bundle.from_lane + (*index - own) * bundle.from_step) : outside;
    }
    std::fill(row + bundle.lanes, row + width, row[0]);
  };
  for (std::ptrdiff_t t = 0; t < extended; ++t) {
    if (t == inside_begin) {
      // Lines contiguous along the axis are read a tile of kLanes elements
      // per lane at a time: whole cache lines, not one element of each.
      if (bundle.from_step == sizeof(Value) && width == kLanes)
        for (; t + kLanes <= inside_end; t += kLanes) {
          Value *rows = &buffer[static_cast<std::size_t>(t * kLanes)];
          for (std::ptrdiff_t k = 0; k < kLanes; ++k) {
            const char *at = line + std::min(k, bundle.lanes - 1) * bundle.from_lane +
                             (t + window.low) * bundle.from_step;
            for (std::ptrdiff_t j = 0; j < kLanes; ++j)
              rows[j * kLanes + k] = read(at + j * bundle.from_step);
          }
        }
      for (; t < inside_end; ++t)
        fill(t);
      if (t == extended)
        break;
    }
    fill_border(t);
  }
}

} // namespace llcjit::ndimage
