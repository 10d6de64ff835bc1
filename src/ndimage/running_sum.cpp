// The definitions of running_sum.hpp: double-double running sums over
// bundles of lines, one axis at a time.
#include "ndimage/running_sum.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <memory>
#include <type_traits>
#include <vector>

namespace llcjit::ndimage {

namespace {

// Dekker's TwoProduct: p + e == a * b exactly (for |a|, |b| < 2^996), with
// Veltkamp's split instead of an fma, which baseline x86-64 would call
// from libm.
inline void two_product(double a, double b, double &p, double &e) {
  constexpr double kSplitter = 134217729.0; // 2^27 + 1
  const double ca = kSplitter * a, cb = kSplitter * b;
  const double ah = ca - (ca - a), al = a - ah;
  const double bh = cb - (cb - b), bl = b - bh;
  p = a * b;
  e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

// Knuth's TwoSum: s + e == a + b exactly.
inline void two_sum(double a, double b, double &s, double &e) {
  s = a + b;
  const double bb = s - a;
  e = (a - (s - bb)) + (b - bb);
}

constexpr auto load = [](const char *at) {
  double value;
  std::memcpy(&value, at, sizeof value);
  return value;
};

// A thread's buffers for one bundle: the extended lines (hi, lo), the
// running sums, and the results.
struct Scratch {
  std::vector<double> hi, lo, sum_hi, sum_lo, out_hi, out_lo;
};

// out[i] = the sum of rows [i, i + size) of (hi, lo) for i in [0, count),
// lane by lane (`width` lanes per row), as a running sum: add the row
// entering, subtract the one leaving.
void sliding(Scratch &s, std::ptrdiff_t count, std::ptrdiff_t size, std::ptrdiff_t width) {
  s.sum_hi.assign(static_cast<std::size_t>(width), 0.0);
  s.sum_lo.assign(static_cast<std::size_t>(width), 0.0);
  s.out_hi.resize(static_cast<std::size_t>(count * width));
  s.out_lo.resize(static_cast<std::size_t>(count * width));
  double *__restrict sum_hi = s.sum_hi.data();
  double *__restrict sum_lo = s.sum_lo.data();
  auto add = [&](std::ptrdiff_t t, double sign) {
    const double *__restrict row_hi = s.hi.data() + t * width;
    const double *__restrict row_lo = s.lo.data() + t * width;
    for (std::ptrdiff_t k = 0; k < width; ++k) {
      double sum, error;
      two_sum(sum_hi[k], sign * row_hi[k], sum, error);
      sum_hi[k] = sum;
      sum_lo[k] += error + sign * row_lo[k];
    }
  };
  for (std::ptrdiff_t t = 0; t < size; ++t)
    add(t, 1.0);
  const std::size_t row_bytes = sizeof(double) * width;
  for (std::ptrdiff_t i = 0;; ++i) {
    std::memcpy(s.out_hi.data() + i * width, sum_hi, row_bytes);
    std::memcpy(s.out_lo.data() + i * width, sum_lo, row_bytes);
    if (i + 1 == count)
      break;
    add(i + size, 1.0);
    add(i, -1.0);
  }
}

// Whether every value is below `limit` in magnitude (false for NaN and
// infinities).
bool all_below(const std::vector<double> &values, double limit) {
  bool below = true;
  for (double value : values)
    below &= std::fabs(value) < limit;
  return below;
}

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

// x as an exact pair: x itself, or x * x and its rounding error.
inline void term(double x, bool squares, double &hi, double &lo) {
  if (squares) {
    two_product(x, x, hi, lo);
  } else {
    hi = x;
    lo = 0.0;
  }
}

// A 2-d box in tiles (256 columns, at least 64 and twice the window's
// rows), both passes while a tile is in the cache: the pairs summed along
// the rows of the input rows a tile needs (eight at a time, transposed into
// lanes) go into a band, then down the band's columns to final(). No plane
// of the image's size, and the input read once. False as running_sums.
constexpr std::ptrdiff_t kTileColumns = 256;

// What a tiled pass sums: the values, their squares, or both at once (a
// variance's two sums from one reading of the input).
enum class Channels { Values, Squares, Both };

struct Tile {
  std::array<Scratch, 2> along, down; // per channel
  std::vector<std::ptrdiff_t> columns;
};

// final(linear, hi, lo) for one channel; final(linear, hi, lo, hi2, lo2)
// for Both.
template <typename Final>
bool tiled_sums(const ArrayView &input, std::span<const Window> windows, Channels channels,
                Mode mode, double cval, unsigned threads, double limit, Final final) {
  const std::ptrdiff_t height = input.shape[0], width = input.shape[1];
  const Window across = windows[1], down = windows[0];
  const std::ptrdiff_t tile_rows = std::max<std::ptrdiff_t>(64, 2 * down.size);
  const std::ptrdiff_t tiles_down = (height + tile_rows - 1) / tile_rows;
  const std::ptrdiff_t tiles_across = (width + kTileColumns - 1) / kTileColumns;
  const std::size_t count = channels == Channels::Both ? 2 : 1;
  const char *in = reinterpret_cast<const char *>(input.data);
  std::atomic<bool> fits = true;
  tbb::enumerable_thread_specific<Tile> tiles;
  auto body = [&](const tbb::blocked_range<std::ptrdiff_t> &range) {
    Tile &s = tiles.local();
    for (std::ptrdiff_t tile = range.begin(); tile != range.end() && fits; ++tile) {
      const std::ptrdiff_t r0 = tile / tiles_across * tile_rows;
      const std::ptrdiff_t c0 = tile % tiles_across * kTileColumns;
      const std::ptrdiff_t r1 = std::min(height, r0 + tile_rows);
      const std::ptrdiff_t c1 = std::min(width, c0 + kTileColumns);
      const std::ptrdiff_t columns = c1 - c0;
      const std::ptrdiff_t band_rows = (r1 - r0) + down.size - 1;
      const std::ptrdiff_t extended = columns + across.size - 1;
      s.columns.resize(static_cast<std::size_t>(extended));
      for (std::ptrdiff_t t = 0; t < extended; ++t)
        s.columns[t] = extend(c0 + across.low + t, width, mode).value_or(-1);
      for (std::size_t c = 0; c < count; ++c) {
        s.down[c].hi.resize(static_cast<std::size_t>(band_rows * columns));
        s.down[c].lo.resize(static_cast<std::size_t>(band_rows * columns));
        s.along[c].hi.resize(static_cast<std::size_t>(extended * kLanes));
        s.along[c].lo.resize(static_cast<std::size_t>(extended * kLanes));
      }
      for (std::ptrdiff_t first = 0; first < band_rows; first += kLanes) {
        for (std::ptrdiff_t k = 0; k < kLanes; ++k) {
          const auto row = extend(r0 + down.low + std::min(first + k, band_rows - 1), height, mode);
          const char *source = row ? in + *row * input.strides[0] : nullptr;
          for (std::ptrdiff_t t = 0; t < extended; ++t) {
            const std::ptrdiff_t column = s.columns[t];
            const double x =
                source && column >= 0 ? load(source + column * input.strides[1]) : cval;
            if (!(std::fabs(x) < limit))
              fits = false;
            const std::size_t at = static_cast<std::size_t>(t * kLanes + k);
            term(x, channels == Channels::Squares, s.along[0].hi[at], s.along[0].lo[at]);
            if (channels == Channels::Both)
              term(x, true, s.along[1].hi[at], s.along[1].lo[at]);
          }
        }
        for (std::size_t c = 0; c < count; ++c) {
          sliding(s.along[c], columns, across.size, kLanes);
          for (std::ptrdiff_t k = 0; k < kLanes && first + k < band_rows; ++k)
            for (std::ptrdiff_t j = 0; j < columns; ++j) {
              s.down[c].hi[(first + k) * columns + j] = s.along[c].out_hi[j * kLanes + k];
              s.down[c].lo[(first + k) * columns + j] = s.along[c].out_lo[j * kLanes + k];
            }
        }
      }
      for (std::size_t c = 0; c < count; ++c)
        sliding(s.down[c], r1 - r0, down.size, columns);
      for (std::ptrdiff_t i = 0; i < r1 - r0; ++i)
        for (std::ptrdiff_t j = 0; j < columns; ++j) {
          const std::ptrdiff_t at = i * columns + j, linear = (r0 + i) * width + c0 + j;
          if constexpr (std::is_invocable_v<Final, std::ptrdiff_t, double, double>)
            final(linear, s.down[0].out_hi[at], s.down[0].out_lo[at]);
          else
            final(linear, s.down[0].out_hi[at], s.down[0].out_lo[at], s.down[1].out_hi[at],
                  s.down[1].out_lo[at]);
        }
    }
  };
  const tbb::blocked_range<std::ptrdiff_t> range(0, tiles_down * tiles_across);
  if (threads == 0) {
    tbb::parallel_for(range, body);
  } else {
    tbb::task_arena arena(static_cast<int>(threads));
    arena.execute([&] { tbb::parallel_for(range, body); });
  }
  return fits;
}

// The running sums of input's elements (or of their squares) over the box,
// one axis at a time; final(linear, hi, lo) receives each element's sum,
// linear being its index in C order. False when an element (or cval) is
// not finite or so large that a window's sum could overflow.
template <typename Final>
bool running_sums(const ArrayView &input, std::span<const Window> windows, bool squares, Mode mode,
                  double cval, unsigned threads, Final final) {
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
  if (rank == 2)
    return tiled_sums(input, windows, squares ? Channels::Squares : Channels::Values, mode, cval,
                      threads, limit, final);
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
    for_each_bundle<Scratch>(
        input.shape, from_strides, to_strides, axis, threads, [&](const Bundle &b, Scratch &s) {
          if (first) {
            extend_bundle(b, reinterpret_cast<const char *>(input.data), window, mode, cval, load,
                          s.hi);
            if (!all_below(s.hi, limit))
              fits = false;
            s.lo.resize(s.hi.size());
            for (std::size_t c = 0; c < s.hi.size(); ++c)
              term(s.hi[c], squares, s.hi[c], s.lo[c]);
          } else {
            extend_bundle(b, hi_base, window, mode, outside_hi, load, s.hi);
            extend_bundle(b, lo_base, window, mode, outside_lo, load, s.lo);
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

// sum / count with the remainder of the first division carried.
inline double divide(double hi, double lo, double count) {
  const double quotient = hi / count;
  double product, rounding;
  two_product(quotient, count, product, rounding);
  return quotient + (((hi - product) - rounding) + lo) / count;
}

} // namespace

bool box_sum(const ArrayView &input, const ArrayView &output, std::span<const Window> windows,
             bool mean, Mode mode, double cval, unsigned threads) {
  double cells = 1;
  for (const Window &window : windows)
    cells *= static_cast<double>(window.size);
  char *out = reinterpret_cast<char *>(output.data);
  const Offsets offsets(output);
  // hi + lo rounded once; the mean divided with the remainder carried.
  return running_sums(input, windows, false, mode, cval, threads,
                      [&](std::ptrdiff_t linear, double hi, double lo) {
                        const double value = mean ? divide(hi, lo, cells) : hi + lo;
                        std::memcpy(out + offsets(linear), &value, sizeof value);
                      });
}

bool box_variance(const ArrayView &input, const ArrayView &output, std::span<const Window> windows,
                  bool root, Mode mode, double cval, unsigned threads) {
  double cells = 1;
  for (const Window &window : windows)
    cells *= static_cast<double>(window.size);
  char *out = reinterpret_cast<char *>(output.data);
  const Offsets offsets(output);
  // n var = S2 - S1^2 / n in pair arithmetic: the cancellation happens
  // between pairs, before anything is rounded.
  auto variance = [&](std::ptrdiff_t linear, double h1, double l1, double h2, double l2) {
    double square, square_error;
    two_product(h1, h1, square, square_error);
    const double square_lo = square_error + 2.0 * h1 * l1;
    const double quotient = square / cells;
    double product, rounding;
    two_product(quotient, cells, product, rounding);
    const double quotient_lo = (((square - product) - rounding) + square_lo) / cells;
    double difference, error;
    two_sum(h2, -quotient, difference, error);
    error += l2 - quotient_lo;
    // Never negative, as NumPy's two-pass variance is not.
    const double value = std::max(0.0, divide(difference, error, cells));
    const double result = root ? std::sqrt(value) : value;
    std::memcpy(out + offsets(linear), &result, sizeof result);
  };
  if (input.shape.size() == 2) {
    // Both sums from one reading of the input, tile by tile.
    const double limit = std::ldexp(1.0, 500) / std::sqrt(cells);
    if (!(std::fabs(cval) < limit))
      return false;
    return tiled_sums(input, windows, Channels::Both, mode, cval, threads, limit, variance);
  }
  // The sums of the values first, kept as pairs, then those of the squares.
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
                        variance(linear, sum_hi[linear], sum_lo[linear], hi, lo);
                      });
}

} // namespace llcjit::ndimage
