// A line pair's tasks (line_pairs.cpp): how an array is cut into them,
// what each is given, and the buffers a thread keeps from task to task. A
// task is a band of output rows and a chunk of their columns.
#pragma once

#include "ndimage/cache_lines.hpp"
#include "ndimage/combined_reductions.hpp"
#include "ndimage/line_pairs.hpp"
#include "ndimage/pair_blocks.hpp"

#include <llcjit/ndimage.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace llcjit::ndimage::pairs {

// Output columns per task along rows, or twice the window: a chunk reads
// the window's reach again. A 1x31 moving range of 2048^2 (best of 60,
// alternated in one process): chunks of 128 to 2048 columns 7.6, 6.7,
// 6.4, 6.1 and 6.0 ms.
constexpr std::ptrdiff_t kChunk = 1024;
// Down columns, output columns per task; its rows are as many as the
// window (a task reads band + window - 1 row segments for `band` rows of
// output, at most the window, and keeps two lines of results for each).
// A 31x1 moving range of 2048^2, one thread, alternated in one process
// (best of 45): bands of 8, 16, 24 and 31 rows 9.5, 8.0, 7.6 and 7.2 ms;
// chunks of 128 to 2048 columns 11.9, 9.7, 8.7, 9.4 and 9.9 ms.
constexpr std::ptrdiff_t kColumnChunk = 512;
// Windows down columns longer than this run as two extremes: each task's
// results (two lines of 520 doubles per row of its band) would outgrow a
// 1 MiB L2 cache. A 101x1 moving range of 2048^2 took 9.4 ms in bands of
// 101 rows (11.3 in bands of 64, 18.1 of 32).
constexpr std::ptrdiff_t kLongestColumnPair = 128;

// Along rows, the pairs go through the combiner in batches of whole
// windows' outputs, from this many outputs (or the chunk's last): a few
// calls per chunk, and for short windows their pairs still in the L1
// cache (two slots of eight rows, 20 KiB for a window of 31).
constexpr std::ptrdiff_t kBatchOutputs = 128;

constexpr std::ptrdiff_t round_up8(std::ptrdiff_t n) { return (n + kEight - 1) / kEight * kEight; }

struct Geometry {
  std::size_t axis; // along which the window runs
  Window window;
  std::ptrdiff_t rows, columns;
  std::ptrdiff_t chunk; // output columns per task, a multiple of 8
  std::ptrdiff_t band;  // output rows per task
  // Down columns, the results' lines lie a vector more than a chunk apart:
  // a multiple of 4 KiB would put them all in one set of the L1 cache (as
  // it did along rows, where a 1x31 moving range of 2048^2 took 11 ms
  // instead of 9).
  std::ptrdiff_t pitch() const { return chunk + kEight; }
  // Along rows, a batch's pairs lane by lane (output o's eight rows
  // together), a max's and a min's as far apart.
  std::ptrdiff_t batch_pitch() const { return kEight * (kBatchOutputs + window.size) + kEight; }
};

inline Geometry geometry_of(const ArrayView &source, std::span<const Window> windows) {
  const std::size_t axis = windows[0].size == 1 ? 1 : 0;
  const Window window = windows[axis];
  const std::ptrdiff_t rows = source.shape[0], columns = source.shape[1];
  // Along rows a chunk reads window - 1 elements more than it has outputs.
  const std::ptrdiff_t widest = axis == 1 ? std::max(kChunk, 2 * window.size) : kColumnChunk;
  return {axis,
          window,
          rows,
          columns,
          round_up8(std::min(columns, widest)),
          axis == 1 ? kEight : window.size};
}

struct Job {
  const ArrayView &source, &output;
  Geometry geometry;
  Mode mode;
  double cval;
  PairSlots slots;
  Combiner::Rows *combine;
  bool stream;                    // the output's stores go around the cache
  Combiner::Rows *stream_combine; // down columns, where `stream`
  const double *params;

  // Down columns, the combiner over a line of `count` outputs from `out`:
  // the streaming entry stores whole aligned vectors, so it starts at the
  // line's first 64-byte boundary, the plain entry before it.
  void combine_line(const double *results, char *out, std::ptrdiff_t count) const {
    if (stream_combine == nullptr) {
      combine(results, out, count, params);
      return;
    }
    const auto item = output.strides[1];
    const std::ptrdiff_t plain = items_before_line(out, item, count);
    if (plain > 0)
      combine(results, out, plain, params);
    if (plain < count)
      stream_combine(results + plain, out + plain * item, count - plain, params);
  }
};

inline const double *row_of(const ArrayView &array, std::ptrdiff_t row) {
  return reinterpret_cast<const double *>(static_cast<const char *>(array.data) +
                                          row * array.strides[0]);
}

// A thread's buffers, kept from task to task. Down columns, `sequence`
// holds the prefixes and `suffix` the padded copies of rows that end
// within a vector.
struct Scratch {
  std::vector<double> sequence, suffix, batch, results, constant;
  std::vector<char> lane_output;
  std::vector<const double *> rows;
};

} // namespace llcjit::ndimage::pairs
