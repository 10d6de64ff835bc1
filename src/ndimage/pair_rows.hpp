// A line pair along rows (line_pairs.cpp): element t of a sequence holds
// column t of eight rows (transposed into a buffer), over which
// pair_blocks.hpp's pass runs; its pairs go lane by lane through the
// combiner, whose results LaneOutput transposes back into the rows.
#pragma once

#include "ndimage/boundary.hpp"
#include "ndimage/lane_output.hpp"
#include "ndimage/pair_blocks.hpp"
#include "ndimage/pair_job.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>

namespace llcjit::ndimage::pairs {

// The eight input rows from r0. Past the array's end, its last row again:
// the lanes of rows that do not exist read real memory, and their results
// are never stored.
inline void band_rows(const Job &job, std::ptrdiff_t r0, const double *(&rows)[kEight]) {
  for (std::ptrdiff_t q = 0; q < kEight; ++q)
    rows[q] = row_of(job.source, std::min(r0 + q, job.geometry.rows - 1));
}

// The input of a thread's next task, asked for into the L2 cache a few
// lines at a time while this task picks from the cache. Left to the
// hardware, a task's first reading of its eight rows waited on memory
// while its picks left memory idle: half the time of a 1x31 moving range
// of 2048^2 went to the transposes that read the rows (a perf profile),
// and asking ahead took it from 4.67 to 4.22 ms (medians of 60 rounds
// alternated in one process). Down columns the same asking gained 5-8 %
// but, built beside this, cost the rows most of their gain: not kept.
class NextInput {
public:
  NextInput(const Job &job, std::ptrdiff_t r0, std::ptrdiff_t c0) {
    const Geometry &g = job.geometry;
    const std::ptrdiff_t count = std::min(g.chunk, g.columns - c0);
    const auto byte = [&](std::ptrdiff_t column) {
      return std::clamp<std::ptrdiff_t>(column, 0, g.columns) * kDouble;
    };
    band_rows(job, r0, rows_);
    begin_ = at_ = byte(c0 + g.window.low);
    end_ = byte(c0 + g.window.low + count + g.window.size - 1);
    if (end_ <= begin_) // nothing to read: ask for nothing
      row_ = kEight;
  }

  std::ptrdiff_t lines() const { return kEight * ((end_ - begin_ + kLine - 1) / kLine); }

