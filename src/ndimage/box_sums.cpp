// The definitions of box_sums.hpp. A tile (tiles.hpp) is a strip of up to
// 256 output columns over a run of output rows. Its band of input rows is
// read eight rows at a time, transposed into the lanes of vectors per
// extended column (read_band_rows), and summed along the rows: a running
// pair sum in each lane. Those row sums are transposed back into a ring of
// rows as tall as the window, down whose columns a second running pair sum
// yields a row of output as soon as its window's last row is in.
#include "ndimage/box_sums.hpp"

#include "ndimage/grid_sums.hpp"
#include "ndimage/moment_tiles.hpp"
#include "ndimage/pair_sums.hpp"
#include "ndimage/tiles.hpp"
#include "ndimage/vectors.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <vector>

namespace llcjit::ndimage {

namespace {

// Eight rows of a column in the pass along the rows and eight columns of a
// row in the pass down the columns fill 8 / W vectors V of W lanes. The
// buffers hold doubles, read and written through get and put at a double's
// index; row-major buffers ([t][lane]) keep eight lanes per row.
using Buffer = std::vector<double>;
static_assert(kLanes == 8, "a bundle's eight rows");

template <typename V> [[gnu::always_inline]] inline V get(const Buffer &buffer, std::ptrdiff_t at) {
  V v;
  load_lanes(v, buffer.data() + at);
  return v;
}
template <typename V>
[[gnu::always_inline]] inline void put(Buffer &buffer, std::ptrdiff_t at, const V &v) {
  store_lanes(buffer.data() + at, v);
}

// One sum's buffers in a tile: its terms per extended column (the eight
// rows in the lanes), their sums along the rows per output column, the
// ring of those sums as rows, and the running sums down the columns.
struct Channel {
  Buffer term_hi, term_lo, across_hi, across_lo, ring_hi, ring_lo, down_hi, down_lo;
};

struct Scratch {
  std::vector<double> line;
  ColumnMap columns;
  std::array<Channel, kMaxChannels> channels;
  std::array<double, kLanes> discard; // where rows past the band go
};

struct Job {
  const ArrayView &input, &output;
  Moment moment;
  Mode mode;
  double cval, cells;
  double overflow; // x times this is infinite when |x| reaches the limit
};

// Along the rows: across[j] = the sum of terms [j, j + width) for the
// tile's columns, W of the eight rows at a time.
template <typename V, bool kPairs>
[[gnu::always_inline]] inline void along(Channel &c, std::ptrdiff_t columns, std::ptrdiff_t width) {
  const V zero{};
  for (std::ptrdiff_t g = 0; g < kLanes; g += kWidth<V>) {
    auto term = [&](const Buffer &b, std::ptrdiff_t t) { return get<V>(b, t * kLanes + g); };
    V s{}, l{};
    for (std::ptrdiff_t t = 0; t < width; ++t)
      slide(s, l, term(c.term_hi, t), kPairs ? term(c.term_lo, t) : zero, zero, zero);
    for (std::ptrdiff_t j = 0;; ++j) {
      put(c.across_hi, j * kLanes + g, s);
      put(c.across_lo, j * kLanes + g, l);
      if (j + 1 == columns)
        break;
      slide(s, l, term(c.term_hi, j + width), kPairs ? term(c.term_lo, j + width) : zero,
            term(c.term_hi, j), kPairs ? term(c.term_lo, j) : zero);
    }
  }
}

// Band rows [first, first + 8) of the row sums into their rows of the
// ring (row_at: each one's first double; rows past the band are
// discarded).
template <typename V>
[[gnu::always_inline]] inline void into_ring(Channel &c, const std::ptrdiff_t *row_at,
                                             std::ptrdiff_t count, std::ptrdiff_t padded,
                                             Scratch &s) {
  for (int pair = 0; pair < 2; ++pair) {
    const Buffer &across = pair == 0 ? c.across_hi : c.across_lo;
    Buffer &to = pair == 0 ? c.ring_hi : c.ring_lo;
    for (std::ptrdiff_t block = 0; block < padded; block += kLanes)
      transpose8x8<V>(
          [&](std::ptrdiff_t j) { return &across[(block + j) * kLanes]; },
          [&](std::ptrdiff_t k) { return k < count ? &to[row_at[k] + block] : s.discard.data(); });
  }
}

// Output row `row` of the tile, columns [column, column + W) (fewer at
// the tile's edge).
template <typename V>
[[gnu::always_inline]] inline void store_row(const Job &job, const Tile &tile, std::ptrdiff_t row,
                                             std::ptrdiff_t column, const V &value) {
  const std::ptrdiff_t step = job.output.strides[1];
  char *at = static_cast<char *>(job.output.data) + (tile.r0 + row) * job.output.strides[0] +
             (tile.c0 + column) * step;
  const std::ptrdiff_t count = std::min(kWidth<V>, tile.columns() - column);
  if (step == sizeof(double) && count == kWidth<V>) {
    std::memcpy(at, &value, sizeof value);
    return;
  }
  for (std::ptrdiff_t k = 0; k < count; ++k) {
    const double lane = value[k];
    std::memcpy(at + k * step, &lane, sizeof lane);
  }
}

// The moment over one tile; false when a term is not below the limit
// (infinite, NaN unless ignored, or too large). The check is arithmetic,
// 0 * (x * overflow) summed, which is NaN after such an x: GCC 12 would
// compare 512-bit vectors lane by lane in scalar registers.
template <typename V, bool kSquares, bool kCounts, bool kIgnoreNaN, bool kFma>
[[gnu::always_inline]] inline bool sum_tile(const Job &job, const Tile &tile, Scratch &s) {
  constexpr std::ptrdiff_t kW = kWidth<V>;
  constexpr std::size_t kChannels = 1 + kSquares + kCounts;
  // Where channel k's sums go among moment_of's: the count last.
  constexpr auto slot = [](std::size_t k) {
    return kCounts && k == kChannels - 1 ? kMaxChannels - 1 : k;
  };
  const std::ptrdiff_t columns = tile.columns(), extended = tile.extended();
  const std::ptrdiff_t rows = tile.band_rows(), height = tile.down.size;
  const std::ptrdiff_t padded = (columns + kLanes - 1) / kLanes * kLanes;
  const std::ptrdiff_t ring = height + kLanes;
  s.columns.build(tile, job.input.shape[1], job.mode);
  for (std::size_t k = 0; k < kChannels; ++k) {
    Channel &c = s.channels[k];
    const auto doubles = [](std::ptrdiff_t count) { return static_cast<std::size_t>(count); };
    c.term_hi.resize(doubles(extended * kLanes));
    c.term_lo.resize(doubles(extended * kLanes));
    // Columns past the tile's in the last block sum to zero.
    c.across_hi.assign(doubles(padded * kLanes), 0.0);
    c.across_lo.assign(doubles(padded * kLanes), 0.0);
    c.ring_hi.resize(doubles(ring * padded));
    c.ring_lo.resize(doubles(ring * padded));
    c.down_hi.assign(doubles(padded), 0.0);
    c.down_lo.assign(doubles(padded), 0.0);
  }
  Channel &values = s.channels[0], &squares = s.channels[1], &counts = s.channels[kChannels - 1];
  // In locals, which the stores into the buffers cannot alias.
  const V overflow = V{} + job.overflow, cells = V{} + job.cells, zero{};
  const V inverse = 1.0 / cells;
  const Moment moment = job.moment;
  V poison{};
  for (std::ptrdiff_t first = 0; first < rows; first += kLanes) {
    read_band_rows<V>(job.input, tile, s.columns, first, job.mode, job.cval, s.line);
    for (std::ptrdiff_t at = 0; at < extended * kLanes; at += kW) {
      const V x = get<V>(s.line, at);
      const auto number = x == x; // NOLINT(misc-redundant-expression): false for NaN
      const V value = kIgnoreNaN ? (number ? x : zero) : x;
      poison += value * overflow * 0.0;
      put(values.term_hi, at, value);
      if constexpr (kSquares) {
        V square, error;
        two_product<kFma>(value, value, square, error);
        put(squares.term_hi, at, square);
        put(squares.term_lo, at, error);
      }
      if constexpr (kCounts)
        put(counts.term_hi, at, number ? zero + 1.0 : zero);
    }
    const std::ptrdiff_t last = std::min(first + kLanes, rows);
    std::ptrdiff_t entering[kLanes], leaving[kLanes]; // the rows' first doubles in the ring
    for (std::ptrdiff_t b = first; b < last; ++b) {
      entering[b - first] = b % ring * padded;
      leaving[b - first] = (b - height + ring) % ring * padded;
    }
    for (std::size_t k = 0; k < kChannels; ++k) {
      if (kSquares && k == 1)
        along<V, true>(s.channels[k], columns, tile.across.size);
      else
        along<V, false>(s.channels[k], columns, tile.across.size);
      into_ring<V>(s.channels[k], entering, last - first, padded, s);
    }
    // Down the columns, W at a time through the new band rows, the
    // running sums held in registers.
    for (std::ptrdiff_t column = 0; column < padded; column += kW) {
      V hi[kMaxChannels] = {}, lo[kMaxChannels] = {};
      for (std::size_t k = 0; k < kChannels; ++k) {
        hi[slot(k)] = get<V>(s.channels[k].down_hi, column);
        lo[slot(k)] = get<V>(s.channels[k].down_lo, column);
      }
      for (std::ptrdiff_t b = first; b < last; ++b) {
        const std::ptrdiff_t in = entering[b - first] + column;
        const std::ptrdiff_t out = leaving[b - first] + column;
        const bool leaves = b >= height;
        for (std::size_t k = 0; k < kChannels; ++k) {
          const Channel &c = s.channels[k];
          slide(hi[slot(k)], lo[slot(k)], get<V>(c.ring_hi, in), get<V>(c.ring_lo, in),
                leaves ? get<V>(c.ring_hi, out) : zero, leaves ? get<V>(c.ring_lo, out) : zero);
        }
        if (b >= height - 1)
          store_row(job, tile, b - height + 1, column,
                    moment_of<V, kCounts, kFma>(moment, cells, inverse, hi, lo));
      }
      for (std::size_t k = 0; k < kChannels; ++k) {
        put(s.channels[k].down_hi, column, hi[slot(k)]);
        put(s.channels[k].down_lo, column, lo[slot(k)]);
      }
    }
  }
  double poisoned = 0;
  for (std::ptrdiff_t k = 0; k < kW; ++k)
    poisoned += poison[k];
  return poisoned == 0;
}

// sum_tile as moment_tiles.hpp builds it for each level.
struct Sums {
  using Job = ndimage::Job;
  using Scratch = ndimage::Scratch;
  template <typename V, bool kSquares, bool kCounts, bool kIgnoreNaN, bool kFma>
  [[gnu::always_inline]] static bool run(const Job &job, const Tile &tile, Scratch &s) {
    return sum_tile<V, kSquares, kCounts, kIgnoreNaN, kFma>(job, tile, s);
  }
};

} // namespace

bool box_moment_2d(const ArrayView &input, const ArrayView &output, std::span<const Window> windows,
                   Moment moment, bool ignore_nan, Mode mode, double cval,
                   parallel::Workers threads, VectorLevel level) {
  if (plain_sum(moment, ignore_nan))
    return grid_box_sum_2d(input, output, windows, moment, mode, cval, threads, level);
  const double cells = static_cast<double>(windows[0].size) * static_cast<double>(windows[1].size);
  const bool spread = moment == Moment::Var || moment == Moment::Std;
  // |x| < 2^e, a power of two: x 2^(1024 - e) overflows just when |x|
  // reaches it.
  const int e = magnitude_exponent(spread, cells);
  if (!(std::fabs(cval) < std::ldexp(1.0, e)) && !(ignore_nan && std::isnan(cval)))
    return false;
  const Job job{input, output, moment, mode, cval, cells, std::ldexp(1.0, 1024 - e)};
  return for_each_moment_tile<Sums>(input, windows[0], windows[1], job,
                                    moment_tile<Sums>(moment, ignore_nan, level), threads);
}

} // namespace llcjit::ndimage
