#include "codegen/runtime.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <new>
#include <vector>

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// NumPy's pairwise summation (numpy/core/src/umath/loops_utils.h.src), which
// np.sum, np.mean and np.var use for float64: plain below 8 elements, eight
// interleaved partial sums up to 128, halving above.
double pairwise_sum(const double *a, std::int64_t n) {
  if (n < 8) {
    double sum = 0.0;
    for (std::int64_t i = 0; i < n; ++i)
      sum += a[i];
    return sum;
  }
  if (n <= 128) {
    std::array<double, 8> r;
    std::copy(a, a + 8, r.begin());
    std::int64_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (int j = 0; j < 8; ++j)
        r[j] += a[i + j];
    double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i)
      sum += a[i];
    return sum;
  }
  std::int64_t half = n / 2;
  half -= half % 8;
  return pairwise_sum(a, half) + pairwise_sum(a + half, n - half);
}

bool any_nan(const double *data, std::int64_t n) {
  return std::any_of(data, data + n, [](double v) { return std::isnan(v); });
}

} // namespace

extern "C" {

double *llcjit_rt_scratch(std::int64_t n) noexcept {
  thread_local std::vector<double> buffer;
  if (n < 0)
    return nullptr;
  try {
    if (buffer.size() < static_cast<std::size_t>(n))
      buffer.resize(static_cast<std::size_t>(n));
  } catch (const std::exception &) {
    return nullptr;
  }
  return buffer.data();
}

double llcjit_rt_sum(const double *data, std::int64_t n) noexcept {
  if (n == 0)
    return 0.0;
  if (data == nullptr)
    return kNaN;
  return pairwise_sum(data, n);
}

double llcjit_rt_var(double *data, std::int64_t n) noexcept {
  if (data == nullptr)
    return kNaN;
  const double mean = pairwise_sum(data, n) / static_cast<double>(n);
  for (std::int64_t i = 0; i < n; ++i) {
    const double deviation = data[i] - mean;
    data[i] = deviation * deviation;
  }
  return pairwise_sum(data, n) / static_cast<double>(n);
}

double llcjit_rt_median(double *data, std::int64_t n) noexcept {
  if (data == nullptr || n == 0 || any_nan(data, n))
    return kNaN;
  const std::int64_t half = n / 2;
  std::nth_element(data, data + half, data + n);
  if (n % 2 == 1)
    return data[half];
  const double below = *std::max_element(data, data + half);
  // np.median averages the middle pair with np.mean: a pairwise sum from 0.
  return (0.0 + below + data[half]) / 2.0;
}

double llcjit_rt_percentile(double *data, std::int64_t n, double q) noexcept {
  if (data == nullptr || n == 0 || !(q >= 0.0 && q <= 100.0) || any_nan(data, n))
    return kNaN;
  // numpy.percentile, method 'linear' (numpy/lib/function_base.py).
  const double virtual_index = static_cast<double>(n - 1) * (q / 100.0);
  if (virtual_index >= static_cast<double>(n - 1))
    return *std::max_element(data, data + n);
  const auto below = static_cast<std::int64_t>(std::floor(virtual_index));
  std::nth_element(data, data + below, data + n);
  const double a = data[below];
  const double b = *std::min_element(data + below + 1, data + n);
  const double t = virtual_index - static_cast<double>(below);
  // numpy's _lerp: from the nearer end, for monotonicity.
  const double difference = b - a;
  return t >= 0.5 ? b - difference * (1.0 - t) : a + difference * t;
}

double llcjit_rt_lgamma(double x) noexcept {
  int sign;
  return lgamma_r(x, &sign);
}

} // extern "C"

namespace llcjit::codegen {

std::span<const RuntimeSymbol> runtime_symbols() noexcept {
  static const std::array<RuntimeSymbol, 6> kSymbols = {{
      {"llcjit_rt_scratch", reinterpret_cast<void *>(&llcjit_rt_scratch)},
      {"llcjit_rt_sum", reinterpret_cast<void *>(&llcjit_rt_sum)},
      {"llcjit_rt_var", reinterpret_cast<void *>(&llcjit_rt_var)},
      {"llcjit_rt_median", reinterpret_cast<void *>(&llcjit_rt_median)},
      {"llcjit_rt_percentile", reinterpret_cast<void *>(&llcjit_rt_percentile)},
      {"llcjit_rt_lgamma", reinterpret_cast<void *>(&llcjit_rt_lgamma)},
  }};
  return kSymbols;
}

} // namespace llcjit::codegen
