// The definitions of box_extremes.hpp. The output is cut into strips: of
// columns as wide as keeps a strip's two blocks of window rows in the
// cache, and of rows, one per column strip on one thread, else enough to
// share among the threads. A strip reads each input row it needs once,
// extended along the row by the window and the mode, picks along it
// (element by element or by doubling), and down the resulting rows into
// the output (element by element or by van Herk).
#include "ndimage/box_extremes.hpp"

#include "ndimage/boundary.hpp"

#include <tbb/info.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

namespace llcjit::ndimage {

namespace {

// A strip's two blocks of window rows (the van Herk suffixes and the next
// block's rows) stay within kStripBytes unless its rows are kMinStripRowBytes
// long: measured on 2048^2 images, narrower strips keep the blocks in the
// cache, and narrower rows pay more for each row's passes than they save.
constexpr std::size_t kStripBytes = std::size_t{128} << 10;
constexpr std::size_t kMinStripRowBytes = 4096;

// Output rows [r0, r1) and columns [c0, c1).
struct Strip {
  std::ptrdiff_t r0, r1, c0, c1;
};

template <typename T> struct Job {
  const ArrayView &input, &output;
  Window down, across;
  Mode mode;
  T cval;
};

// Rows of scratch lie this many bytes apart, modulo 4096: rows whose
// addresses agree in their low 12 bits can make a load wait for a store to
// the other (4K aliasing), and the widths of images are often powers of
// two. 17 vectors of 64 bytes is far from 0 either way. (On 2048-wide
// images here the gain was within the VM's noise; the skew costs nothing.)
constexpr std::size_t kRowSkew = 17 * 64;

// A thread's rows: the extended input row, two of doubling, the prefix of
// a block, and two blocks of h rows (each row with a vector's worth of
// slack at its end, which the picks of a row's last vector read and
// write); and per row of a block, whether it may hold NaN.
template <typename T> struct Scratch {
  std::vector<T> rows;
  std::vector<std::ptrdiff_t> columns; // per extended column, its source (-1: cval)
  std::vector<char> block_nan, next_nan;
};

// One level's vectors of T (kBytes wide) and the picks over rows of them.
template <Extreme kExtreme, typename T, std::size_t kBytes> struct Rows {
  static constexpr std::ptrdiff_t kCount = kBytes / sizeof(T);
  using V = Lanes<T, kCount>;

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
  // pick(x[k], x[k + 1], ..., x[k + n - 1]), first to last.
  [[gnu::always_inline]] static V pick_run(const T *const *x, std::ptrdiff_t n, std::ptrdiff_t k,
                                           bool nan) {
    V picked = load(x[0] + k);
    for (std::ptrdiff_t t = 1; t < n; ++t)
      picked = pick_lanes(picked, load(x[t] + k), nan);
    return picked;
  }
  // Whether x[0, count) holds a NaN (never for integers): a lane turns NaN
  // when its element does, by a select of one comparison.
  [[gnu::always_inline]] static bool has_nan(const T *x, std::ptrdiff_t count) {
    if constexpr (std::is_floating_point_v<T>) {
      V seen{};
      std::ptrdiff_t k = 0;
      for (; k + kCount <= count; k += kCount) {
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

template <Extreme kExtreme, typename T, std::size_t kBytes>
[[gnu::always_inline]] inline void strip_extreme(const Job<T> &job, const Strip &strip,
                                                 Scratch<T> &s) {
  using R = Rows<kExtreme, T, kBytes>;
  using V = typename R::V;
  constexpr std::ptrdiff_t kCount = R::kCount;
  const ArrayView &input = job.input;
  const std::ptrdiff_t h = job.down.size, w = job.across.size;
  const std::ptrdiff_t columns = strip.c1 - strip.c0, extended = columns + w - 1;
  const std::ptrdiff_t padded = (columns + kCount - 1) / kCount * kCount; // a row of results
  const std::ptrdiff_t rows = strip.r1 - strip.r0, band = rows + h - 1;
  const std::ptrdiff_t first_column = strip.c0 + job.across.low; // extended column 0
  // Rows of `pitch` elements: a whole number of pages and kRowSkew bytes.
  constexpr std::ptrdiff_t kPage = 4096;
  const std::ptrdiff_t row_bytes = static_cast<std::ptrdiff_t>(sizeof(T)) * (extended + kCount);
  const std::ptrdiff_t pitch =
      ((row_bytes + kPage - 1) / kPage * kPage + static_cast<std::ptrdiff_t>(kRowSkew)) /
      static_cast<std::ptrdiff_t>(sizeof(T));
  s.rows.resize(static_cast<std::size_t>((4 + 2 * h) * pitch));
  T *line = s.rows.data(), *prefix = line + pitch;
  T *doubled[2] = {line + 2 * pitch, line + 3 * pitch};
  T *block = line + 4 * pitch, *next = block + h * pitch;

  // Rows are read in place where the strip's extended columns, and the
  // slack its last vector reads, lie inside an aligned row; else through
  // `line`, column by column as the mode maps them.
  const char *in = static_cast<const char *>(input.data);
  const std::ptrdiff_t step = input.strides[1];
  const bool in_place = step == sizeof(T) && first_column >= 0 &&
                        first_column + extended + kCount - 1 <= input.shape[1] &&
                        reinterpret_cast<std::uintptr_t>(in) % alignof(T) == 0 &&
                        input.strides[0] % static_cast<std::ptrdiff_t>(alignof(T)) == 0;
  // Columns [inside_begin, inside_end) of the extended row are the row's
  // own, in order; the mode maps the others (s.columns).
  const std::ptrdiff_t inside_begin = std::clamp<std::ptrdiff_t>(-first_column, 0, extended);
  const std::ptrdiff_t inside_end =
      std::clamp<std::ptrdiff_t>(input.shape[1] - first_column, inside_begin, extended);
  if (!in_place) {
    s.columns.resize(static_cast<std::size_t>(extended));
    for (std::ptrdiff_t t = 0; t < extended; ++t)
      s.columns[t] = extend(first_column + t, input.shape[1], job.mode).value_or(-1);
  }
  const auto input_row = [&](std::ptrdiff_t q) -> const T * {
    const auto row = extend(strip.r0 + job.down.low + q, input.shape[0], job.mode);
    if (!row) {
      std::fill(line, line + extended, job.cval);
      return line;
    }
    const char *start = in + *row * input.strides[0];
    if (in_place)
      return reinterpret_cast<const T *>(start) + first_column;
    const auto mapped = [&](std::ptrdiff_t t) {
      line[t] = s.columns[t] < 0 ? job.cval : load<T>(start + s.columns[t] * step);
    };
    for (std::ptrdiff_t t = 0; t < inside_begin; ++t)
      mapped(t);
    if (step == sizeof(T))
      std::memcpy(line + inside_begin, start + (first_column + inside_begin) * step,
                  sizeof(T) * (inside_end - inside_begin));
    else
      for (std::ptrdiff_t t = inside_begin; t < inside_end; ++t)
        mapped(t);
    for (std::ptrdiff_t t = inside_end; t < extended; ++t)
      mapped(t);
    return line;
  };
  // to[j] = the extreme of extended row q's columns [j, j + w): doubled
  // runs of 2, 4, ... up to `span`, the largest power of two in w, then the
  // two such runs that start at j and end at j + w.
  // Returns whether the row may hold NaN (its picks then propagate it).
  const auto along = [&](std::ptrdiff_t q, T *to) {
    const T *from = input_row(q);
    const bool nan = R::has_nan(from, extended);
    if (w <= kShortRun) {
      const T *shifted[kShortRun];
      for (std::ptrdiff_t t = 0; t < w; ++t)
        shifted[t] = from + t;
      for (std::ptrdiff_t k = 0; k < padded; k += kCount) {
        const V picked = R::pick_run(shifted, w, k, nan);
        std::memcpy(to + k, &picked, sizeof picked);
      }
      return nan;
    }
    std::ptrdiff_t span = 1;
    for (int which = 0; 2 * span <= w; which ^= 1, span *= 2) {
      R::pick_span(doubled[which], from, from + span, extended - span, nan);
      from = doubled[which];
    }
    R::pick_span(to, from, from + (w - span), padded, nan);
    return nan;
  };
  char *out = static_cast<char *>(job.output.data);
  const std::ptrdiff_t out_step = job.output.strides[1];
  // Output row i of the strip: the pick of the rows `from` in order; `nan`:
  // any may hold NaN.
  const auto write = [&](std::ptrdiff_t i, const T *const *from, std::ptrdiff_t count_from,
                         bool nan) {
    char *row = out + (strip.r0 + i) * job.output.strides[0] + strip.c0 * out_step;
    for (std::ptrdiff_t k = 0; k < columns; k += kCount) {
      V value = R::pick_run(from, count_from, k, nan);
      if (nan)
        value = canonical<T>(value);
      const std::ptrdiff_t count = std::min(kCount, columns - k);
      if (out_step == sizeof(T) && count == kCount) {
        std::memcpy(row + k * out_step, &value, sizeof value);
        continue;
      }
      T lanes[kCount];
      std::memcpy(lanes, &value, sizeof value);
      for (std::ptrdiff_t e = 0; e < count; ++e)
        std::memcpy(row + (k + e) * out_step, &lanes[e], sizeof(T));
    }
  };

  s.block_nan.resize(static_cast<std::size_t>(h));
  s.next_nan.resize(static_cast<std::size_t>(h));
  char *block_nan = s.block_nan.data(), *next_nan = s.next_nan.data();
  if (h <= kShortRun) {
    // Down the columns element by element, over a ring of the window's h
    // rows of `along`'s results: row q in slot q % h.
    for (std::ptrdiff_t q = 0; q + 1 < h; ++q)
      block_nan[q] = along(q, block + q * pitch);
    for (std::ptrdiff_t i = 0; i < rows; ++i) {
      const std::ptrdiff_t entering = (i + h - 1) % h;
      block_nan[entering] = along(i + h - 1, block + entering * pitch);
      const T *window[kShortRun];
      bool nan = false;
      for (std::ptrdiff_t t = 0; t < h; ++t) {
        window[t] = block + (i + t) % h * pitch;
        nan |= block_nan[(i + t) % h] != 0;
      }
      write(i, window, h, nan);
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
using StripFunction = void (*)(const Job<T> &, const Strip &, Scratch<T> &);

// strip_extreme for each level, everything inlined so that it is all
// compiled for the level's instructions (vectors.hpp).
template <Extreme kExtreme, typename T>
[[gnu::target("arch=x86-64-v4"), gnu::flatten]] void
strip_avx512(const Job<T> &job, const Strip &strip, Scratch<T> &s) {
  strip_extreme<kExtreme, T, 64>(job, strip, s);
}
template <Extreme kExtreme, typename T>
[[gnu::target("arch=x86-64-v3"), gnu::flatten]] void strip_avx2(const Job<T> &job,
                                                                const Strip &strip, Scratch<T> &s) {
  strip_extreme<kExtreme, T, 32>(job, strip, s);
}
template <Extreme kExtreme, typename T>
[[gnu::flatten]] void strip_sse2(const Job<T> &job, const Strip &strip, Scratch<T> &s) {
  strip_extreme<kExtreme, T, 16>(job, strip, s);
}

} // namespace

template <Extreme kExtreme, typename T>
void box_extremes_2d(const ArrayView &input, const ArrayView &output,
                     std::span<const Window> windows, Mode mode, T cval, parallel::Workers threads,
                     VectorLevel level) {
  const Job<T> job{input, output, windows[0], windows[1], mode, cval};
  const StripFunction<kExtreme, T> run = level == VectorLevel::Avx512 ? strip_avx512<kExtreme, T>
                                         : level == VectorLevel::Avx2 ? strip_avx2<kExtreme, T>
                                                                      : strip_sse2<kExtreme, T>;
  const std::ptrdiff_t height = input.shape[0], width = input.shape[1], h = windows[0].size;
  // Columns: strips as wide as keeps two blocks of h rows within
  // kStripBytes. (A strip that reaches past an edge copies its rows, which
  // costs less than strips of their own for the edges would.)
  const std::ptrdiff_t widest =
      std::max(static_cast<std::ptrdiff_t>(kMinStripRowBytes / sizeof(T)),
               static_cast<std::ptrdiff_t>(kStripBytes / (2 * sizeof(T))) / h);
  const std::ptrdiff_t strips_across = (width + widest - 1) / widest;
  const std::ptrdiff_t strip_columns = (width + strips_across - 1) / strips_across;
  // A strip reads the h - 1 rows above its first again: on one thread one
  // strip of rows, else about four per thread, each at least 4 h tall.
  const std::ptrdiff_t workers =
      threads.threads == 0 ? tbb::info::default_concurrency() : threads.threads;
  const std::ptrdiff_t strip_rows =
      workers == 1 ? height
                   : std::max<std::ptrdiff_t>(4 * h, (height + 4 * workers - 1) / (4 * workers));
  const std::ptrdiff_t strips_down = (height + strip_rows - 1) / strip_rows;
  parallel::parallel_for(
      strips_down * strips_across, threads, [&](const tbb::blocked_range<std::ptrdiff_t> &range) {
        // Kept across calls, as tiles.hpp's scratch is.
        thread_local Scratch<T> scratch;
        for (std::ptrdiff_t t = range.begin(); t != range.end(); ++t) {
          const std::ptrdiff_t r = t / strips_across, c = t % strips_across;
          const Strip strip{r * strip_rows, std::min(height, (r + 1) * strip_rows),
                            c * strip_columns, std::min(width, (c + 1) * strip_columns)};
          run(job, strip, scratch);
        }
      });
}

// The element types running_extreme.cpp dispatches to.
#define LLCJIT_BOX_EXTREMES(T)                                                                     \
  template void box_extremes_2d<Extreme::Min, T>(const ArrayView &, const ArrayView &,             \
                                                 std::span<const Window>, Mode, T,                 \
                                                 parallel::Workers, VectorLevel);                  \
  template void box_extremes_2d<Extreme::Max, T>(const ArrayView &, const ArrayView &,             \
                                                 std::span<const Window>, Mode, T,                 \
                                                 parallel::Workers, VectorLevel);                  \
  template void box_extremes_2d<Extreme::NanMin, T>(const ArrayView &, const ArrayView &,          \
                                                    std::span<const Window>, Mode, T,              \
                                                    parallel::Workers, VectorLevel);               \
  template void box_extremes_2d<Extreme::NanMax, T>(const ArrayView &, const ArrayView &,          \
                                                    std::span<const Window>, Mode, T,              \
                                                    parallel::Workers, VectorLevel);
LLCJIT_BOX_EXTREMES(double)
LLCJIT_BOX_EXTREMES(float)
LLCJIT_BOX_EXTREMES(std::uint8_t)
LLCJIT_BOX_EXTREMES(std::int8_t)
LLCJIT_BOX_EXTREMES(std::uint16_t)
LLCJIT_BOX_EXTREMES(std::int16_t)
LLCJIT_BOX_EXTREMES(std::uint32_t)
LLCJIT_BOX_EXTREMES(std::int32_t)
#undef LLCJIT_BOX_EXTREMES

} // namespace llcjit::ndimage
