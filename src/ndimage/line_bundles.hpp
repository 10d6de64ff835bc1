// The lines of an N-d array along one axis, handed out in bundles of lines
// that lie side by side in memory, so that a 1-D algorithm runs on all the
// lines of a bundle at once: vectorised across them, and reading whole cache
// lines. Along the last axis a bundle is kLanes lines of consecutive rows
// (read in tiles and transposed); along any other axis it is a stretch of
// up to kWideLanes consecutive elements of each row, so that the pass walks
// memory row by row. Used by the window-independent filters, which run one
// 1-D pass per axis.
#pragma once

#include "ndimage/boundary.hpp"
#include "ndimage/window.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <span>
#include <vector>

namespace llcjit::ndimage {

inline constexpr std::ptrdiff_t kLanes = 8;
inline constexpr std::ptrdiff_t kWideLanes = 256;

/// The element of type T at `at`, which need not be aligned (NumPy's views
/// may not be).
template <typename T = double>
inline constexpr auto load = [](const char *at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  return value;
};

/// Where a bundle's lines lie in the input and output arrays, in bytes
/// from each array's first element.
struct Bundle {
  std::ptrdiff_t from;                   // element 0 of lane 0 in the input
  std::ptrdiff_t to;                     // element 0 of lane 0 in the output
  std::ptrdiff_t lanes;                  // 1..width
  std::ptrdiff_t width;                  // lanes per buffer row: kLanes or kWideLanes
  std::ptrdiff_t from_lane;              // input: lane k starts at from + k * from_lane
  std::ptrdiff_t to_lane;                // output: likewise
  std::ptrdiff_t from_step;              // input: element t of a lane at + t * from_step
  std::ptrdiff_t to_step;                // output: likewise
  std::ptrdiff_t length;                 // elements per line
  std::span<const std::ptrdiff_t> index; // lane 0's index (0 along the axis)
  std::size_t lane_axis;                 // the axis across which the lanes lie
};

/// Runs `work(bundle, scratch)` for every bundle of lines along `axis` of
/// arrays of `shape` (strides in bytes), in parallel on `threads` (0: all
/// cores); `scratch` is the running thread's Scratch, reused across the
/// bundles it runs.
/// The lanes of a bundle are adjacent along the last axis, or along the one
/// before it when `axis` is the last. Each line is in exactly one bundle,
/// so the result does not depend on the number of threads.
template <typename Scratch, typename Work>
void for_each_bundle(std::span<const std::ptrdiff_t> shape, std::span<const std::ptrdiff_t> from,
                     std::span<const std::ptrdiff_t> to, std::size_t axis,
                     parallel::Workers threads, Work work) {
  const std::size_t rank = shape.size();
  const std::size_t last = rank - 1;
  // The axis across which lanes are taken; none for a 1-d array.
  const std::size_t lane_axis = axis != last ? last : (rank >= 2 ? last - 1 : rank);
  const std::ptrdiff_t width = axis != last ? kWideLanes : kLanes;
  std::vector<std::ptrdiff_t> outer; // the other axes' extents, lane axis in bundles
  for (std::size_t a = 0; a < rank; ++a) {
    if (a == axis)
      outer.push_back(1);
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
      std::ptrdiff_t rest = b;
      for (std::size_t a = rank; a-- > 0;) {
        index[a] = rest % outer[a];
        rest /= outer[a];
      }
      Bundle bundle{0, 0, 1, width, 0, 0, from[axis], to[axis], shape[axis], {}, lane_axis};
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

/// Reads a bundle's lines (of the array at `base`) extended by the window
/// under `mode` into `buffer`, laid out [t][lane] for t in [0, length + size - 1): element t
/// is the input at index t + low, or `outside` where the mode reads the
/// constant. `read(pointer)` loads one element.
template <typename Value, typename Read>
void extend_bundle(const Bundle &bundle, const char *base, Window window, Mode mode, Value outside,
                   Read read, std::vector<Value> &buffer) {
  const std::ptrdiff_t extended = bundle.length + window.size - 1;
  const std::ptrdiff_t width = bundle.width;
  buffer.resize(static_cast<std::size_t>(extended * width));
  const char *line = base + bundle.from;
  // Rows [inside_begin, inside_end) read the line itself; the others go
  // through the mode.
  const std::ptrdiff_t inside_begin = std::clamp<std::ptrdiff_t>(-window.low, 0, extended);
  const std::ptrdiff_t inside_end =
      std::clamp<std::ptrdiff_t>(bundle.length - window.low, inside_begin, extended);
  auto fill = [&](std::ptrdiff_t t, std::ptrdiff_t index) {
    Value *row = &buffer[static_cast<std::size_t>(t * width)];
    const char *at = line + index * bundle.from_step;
    for (std::ptrdiff_t k = 0; k < bundle.lanes; ++k)
      row[k] = read(at + k * bundle.from_lane);
    std::fill(row + bundle.lanes, row + width, row[0]); // lanes past the array
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
        fill(t, t + window.low);
      if (t == extended)
        break;
    }
    if (const auto index = extend(t + window.low, bundle.length, mode))
      fill(t, *index);
    else
      std::fill_n(&buffer[static_cast<std::size_t>(t * width)], width, outside);
  }
}

} // namespace llcjit::ndimage
