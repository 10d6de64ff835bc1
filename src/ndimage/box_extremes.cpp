// The definitions of box_extremes.hpp. The output is cut into strips
// (row_strips.hpp) with columns as wide as keeps a strip's two blocks of
// window rows in the cache. A strip reads each input row it needs once,
// extended along the row by the window and the mode, picks along it
// (element by element or by doubling), and down the resulting rows into
// the output (element by element or by van Herk).
#include "ndimage/box_extremes.hpp"

#include "ndimage/doubling.hpp"
#include "ndimage/row_strips.hpp"

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

namespace llcjit::ndimage {

namespace {

// A strip's two blocks of window rows (the van Herk suffixes and the next
// block's rows) stay within kStripBytes unless its rows are kMinStripRowBytes
// long: measured on 2048^2 images, narrower strips keep the blocks in the
// cache, and narrower rows pay more for each row's passes than they save.
// 16 KiB rows (whole rows of a 2048^2 float64 image) against 4 KiB: a
// 63x63 minimum 6.0-7.6 ms against 6.9-7.8, alternated over eleven rounds,
// 15x15 4.4-5.6 against 5.4-6.1; the CPU's prefetchers follow a whole row
// better than a quarter of each (the first reading of each row was 28 %
// of the time); narrower types, whose rows were whole already, unchanged.
constexpr std::size_t kStripBytes = std::size_t{128} << 10;
constexpr std::size_t kMinStripRowBytes = 16384;

// A thread's rows: the extended input row, two of doubling, the prefix of
// a block, and two blocks of h rows (each row with slack at its end,
// which the picks of a row's last vectors read and write); and per row of
// a block, whether it may hold NaN.
template <typename T> struct Scratch {
  std::vector<T> rows;
  std::vector<std::ptrdiff_t> columns; // ExtendedRows' scratch
  std::vector<char> block_nan, next_nan;
};

// Doubling's lane_runs out of line, compiled for each level as the strips
// are: inlined into a strip, its six forms made GCC keep the strip's
// pointers (and a vector) on the stack in the other loops, and a float32
// minimum over 31 columns, which never climbs past the lanes, took 20 %
// longer.
template <Extreme kExtreme, typename T>
[[gnu::target("arch=x86-64-v4"), gnu::noinline, gnu::flatten]] void
climb_lanes_avx512(T *out, const T *x, std::ptrdiff_t count, int more, bool nan) {
  Doubling<kExtreme, T, 64>::lane_runs(out, x, count, more, nan);
}
template <Extreme kExtreme, typename T>
[[gnu::target("arch=x86-64-v3"), gnu::noinline, gnu::flatten]] void
climb_lanes_avx2(T *out, const T *x, std::ptrdiff_t count, int more, bool nan) {
  Doubling<kExtreme, T, 32>::lane_runs(out, x, count, more, nan);
}
template <Extreme kExtreme, typename T>
[[gnu::noinline, gnu::flatten]] void climb_lanes_sse2(T *out, const T *x, std::ptrdiff_t count,
                                                      int more, bool nan) {
  Doubling<kExtreme, T, 16>::lane_runs(out, x, count, more, nan);
}
template <Extreme kExtreme, typename T, std::size_t kBytes>
[[gnu::always_inline]] inline void climb_lanes(T *out, const T *x, std::ptrdiff_t count, int more,
                                               bool nan) {
  if constexpr (kBytes == 64)
    climb_lanes_avx512<kExtreme>(out, x, count, more, nan);
  else if constexpr (kBytes == 32)
    climb_lanes_avx2<kExtreme>(out, x, count, more, nan);
  else
    climb_lanes_sse2<kExtreme>(out, x, count, more, nan);
}

template <Extreme kExtreme, typename T, std::size_t kBytes>
[[gnu::always_inline]] inline void strip_extreme(const StripJob<T> &job, const Strip &strip,
                                                 Scratch<T> &s) {
  using R = RowPicks<kExtreme, T, kBytes>;
  using D = Doubling<kExtreme, T, kBytes>;
  constexpr std::ptrdiff_t kCount = R::kCount;
  const std::ptrdiff_t h = job.down.size, w = job.across.size;
  // Neighbouring pixels along a row lie this many elements apart.
  const std::ptrdiff_t step = job.channels;
  // A vector of `along` reads level 0 up to w - 1 pixels on, or 1 on for
  // the first doubling; where the window spans a vector's lanes of
  // contiguous elements, the levels within a vector and `more` past them
  // (as many as the window takes, up to two) come from registers
  // (doubling.hpp), which read up to lane_runs_reach(more) on.
  const bool lane_runs = w >= std::max(kShortRun + 1, kCount) && step == 1;
  const int more = !lane_runs ? 0 : 4 * kCount <= w ? 2 : 2 * kCount <= w ? 1 : 0;
  const ExtendedRows<T> input_rows(job, strip, kCount,
                                   lane_runs ? D::lane_runs_reach(more)
                                             : (w <= kShortRun ? w - 1 : 1) * step + kCount - 1,
                                   s.columns);
  const std::ptrdiff_t columns = strip.c1 - strip.c0, extended = input_rows.extended();
  const std::ptrdiff_t padded = (columns + kCount - 1) / kCount * kCount; // a row of results
  const std::ptrdiff_t rows = strip.r1 - strip.r0, band = rows + h - 1;
  // (The lanes' runs read the line's buffer up to kLaneLevels vectors
  // past `extended`; the pitch leaves room for a whole reach.)
  const std::ptrdiff_t pitch = scratch_pitch<T>(extended + D::kLaneRunsReach, kCount);
  s.rows.resize(static_cast<std::size_t>((4 + 2 * h) * pitch));
  T *line = s.rows.data(), *prefix = line + pitch;
  T *doubled[2] = {line + 2 * pitch, line + 3 * pitch};
  T *block = line + 4 * pitch, *next = block + h * pitch;

  // to[j] = the extreme of extended row q's pixels [j, j + w): doubled
  // runs of 2, 4, ... up to `span`, the largest power of two in w (those
  // within a vector's lanes and up to two more in registers, then two
  // levels a pass), then the two such runs that start at j and end at
  // j + w.
  // Returns whether the row may hold NaN (its picks then propagate it).
  const auto along = [&](std::ptrdiff_t q, T *to) {
    const typename ExtendedRows<T>::Row input = input_rows.row(q, line);
    const bool nan = row_has_nan<R>(input_rows, input);
    if (w <= kShortRun) {
      input_rows.for_each_run(padded, [&](std::ptrdiff_t begin, std::ptrdiff_t end, bool in_middle)
                                          __attribute__((always_inline)) {
                                            const T *from = input_rows.at(input, begin, in_middle);
                                            const T *shifted[kShortRun];
                                            for (std::ptrdiff_t t = 0; t < w; ++t)
                                              shifted[t] = from + t * step;
                                            R::pick_row(to + begin, shifted, w, end - begin, nan);
                                          });
      return nan;
    }
    // doubled[0] = the first level: runs of span0 pixels (the lanes' and
    // `more` levels in registers).
    const std::ptrdiff_t span0 = lane_runs ? kCount << more : 2;
    input_rows.for_each_run(
        extended - (span0 - 1) * step, [&](std::ptrdiff_t begin, std::ptrdiff_t end,
                                           bool in_middle) __attribute__((always_inline)) {
          const T *from = input_rows.at(input, begin, in_middle);
          if (lane_runs)
            climb_lanes<kExtreme, T, kBytes>(doubled[0] + begin, from, end - begin, more, nan);
          else
            R::pick_span(doubled[0] + begin, from, from + step, end - begin, nan);
        });
    const T *from = doubled[0];
    std::ptrdiff_t span = span0;
    int which = 1;
    // Two levels a pass while they fit the window, then maybe one.
    for (; 4 * span <= w; which ^= 1, span *= 4) {
      D::twice(doubled[which], from, span * step, extended - 3 * span * step, nan);
      from = doubled[which];
    }
    if (2 * span <= w) {
      R::pick_span(doubled[which], from, from + span * step, extended - span * step, nan);
      from = doubled[which];
      span *= 2;
    }
    R::pick_span(to, from, from + (w - span) * step, padded, nan);
    return nan;
  };
  // Forced inline, as write_row's own lambdas: GCC otherwise may leave it
  // a call compiled for the default target, where the level's streaming
  // store does not assemble.
  const auto write =
      [&](std::ptrdiff_t i, const T *const *from, std::ptrdiff_t count_from, bool nan)
          __attribute__((always_inline)) { write_row<R>(job, strip, i, from, count_from, nan); };

  s.block_nan.resize(static_cast<std::size_t>(h));
  s.next_nan.resize(static_cast<std::size_t>(h));
  char *block_nan = s.block_nan.data(), *next_nan = s.next_nan.data();
  if (h <= kShortRun) {
    // Down the columns element by element, over a ring of the window's h
    // rows of `along`'s results: output row i reads band rows i + t from
    // slot (first + t) mod h (without a division per row and slot).
    for (std::ptrdiff_t q = 0; q + 1 < h; ++q)
      block_nan[q] = along(q, block + q * pitch);
    std::ptrdiff_t first = 0;
    const auto slot_of = [&](std::ptrdiff_t t) {
      return first + t < h ? first + t : first + t - h;
    };
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      const std::ptrdiff_t entering = slot_of(h - 1);
      block_nan[entering] = along(i + h - 1, block + entering * pitch);
      const T *window[kShortRun];
      bool nan = false;
      for (std::ptrdiff_t t = 0; t < h; ++t) {
        window[t] = block + slot_of(t) * pitch;
        nan |= block_nan[slot_of(t)] != 0;
      }
      write(i, window, h, nan);
      first = slot_of(1);
    }
    return;
  }
  // Down the columns in blocks of h rows of `along`'s results: output row
  // b + i picks between the block's suffix from row b + i and the next
  // block's prefix up to row b + i + h - 1.
  for (std::ptrdiff_t t = 0; t < std::min(h, band); ++t)
    block_nan[t] = along(t, block + t * pitch);
  for (std::ptrdiff_t b = 0; b < rows; b += h) {
    for (std::ptrdiff_t t = std::min(h, band - b) - 1; t-- > 0;) {
      block_nan[t] |= block_nan[t + 1];
      R::pick_span(block + t * pitch, block + t * pitch, block + (t + 1) * pitch, padded,
                   block_nan[t]);
    }
    const std::ptrdiff_t outputs = std::min(h, rows - b);
    write(b, &block, 1, block_nan[0]);
    bool prefix_nan = false;
    std::ptrdiff_t j = 0;
    for (; j + 1 < outputs; ++j) {
      T *entering = next + j * pitch;
      next_nan[j] = along(b + h + j, entering);
      prefix_nan |= next_nan[j];
      if (j == 0)
        std::memcpy(prefix, entering, sizeof(T) * padded);
      else
        R::pick_span(prefix, prefix, entering, padded, prefix_nan);
      const T *both[2] = {block + (j + 1) * pitch, prefix};
      write(b + j + 1, both, 2, block_nan[j + 1] || prefix_nan);
    }
    for (; j < h && b + h + j < band; ++j)
      next_nan[j] = along(b + h + j, next + j * pitch);
    std::swap(block, next);
    std::swap(block_nan, next_nan);
  }
}

template <Extreme kExtreme, typename T>
using StripFunction = void (*)(const StripJob<T> &, const Strip &, Scratch<T> &);

// strip_extreme for each level, everything inlined so that it is all
// compiled for the level's instructions (vectors.hpp).
template <Extreme kExtreme, typename T>
[[gnu::target("arch=x86-64-v4"), gnu::flatten]] void
strip_avx512(const StripJob<T> &job, const Strip &strip, Scratch<T> &s) {
  strip_extreme<kExtreme, T, 64>(job, strip, s);
}
template <Extreme kExtreme, typename T>
[[gnu::target("arch=x86-64-v3"), gnu::flatten]] void strip_avx2(const StripJob<T> &job,
                                                                const Strip &strip, Scratch<T> &s) {
  strip_extreme<kExtreme, T, 32>(job, strip, s);
}
template <Extreme kExtreme, typename T>
[[gnu::flatten]] void strip_sse2(const StripJob<T> &job, const Strip &strip, Scratch<T> &s) {
  strip_extreme<kExtreme, T, 16>(job, strip, s);
}

} // namespace

