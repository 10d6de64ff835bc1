// What the 2-d extremes along whole rows share (box_extremes.cpp,
// footprint_extremes.cpp) beside the strips' extended input rows
// (extended_rows.hpp): the picks over rows of a vector level's lanes, the
// stores of an output row, and the strips' order among threads.
#pragma once

#include "ndimage/cache.hpp"
#include "ndimage/extended_rows.hpp"
#include "ndimage/line_bundles.hpp"
#include "ndimage/picks.hpp"
#include "ndimage/vectors.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <tbb/info.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <type_traits>
#include <vector>

namespace llcjit::ndimage {

/// One level's vectors of T (kBytes wide) and the picks over rows of them.
template <Extreme kExtreme, typename T, std::size_t kBytes> struct RowPicks {
  static constexpr std::ptrdiff_t kCount = kBytes / sizeof(T);
  using V = Lanes<T, kCount>;
  // Vectors picked together where a row has them: per row read, one
  // pointer for all and picks independent of each other.
  static constexpr int kBlock = 4;

  [[gnu::always_inline]] static V load(const T *at) {
    V v;
    std::memcpy(&v, at, sizeof v);
    return v;
  }
  // pick(a, b), or where neither may be NaN the one-comparison pick.
  [[gnu::always_inline]] static V pick_lanes(const V &a, const V &b, bool nan) {
    return nan ? pick<kExtreme>(a, b) : pick_numbers<kExtreme>(a, b);
  }
  // out[k] = pick(a[k], b[k]) for k in [0, count) rounded up to vectors.
  template <bool kNaN>
  [[gnu::always_inline]] static void pick_span(T *out, const T *a, const T *b,
                                               std::ptrdiff_t count) {
    for (std::ptrdiff_t k = 0; k < count; k += kCount) {
      const V picked = kNaN ? pick<kExtreme>(load(a + k), load(b + k))
                            : pick_numbers<kExtreme>(load(a + k), load(b + k));
      std::memcpy(out + k, &picked, sizeof picked);
    }
  }
  [[gnu::always_inline]] static void pick_span(T *out, const T *a, const T *b, std::ptrdiff_t count,
                                               bool nan) {
    if (nan)
      pick_span<true>(out, a, b, count);
    else
      pick_span<false>(out, a, b, count);
  }
  // pick(x[0][k], x[1][k], ..., x[n - 1][k]), first to last.
  template <bool kNaN>
  [[gnu::always_inline]] static V pick_run(const T *const *x, std::ptrdiff_t n, std::ptrdiff_t k) {
    V picked = load(x[0] + k);
    for (std::ptrdiff_t t = 1; t < n; ++t) {
      const V y = load(x[t] + k);
      picked = kNaN ? pick<kExtreme>(picked, y) : pick_numbers<kExtreme>(picked, y);
    }
    return picked;
  }
  // pick_run at the kBlock vectors from k.
  template <bool kNaN>
  [[gnu::always_inline]] static void pick_runs(const T *const *x, std::ptrdiff_t n,
                                               std::ptrdiff_t k, V (&picked)[kBlock]) {
#pragma GCC unroll 8
    for (int b = 0; b < kBlock; ++b)
      picked[b] = load(x[0] + k + b * kCount);
    for (std::ptrdiff_t t = 1; t < n; ++t) {
      const T *row = x[t] + k;
#pragma GCC unroll 8
      for (int b = 0; b < kBlock; ++b) {
        const V y = load(row + b * kCount);
        picked[b] = kNaN ? pick<kExtreme>(picked[b], y) : pick_numbers<kExtreme>(picked[b], y);
      }
    }
  }
  // to[0, count) (count a multiple of kCount) = pick_run at each of its
  // vectors, kBlock at a time where they fit.
  template <bool kNaN>
  [[gnu::always_inline]] static void pick_row(T *to, const T *const *x, std::ptrdiff_t n,
                                              std::ptrdiff_t count) {
    const auto block = [&](std::ptrdiff_t k) __attribute__((always_inline)) {
      V picked[kBlock];
      pick_runs<kNaN>(x, n, k, picked);
#pragma GCC unroll 8
      for (int b = 0; b < kBlock; ++b)
        std::memcpy(to + k + b * kCount, &picked[b], sizeof(V));
    };
    std::ptrdiff_t k = 0;
    for (; k + kBlock * kCount <= count; k += kBlock * kCount)
      block(k);
    // The last block overlaps the one before (to does not alias x).
    if (k < count && count >= kBlock * kCount) {
      block(count - kBlock * kCount);
      return;
    }
    for (; k < count; k += kCount) {
      const V picked = pick_run<kNaN>(x, n, k);
      std::memcpy(to + k, &picked, sizeof picked);
    }
  }
  [[gnu::always_inline]] static void pick_row(T *to, const T *const *x, std::ptrdiff_t n,
                                              std::ptrdiff_t count, bool nan) {
    if (nan)
      pick_row<true>(to, x, n, count);
    else
      pick_row<false>(to, x, n, count);
  }
  // Whether x[0, count) holds a NaN (never for integers): a lane turns NaN
  // when its element does, by a select of one comparison.
  // With `ahead` bytes, it also asks for the cache lines that far on
  // (the next input row), one per line read.
  [[gnu::always_inline]] static bool has_nan(const T *x, std::ptrdiff_t count,
                                             std::ptrdiff_t ahead = 0) {
    if constexpr (std::is_floating_point_v<T>) {
      V seen{};
      std::ptrdiff_t k = 0;
      constexpr std::ptrdiff_t kLine = 64 / sizeof(T);
      for (; k + kCount <= count; k += kCount) {
        if (ahead != 0 && (kCount >= kLine || k % kLine == 0))
          prefetch_line(reinterpret_cast<std::uintptr_t>(x + k) + ahead);
        const V v = load(x + k);
        seen = v != v ? v : seen; // NOLINT(misc-redundant-expression): true for NaN only
      }
      T lanes = 0;
      for (std::ptrdiff_t e = 0; e < kCount; ++e)
        lanes += seen[e];
      for (; k < count; ++k)
        lanes += x[k] * T{0}; // NaN for infinities too: the careful pick is never wrong
      return std::isnan(lanes);
    }
    return false;
  }
};

/// Whether extended row `row` may hold NaN (never for integers).
/// With `ahead` bytes (the input's row step), the row in place asks for
/// the next one's lines as it is read (so every run is read, NaN or not).
template <typename Picks, typename T>
[[gnu::always_inline]] inline bool row_has_nan(const ExtendedRows<T> &rows,
                                               const typename ExtendedRows<T>::Row &row,
                                               std::ptrdiff_t ahead = 0) {
  bool nan = false;
  rows.for_each_run(rows.extended(), [&](std::ptrdiff_t begin, std::ptrdiff_t end,
                                         bool in_middle) __attribute__((always_inline)) {
    nan = Picks::has_nan(rows.at(row, begin, in_middle), end - begin, in_middle ? ahead : 0) || nan;
  });
  return nan;
}

/// Rows of scratch lie this many bytes apart, modulo 4096: rows whose
/// addresses agree in their low 12 bits can make a load wait for a store to
/// the other (4K aliasing), and the widths of images are often powers of
/// two. 17 vectors of 64 bytes is far from 0 either way. (On 2048-wide
/// images here the gain was within the VM's noise; the skew costs nothing.)
inline constexpr std::size_t kRowSkew = 17 * 64;

/// Elements between rows of scratch that hold `elements` of T and a vector
/// of `lanes` of slack: a whole number of pages and kRowSkew bytes.
template <typename T> std::ptrdiff_t scratch_pitch(std::ptrdiff_t elements, std::ptrdiff_t lanes) {
  constexpr std::ptrdiff_t kPage = 4096;
  const std::ptrdiff_t bytes = static_cast<std::ptrdiff_t>(sizeof(T)) * (elements + lanes);
  return ((bytes + kPage - 1) / kPage * kPage + static_cast<std::ptrdiff_t>(kRowSkew)) /
         static_cast<std::ptrdiff_t>(sizeof(T));
}

/// Output row i of the strip = the pick of rows from[0, count) in order,
/// made NumPy's NaN where `nan` says any may hold NaN. With job.stream and
/// a contiguous row of whole elements, the vectors that fall on the
/// vector's alignment are streamed, and the elements before and after them
/// stored one by one: a vector stored as usual over a streamed line made
/// the CPU read that line and flush its write-combining buffer, twice a
/// row (a fifth of a float32 3x3 minimum's time).
template <typename Picks, bool kNaN, typename T>
[[gnu::always_inline]] inline void write_row(const StripJob<T> &job, const Strip &strip,
                                             std::ptrdiff_t i, const T *const *from,
                                             std::ptrdiff_t count_from) {
  constexpr std::ptrdiff_t kCount = Picks::kCount;
  using V = typename Picks::V;
  const std::ptrdiff_t columns = strip.c1 - strip.c0, out_step = job.output.strides[1];
  char *row = static_cast<char *>(job.output.data) + (strip.r0 + i) * job.output.strides[0] +
              strip.c0 * out_step;
  // The lambdas are forced inline: Clang left them as calls, compiled for
  // the default target, and a vector returned across such a call lost its
  // value (the AVX2 build wrote zeros in the sanitized tests).
  const auto value = [&](std::ptrdiff_t k) __attribute__((always_inline)) {
    const V picked = Picks::template pick_run<kNaN>(from, count_from, k);
    return kNaN ? canonical<T>(picked) : picked;
  };
  // Picks::kBlock vectors at a time where they fit.
  constexpr int kBlock = Picks::kBlock;
  const auto values = [&](std::ptrdiff_t k, V(&picked)[kBlock]) __attribute__((always_inline)) {
    Picks::template pick_runs<kNaN>(from, count_from, k, picked);
    if constexpr (kNaN)
#pragma GCC unroll 8
      for (int b = 0; b < kBlock; ++b)
        picked[b] = canonical<T>(picked[b]);
  };
  // The first `count` elements of v, at column k, element by element
  // unless they are a whole contiguous vector.
  const auto store_first = [&](std::ptrdiff_t k, const V &v, std::ptrdiff_t count)
                               __attribute__((always_inline)) {
                                 if (out_step == sizeof(T) && count == kCount) {
                                   std::memcpy(row + k * out_step, &v, sizeof v);
                                   return;
                                 }
                                 for (std::ptrdiff_t e = 0; e < count; ++e) {
                                   const T lane = v[e];
                                   std::memcpy(row + (k + e) * out_step, &lane, sizeof(T));
                                 }
                               };
  const auto store = [&](std::ptrdiff_t k, const V &v) __attribute__((always_inline)) {
    store_first(k, v, std::min(kCount, columns - k));
  };
  const std::size_t misaligned = reinterpret_cast<std::uintptr_t>(row) % sizeof(V);
  if (job.stream && out_step == sizeof(T) && columns >= kCount && misaligned % sizeof(T) == 0) {
    std::ptrdiff_t k = misaligned == 0 ? 0
                                       : static_cast<std::ptrdiff_t>(sizeof(V) - misaligned) /
                                             static_cast<std::ptrdiff_t>(sizeof(T));
    if (k > 0)
      store_first(0, value(0), k);
    for (; k + kBlock * kCount <= columns; k += kBlock * kCount) {
      V picked[kBlock];
      values(k, picked);
#pragma GCC unroll 8
      for (int b = 0; b < kBlock; ++b)
        store_streaming(row + (k + b * kCount) * out_step, picked[b]);
    }
    for (; k + kCount <= columns; k += kCount)
      store_streaming(row + k * out_step, value(k));
    if (k < columns)
      store(k, value(k));
    return;
  }
  if (out_step == sizeof(T) && columns >= kBlock * kCount) {
    // Whole blocks with plain stores, the last overlapping the one before
    // where the row is not a whole number of them: recomputing a few
    // elements cost less than vectors one at a time, each checked for a
    // partial store (a fifth of a 2048^2 uint8 cross).
    const auto block = [&](std::ptrdiff_t k) __attribute__((always_inline)) {
      V picked[kBlock];
      values(k, picked);
#pragma GCC unroll 8
      for (int b = 0; b < kBlock; ++b)
        std::memcpy(row + (k + b * kCount) * out_step, &picked[b], sizeof(V));
    };
    std::ptrdiff_t k = 0;
    for (; k + kBlock * kCount <= columns; k += kBlock * kCount)
      block(k);
    if (k < columns)
      block(columns - kBlock * kCount);
    return;
  }
  std::ptrdiff_t k = 0;
  for (; k + kBlock * kCount <= columns; k += kBlock * kCount) {
    V picked[kBlock];
    values(k, picked);
#pragma GCC unroll 8
    for (int b = 0; b < kBlock; ++b)
      store(k + b * kCount, picked[b]);
  }
  for (; k < columns; k += kCount)
    store(k, value(k));
}

/// write_row with the NaN-careful picks only where `nan` says a row may
/// hold NaN: chosen once per row, so that each loop keeps its accumulator
/// in a register (with the choice per pick GCC kept it on the stack).
template <typename Picks, typename T>
[[gnu::always_inline]] inline void write_row(const StripJob<T> &job, const Strip &strip,
                                             std::ptrdiff_t i, const T *const *from,
                                             std::ptrdiff_t count_from, bool nan) {
  if (nan)
    write_row<Picks, true>(job, strip, i, from, count_from);
  else
    write_row<Picks, false>(job, strip, i, from, count_from);
}

/// Whether the extremes along rows should stream their output
/// (FilterOptions::streaming): unset, whenever the arrays outgrow the cache,
/// whatever the element's width (a uint8 3x3 minimum of 6476^2: 7.4 ms
/// streamed against 10.6, a uint8 cross 9.3 against 9.2).
inline bool streams(const ArrayView &input, const ArrayView &output,
                    std::optional<bool> streaming) {
  return streaming.value_or(
      outgrows_cache(input.size() * (item_size(input.dtype) + item_size(output.dtype))));
}

/// Runs `run(strip, scratch)` over the strips of a height x width output,
/// in parallel: strips of columns at most `widest` wide (of equal widths;
/// one that reaches past an edge copies its rows, which cost less than
/// strips of their own for the edges did), and of rows (each reads the
/// h - 1 rows above its first again) one per column strip on one thread,
/// else about four per thread, each at least 4 h tall. `scratch` is the
/// running thread's Scratch, kept across calls.
template <typename Scratch, typename Run>
void for_each_strip(std::ptrdiff_t height, std::ptrdiff_t width, std::ptrdiff_t widest,
                    std::ptrdiff_t h, parallel::Workers threads, const Run &run) {
  const std::ptrdiff_t strips_across = (width + widest - 1) / widest;
  const std::ptrdiff_t strip_columns = (width + strips_across - 1) / strips_across;
  const std::ptrdiff_t workers =
      threads.threads == 0 ? tbb::info::default_concurrency() : threads.threads;
  const std::ptrdiff_t strip_rows =
      workers == 1 ? height
                   : std::max<std::ptrdiff_t>(4 * h, (height + 4 * workers - 1) / (4 * workers));
  const std::ptrdiff_t strips_down = (height + strip_rows - 1) / strip_rows;
  parallel::parallel_for(strips_down * strips_across, threads,
                         [&](const tbb::blocked_range<std::ptrdiff_t> &range) {
                           thread_local Scratch scratch;
                           for (std::ptrdiff_t t = range.begin(); t != range.end(); ++t) {
                             const std::ptrdiff_t r = t / strips_across, c = t % strips_across;
                             run(Strip{r * strip_rows, std::min(height, (r + 1) * strip_rows),
                                       c * strip_columns, std::min(width, (c + 1) * strip_columns)},
                                 scratch);
                           }
                           // Streamed stores are ordered before whatever reads the output.
                           __builtin_ia32_sfence();
                         });
}

} // namespace llcjit::ndimage
