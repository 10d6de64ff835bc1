// NumPy's orders of arithmetic, which llcjit repeats to give NumPy's bits:
// the pairwise summation of np.sum, np.mean and np.var, and the linear
// interpolation of np.percentile. One definition serves the runtime and the
// filter driver (on doubles) and the code generator (on IR values), so they
// cannot drift.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <span>

namespace llcjit::numpy {

/// NumPy's pairwise summation (numpy/core/src/umath/loops_utils.h.src) of
/// `terms` for float64: plain below 8 terms, eight interleaved partial sums
/// up to 128, halves above. `add(a, b)` is a + b in the caller's arithmetic
/// and `zero` its 0.0.
template <typename T, typename Add> T pairwise_sum(std::span<const T> terms, Add add, T zero) {
  const std::size_t n = terms.size();
  if (n < 8) {
    T sum = zero;
    for (const T &term : terms)
      sum = add(sum, term);
    return sum;
  }
  if (n <= 128) {
    std::array<T, 8> r;
    for (std::size_t j = 0; j < 8; ++j)
      r[j] = terms[j];
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (std::size_t j = 0; j < 8; ++j)
        r[j] = add(r[j], terms[i + j]);
    const T low = add(add(r[0], r[1]), add(r[2], r[3]));
    const T high = add(add(r[4], r[5]), add(r[6], r[7]));
    T sum = add(low, high);
    for (; i < n; ++i)
      sum = add(sum, terms[i]);
    return sum;
  }
  std::size_t half = n / 2;
  half -= half % 8;
  const T first = pairwise_sum(terms.first(half), add, zero);
  return add(first, pairwise_sum(terms.subspan(half), add, zero));
}

/// Where numpy.percentile (method 'linear') looks among n >= 1 sorted
/// values for q in [0, 100]: _lerp(order[below], order[above], t). At the
/// top (virtual index n - 1) NumPy takes index -1 for both ends, so the
/// last value is interpolated with itself at t = n: the same value for a
/// finite one (+0 for -0 when n > 1), NaN for +inf.
struct PercentilePoint {
  std::size_t below, above;
  double t;
};

inline PercentilePoint percentile_point(std::size_t n, double q) {
  const double end = static_cast<double>(n - 1);
  const double virtual_index = end * (q / 100.0);
  if (virtual_index >= end)
    return {n - 1, n - 1, virtual_index + 1.0};
  const auto below = static_cast<std::size_t>(std::floor(virtual_index));
  return {below, below + 1, virtual_index - static_cast<double>(below)};
}

/// numpy's _lerp from a to b at t: from the nearer end, for monotonicity.
/// `scale(d, s)` is d * s for a double s.
template <typename T, typename Sub, typename Add, typename Scale>
T lerp(T a, T b, double t, Sub sub, Add add, Scale scale) {
  const T difference = sub(b, a);
  return t >= 0.5 ? sub(b, scale(difference, 1.0 - t)) : add(a, scale(difference, t));
}

} // namespace llcjit::numpy
