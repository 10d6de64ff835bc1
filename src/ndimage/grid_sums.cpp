// The definitions of grid_sums.hpp. Each value x is cut as
//
//   coarse = x rounded to a multiple of G,  fine = (x - coarse) rounded to
//   a multiple of g,  dropped = x - coarse - fine, |dropped| <= g / 2,
//
// by adding and subtracting 1.5 * 2^52 times the grid. G is the power of
// two with 2^53 G above `terms` times the largest |x|, and g the one with
// 2^53 g above `terms` times G, where `terms` bounds every partial sum
// below in values: then every sum of coarse parts is an integer multiple
// of G below 2^53 G, exact, and so is every sum of fine parts. A strip of
// output (row_strips.hpp's) keeps per extended column the running sums of
// the window's rows, plus the row entering, minus the one leaving; along a
// row, the window's sum at column j is the one at j - 1 plus sums[j + w -
// 1] minus sums[j - 1], a vector's worth at a time by prefix sums across
// its lanes. The result rounds the two exact sums once (and then divides
// for the mean), so it does not depend on the order, the vector width, the
// strips or the threads.
#include "ndimage/grid_sums.hpp"

#include "ndimage/extended_rows.hpp"
#include "ndimage/largest_magnitude.hpp"
#include "ndimage/picks.hpp"
#include "ndimage/row_strips.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace llcjit::ndimage {

