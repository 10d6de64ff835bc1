// The definitions of running_sum.hpp: double-double running sums over
// bundles of lines, one axis at a time.
#include "ndimage/running_sum.hpp"
#include "parallel/parallel_for.hpp"

#include "ndimage/pair_sums.hpp"
#include "ndimage/tiles.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

namespace llcjit::ndimage {

namespace {

std::vector<std::ptrdiff_t> c_strides(std::span<const std::ptrdiff_t> shape,
                                      std::ptrdiff_t element) {
  std::vector<std::ptrdiff_t> strides(shape.size());
  std::ptrdiff_t stride = element;
  for (std::size_t axis = shape.size(); axis-- > 0;) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  return strides;
}

// What a tiled pass sums from one reading of the input, in these slots:
// the values, their squares, and how many are numbers; with `ignore_nan` a
// NaN counts as 0 in the sums (numpy.nansum's _replace_nan).
struct Channels {
  bool values = false, squares = false, counts = false, ignore_nan = false;
};
constexpr std::size_t kSlots = 3;

struct TileSums {
  std::vector<double> line;                  // the band rows as read
  std::array<PairLines, kSlots> along, down; // per slot
  ColumnMap columns;
};

// A 2-d box in tiles (tiles.hpp): the pairs summed along the rows of the
// input rows a tile needs (eight at a time, transposed into lanes) go into
// a band, then down the band's columns to final(linear, hi, lo), with
// arrays of kSlots pairs (those of the channels not summed zero). No plane
// of the image's size, and the input read once. False as running_sums.
template <typename Final>
bool tiled_sums(const ArrayView &input, std::span<const Window> windows, Channels channels,
                Mode mode, double cval, parallel::Workers threads, double limit, Final final) {
  const std::ptrdiff_t width = input.shape[1];
  const std::array<bool, kSlots> summed{channels.values, channels.squares, channels.counts};
  std::atomic<bool> fits = true;
  for_each_tile<TileSums>(
      input, windows[0], windows[1], threads, [&](const Tile &tile, TileSums &s) {
        const std::ptrdiff_t columns = tile.columns(), band_rows = tile.band_rows();
        const std::ptrdiff_t extended = tile.extended();
        s.columns.build(tile, width, mode);
        for (std::size_t c = 0; c < kSlots; ++c) {
          if (!summed[c])
            continue;
          s.down[c].hi.resize(static_cast<std::size_t>(band_rows * columns));
          s.down[c].lo.resize(static_cast<std::size_t>(band_rows * columns));
          s.along[c].hi.resize(static_cast<std::size_t>(extended * kLanes));
          s.along[c].lo.resize(static_cast<std::size_t>(extended * kLanes));
        }
        for (std::ptrdiff_t first = 0; first < band_rows; first += kLanes) {
          read_band_rows(input, tile, s.columns, first, mode, cval, s.line);
          for (std::size_t at = 0; at < s.line.size(); ++at) {
            const double read = s.line[at];
            const bool number = read == read;
            const double x = channels.ignore_nan && !number ? 0.0 : read;
            if (!(std::fabs(x) < limit))
              fits = false;
            if (channels.values)
              term(x, false, s.along[0].hi[at], s.along[0].lo[at]);
            if (channels.squares)
              term(x, true, s.along[1].hi[at], s.along[1].lo[at]);
            if (channels.counts) {
              s.along[2].hi[at] = number ? 1.0 : 0.0;
              s.along[2].lo[at] = 0.0;
            }
          }
          for (std::size_t c = 0; c < kSlots; ++c) {
            if (!summed[c])
              continue;
            sliding(s.along[c], columns, tile.across.size, kLanes);
            for (std::ptrdiff_t k = 0; k < kLanes && first + k < band_rows; ++k)
              for (std::ptrdiff_t j = 0; j < columns; ++j) {
                s.down[c].hi[(first + k) * columns + j] = s.along[c].out_hi[j * kLanes + k];
                s.down[c].lo[(first + k) * columns + j] = s.along[c].out_lo[j * kLanes + k];
              }
          }
        }
        for (std::size_t c = 0; c < kSlots; ++c)
          if (summed[c])
            sliding(s.down[c], tile.rows(), tile.down.size, columns);
        for (std::ptrdiff_t i = 0; i < tile.rows(); ++i)
          for (std::ptrdiff_t j = 0; j < columns; ++j) {
            const std::ptrdiff_t at = i * columns + j;
            std::array<double, kSlots> hi{}, lo{};
            for (std::size_t c = 0; c < kSlots; ++c)
              if (summed[c]) {
                hi[c] = s.down[c].out_hi[at];
                lo[c] = s.down[c].out_lo[at];
              }
            final((tile.r0 + i) * width + tile.c0 + j, hi, lo);
          }
        return fits.load();
      });
  return fits;
}

// The running sums of input's elements (or of their squares) over the box,
// one axis at a time; final(linear, hi, lo) receives each element's sum,
// linear being its index in C order. False when an element (or cval) is
// not finite or so large that a window's sum could overflow.
template <typename Final>
bool running_sums(const ArrayView &input, std::span<const Window> windows, bool squares, Mode mode,
                  double cval, parallel::Workers threads, Final final) {
  const std::size_t rank = input.shape.size();
  double cells = 1;
  for (const Window &window : windows)
    cells *= static_cast<double>(window.size);
  // A bound on |x| (or x^2) that leaves room for the sum of a window and for
  // the running sum's excursions (it holds at most two windows' worth).
  const double limit =
      squares ? std::ldexp(1.0, 500) / std::sqrt(cells) : std::ldexp(1.0, 1000) / cells;
  if (!(std::fabs(cval) < limit))
    return false;
  if (rank == 2) {
    const std::size_t slot = squares ? 1 : 0;
    return tiled_sums(
        input, windows, {.values = !squares, .squares = squares}, mode, cval, threads, limit,
        [&](std::ptrdiff_t linear, const std::array<double, kSlots> &hi,
            const std::array<double, kSlots> &lo) { final(linear, hi[slot], lo[slot]); });
  }
  std::atomic<bool> fits = true;
  const std::vector<std::ptrdiff_t> plane_strides = c_strides(input.shape, sizeof(double));
  const std::vector<std::ptrdiff_t> linear_strides = c_strides(input.shape, 1);
  // Uninitialised: every element is written by the first pass.
  const std::unique_ptr<double[]> plane_hi(new double[input.size()]);
  const std::unique_ptr<double[]> plane_lo(new double[input.size()]);
  char *hi_base = reinterpret_cast<char *>(plane_hi.get());
  char *lo_base = reinterpret_cast<char *>(plane_lo.get());
  // The value outside the array, as the sum of the cells of the axes
  // already summed: the term of cval times their count, as a pair.
  double outside_hi, outside_lo;
  term(cval, squares, outside_hi, outside_lo);
  const double outside_term_hi = outside_hi, outside_term_lo = outside_lo;
  double summed = 1;
  for (std::size_t axis = rank; axis-- > 0;) {
    const bool first = axis == rank - 1, last = axis == 0;
    const std::span<const std::ptrdiff_t> from_strides =
        first ? std::span<const std::ptrdiff_t>(input.strides) : plane_strides;
    const std::span<const std::ptrdiff_t> to_strides = last ? linear_strides : plane_strides;
    const Window window = windows[axis];
    for_each_bundle<PairLines>(
        input.shape, from_strides, to_strides, axis, threads, [&](const Bundle &b, PairLines &s) {
          if (first) {
            extend_bundle(b, reinterpret_cast<const char *>(input.data), window, mode, cval, load<>,
                          s.hi);
            if (!all_below(s.hi, limit))
              fits = false;
            s.lo.resize(s.hi.size());
            for (std::size_t c = 0; c < s.hi.size(); ++c)
              term(s.hi[c], squares, s.hi[c], s.lo[c]);
          } else {
            extend_bundle(b, hi_base, window, mode, outside_hi, load<>, s.hi);
            extend_bundle(b, lo_base, window, mode, outside_lo, load<>, s.lo);
          }
          const std::ptrdiff_t width = b.width;
          sliding(s, b.length, window.size, width);
          for (std::ptrdiff_t i = 0; i < b.length; ++i) {
            const std::ptrdiff_t at = b.to + i * b.to_step;
            const double *hi = &s.out_hi[i * width], *lo = &s.out_lo[i * width];
            if (last) {
              for (std::ptrdiff_t k = 0; k < b.lanes; ++k)
                final(at + k * b.to_lane, hi[k], lo[k]);
            } else if (b.to_lane == sizeof(double)) { // the lanes of a row are contiguous
              std::memcpy(hi_base + at, hi, sizeof(double) * b.lanes);
              std::memcpy(lo_base + at, lo, sizeof(double) * b.lanes);
            } else {
              for (std::ptrdiff_t k = 0; k < b.lanes; ++k) {
                std::memcpy(hi_base + at + k * b.to_lane, &hi[k], sizeof(double));
                std::memcpy(lo_base + at + k * b.to_lane, &lo[k], sizeof(double));
              }
            }
          }
        });
    if (!fits)
      return false;
    summed *= static_cast<double>(window.size);
    // The term times the count, exactly but for the product of the low
    // part (2^-106 of it).
    outside_hi = outside_term_hi * summed;
    double rounding;
    two_product(outside_term_hi, summed, outside_hi, rounding);
    outside_lo = rounding + outside_term_lo * summed;
  }
  return true;
}

// Where the element of C-order index `linear` lies in `array`, in bytes.
class Offsets {
public:
  explicit Offsets(const ArrayView &array) : array_(array) {
    contiguous_ = array.strides == c_strides(array.shape, sizeof(double));
  }
  std::ptrdiff_t operator()(std::ptrdiff_t linear) const {
    if (contiguous_)
      return linear * static_cast<std::ptrdiff_t>(sizeof(double));
    std::ptrdiff_t offset = 0;
    for (std::size_t axis = array_.shape.size(); axis-- > 0;) {
      offset += linear % array_.shape[axis] * array_.strides[axis];
      linear /= array_.shape[axis];
    }
    return offset;
  }

private:
  const ArrayView &array_;
  bool contiguous_;
};

} // namespace

bool box_moment(const ArrayView &input, const ArrayView &output, std::span<const Window> windows,
                Moment moment, bool ignore_nan, Mode mode, double cval, parallel::Workers threads) {
  double cells = 1;
  for (const Window &window : windows)
    cells *= static_cast<double>(window.size);
  const bool spread = moment == Moment::Var || moment == Moment::Std;
  char *out = reinterpret_cast<char *>(output.data);
  const Offsets offsets(output);
  auto store = [&](std::ptrdiff_t linear, double value) {
    std::memcpy(out + offsets(linear), &value, sizeof value);
  };
  // n var = S2 - S1^2 / n in pair arithmetic: the cancellation happens
  // between pairs, before anything is rounded. n is the count of numbers
  // when NaN is ignored: none gives NaN, as numpy.nanvar.
  auto variance = [&](double h1, double l1, double h2, double l2, double n) {
    if (n == 0)
      return std::numeric_limits<double>::quiet_NaN();
    double square, square_error;
    two_product(h1, h1, square, square_error);
    const double square_lo = square_error + 2.0 * h1 * l1;
    const double quotient = square / n;
    double product, rounding;
    two_product(quotient, n, product, rounding);
    const double quotient_lo = (((square - product) - rounding) + square_lo) / n;
    double difference, error;
    two_sum(h2, -quotient, difference, error);
    error += l2 - quotient_lo;
    // Never negative, as NumPy's two-pass variance is not.
    const double value = std::max(0.0, divide(difference, error, n));
    return moment == Moment::Std ? std::sqrt(value) : value;
  };
  auto finish = [&](std::ptrdiff_t linear, const std::array<double, kSlots> &hi,
                    const std::array<double, kSlots> &lo) {
    const double n = ignore_nan ? hi[2] : cells; // counts are exact in hi
    switch (moment) {
    case Moment::Sum: return store(linear, hi[0] + lo[0]);
    case Moment::Mean: return store(linear, divide(hi[0], lo[0], n));
    case Moment::Var:
    case Moment::Std: return store(linear, variance(hi[0], lo[0], hi[1], lo[1], n));
    }
  };
  if (input.shape.size() == 2) {
    // Every sum the moment needs from one reading of the input, in tiles.
    const double limit =
        spread ? std::ldexp(1.0, 500) / std::sqrt(cells) : std::ldexp(1.0, 1000) / cells;
    if (!(std::fabs(cval) < limit) && !(ignore_nan && cval != cval))
      return false;
    const Channels channels{.values = true,
                            .squares = spread,
                            .counts = ignore_nan && moment != Moment::Sum,
                            .ignore_nan = ignore_nan};
    return tiled_sums(input, windows, channels, mode, cval, threads, limit, finish);
  }
  if (ignore_nan)
    return false; // N-d NaN-ignoring moments: the fused loop
  // N-d: the sums of the values, kept as pairs, then those of the squares.
  if (!spread)
    return running_sums(input, windows, false, mode, cval, threads,
                        [&](std::ptrdiff_t linear, double hi, double lo) {
                          finish(linear, {hi, 0, 0}, {lo, 0, 0});
                        });
  const std::unique_ptr<double[]> sum_hi(new double[input.size()]);
  const std::unique_ptr<double[]> sum_lo(new double[input.size()]);
  if (!running_sums(input, windows, false, mode, cval, threads,
                    [&](std::ptrdiff_t linear, double hi, double lo) {
                      sum_hi[linear] = hi;
                      sum_lo[linear] = lo;
                    }))
    return false;
  return running_sums(input, windows, true, mode, cval, threads,
                      [&](std::ptrdiff_t linear, double hi, double lo) {
                        finish(linear, {sum_hi[linear], hi, 0}, {sum_lo[linear], lo, 0});
                      });
}

} // namespace llcjit::ndimage
