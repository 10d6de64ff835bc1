// A line pair down columns (line_pairs.cpp): the rows are read in place,
// row after row along the chunk, and the results lie row by row, each row
// a line of two slots `pitch` doubles apart, where the combiner finds
// them:
//
//   results: | row 0: slot 0 | slot 1 | row 1: slot 0 | slot 1 | ...
//                    |<- pitch ->|
#pragma once

#include "ndimage/boundary.hpp"
#include "ndimage/pair_blocks.hpp"
#include "ndimage/pair_job.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>

namespace llcjit::ndimage::pairs {

// Down columns: the band's rows read in place, row after row along the
// chunk (the hardware's prefetchers follow a row; read column by column,
// each element of a column was a miss); the suffixes built in the
// results, which the prefixes then complete.
template <Extreme kHigh, Extreme kLow, bool kNaN, bool kCheck, typename V>
[[gnu::always_inline]] inline bool column_pass(const Job &job, std::ptrdiff_t count,
                                               std::ptrdiff_t outputs, Scratch &s) {
  using Picks = PairPicks<kHigh, kLow, kNaN>;
  constexpr std::ptrdiff_t kW = kWidth<V>;
  const std::ptrdiff_t k = job.geometry.window.size, pitch = job.geometry.pitch();
  const std::ptrdiff_t padded = round_up8(count);
  double *results = s.results.data();
  const auto slot = [&](std::ptrdiff_t o, std::size_t which) {
    return results + (2 * o + static_cast<std::ptrdiff_t>(which)) * pitch;
  };
  using Mask = decltype(V{} != V{});
  Mask nan{};
  const auto read = [&](const double *at) __attribute__((always_inline)) {
    V x;
    load_lanes(x, at);
    if constexpr (kCheck)
      nan |= x != x; // NOLINT(misc-redundant-expression): true for NaN only
    return x;
  };
  for (std::ptrdiff_t t = outputs; t-- > 0;) {
    const double *row = s.rows[static_cast<std::size_t>(t)];
    double *high = slot(t, job.slots.max), *low = slot(t, job.slots.min);
    if (t + 1 == outputs) {
      for (std::ptrdiff_t c = 0; c < padded; c += kW) {
        const V x = read(row + c);
        store_lanes(high + c, x);
        store_lanes(low + c, x);
      }
      continue;
    }
    const double *later_high = slot(t + 1, job.slots.max), *later_low = slot(t + 1, job.slots.min);
    for (std::ptrdiff_t c = 0; c < padded; c += kW) {
      const V x = read(row + c);
      V h, l;
      load_lanes(h, later_high + c);
      load_lanes(l, later_low + c);
      store_lanes(high + c, Picks::high(x, h));
      store_lanes(low + c, Picks::low(x, l));
    }
  }
  double *prefix_high = s.sequence.data(), *prefix_low = prefix_high + pitch;
  for (std::ptrdiff_t t = outputs; t < outputs + k - 1; ++t) {
    const double *row = s.rows[static_cast<std::size_t>(t)];
    const std::ptrdiff_t o = t - k + 1;
    double *high = o >= 0 ? slot(o, job.slots.max) : nullptr;
    double *low = o >= 0 ? slot(o, job.slots.min) : nullptr;
    for (std::ptrdiff_t c = 0; c < padded; c += kW) {
      V x = read(row + c), y = x;
      if (t > outputs) {
        V h, l;
        load_lanes(h, prefix_high + c);
        load_lanes(l, prefix_low + c);
        x = Picks::high(h, x);
        y = Picks::low(l, y);
      }
      store_lanes(prefix_high + c, x);
      store_lanes(prefix_low + c, y);
      if (o >= 0) {
        V h, l;
        load_lanes(h, high + c);
        load_lanes(l, low + c);
        store_lanes(high + c, Picks::high(h, x));
        store_lanes(low + c, Picks::low(l, y));
      }
    }
  }
  if constexpr (kNaN)
    for (std::ptrdiff_t i = 0; i < 2 * outputs * pitch; i += kW) {
      V v;
      load_lanes(v, results + i);
      store_lanes(results + i, canonical<double>(v));
    }
  return kCheck && any_lane(nan);
}

template <Extreme kHigh, Extreme kLow, typename V>
[[gnu::always_inline]] inline void down_columns(const Job &job, std::ptrdiff_t r0,
                                                std::ptrdiff_t c0, Scratch &s) {
  const Geometry &g = job.geometry;
  const std::ptrdiff_t k = g.window.size, count = std::min(g.chunk, g.columns - c0);
  const std::ptrdiff_t outputs = std::min(g.band, g.rows - r0), length = outputs + k - 1;
  const std::ptrdiff_t pitch = g.pitch(), padded = round_up8(count);
  s.results.resize(static_cast<std::size_t>(2 * outputs * pitch));
  s.sequence.resize(static_cast<std::size_t>(2 * pitch)); // the prefixes
  s.rows.resize(static_cast<std::size_t>(length));
  s.constant.assign(static_cast<std::size_t>(pitch), job.cval);
  // A chunk whose rows end before a whole vector reads them through
  // copies, padded.
  const bool copied = padded > count;
  s.suffix.resize(copied ? static_cast<std::size_t>(length * padded) : 0);
  // Element t's row: row r0 + low + t, as the mode extends the columns.
  for (std::ptrdiff_t t = 0; t < length; ++t) {
    const std::optional<std::ptrdiff_t> at = extend(r0 + g.window.low + t, g.rows, job.mode);
    const double *row = at ? row_of(job.source, *at) + c0 : s.constant.data();
    if (copied) {
      double *copy = s.suffix.data() + t * padded;
      std::fill(std::copy(row, row + count, copy), copy + padded, 0.0);
      row = copy;
    }
    s.rows[static_cast<std::size_t>(t)] = row;
  }
  if (column_pass<kHigh, kLow, false, true, V>(job, count, outputs, s))
    column_pass<kHigh, kLow, true, false, V>(job, count, outputs, s);
  char *out = static_cast<char *>(job.output.data) + c0 * job.output.strides[1];
  for (std::ptrdiff_t o = 0; o < outputs; ++o)
    job.combine_line(s.results.data() + 2 * o * pitch, out + (r0 + o) * job.output.strides[0],
                     count);
}

} // namespace llcjit::ndimage::pairs