namespace {

// Inclusive prefix sums across the lanes, and the last lane in every lane
// (for SSE2 and AVX-512; AVX2 runs a lane along each quarter of a row).
[[gnu::always_inline]] inline Vec2 lane_prefix(const Vec2 &v) {
  const Vec2 zero{};
  return v + __builtin_shufflevector(zero, v, 1, 2);
}
[[gnu::always_inline]] inline Vec8 lane_prefix(const Vec8 &v) {
  const Vec8 zero{};
  const Vec8 a = v + __builtin_shufflevector(zero, v, 7, 8, 9, 10, 11, 12, 13, 14);
  const Vec8 b = a + __builtin_shufflevector(zero, a, 6, 7, 8, 9, 10, 11, 12, 13);
  return b + __builtin_shufflevector(zero, b, 4, 5, 6, 7, 8, 9, 10, 11);
}
[[gnu::always_inline]] inline Vec2 last_lane(const Vec2 &v) {
  return __builtin_shufflevector(v, v, 1, 1);
}
[[gnu::always_inline]] inline Vec8 last_lane(const Vec8 &v) {
  return __builtin_shufflevector(v, v, 7, 7, 7, 7, 7, 7, 7, 7);
}

// K + 1 (docs/filters.md): K bounds the box's partial sums, in values: a
// column's h rows with one entering and one leaving; along a row, any run
// of consecutive differences of window sums, at most two windows; one
// more for the parts' own rounding. The extra one is the margin by which
// 2^53 G exceeds the sums.
double partial_terms(double cells, std::ptrdiff_t h) {
  return 2 * cells + 2 * static_cast<double>(h) + 6;
}

// The least power of two G (at least the smallest subnormal, on which
// every double lies) with 2^53 G above `magnitude`.
double grid_above(double magnitude) {
  const int exponent = magnitude > 0 ? std::max(std::ilogb(magnitude) + 1 - 53, -1074) : -1074;
  return std::ldexp(1.0, exponent);
}

// What rounds x to a multiple of `grid` when added and subtracted.
double shift_of(double grid) { return 1.5 * std::ldexp(grid, 52); }

struct Job {
  StripJob<double> rows;
  double cells;
  double coarse, fine;   // the two grids' shifts
  std::uint64_t largest; // the magnitude bits the grids hold, at most
};

struct Scratch {
  std::vector<double> ends; // a ring of h + 1 rows' ends (ExtendedRows)
  std::vector<ExtendedRows<double>::Row> ring;
  std::vector<double> sums; // down the columns: coarse, then fine
  std::vector<std::ptrdiff_t> columns;
};

// The strip's sums or means; false when a value's magnitude exceeds
// job.largest (the output is then not to be relied on).
template <typename V, bool kFma, bool kMean>
[[gnu::always_inline]] inline bool strip_sums(const Job &job, const Strip &strip, Scratch &s) {
  constexpr std::ptrdiff_t kW = kWidth<V>;
  using B = Lanes<std::uint64_t, kW>;
  const std::ptrdiff_t h = job.rows.down.size, w = job.rows.across.size;
  const ExtendedRows<double> rows(job.rows, strip, kW, kW - 1, s.columns, false);
  const std::ptrdiff_t extended = rows.extended(), columns = strip.c1 - strip.c0;
  const std::ptrdiff_t padded = (extended + kW - 1) / kW * kW;
  const std::ptrdiff_t band = strip.r1 - strip.r0 + h - 1;
  const std::ptrdiff_t pitch = scratch_pitch<double>(extended, kW), ring = h + 1;
  s.ends.resize(static_cast<std::size_t>(ring * pitch));
  s.ring.resize(static_cast<std::size_t>(ring));
  // Zeros before each row of sums stand for the columns before the first,
  // which the window starting there subtracts; those after are read by
  // the last quarter of a row (kW == 4) and never stored.
  const std::ptrdiff_t before = (w + kW - 1) / kW * kW, span = before + padded + 4 * kW;
  s.sums.assign(static_cast<std::size_t>(2 * span), 0.0);
  double *coarse = s.sums.data() + before, *fine = coarse + span;

  const V coarse_shift = V{} + job.coarse, fine_shift = V{} + job.fine;
  // The lanes of the last vector past the extended row read slack.
  B tail{};
  for (std::ptrdiff_t k = 0; k < kW; ++k)
    tail[k] = padded - kW + k < extended ? ~std::uint64_t{0} : 0;
  const auto masked = [&](V x) __attribute__((always_inline)) {
    B bits;
    std::memcpy(&bits, &x, sizeof x);
    bits &= tail;
    std::memcpy(&x, &bits, sizeof x);
    return x;
  };
  // x's parts, each still shifted (hi + coarse_shift, lo + fine_shift):
  // the parts of a row entering less those of a row leaving are the
  // differences of the shifted parts, exact (both lie in the binade of
  // their shift), which saves the two subtractions of the shifts.
  const auto split = [&](const V &x, V &hi, V &lo) __attribute__((always_inline)) {
    hi = x + coarse_shift;
    lo = (x - (hi - coarse_shift)) + fine_shift;
  };
  // The largest and least values read. A NaN or an infinity is not seen
  // here but turns its column's sums into NaN for good (inf - inf), which
  // the end of the strip tests.
  V most = V{} - HUGE_VAL, least = V{} + HUGE_VAL;
  const auto down = [&](const ExtendedRows<double>::Row &in,
                        const ExtendedRows<double>::Row *out) __attribute__((always_inline)) {
    const auto add = [&](std::ptrdiff_t p, const V &x, const V &leaving)
                         __attribute__((always_inline)) {
                           most = x > most ? x : most;
                           least = x < least ? x : least;
                           V hi, lo, out_hi, out_lo;
                           split(x, hi, lo);
                           split(leaving, out_hi, out_lo);
                           V c, f;
                           load_lanes(c, coarse + p);
                           load_lanes(f, fine + p);
                           store_lanes(coarse + p, c + (hi - out_hi));
                           store_lanes(fine + p, f + (lo - out_lo));
                         };
    rows.for_each_run(padded, [&](std::ptrdiff_t begin, std::ptrdiff_t end,
                                  bool in_middle) __attribute__((always_inline)) {
      // Pointers in locals: the stores through memcpy would make the
      // compiler reload them from the rows at every vector.
      const double *entering = rows.at(in, begin, in_middle);
      const double *leaving = out ? rows.at(*out, begin, in_middle) : nullptr;
      const std::ptrdiff_t whole = std::min(end, padded - kW);
      V x, y{};
      // The input row below, a line at a time as this one is read (which
      // the next row most likely is): asked for all at once, the lines
      // waited for the CPU's few dozen misses in flight, and its own
      // prefetchers stop at each 4 KiB page.
      const std::uintptr_t below =
          in_middle ? reinterpret_cast<std::uintptr_t>(entering) + job.rows.input.strides[0] : 0;
      for (std::ptrdiff_t p = begin; p < whole; p += kW) {
        if (below != 0)
          prefetch_line(below + (p - begin) * sizeof(double));
        load_lanes(x, entering + (p - begin));
        if (leaving)
          load_lanes(y, leaving + (p - begin));
        add(p, x, y);
      }
      if (end > whole) {
        load_lanes(x, entering + (whole - begin));
        if (leaving)
          load_lanes(y, leaving + (whole - begin));
        add(whole, masked(x), masked(y));
      }
    });
  };
  const V cells = V{} + job.cells, inverse = 1.0 / cells;
  const std::ptrdiff_t out_step = job.rows.output.strides[1];
  const bool contiguous = out_step == sizeof(double);
  // Position p + w - 1 holds the window from column p.
  const std::ptrdiff_t whole_from = w - 1, whole_to = w - 1 + columns - kW;
  // The window's sum or mean from the exact sums of its two grids.
  // Dekker's Fast2Sum is exact here (so the bits of TwoSum in half the
  // operations): the coarse sum is a multiple of G, hence of g, and the
  // fine one, n parts of at most G / 2, lies below 2^52 g, so the sum less
  // the coarse part and the rounding error are multiples of g below 2^53 g.
  const auto value = [&](const V &coarse_run, const V &fine_run) __attribute__((always_inline)) {
    V sum = coarse_run + fine_run;
    const V error = fine_run - (sum - coarse_run);
    if constexpr (kMean)
      sum = divide<kFma>(sum, error, cells, inverse);
    return sum;
  };
  // The values of positions [p, p + kW) into output row `row`, those of
  // its columns.
  const auto store = [&](char *row, std::ptrdiff_t p, const V &sum) __attribute__((always_inline)) {
    if (contiguous && p >= whole_from && p <= whole_to) {
      std::memcpy(row + (p - whole_from) * out_step, &sum, sizeof sum);
      return;
    }
    for (std::ptrdiff_t k = 0; k < kW; ++k)
      if (p + k >= whole_from && p + k < whole_from + columns) {
        const double lane = sum[k];
        std::memcpy(row + (p + k - whole_from) * out_step, &lane, sizeof lane);
      }
  };
  // The steps of the two grids' window sums from position p - 1 to p.
  const auto steps = [&](std::ptrdiff_t p, V &coarse_step, V &fine_step)
                         __attribute__((always_inline)) {
                           V entering, leaving;
                           load_lanes(entering, coarse + p);
                           load_lanes(leaving, coarse + p - w);
                           coarse_step = entering - leaving;
                           load_lanes(entering, fine + p);
                           load_lanes(leaving, fine + p - w);
                           fine_step = entering - leaving;
                         };
  const auto across = [&](std::ptrdiff_t i) __attribute__((always_inline)) {
    char *row = static_cast<char *>(job.rows.output.data) +
                (strip.r0 + i) * job.rows.output.strides[0] + strip.c0 * out_step;
    if constexpr (kW == 4) {
      // Each lane runs along its own quarter of the row: the differences
      // of column sums are transposed in, the results out (two shuffles a
      // vector each), where prefix sums across the lanes took four
      // shuffles and four additions a vector for the two grids, the
      // largest cost of an AVX2 mean. A lane starts from the sum of the w
      // column sums before its quarter.
      const std::ptrdiff_t first = whole_from / kW * kW;
      const std::ptrdiff_t quarter = ((whole_from + columns - first + 3) / 4 + kW - 1) / kW * kW;
      V coarse_run, fine_run;
      for (std::ptrdiff_t k = 0; k < 4; ++k) {
        const std::ptrdiff_t start = first + k * quarter;
        V c{}, f{};
        std::ptrdiff_t j = start - w;
        for (; j + kW <= start; j += kW) {
          V more;
          load_lanes(more, coarse + j);
          c += more;
          load_lanes(more, fine + j);
          f += more;
        }
        for (; j < start; ++j) {
          c[0] += coarse[j];
          f[0] += fine[j];
        }
        coarse_run[k] = (c[0] + c[1]) + (c[2] + c[3]);
        fine_run[k] = (f[0] + f[1]) + (f[2] + f[3]);
      }
      for (std::ptrdiff_t t = 0; t < quarter; t += kW) {
        V coarse_step[4], fine_step[4], result[4];
        for (std::ptrdiff_t k = 0; k < 4; ++k) {
          steps(first + k * quarter + t, coarse_step[k], fine_step[k]);
        }
        transpose(coarse_step);
        transpose(fine_step);
        for (std::ptrdiff_t u = 0; u < 4; ++u) {
          coarse_run += coarse_step[u];
          fine_run += fine_step[u];
          result[u] = value(coarse_run, fine_run);
        }
        transpose(result);
        for (std::ptrdiff_t k = 0; k < 4; ++k)
          store(row, first + k * quarter + t, result[k]);
      }
    } else {
      // The window sums ending before p, in every lane: only their own
      // additions wait on the vector before, not the lanes' shuffles.
      V coarse_carry{}, fine_carry{};
      for (std::ptrdiff_t p = 0; p < padded; p += kW) {
        V coarse_step, fine_step;
        steps(p, coarse_step, fine_step);
        const V coarse_prefix = lane_prefix(coarse_step), fine_prefix = lane_prefix(fine_step);
        store(row, p, value(coarse_prefix + coarse_carry, fine_prefix + fine_carry));
        coarse_carry += last_lane(coarse_prefix);
        fine_carry += last_lane(fine_prefix);
      }
    }
  };

  for (std::ptrdiff_t q = 0; q < band; ++q) {
    const std::ptrdiff_t slot = q % ring;
    s.ring[slot] = rows.row(q, s.ends.data() + slot * pitch);
    down(s.ring[slot], q >= h ? &s.ring[(q - h) % ring] : nullptr);
    if (q >= h - 1)
      across(q - h + 1);
  }
  // All the columns' sums added: NaN where any is (a NaN or an infinity
  // was read).
  V all_sums = V{};
  for (std::ptrdiff_t p = 0; p < padded; p += kW) {
    V c, f;
    load_lanes(c, coarse + p);
    load_lanes(f, fine + p);
    all_sums += c + f;
  }
  bool fits = true;
  for (std::ptrdiff_t k = 0; k < kW; ++k)
    fits &= !std::isnan(all_sums[k]) &&
            std::max(most[k], -least[k]) <= std::bit_cast<double>(job.largest);
  return fits;
}

// Each level's build, everything inlined into it so that it is all
// compiled for the level's instructions (vectors.hpp).
using StripFunction = bool (*)(const Job &, const Strip &, Scratch &);

template <bool kMean>
[[gnu::target("arch=x86-64-v4"), gnu::flatten]] bool strip_avx512(const Job &job,
                                                                  const Strip &strip, Scratch &s) {
  return strip_sums<Vec8, true, kMean>(job, strip, s);
}
template <bool kMean>
[[gnu::target("arch=x86-64-v3"), gnu::flatten]] bool strip_avx2(const Job &job, const Strip &strip,
                                                                Scratch &s) {
  return strip_sums<Vec4, true, kMean>(job, strip, s);
}
template <bool kMean>
[[gnu::flatten]] bool strip_sse2(const Job &job, const Strip &strip, Scratch &s) {
  return strip_sums<Vec2, false, kMean>(job, strip, s);
}

template <bool kMean> StripFunction strip_function(VectorLevel level) {
  switch (level) {
  case VectorLevel::Avx512: return strip_avx512<kMean>;
  case VectorLevel::Avx2: return strip_avx2<kMean>;
  case VectorLevel::Sse2: break;
  }
  return strip_sse2<kMean>;
}

// Rows sampled for the grids, and the headroom over their largest value:
// a value beyond it costs a second reading of the input.
constexpr std::ptrdiff_t kSampleStep = 16;
constexpr double kHeadroom = 4;

// Strips as wide as keep the window's rows within about 1 MiB (the L2
// cache here) and the two rows of column sums within 32 KiB (the L1
// cache is 48): 2048 columns at most, 256 at least. On 2048^2 whole rows
// ran faster than strips of 256 or 512 columns, which repeat the
// window's columns at their edges; on 6476^2 strips of 2048 ran as fast as
// whole rows (a 31x31 mean 68 against 67 ms).
constexpr std::ptrdiff_t kBandBytes = std::ptrdiff_t{1} << 20;
constexpr std::ptrdiff_t kMinStripColumns = 256, kMaxStripColumns = 2048;

} // namespace

