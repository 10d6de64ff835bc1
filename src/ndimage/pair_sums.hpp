// The pair (double-double) arithmetic of the running sums: exact products
// and sums of two doubles, a running sum of rows of pairs, and the division
// of a pair. Internal to running_sum.cpp's passes.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstring>
#include <vector>

namespace llcjit::ndimage {

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

// sum / count with the remainder of the first division carried.
inline double divide(double hi, double lo, double count) {
  const double quotient = hi / count;
  double product, rounding;
  two_product(quotient, count, product, rounding);
  return quotient + (((hi - product) - rounding) + lo) / count;
}

} // namespace llcjit::ndimage
