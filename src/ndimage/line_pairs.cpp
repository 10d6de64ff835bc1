// The definitions of line_pairs.hpp. A task is a band of output rows and
// a chunk of their columns; its results lie row by row, each row a line
// of two slots `pitch` doubles apart, where the combiner finds them:
//
//   results: | row 0: slot 0 | slot 1 | row 1: slot 0 | slot 1 | ...
//                    |<- pitch ->|
//
// Along rows, element t of a sequence holds column t of eight rows
// (transposed into a buffer), over which pair_blocks.hpp's pass runs; down
// columns, the rows are read in place, row after row along the chunk.
#include "ndimage/line_pairs.hpp"

#include "ndimage/boundary.hpp"
#include "ndimage/pair_blocks.hpp"

#include <algorithm>
#include <vector>

namespace llcjit::ndimage {

namespace {

// Output columns per task along rows, or twice the window: a chunk reads
// the window's reach again. A 1x31 moving range of 2048^2 (best of 45,
// alternated in one process): chunks of 128 to 2048 columns 8.6, 7.6,
// 7.1, 6.7 and 6.6 ms; the band's results (two slots of eight rows) then
// take 128 KiB.
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

constexpr std::ptrdiff_t round_up8(std::ptrdiff_t n) { return (n + kEight - 1) / kEight * kEight; }

struct Geometry {
  std::size_t axis; // along which the window runs
  Window window;
  std::ptrdiff_t rows, columns;
  std::ptrdiff_t chunk; // output columns per task, a multiple of 8
  std::ptrdiff_t band;  // output rows per task
  // The results' lines lie a vector more than a chunk apart: a multiple of
  // 4 KiB put them all in one set of the L1 cache (a 1x31 moving range of
  // 2048^2 took 11 ms instead of 9).
  std::ptrdiff_t pitch() const { return chunk + kEight; }
  // Along rows, the pairs lane by lane (output o's eight rows together),
  // a max's line and a min's as far apart.
  std::ptrdiff_t lane_pitch() const { return kEight * chunk + kEight; }
};

Geometry geometry_of(const ArrayView &source, std::span<const Window> windows) {
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
  CombineLine *combine, *stream;
  const double *params;

  // The combiner over a line of `count` outputs from `out`: the streaming
  // entry stores whole aligned vectors, so it starts at the line's first
  // 64-byte boundary, the plain entry before it.
  void combine_line(const double *results, char *out, std::ptrdiff_t count) const {
    if (stream == nullptr) {
      combine(results, out, count, params);
      return;
    }
    const auto item = output.strides[1];
    const auto misaligned = reinterpret_cast<std::uintptr_t>(out) % 64;
    const std::ptrdiff_t plain =
        std::min(count, static_cast<std::ptrdiff_t>((64 - misaligned) % 64) / item);
    if (plain > 0)
      combine(results, out, plain, params);
    if (plain < count)
      stream(results + plain, out + plain * item, count - plain, params);
  }
};

const double *row_of(const ArrayView &array, std::ptrdiff_t row) {
  return reinterpret_cast<const double *>(static_cast<const char *>(array.data) +
                                          row * array.strides[0]);
}

// A thread's buffers, kept from task to task. Down columns, `sequence`
// holds the prefixes and `suffix` the padded copies of rows that end
// within a vector.
struct Scratch {
  std::vector<double> sequence, suffix, lanes, results, constant;
  std::vector<const double *> rows;
};

// Along rows: eight rows' chunk, each extended by the mode, transposed
// into the sequence; the outputs' pairs transposed back eight at a time.
template <Extreme kHigh, Extreme kLow, typename V>
[[gnu::always_inline]] inline void along_rows(const Job &job, std::ptrdiff_t r0, std::ptrdiff_t c0,
                                              Scratch &s) {
  const Geometry &g = job.geometry;
  const std::ptrdiff_t k = g.window.size, count = std::min(g.chunk, g.columns - c0);
  const std::ptrdiff_t length = count + k - 1;
  s.sequence.resize(static_cast<std::size_t>(length * kEight));
  s.suffix.resize(static_cast<std::size_t>(2 * kEight * k));
  s.lanes.resize(static_cast<std::size_t>(2 * g.lane_pitch()));
  s.results.resize(static_cast<std::size_t>(2 * kEight * g.pitch()));
  // Past the array's end, its last row again: the lanes of rows that do
  // not exist read real memory, and their results are never combined.
  const double *rows[kEight];
  for (std::ptrdiff_t q = 0; q < kEight; ++q)
    rows[q] = row_of(job.source, std::min(r0 + q, g.rows - 1));
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
  for (std::ptrdiff_t t = 0; t < inside_begin; ++t)
    extended(t);
  std::ptrdiff_t t = inside_begin;
  for (; t + kEight <= inside_end; t += kEight)
    transpose8x8<V>([&](std::ptrdiff_t p) { return rows[p] + first + t; },
                    [&](std::ptrdiff_t j) { return sequence + (t + j) * kEight; });
  for (; t < length; ++t)
    extended(t);
  using Mask = decltype(V{} != V{});
  Mask nan_lanes{};
  for (std::ptrdiff_t i = 0; i < length * kEight; i += kWidth<V>) {
    V x;
    load_lanes(x, sequence + i);
    nan_lanes |= x != x; // NOLINT(misc-redundant-expression): true for NaN only
  }
  const bool nan = any_lane(nan_lanes);
  // The pairs lane by lane: output o's eight rows at lanes + slot *
  // lane_pitch + 8 * o.
  const std::ptrdiff_t lane_pitch = g.lane_pitch();
  double *lanes = s.lanes.data();
  double *high = lanes + static_cast<std::ptrdiff_t>(job.slots.max) * lane_pitch;
  double *low = lanes + static_cast<std::ptrdiff_t>(job.slots.min) * lane_pitch;
  for (std::ptrdiff_t b = 0; b < count; b += k) {
    const std::ptrdiff_t outputs = std::min(k, count - b);
    const double *from = sequence + b * kEight;
    double *to_high = high + kEight * b, *to_low = low + kEight * b;
    if (nan)
      block_pair<kHigh, kLow, true, V>(from, outputs, k, s.suffix.data(), to_high, to_low);
    else
      block_pair<kHigh, kLow, false, V>(from, outputs, k, s.suffix.data(), to_high, to_low);
  }
  if (nan)
    for (double *slot : {high, low})
      for (std::ptrdiff_t i = 0; i < kEight * count; i += kWidth<V>) {
        V v;
        load_lanes(v, slot + i);
        store_lanes(slot + i, canonical<double>(v));
      }
  const std::ptrdiff_t valid_rows = std::min(kEight, g.rows - r0);
  char *out = static_cast<char *>(job.output.data) + r0 * job.output.strides[0] +
              c0 * job.output.strides[1];
  // Eight outputs at a time, transposed into the eight rows' lines of
  // results (past `count`, into the padding of the pitch), each combined
  // into its row of the output.
  const std::ptrdiff_t pitch = g.pitch();
  double *results = s.results.data();
  for (std::ptrdiff_t o = 0; o < count; o += kEight)
    for (const auto &[from, slot] : {std::pair{high, job.slots.max}, {low, job.slots.min}})
      transpose8x8<V>([&](std::ptrdiff_t p) { return from + kEight * (o + p); },
                      [&](std::ptrdiff_t j) {
                        return results + (2 * j + static_cast<std::ptrdiff_t>(slot)) * pitch + o;
                      });
  for (std::ptrdiff_t q = 0; q < valid_rows; ++q)
    job.combine_line(results + 2 * q * pitch, out + q * job.output.strides[0], count);
}

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

template <Extreme kHigh, Extreme kLow, typename V>
[[gnu::always_inline]] inline void run_tasks(const Job &job, std::ptrdiff_t begin,
                                             std::ptrdiff_t end, Scratch &scratch) {
  const Geometry &g = job.geometry;
  const std::ptrdiff_t chunks = (g.columns + g.chunk - 1) / g.chunk;
  for (std::ptrdiff_t task = begin; task < end; ++task) {
    const std::ptrdiff_t r0 = task / chunks * g.band, c0 = task % chunks * g.chunk;
    if (g.axis == 1)
      along_rows<kHigh, kLow, V>(job, r0, c0, scratch);
    else
      down_columns<kHigh, kLow, V>(job, r0, c0, scratch);
  }
}

using TasksFunction = void (*)(const Job &, std::ptrdiff_t, std::ptrdiff_t, Scratch &);

// run_tasks for each level, everything inlined so that it is all
// compiled for the level's instructions (vectors.hpp).
template <Extreme kHigh, Extreme kLow>
[[gnu::target("arch=x86-64-v4"), gnu::flatten]] void
tasks_avx512(const Job &job, std::ptrdiff_t begin, std::ptrdiff_t end, Scratch &s) {
  run_tasks<kHigh, kLow, Vec8>(job, begin, end, s);
}
template <Extreme kHigh, Extreme kLow>
[[gnu::target("arch=x86-64-v3"), gnu::flatten]] void
tasks_avx2(const Job &job, std::ptrdiff_t begin, std::ptrdiff_t end, Scratch &s) {
  run_tasks<kHigh, kLow, Vec4>(job, begin, end, s);
}
template <Extreme kHigh, Extreme kLow>
[[gnu::flatten]] void tasks_sse2(const Job &job, std::ptrdiff_t begin, std::ptrdiff_t end,
                                 Scratch &s) {
  run_tasks<kHigh, kLow, Vec2>(job, begin, end, s);
}

template <Extreme kHigh, Extreme kLow> TasksFunction tasks_for(VectorLevel level) {
  return level == VectorLevel::Avx512 ? tasks_avx512<kHigh, kLow>
         : level == VectorLevel::Avx2 ? tasks_avx2<kHigh, kLow>
                                      : tasks_sse2<kHigh, kLow>;
}

} // namespace

bool line_pair_windows(std::span<const Window> windows) {
  if (windows.size() != 2)
    return false;
  const auto line = [](const Window &across, const Window &along, std::ptrdiff_t longest) {
    return across.size == 1 && along.size >= 2 && along.size <= longest;
  };
  return line(windows[0], windows[1], kLongestPairWindow) ||
         line(windows[1], windows[0], kLongestColumnPair);
}

bool line_pair_applies(const ArrayView &source, std::span<const Window> windows) {
  if (source.shape.size() != 2 || source.dtype != DType::Float64 ||
      source.strides[1] != static_cast<std::ptrdiff_t>(sizeof(double)) ||
      !line_pair_windows(windows))
    return false;
  // Fewer lines across the window than an element's eight lanes would
  // leave most of the pass's work unused.
  return source.shape[windows[0].size == 1 ? 0 : 1] >= kEight;
}

std::ptrdiff_t line_pair_pitch(const ArrayView &source, std::span<const Window> windows) {
  return geometry_of(source, windows).pitch();
}

void line_pair(const ArrayView &source, const ArrayView &output, std::span<const Window> windows,
               bool ignore_nan, PairSlots slots, Mode mode, double cval, CombineLine *combine,
               CombineLine *stream, const double *params, parallel::Workers workers,
               VectorLevel level) {
  if (source.size() == 0)
    return;
  const Job job{source, output, geometry_of(source, windows), mode, cval, slots, combine,
                stream, params};
  const Geometry &g = job.geometry;
  const auto tasks = [&](std::ptrdiff_t band) {
    return (g.rows + band - 1) / band * ((g.columns + g.chunk - 1) / g.chunk);
  };
  const auto run = ignore_nan ? tasks_for<Extreme::NanMax, Extreme::NanMin>(level)
                              : tasks_for<Extreme::Max, Extreme::Min>(level);
  parallel::parallel_for(tasks(g.band), workers,
                         [&](const tbb::blocked_range<std::ptrdiff_t> &range) {
                           thread_local Scratch scratch;
                           run(job, range.begin(), range.end(), scratch);
                           // Streamed stores are ordered before whatever
                           // reads the output.
                           if (stream != nullptr)
                             __builtin_ia32_sfence();
                         });
}

} // namespace llcjit::ndimage
