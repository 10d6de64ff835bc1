// The pair (double-double) arithmetic of the running sums: exact products
// and sums of two doubles, a running sum of rows of pairs, and the moments
// made from pairs. The arithmetic is written once for T = double and for
// GCC vectors of doubles (box_sums.cpp), whose lanes then round as scalars
// do: every instruction set gives the same bits.
#pragma once

#include "ndimage/vectors.hpp"

#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

namespace llcjit::ndimage {

enum class Moment { Sum, Mean, Var, Std };

// A sum or mean that does not ignore NaN: one sum of the values, no count
// and no squares. Over 2-d boxes these run on exact grids (grid_sums.hpp).
inline bool plain_sum(Moment moment, bool ignore_nan) {
  return !ignore_nan && (moment == Moment::Sum || moment == Moment::Mean);
}

// TwoProduct: p + e == a * b exactly (for |a|, |b| < 2^996, and no
// underflow). With kFma (code compiled for a target that has the
// instruction) e is one fused multiply-add; otherwise Dekker's product with
// Veltkamp's split, since baseline x86-64 would call fma from libm. The
// error is exact either way, so both give the same bits.
template <bool kFma = false, typename T> inline void two_product(T a, T b, T &p, T &e) {
  if constexpr (kFma) {
    p = a * b;
    if constexpr (std::is_same_v<T, double>) {
      e = __builtin_fma(a, b, -p);
    } else {
      for (std::size_t k = 0; k < sizeof(T) / sizeof(double); ++k)
        e[k] = __builtin_fma(a[k], b[k], -p[k]);
    }
    return;
  }
  constexpr double kSplitter = 134217729.0; // 2^27 + 1
  const T ca = kSplitter * a, cb = kSplitter * b;
  const T ah = ca - (ca - a), al = a - ah;
  const T bh = cb - (cb - b), bl = b - bh;
  p = a * b;
  e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

// Knuth's TwoSum: s + e == a + b exactly.
template <typename T> inline void two_sum(T a, T b, T &s, T &e) {
  s = a + b;
  const T bb = s - a;
  e = (a - (s - bb)) + (b - bb);
}

// The running sum (s, l) += (in_hi, in_lo) - (out_hi, out_lo). The
// difference is formed first, exactly as a pair, so that the chain from
// one step to the next is a single TwoSum.
template <typename V>
[[gnu::always_inline]] inline void slide(V &s, V &l, const V &in_hi, const V &in_lo,
                                         const V &out_hi, const V &out_lo) {
  V d, d_error, error;
  two_sum(in_hi, -out_hi, d, d_error);
  two_sum(s, d, s, error);
  l += error + (d_error + (in_lo - out_lo));
}

// A thread's buffers for one bundle: the extended lines (hi, lo), the
// running sums, and the results.
struct PairLines {
  std::vector<double> hi, lo, sum_hi, sum_lo, out_hi, out_lo;
};

// out[i] = the sum of rows [i, i + size) of (hi, lo) for i in [0, count),
// lane by lane (`width` lanes per row), as a running sum: add the row
// entering, subtract the one leaving.
inline void sliding(PairLines &s, std::ptrdiff_t count, std::ptrdiff_t size, std::ptrdiff_t width) {
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

// The e of the bound 2^e on |x| within which the running sums of `cells`
// values (or of their squares) keep their error bound: room for a
// window's sum and for the running sum's excursions (at most two windows'
// worth), 2^1000 / cells or 2^500 / sqrt(cells) rounded down to a power of
// two (docs/filters.md).
inline int magnitude_exponent(bool squares, double cells) {
  return std::ilogb(squares ? std::ldexp(1.0, 500) / std::sqrt(cells)
                            : std::ldexp(1.0, 1000) / cells);
}

// Whether every value is below `limit` in magnitude (false for NaN and
// infinities).
inline bool all_below(const std::vector<double> &values, double limit) {
  bool below = true;
  for (double value : values)
    below &= std::fabs(value) < limit;
  return below;
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

// (hi + lo) / count, given inverse = 1 / count rounded: the quotient's
// first approximation q = hi inverse is within two ulps, so hi - q count is
// exact (Sterbenz) with q count as an exact pair, and the remainder's
// quotient corrects q to within half an ulp and a 2^-50 ulp. Multiplies
// instead of dividing: a division costs a vector ten or more cycles. With
// kFma the remainder, rounded once, is one fused multiply-add: the same
// bits in three fewer operations.
template <bool kFma = false, typename T> inline T divide(T hi, T lo, T count, T inverse) {
  const T quotient = hi * inverse;
  T remainder;
  if constexpr (kFma) {
    if constexpr (std::is_same_v<T, double>) {
      remainder = __builtin_fma(-quotient, count, hi);
    } else {
      for (std::size_t k = 0; k < sizeof(T) / sizeof(double); ++k)
        remainder[k] = __builtin_fma(-quotient[k], count[k], hi[k]);
    }
  } else {
    T product, rounding;
    two_product(quotient, count, product, rounding);
    remainder = (hi - product) - rounding;
  }
  return quotient + (remainder + lo) * inverse;
}

// The variance (ddof 0) of n values from the pairs of their sum (h1, l1)
// and of the sum of their squares (h2, l2): n var = S2 - S1^2 / n in pair
// arithmetic, so the cancellation happens between pairs, before anything
// is rounded. Never negative, as NumPy's two-pass variance is not; NaN for
// n = 0, as numpy.nanvar of no numbers.
template <bool kFma = false, typename T> inline T variance(T h1, T l1, T h2, T l2, T n) {
  T square, square_error;
  two_product<kFma>(h1, h1, square, square_error);
  const T square_lo = square_error + 2.0 * h1 * l1;
  const T quotient = square / n;
  T product, rounding;
  two_product<kFma>(quotient, n, product, rounding);
  const T quotient_lo = (((square - product) - rounding) + square_lo) / n;
  T difference, error;
  two_sum(h2, -quotient, difference, error);
  error += l2 - quotient_lo;
  const T value = divide<kFma>(difference, error, n, 1.0 / n);
  const T none = T{} + std::numeric_limits<double>::quiet_NaN();
  return n == 0.0 ? none : (value > 0.0 ? value : T{});
}

// The sums of the values, of their squares and of how many are numbers;
// the channels a moment needs come first, in this order.
constexpr std::size_t kMaxChannels = 3;

// `cells` is the window's size, n unless NaN is ignored, and `inverse`
// 1 / cells.
template <typename V, bool kCounts, bool kFma>
[[gnu::always_inline]] inline V moment_of(Moment moment, const V &cells, const V &inverse,
                                          const V *hi, const V *lo) {
  const V n = kCounts ? hi[kMaxChannels - 1] : cells; // counts are exact in hi
  switch (moment) {
  case Moment::Sum: return hi[0] + lo[0];
  case Moment::Mean: return divide<kFma>(hi[0], lo[0], n, kCounts ? 1.0 / n : inverse);
  case Moment::Var: return variance<kFma>(hi[0], lo[0], hi[1], lo[1], n);
  case Moment::Std: {
    V v = variance<kFma>(hi[0], lo[0], hi[1], lo[1], n);
    for (std::ptrdiff_t k = 0; k < kWidth<V>; ++k)
      v[k] = std::sqrt(v[k]);
    return v;
  }
  }
  return V{};
}

} // namespace llcjit::ndimage