template <Extreme kExtreme, typename T>
void box_extremes_2d(const ArrayView &input, const ArrayView &output,
                     std::span<const Window> windows, Mode mode, T cval, parallel::Workers threads,
                     VectorLevel level, bool stream, std::ptrdiff_t channels) {
  const StripJob<T> job{input, output, windows[0], windows[1], mode, cval, stream, channels};
  const StripFunction<kExtreme, T> run = level == VectorLevel::Avx512 ? strip_avx512<kExtreme, T>
                                         : level == VectorLevel::Avx2 ? strip_avx2<kExtreme, T>
                                                                      : strip_sse2<kExtreme, T>;
  // Columns: strips as wide as keeps two blocks of h rows within
  // kStripBytes, in whole pixels.
  const std::ptrdiff_t h = windows[0].size;
  const std::ptrdiff_t widest =
      std::max(static_cast<std::ptrdiff_t>(kMinStripRowBytes / sizeof(T)),
               static_cast<std::ptrdiff_t>(kStripBytes / (2 * sizeof(T))) / h);
  for_each_strip<Scratch<T>>(
      input.shape[0], input.shape[1] / channels, std::max<std::ptrdiff_t>(1, widest / channels), h,
      threads, [&](const Strip &pixels, Scratch<T> &scratch) {
        run(job, Strip{pixels.r0, pixels.r1, pixels.c0 * channels, pixels.c1 * channels}, scratch);
      });
}