  /// Asks for the next `lines` cache lines, row after row.
  void ask(std::ptrdiff_t lines) {
    for (; lines > 0 && row_ < kEight; --lines) {
      __builtin_prefetch(reinterpret_cast<const char *>(rows_[row_]) + at_, 0, 2);
      at_ += kLine;
      if (at_ >= end_) {
        at_ = begin_;
        ++row_;
      }
    }
  }

private:
  static constexpr std::ptrdiff_t kLine = 64, kDouble = sizeof(double);
  const double *rows_[kEight];
  std::ptrdiff_t begin_, end_, at_, row_ = 0;
};

// Along rows: eight rows' chunk, each extended by the mode, transposed
// into the sequence; its pairs combined a batch at a time, `next`'s input
// asked for a share at each block.
template <Extreme kHigh, Extreme kLow, typename V>
[[gnu::always_inline]] inline void along_rows(const Job &job, std::ptrdiff_t r0, std::ptrdiff_t c0,
                                              Scratch &s, NextInput *next) {
  const Geometry &g = job.geometry;
  const std::ptrdiff_t k = g.window.size, count = std::min(g.chunk, g.columns - c0);
  const std::ptrdiff_t blocks = (count + k - 1) / k;
  const std::ptrdiff_t share = next != nullptr ? (next->lines() + blocks - 1) / blocks : 0;
  const std::ptrdiff_t length = count + k - 1;
  s.sequence.resize(static_cast<std::size_t>(length * kEight));
  s.suffix.resize(static_cast<std::size_t>(2 * kEight * k));
  const double *rows[kEight];
  band_rows(job, r0, rows);
  double *sequence = s.sequence.data();
  // Element t holds column `first + t` of each row, as the mode extends it.
  const std::ptrdiff_t first = c0 + g.window.low;
  const std::ptrdiff_t inside_begin = std::clamp<std::ptrdiff_t>(-first, 0, length);
  const std::ptrdiff_t inside_end =
      std::clamp<std::ptrdiff_t>(g.columns - first, inside_begin, length);
  const auto extended = [&](std::ptrdiff_t t) {
    const std::optional<std::ptrdiff_t> at = extend(first + t, g.columns, job.mode);
    for (std::ptrdiff_t q = 0; q < kEight; ++q)
      sequence[t * kEight + q] = at ? rows[q][*at] : job.cval;
  };
  // Whether a lane holds NaN, checked as the elements are written, while
  // they are in the L1 cache (read again from the L2 once all were
  // written, a 1x31 moving range of 2048^2 took 6.0 ms instead of 5.6).
  using Mask = decltype(V{} != V{});
  Mask nan_lanes{};
  const auto check = [&](std::ptrdiff_t begin, std::ptrdiff_t end) __attribute__((always_inline)) {
    for (std::ptrdiff_t i = begin * kEight; i < end * kEight; i += kWidth<V>) {
      V x;
      load_lanes(x, sequence + i);
      nan_lanes |= x != x; // NOLINT(misc-redundant-expression): true for NaN only
    }
  };
  for (std::ptrdiff_t t = 0; t < inside_begin; ++t)
    extended(t);
  check(0, inside_begin);
  std::ptrdiff_t t = inside_begin;
  for (; t + kEight <= inside_end; t += kEight) {
    transpose8x8<V>([&](std::ptrdiff_t p) { return rows[p] + first + t; },
                    [&](std::ptrdiff_t j) { return sequence + (t + j) * kEight; });
    check(t, t + kEight);
  }
  const std::ptrdiff_t tail = t;
  for (; t < length; ++t)
    extended(t);
  check(tail, length);
  const bool nan = any_lane(nan_lanes);
  // The pairs lane by lane in a batch of outputs [begin, end), output o's
  // eight rows at batch + slot * batch_pitch + 8 * (o - begin).
  const std::ptrdiff_t batch_pitch = g.batch_pitch();
  s.batch.resize(static_cast<std::size_t>(2 * batch_pitch));
  double *batch = s.batch.data();
  double *high = batch + static_cast<std::ptrdiff_t>(job.slots.max) * batch_pitch;
  double *low = batch + static_cast<std::ptrdiff_t>(job.slots.min) * batch_pitch;
  LaneOutput output(job.output, r0, std::min(kEight, g.rows - r0), c0, count, job.stream,
                    kBatchOutputs + k, s.lane_output);
  std::ptrdiff_t begin = 0;
  for (std::ptrdiff_t b = 0; b < count; b += k) {
    const std::ptrdiff_t outputs = std::min(k, count - b), end = b + outputs;
    const double *from = sequence + b * kEight;
    double *to_high = high + kEight * (b - begin), *to_low = low + kEight * (b - begin);
    if (next != nullptr)
      next->ask(share);
    if (nan)
      block_pair<kHigh, kLow, true, V>(from, outputs, k, s.suffix.data(), to_high, to_low);
    else
      block_pair<kHigh, kLow, false, V>(from, outputs, k, s.suffix.data(), to_high, to_low);
    if (end - begin < kBatchOutputs && end < count)
      continue;
    const std::ptrdiff_t lanes = kEight * (end - begin);
    if (nan)
      for (double *slot : {high, low})
        for (std::ptrdiff_t i = 0; i < lanes; i += kWidth<V>) {
          V v;
          load_lanes(v, slot + i);
          store_lanes(slot + i, canonical<double>(v));
        }
    job.combine(batch, output.lanes_of(begin), lanes, job.params);
    output.store<V>(end);
    begin = end;
  }
}

} // namespace llcjit::ndimage::pairs
