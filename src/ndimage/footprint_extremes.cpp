// The definitions of footprint_extremes.hpp. The output is cut into strips
// (row_strips.hpp) with columns as wide as keeps the ring of the
// footprint's rows, at every level, in the cache.
#include "ndimage/footprint_extremes.hpp"

#include "ndimage/footprint_rows.hpp"
#include "ndimage/row_strips.hpp"
#include "ndimage/window.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace llcjit::ndimage {

namespace {

// The ring's rows at every level stay within kStripBytes unless a strip's
// rows are kMinStripRowBytes long (as box_extremes.cpp's blocks; the
// sizes are not tuned).
constexpr std::size_t kStripBytes = std::size_t{256} << 10;
constexpr std::size_t kMinStripRowBytes = 4096;

// A run of `size` cells from `column` as runs of 2^level, in order.
void add_run(std::vector<RowTerm> &terms, std::ptrdiff_t row, std::ptrdiff_t column,
             std::ptrdiff_t size, std::ptrdiff_t level) {
  const std::ptrdiff_t span = std::ptrdiff_t{1} << level;
  for (std::ptrdiff_t at = column; at + span < column + size; at += span)
    terms.push_back({row, level, at});
  terms.push_back({row, level, column + size - span});
}

// A thread's rows: the ring of the footprint's h rows, each at every level
// (level 0 in the buffer only where not read in place), with a vector's
// worth of slack at each row's end; per ring row where level 0 is read and
// whether it may hold NaN; and per run of columns and term its row's start.
template <typename T> struct Scratch {
  std::vector<T> rows;
  std::vector<std::ptrdiff_t> columns;               // ExtendedRows' scratch
  std::vector<const T *> levels;                     // per ring row, per level from 1
  std::vector<typename ExtendedRows<T>::Row> inputs; // per ring row, level 0
  std::vector<char> nan;
  std::vector<const T *> from;
};

template <typename T> struct Job {
  StripJob<T> strip;
  const RowTerms &plan;
};

// How far past a vector's first column level 0 is read: by the terms of
// level 0 and by the first doubling.
std::ptrdiff_t level_zero_reach(const RowTerms &plan, std::ptrdiff_t lanes) {
  std::ptrdiff_t column = plan.levels > 0 ? 1 : 0;
  for (const RowTerm &term : plan.terms)
    if (term.level == 0)
      column = std::max(column, term.column);
  return column + lanes - 1;
}

template <Extreme kExtreme, typename T, std::size_t kBytes>
[[gnu::always_inline]] inline void strip_extreme(const Job<T> &job, const Strip &strip,
                                                 Scratch<T> &s) {
  using R = RowPicks<kExtreme, T, kBytes>;
  constexpr std::ptrdiff_t kCount = R::kCount;
  const std::ptrdiff_t h = job.strip.down.size, levels = job.plan.levels + 1;
  const std::vector<RowTerm> &terms = job.plan.terms;
  // Floating rows are read whole for NaN first, which asks for the next
  // row's lines as it goes: asked for all at once, they stalled the loads.
  constexpr bool kFloating = std::is_floating_point_v<T>;
  const ExtendedRows<T> input_rows(job.strip, strip, kCount, level_zero_reach(job.plan, kCount),
                                   s.columns, !kFloating);
  const std::ptrdiff_t ahead = kFloating ? job.strip.input.strides[0] : 0;
  const std::ptrdiff_t extended = input_rows.extended();
  const std::ptrdiff_t pitch = scratch_pitch<T>(extended, kCount);
  s.rows.resize(static_cast<std::size_t>(h * levels * pitch));
  s.levels.resize(static_cast<std::size_t>(h * levels));
  s.inputs.resize(static_cast<std::size_t>(h));
  s.nan.assign(static_cast<std::size_t>(h), 0);
  s.from.resize(3 * terms.size());
  // Extended row q enters ring slot `slot` (the slot of the row that left);
  // its level k is s.rows' row slot * levels + k. `nan_rows` counts the
  // ring's rows that may hold NaN.
  std::ptrdiff_t nan_rows = 0;
  const auto enter = [&](std::ptrdiff_t q, std::ptrdiff_t slot) {
    T *buffer = s.rows.data() + slot * levels * pitch;
    const T **level = s.levels.data() + slot * levels;
    const typename ExtendedRows<T>::Row input = input_rows.row(q, buffer);
    s.inputs[slot] = input;
    const bool nan = row_has_nan<R>(input_rows, input, ahead);
    nan_rows += nan - s.nan[slot];
    s.nan[slot] = nan;
    for (std::ptrdiff_t k = 1; k < levels; ++k) {
      T *doubled = buffer + k * pitch;
      if (k == 1) {
        input_rows.for_each_run(extended - 1, [&](std::ptrdiff_t begin, std::ptrdiff_t end,
                                                  bool in_middle) __attribute__((always_inline)) {
          const T *at = input_rows.at(input, begin, in_middle);
          R::pick_span(doubled + begin, at, at + 1, end - begin, nan);
        });
      } else {
        const std::ptrdiff_t half = std::ptrdiff_t{1} << (k - 1);
        R::pick_span(doubled, level[k - 1], level[k - 1] + half, extended - 2 * half + 1, nan);
      }
      level[k] = doubled;
    }
  };
  for (std::ptrdiff_t q = 0; q + 1 < h; ++q)
    enter(q, q);
  // Output row i reads band rows i + t from slot (first + t) mod h,
  // found without a division per term and row. Its columns come in at most
  // three runs (ExtendedRows::for_each_run), the same for every row: each
  // term's row is found once per row for all of them, and write_row is
  // inlined once.
  std::ptrdiff_t first = 0;
  const auto slot_of = [&](std::ptrdiff_t t) { return first + t < h ? first + t : first + t - h; };
  struct Run {
    std::ptrdiff_t begin, end;
    bool in_middle;
  };
  Run runs[3];
  std::size_t run_count = 0;
  input_rows.for_each_run(strip.c1 - strip.c0,
                          [&](std::ptrdiff_t begin, std::ptrdiff_t end, bool in_middle) {
                            runs[run_count++] = {begin, end, in_middle};
                          });
  const std::size_t term_count = terms.size();
  for (std::ptrdiff_t i = 0; i < strip.r1 - strip.r0; ++i) {
    enter(i + h - 1, slot_of(h - 1));
    for (std::size_t t = 0; t < term_count; ++t) {
      const RowTerm &term = terms[t];
      const std::ptrdiff_t slot = slot_of(term.row);
      for (std::size_t r = 0; r < run_count; ++r) {
        const T *row = term.level > 0
                           ? s.levels[slot * levels + term.level] + runs[r].begin
                           : input_rows.at(s.inputs[slot], runs[r].begin, runs[r].in_middle);
        s.from[r * term_count + t] = row + term.column;
      }
    }
    for (std::size_t r = 0; r < run_count; ++r)
      write_row<R>(
          job.strip, Strip{strip.r0, strip.r1, strip.c0 + runs[r].begin, strip.c0 + runs[r].end}, i,
          s.from.data() + r * term_count, static_cast<std::ptrdiff_t>(term_count), nan_rows > 0);
    first = slot_of(1);
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

std::size_t row_terms_cost(const RowTerms &plan) {
  return plan.terms.size() + 2 * static_cast<std::size_t>(plan.levels);
}

namespace {

RowTerms cheapest_row_terms(const Footprint &footprint) {
  const std::vector<std::ptrdiff_t> centred(footprint.shape.size(), 0);
  const std::vector<FootprintRow> rows = footprint_rows(footprint, centred);
  std::ptrdiff_t longest = 1;
  for (const FootprintRow &row : rows)
    for (const Run &run : row.runs)
      longest = std::max(longest, run.size);
  RowTerms best;
  std::size_t best_cost = std::numeric_limits<std::size_t>::max();
  for (std::ptrdiff_t levels = 0; (std::ptrdiff_t{1} << levels) <= longest; ++levels) {
    RowTerms plan{levels, {}};
    for (const FootprintRow &row : rows)
      for (const Run &run : row.runs)
        add_run(plan.terms, row.offset[0] + footprint.shape[0] / 2, run.start, run.size,
                std::min<std::ptrdiff_t>(levels, std::bit_width(std::size_t(run.size)) - 1));
    if (const std::size_t cost = row_terms_cost(plan); cost < best_cost) {
      best_cost = cost;
      best = std::move(plan);
    }
  }
  return best;
}

} // namespace

std::shared_ptr<const RowTerms> row_terms(const Footprint &footprint) {
  // Working the terms out cost a sixth of a cross erosion of 8x8.
  thread_local std::optional<Footprint> last_footprint;
  thread_local std::shared_ptr<const RowTerms> last;
  if (!last_footprint || last_footprint->shape != footprint.shape ||
      last_footprint->mask != footprint.mask) {
    last = std::make_shared<const RowTerms>(cheapest_row_terms(footprint));
    last_footprint = footprint;
  }
  return last;
}

template <Extreme kExtreme, typename T>
void footprint_extremes_2d(const ArrayView &input, const ArrayView &output,
                           const Footprint &footprint, std::span<const std::ptrdiff_t> origin,
                           Mode mode, T cval, parallel::Workers threads, VectorLevel level,
                           bool stream) {
  const std::shared_ptr<const RowTerms> terms = row_terms(footprint);
  const RowTerms &plan = *terms;
  const Window down = centred_window(footprint.shape[0], origin[0]);
  const Window across = centred_window(footprint.shape[1], origin[1]);
  const Job<T> job{{input, output, down, across, mode, cval, stream, 1}, plan};
  const StripFunction<kExtreme, T> run = level == VectorLevel::Avx512 ? strip_avx512<kExtreme, T>
                                         : level == VectorLevel::Avx2 ? strip_avx2<kExtreme, T>
                                                                      : strip_sse2<kExtreme, T>;
  const std::ptrdiff_t h = down.size;
  const std::ptrdiff_t widest =
      std::max(static_cast<std::ptrdiff_t>(kMinStripRowBytes / sizeof(T)),
               static_cast<std::ptrdiff_t>(kStripBytes / sizeof(T)) / (h * (plan.levels + 1)));
  for_each_strip<Scratch<T>>(
      input.shape[0], input.shape[1], widest, h, threads,
      [&](const Strip &strip, Scratch<T> &scratch) { run(job, strip, scratch); });
}

// The element types and extremes running_extreme.cpp dispatches to.
#define LLCJIT_FOOTPRINT_EXTREMES(T, E)                                                            \
  template void footprint_extremes_2d<Extreme::E, T>(                                              \
      const ArrayView &, const ArrayView &, const Footprint &, std::span<const std::ptrdiff_t>,    \
      Mode, T, parallel::Workers, VectorLevel, bool);
#define LLCJIT_FOOTPRINT_EXTREMES_OF_INTEGERS(T)                                                   \
  LLCJIT_FOOTPRINT_EXTREMES(T, Min)                                                                \
  LLCJIT_FOOTPRINT_EXTREMES(T, Max)
#define LLCJIT_FOOTPRINT_EXTREMES_OF_FLOATS(T)                                                     \
  LLCJIT_FOOTPRINT_EXTREMES_OF_INTEGERS(T)                                                         \
  LLCJIT_FOOTPRINT_EXTREMES(T, NanMin)                                                             \
  LLCJIT_FOOTPRINT_EXTREMES(T, NanMax)
LLCJIT_FOOTPRINT_EXTREMES_OF_FLOATS(double)
LLCJIT_FOOTPRINT_EXTREMES_OF_FLOATS(float)
LLCJIT_FOOTPRINT_EXTREMES_OF_INTEGERS(std::uint8_t)
LLCJIT_FOOTPRINT_EXTREMES_OF_INTEGERS(std::int8_t)
LLCJIT_FOOTPRINT_EXTREMES_OF_INTEGERS(std::uint16_t)
LLCJIT_FOOTPRINT_EXTREMES_OF_INTEGERS(std::int16_t)
LLCJIT_FOOTPRINT_EXTREMES_OF_INTEGERS(std::uint32_t)
LLCJIT_FOOTPRINT_EXTREMES_OF_INTEGERS(std::int32_t)
#undef LLCJIT_FOOTPRINT_EXTREMES_OF_FLOATS
#undef LLCJIT_FOOTPRINT_EXTREMES_OF_INTEGERS
#undef LLCJIT_FOOTPRINT_EXTREMES

} // namespace llcjit::ndimage
