// The definitions of running_sum.hpp: double-double running sums over
// bundles of lines, one axis at a time; 2-d boxes go to box_sums.cpp.
#include "ndimage/running_sum.hpp"
#include "parallel/parallel_for.hpp"

#include "ndimage/box_sums.hpp"
#include "ndimage/huge_pages.hpp"
#include "ndimage/pair_sums.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
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

// What running_sums adds up for each element x: x, x squared, or whether x
// is a number (1 or 0, exact).
enum class Terms { Values, Squares, Counts };

// The running sums of `terms` of input's elements over the box, one axis at
// a time; final(linear, hi, lo) receives each element's sum, linear being
// its index in C order. With ignore_nan a NaN element (or cval) counts as
// 0 among the values and squares. False when an element (or cval) is not
// finite (NaN unless ignored) or so large that a window's sum could
// overflow.
template <typename Final>
bool running_sums(const ArrayView &input, std::span<const Window> windows, Terms terms,
                  bool ignore_nan, Mode mode, double cval, parallel::Workers threads, Final final) {
  const bool squares = terms == Terms::Squares, counts = terms == Terms::Counts;
  const double cells = box_cells(windows);
  const double limit = std::ldexp(1.0, magnitude_exponent(squares, cells));
  // x as the term's base: 1 or 0 for counts, NaN as 0 where ignored.
  const auto base = [&](double x) {
    if (counts)
      return std::isnan(x) ? 0.0 : 1.0;
    return ignore_nan && std::isnan(x) ? 0.0 : x;
  };
  const double outside = base(cval); // cval's base, where cval is read
  if (!(std::fabs(outside) < limit))
    return false;
  std::atomic<bool> fits = true;
  const std::vector<std::ptrdiff_t> plane_strides = c_strides(input.shape, sizeof(double));
  const std::vector<std::ptrdiff_t> linear_strides = c_strides(input.shape, 1);
  const std::vector<std::size_t> passes = box_passes(windows);
  // The sums between passes, uninitialised: every element is written by
  // the first pass. A single pass (a box spanning one axis) needs none.
  const std::size_t between = passes.size() > 1 ? input.size() : 0;
  const auto plane_hi = huge_page_array<double>(between);
  const auto plane_lo = huge_page_array<double>(between);
  char *hi_base = reinterpret_cast<char *>(plane_hi.get());
  char *lo_base = reinterpret_cast<char *>(plane_lo.get());
  // The value outside the array, as the sum of the cells of the axes
  // already summed: the term of cval's base times their count, as a pair.
  double outside_hi, outside_lo;
  term(outside, squares, outside_hi, outside_lo);
  const double outside_term_hi = outside_hi, outside_term_lo = outside_lo;
  double summed = 1;
  for (std::size_t axis : passes) {
    const bool first = axis == passes.front(), last = axis == passes.back();
    const std::span<const std::ptrdiff_t> from_strides =
        first ? std::span<const std::ptrdiff_t>(input.strides) : plane_strides;
    const std::span<const std::ptrdiff_t> to_strides = last ? linear_strides : plane_strides;
    const Window window = windows[axis];
    for_each_bundle<PairLines>(
        input.shape, from_strides, to_strides, axis, window.size - 1,
        /*in_place=*/!first && !last, threads, [&](const Bundle &b, PairLines &s) {
          if (first) {
            extend_bundle(b, reinterpret_cast<const char *>(input.data), window, mode, cval, load<>,
                          s.hi);
            if (ignore_nan || counts)
              for (double &x : s.hi)
                x = base(x);
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
  if (input.shape.size() == 2)
    return box_moment_2d(input, output, windows, moment, ignore_nan, mode, cval, threads,
                         host_vector_level());
  const double cells = box_cells(windows);
  // Ignoring NaN, each element's n is how many of its window's values are
  // numbers, an exact count (numpy.nansum needs none: nothing but NaN sums
  // to 0).
  const bool counted = ignore_nan && moment != Moment::Sum;
  HugePageArray<double> numbers;
  if (counted) {
    numbers = huge_page_array<double>(input.size());
    if (!running_sums(input, windows, Terms::Counts, false, mode, cval, threads,
                      [&](std::ptrdiff_t linear, double hi, double) { numbers[linear] = hi; }))
      return false;
  }
  char *out = reinterpret_cast<char *>(output.data);
  const Offsets offsets(output);
  // The moment from the pairs of the sums of the values and of their
  // squares (h2, l2: zero for sums and means); NaN where n is 0, as
  // numpy.nanmean and nanvar give for nothing but NaN.
  const double inverse_cells = 1.0 / cells;
  auto finish = [&](std::ptrdiff_t linear, double h1, double l1, double h2, double l2) {
    const double n = counted ? numbers[linear] : cells;
    double value = 0;
    switch (moment) {
    case Moment::Sum: value = h1 + l1; break;
    case Moment::Mean:
      if (!counted)
        value = divide(h1, l1, n, inverse_cells);
      else
        value = n == 0 ? std::numeric_limits<double>::quiet_NaN() : divide(h1, l1, n, 1.0 / n);
      break;
    case Moment::Var: value = variance(h1, l1, h2, l2, n); break;
    case Moment::Std: value = std::sqrt(variance(h1, l1, h2, l2, n)); break;
    }
    std::memcpy(out + offsets(linear), &value, sizeof value);
  };
  // The sums of the values, kept as pairs, then those of the squares.
  if (moment == Moment::Sum || moment == Moment::Mean)
    return running_sums(
        input, windows, Terms::Values, ignore_nan, mode, cval, threads,
        [&](std::ptrdiff_t linear, double hi, double lo) { finish(linear, hi, lo, 0, 0); });
  const auto sum_hi = huge_page_array<double>(input.size());
  const auto sum_lo = huge_page_array<double>(input.size());
  if (!running_sums(input, windows, Terms::Values, ignore_nan, mode, cval, threads,
                    [&](std::ptrdiff_t linear, double hi, double lo) {
                      sum_hi[linear] = hi;
                      sum_lo[linear] = lo;
                    }))
    return false;
  return running_sums(input, windows, Terms::Squares, ignore_nan, mode, cval, threads,
                      [&](std::ptrdiff_t linear, double hi, double lo) {
                        finish(linear, sum_hi[linear], sum_lo[linear], hi, lo);
                      });
}

} // namespace llcjit::ndimage