bool grid_box_sum_2d(const ArrayView &input, const ArrayView &output,
                     std::span<const Window> windows, Moment moment, Mode mode, double cval,
                     parallel::Workers threads, VectorLevel level) {
  const double cells = static_cast<double>(windows[0].size) * static_cast<double>(windows[1].size);
  const std::ptrdiff_t h = windows[0].size;
  // |x| < 2^e, the box sums' limit (pair_sums.hpp), as bits.
  const double limit = std::ldexp(1.0, magnitude_exponent(false, cells));
  if (!(std::fabs(cval) < limit))
    return false;
  const std::uint64_t below_limit = std::bit_cast<std::uint64_t>(limit) - 1;
  const StripFunction strip_sums_of =
      moment == Moment::Mean ? strip_function<true>(level) : strip_function<false>(level);
  const std::uint64_t cval_bits =
      mode == Mode::Constant ? std::bit_cast<std::uint64_t>(std::fabs(cval)) : 0;
  const std::ptrdiff_t widest =
      std::clamp(kBandBytes / static_cast<std::ptrdiff_t>(sizeof(double)) / h, kMinStripColumns,
                 kMaxStripColumns);
  const double terms = partial_terms(cells, h);
  const auto sums = [&](double largest) {
    // The fine parts are at most G / 2.
    const double coarse = grid_above(terms * largest), fine = grid_above(terms * coarse / 2);
    const Job job{{input, output, windows[0], windows[1], mode, cval, false, 1},
                  cells,
                  shift_of(coarse),
                  shift_of(fine),
                  std::min(std::bit_cast<std::uint64_t>(largest), below_limit)};
    std::atomic<bool> fits = true;
    for_each_strip<Scratch>(input.shape[0], input.shape[1], widest, h, threads,
                            [&](const Strip &strip, Scratch &scratch) {
                              if (fits.load(std::memory_order_relaxed) &&
                                  !strip_sums_of(job, strip, scratch))
                                fits = false;
                            });
    return fits.load();
  };
  const std::uint64_t sampled =
      std::max(largest_magnitude_bits(input, kSampleStep, level), cval_bits);
  if (sampled <= below_limit && sums(std::min(kHeadroom * std::bit_cast<double>(sampled),
                                              std::bit_cast<double>(below_limit))))
    return true;
  const std::uint64_t largest = std::max(largest_magnitude_bits(input, 1, level), cval_bits);
  return largest <= below_limit && sums(std::bit_cast<double>(largest));
}

} // namespace llcjit::ndimage
