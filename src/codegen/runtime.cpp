// The definitions of runtime.hpp: functions generated code calls for what is
// better written in C++ than in IR.
#include "codegen/runtime.hpp"

#include "numeric/numpy_order.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <new>
#include <vector>

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double pairwise_sum(const double *a, std::int64_t n) {
  return llcjit::numpy::pairwise_sum<double>(
      {a, static_cast<std::size_t>(n)}, [](double x, double y) { return x + y; }, 0.0);
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
  // np.median takes np.mean of the middle one or two (whose sum starts
  // from 0.0, which makes a middle -0 +0).
  if (n % 2 == 1)
    return pairwise_sum(data + half, 1) / 1.0;
  const double middle[2] = {*std::max_element(data, data + half), data[half]};
  return pairwise_sum(middle, 2) / 2.0;
}

double llcjit_rt_percentile(double *data, std::int64_t n, double q) noexcept {
  if (data == nullptr || n == 0 || !(q >= 0.0 && q <= 100.0) || any_nan(data, n))
    return kNaN;
  // numpy.percentile, method 'linear' (numpy/lib/function_base.py).
  const llcjit::numpy::PercentilePoint at =
      llcjit::numpy::percentile_point(static_cast<std::size_t>(n), q);
  const auto below = static_cast<std::int64_t>(at.below);
  std::nth_element(data, data + below, data + n);
  const double a = data[below];
  const double b = at.above == at.below ? a : *std::min_element(data + below + 1, data + n);
  return llcjit::numpy::lerp(
      a, b, at.t, [](double x, double y) { return x - y; },
      [](double x, double y) { return x + y; }, [](double x, double s) { return x * s; });
}

// numpy/lib/nanfunctions.py: _replace_nan(a, 0) and then the plain
// reduction over the whole length, or over the non-NaN elements alone.

double llcjit_rt_nansum(double *data, std::int64_t n) noexcept {
  if (n == 0)
    return 0.0;
  if (data == nullptr)
    return kNaN;
  std::replace_if(data, data + n, [](double v) { return std::isnan(v); }, 0.0);
  return pairwise_sum(data, n);
}

namespace {

// The non-NaN elements counted, and every NaN replaced by 0.
std::int64_t count_and_zero_nan(double *data, std::int64_t n) {
  std::int64_t count = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    if (std::isnan(data[i]))
      data[i] = 0.0;
    else
      ++count;
  }
  return count;
}

// Moves the non-NaN elements to the front; returns how many there are.
std::int64_t compact_non_nan(double *data, std::int64_t n) {
  return std::remove_if(data, data + n, [](double v) { return std::isnan(v); }) - data;
}

} // namespace

double llcjit_rt_nanmean(double *data, std::int64_t n) noexcept {
  if (data == nullptr)
    return kNaN;
  const std::int64_t count = count_and_zero_nan(data, n);
  return pairwise_sum(data, n) / static_cast<double>(count);
}

double llcjit_rt_nanvar(double *data, std::int64_t n) noexcept {
  if (data == nullptr)
    return kNaN;
  std::vector<bool> missing;
  try {
    missing.resize(static_cast<std::size_t>(n));
  } catch (const std::exception &) {
    return kNaN;
  }
  for (std::int64_t i = 0; i < n; ++i)
    missing[static_cast<std::size_t>(i)] = std::isnan(data[i]);
  const std::int64_t count = count_and_zero_nan(data, n);
  const double mean = pairwise_sum(data, n) / static_cast<double>(count);
  for (std::int64_t i = 0; i < n; ++i) {
    const double deviation = missing[static_cast<std::size_t>(i)] ? 0.0 : data[i] - mean;
    data[i] = deviation * deviation;
  }
  return pairwise_sum(data, n) / static_cast<double>(count);
}

double llcjit_rt_nanmedian(double *data, std::int64_t n) noexcept {
  if (data == nullptr)
    return kNaN;
  return llcjit_rt_median(data, compact_non_nan(data, n));
}

double llcjit_rt_nanpercentile(double *data, std::int64_t n, double q) noexcept {
  if (data == nullptr)
    return kNaN;
  return llcjit_rt_percentile(data, compact_non_nan(data, n), q);
}

double llcjit_rt_lgamma(double x) noexcept {
  int sign;
  return lgamma_r(x, &sign);
}

} // extern "C"

namespace llcjit::codegen {

std::span<const RuntimeSymbol> runtime_symbols() noexcept {
  static const std::array<RuntimeSymbol, 11> kSymbols = {{
      {"llcjit_rt_scratch", reinterpret_cast<void *>(&llcjit_rt_scratch)},
      {"llcjit_rt_sum", reinterpret_cast<void *>(&llcjit_rt_sum)},
      {"llcjit_rt_var", reinterpret_cast<void *>(&llcjit_rt_var)},
      {"llcjit_rt_median", reinterpret_cast<void *>(&llcjit_rt_median)},
      {"llcjit_rt_percentile", reinterpret_cast<void *>(&llcjit_rt_percentile)},
      {"llcjit_rt_nansum", reinterpret_cast<void *>(&llcjit_rt_nansum)},
      {"llcjit_rt_nanmean", reinterpret_cast<void *>(&llcjit_rt_nanmean)},
      {"llcjit_rt_nanvar", reinterpret_cast<void *>(&llcjit_rt_nanvar)},
      {"llcjit_rt_nanmedian", reinterpret_cast<void *>(&llcjit_rt_nanmedian)},
      {"llcjit_rt_nanpercentile", reinterpret_cast<void *>(&llcjit_rt_nanpercentile)},
      {"llcjit_rt_lgamma", reinterpret_cast<void *>(&llcjit_rt_lgamma)},
  }};
  return kSymbols;
}

} // namespace llcjit::codegen