// The element types and extremes running_extreme.cpp dispatches to.
#define LLCJIT_BOX_EXTREMES(T, E)                                                                  \
  template void box_extremes_2d<Extreme::E, T>(                                                    \
      const ArrayView &, const ArrayView &, std::span<const Window>, Mode, T, parallel::Workers,   \
      VectorLevel, bool, std::ptrdiff_t);
#define LLCJIT_BOX_EXTREMES_OF_INTEGERS(T)                                                         \
  LLCJIT_BOX_EXTREMES(T, Min)                                                                      \
  LLCJIT_BOX_EXTREMES(T, Max)
#define LLCJIT_BOX_EXTREMES_OF_FLOATS(T)                                                           \
  LLCJIT_BOX_EXTREMES_OF_INTEGERS(T)                                                               \
  LLCJIT_BOX_EXTREMES(T, NanMin)                                                                   \
  LLCJIT_BOX_EXTREMES(T, NanMax)
LLCJIT_BOX_EXTREMES_OF_FLOATS(double)
LLCJIT_BOX_EXTREMES_OF_FLOATS(float)
LLCJIT_BOX_EXTREMES_OF_INTEGERS(std::uint8_t)
LLCJIT_BOX_EXTREMES_OF_INTEGERS(std::int8_t)
LLCJIT_BOX_EXTREMES_OF_INTEGERS(std::uint16_t)
LLCJIT_BOX_EXTREMES_OF_INTEGERS(std::int16_t)
LLCJIT_BOX_EXTREMES_OF_INTEGERS(std::uint32_t)
LLCJIT_BOX_EXTREMES_OF_INTEGERS(std::int32_t)
#undef LLCJIT_BOX_EXTREMES_OF_FLOATS
#undef LLCJIT_BOX_EXTREMES_OF_INTEGERS
#undef LLCJIT_BOX_EXTREMES

} // namespace llcjit::ndimage
