// The definitions of footprint_sums.hpp. A tile (tiles.hpp) is a strip of
// up to 256 output columns over a run of output rows. Its band of input
// rows is read one row at a time, extended along the columns by the mode,
// turned into the terms each sum adds (the value, its square as an exact
// pair, whether it is a number) and kept in a ring one row taller than the
// footprint. Each step down the tile then slides every column run of the
// footprint by one row, for eight output columns per vector.
#include "ndimage/footprint_sums.hpp"

#include "ndimage/boundary.hpp"
#include "ndimage/line_bundles.hpp"
#include "ndimage/moment_tiles.hpp"
#include "ndimage/tiles.hpp"
#include "ndimage/window.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace llcjit::ndimage {

namespace {

// One sum's ring of band rows (pairs; the values and the counts leave lo
// unused) and its running sums per output column.
struct Channel {
  std::vector<double> ring_hi, ring_lo, sum_hi, sum_lo;
};

// Where each run's entering and leaving rows are read in one step: into
// the ring, or into the row of zeros that stands for the rows above the
// band.
struct RunRows {
  std::vector<const double *> in_hi, in_lo, out_hi, out_lo;
};

struct Scratch {
  ColumnMap columns;
  std::vector<double> line, zeros;
  std::array<Channel, kMaxChannels> channels;
  std::array<RunRows, kMaxChannels> rows;
};

struct Job {
  const ArrayView &input, &output;
  std::span<const ColumnRun> runs;
  Moment moment;
  Mode mode;
  double cval, cells;
  double overflow; // x times this is infinite when |x| reaches the limit
};

// Band row `b` of the tile along its extended columns into line[0,
// extended), cval outside; the rest of `line` stays zero.
void read_row(const Job &job, const Tile &tile, const ColumnMap &map, std::ptrdiff_t b,
              std::vector<double> &line) {
  const std::ptrdiff_t extended = tile.extended();
  const auto row = extend(tile.r0 + tile.down.low + b, job.input.shape[0], job.mode);
  if (!row) {
    std::fill(line.begin(), line.begin() + extended, job.cval);
    return;
  }
  const char *source = static_cast<const char *>(job.input.data) + *row * job.input.strides[0];
  const std::ptrdiff_t step = job.input.strides[1];
  auto mapped = [&](std::ptrdiff_t t) {
    const std::ptrdiff_t column = map.source[t];
    return column >= 0 ? load<double>(source + column * step) : job.cval;
  };
  for (std::ptrdiff_t t = 0; t < map.inside_begin; ++t)
    line[t] = mapped(t);
  // The columns inside read themselves, one after another.
  const char *inside = source + (tile.c0 + tile.across.low + map.inside_begin) * step;
  if (step == sizeof(double) && map.inside_end > map.inside_begin)
    std::memcpy(&line[map.inside_begin], inside,
                static_cast<std::size_t>(map.inside_end - map.inside_begin) * sizeof(double));
  else
    for (std::ptrdiff_t t = map.inside_begin; t < map.inside_end; ++t)
      line[t] = load<double>(inside + (t - map.inside_begin) * step);
  for (std::ptrdiff_t t = map.inside_end; t < extended; ++t)
    line[t] = mapped(t);
}

// Columns [column, column + W) of output row `row` of the tile (fewer at
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

// One step down of channel c's running sums for output columns [column,
// column + W): every run gains its entering row and loses its leaving one.
template <typename V, bool kPairs>
[[gnu::always_inline]] inline void slide_runs(Channel &c, const RunRows &rows,
                                              std::ptrdiff_t column, V &hi, V &lo) {
  load_lanes(hi, c.sum_hi.data() + column);
  load_lanes(lo, c.sum_lo.data() + column);
  const V zero{};
  for (std::size_t r = 0; r < rows.in_hi.size(); ++r) {
    V in_hi, in_lo = zero, out_hi, out_lo = zero;
    load_lanes(in_hi, rows.in_hi[r] + column);
    load_lanes(out_hi, rows.out_hi[r] + column);
    if constexpr (kPairs) {
      load_lanes(in_lo, rows.in_lo[r] + column);
      load_lanes(out_lo, rows.out_lo[r] + column);
    }
    slide(hi, lo, in_hi, in_lo, out_hi, out_lo);
  }
  store_lanes(c.sum_hi.data() + column, hi);
  store_lanes(c.sum_lo.data() + column, lo);
}

// The moment over one tile; false when a term is not below the limit
// (box_sums.cpp's arithmetic check).
template <typename V, bool kSquares, bool kCounts, bool kIgnoreNaN, bool kFma>
[[gnu::always_inline]] inline bool sum_tile(const Job &job, const Tile &tile, Scratch &s) {
  constexpr std::ptrdiff_t kW = kWidth<V>;
  constexpr std::size_t kChannels = 1 + kSquares + kCounts;
  const std::ptrdiff_t height = tile.down.size, ring = height + 1;
  const std::ptrdiff_t padded = (tile.columns() + kLanes - 1) / kLanes * kLanes;
  const std::ptrdiff_t length = padded + tile.across.size - 1 + kLanes; // a ring row
  const auto doubles = [](std::ptrdiff_t count) { return static_cast<std::size_t>(count); };
  s.columns.build(tile, job.input.shape[1], job.mode);
  s.line.assign(doubles(length), 0.0);
  s.zeros.assign(doubles(length), 0.0);
  for (std::size_t k = 0; k < kChannels; ++k) {
    Channel &c = s.channels[k];
    c.ring_hi.resize(doubles(ring * length));
    c.ring_lo.resize(doubles(ring * length));
    c.sum_hi.assign(doubles(padded), 0.0);
    c.sum_lo.assign(doubles(padded), 0.0);
    for (auto *rows : {&s.rows[k].in_hi, &s.rows[k].in_lo, &s.rows[k].out_hi, &s.rows[k].out_lo})
      rows->resize(job.runs.size());
  }
  const V overflow = V{} + job.overflow, cells = V{} + job.cells, zero{};
  const V inverse = 1.0 / cells;
  V poison{};
  // Output row i's window is band rows [i, i + height); from i = -height
  // (nothing but the zero rows above the band) each step adds a row.
  for (std::ptrdiff_t i = 1 - height; i < tile.rows(); ++i) {
    const std::ptrdiff_t newest = i + height - 1;
    read_row(job, tile, s.columns, newest, s.line);
    const std::ptrdiff_t at = newest % ring * length;
    for (std::ptrdiff_t t = 0; t + kW <= length; t += kW) {
      V x;
      load_lanes(x, s.line.data() + t);
      const auto number = x == x; // NOLINT(misc-redundant-expression): false for NaN
      const V value = kIgnoreNaN ? (number ? x : zero) : x;
      poison += value * overflow * 0.0;
      store_lanes(s.channels[0].ring_hi.data() + at + t, value);
      if constexpr (kSquares) {
        V square, error;
        two_product<kFma>(value, value, square, error);
        store_lanes(s.channels[1].ring_hi.data() + at + t, square);
        store_lanes(s.channels[1].ring_lo.data() + at + t, error);
      }
      if constexpr (kCounts)
        store_lanes(s.channels[kChannels - 1].ring_hi.data() + at + t,
                    V(number ? zero + 1.0 : zero));
    }
    for (std::size_t k = 0; k < kChannels; ++k) {
      const Channel &c = s.channels[k];
      RunRows &rows = s.rows[k];
      for (std::size_t r = 0; r < job.runs.size(); ++r) {
        const ColumnRun &run = job.runs[r];
        const std::ptrdiff_t in = i + run.row + run.length - 1, out = i + run.row - 1;
        const std::ptrdiff_t in_at = in % ring * length + run.column;
        const std::ptrdiff_t out_at = out % ring * length + run.column;
        const bool in_band = in >= 0, out_band = out >= 0;
        rows.in_hi[r] = in_band ? c.ring_hi.data() + in_at : s.zeros.data();
        rows.in_lo[r] = in_band ? c.ring_lo.data() + in_at : s.zeros.data();
        rows.out_hi[r] = out_band ? c.ring_hi.data() + out_at : s.zeros.data();
        rows.out_lo[r] = out_band ? c.ring_lo.data() + out_at : s.zeros.data();
      }
    }
    for (std::ptrdiff_t column = 0; column < padded; column += kW) {
      V hi[kMaxChannels] = {}, lo[kMaxChannels] = {};
      slide_runs<V, false>(s.channels[0], s.rows[0], column, hi[0], lo[0]);
      if constexpr (kSquares)
        slide_runs<V, true>(s.channels[1], s.rows[1], column, hi[1], lo[1]);
      if constexpr (kCounts)
        slide_runs<V, false>(s.channels[kChannels - 1], s.rows[kChannels - 1], column,
                             hi[kMaxChannels - 1], lo[kMaxChannels - 1]);
      if (i >= 0)
        store_row(job, tile, i, column,
                  moment_of<V, kCounts, kFma>(job.moment, cells, inverse, hi, lo));
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

std::vector<ColumnRun> column_runs(const Footprint &footprint) {
  const std::ptrdiff_t height = footprint.shape[0], width = footprint.shape[1];
  std::vector<ColumnRun> runs;
  for (std::ptrdiff_t column = 0; column < width; ++column)
    for (std::ptrdiff_t row = 0; row < height; ++row) {
      auto on = [&](std::ptrdiff_t r) { return footprint.mask[r * width + column] != 0; };
      if (on(row) && (row == 0 || !on(row - 1))) {
        std::ptrdiff_t end = row;
        while (end < height && on(end))
          ++end;
        runs.push_back({column, row, end - row});
      }
    }
  return runs;
}

bool footprint_moment_2d(const ArrayView &input, const ArrayView &output,
                         const Footprint &footprint, std::span<const std::ptrdiff_t> origin,
                         Moment moment, bool ignore_nan, Mode mode, double cval,
                         parallel::Workers threads, VectorLevel level) {
  const std::vector<ColumnRun> runs = column_runs(footprint);
  double cells = 0;
  for (const ColumnRun &run : runs)
    cells += static_cast<double>(run.length);
  const bool spread = moment == Moment::Var || moment == Moment::Std;
  const int e = magnitude_exponent(spread, cells);
  if (!(std::fabs(cval) < std::ldexp(1.0, e)) && !(ignore_nan && std::isnan(cval)))
    return false;
  const Job job{input, output, runs, moment, mode, cval, cells, std::ldexp(1.0, 1024 - e)};
  const Window down = centred_window(footprint.shape[0], origin[0]);
  const Window across = centred_window(footprint.shape[1], origin[1]);
  return for_each_moment_tile<Sums>(input, down, across, job,
                                    moment_tile<Sums>(moment, ignore_nan, level), threads);
}

} // namespace llcjit::ndimage
