// Functions generated code calls for what is better written in C++ than in
// IR: the NumPy-exact reductions that need a buffer, and a thread-safe lgamma.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

extern "C" {
/// A thread-local buffer of at least n doubles; null when it cannot be had.
double *llcjit_rt_scratch(std::int64_t n) noexcept;
// The reductions return NaN when given no buffer (scratch had none).

/// numpy.sum of n doubles: the same pairwise summation, so the same bits.
double llcjit_rt_sum(const double *data, std::int64_t n) noexcept;
/// numpy.var (ddof 0); overwrites data.
double llcjit_rt_var(double *data, std::int64_t n) noexcept;
/// numpy.median; reorders data.
double llcjit_rt_median(double *data, std::int64_t n) noexcept;
/// numpy.percentile with linear interpolation, q in [0, 100]; reorders data.
double llcjit_rt_percentile(double *data, std::int64_t n, double q) noexcept;
/// numpy.nansum (NaN as 0; 0 when all are NaN); overwrites data.
double llcjit_rt_nansum(double *data, std::int64_t n) noexcept;
/// numpy.nanmean (NaN when all are NaN); overwrites data.
double llcjit_rt_nanmean(double *data, std::int64_t n) noexcept;
/// numpy.nanvar (ddof 0; NaN when all are NaN); overwrites data.
double llcjit_rt_nanvar(double *data, std::int64_t n) noexcept;
/// numpy.nanmedian (NaN when all are NaN); reorders data.
double llcjit_rt_nanmedian(double *data, std::int64_t n) noexcept;
/// numpy.nanpercentile, linear; reorders data.
double llcjit_rt_nanpercentile(double *data, std::int64_t n, double q) noexcept;
/// lgamma without writing the global signgam, so threads do not race.
double llcjit_rt_lgamma(double x) noexcept;
}

namespace llcjit::codegen {

struct RuntimeSymbol {
  std::string_view name;
  void *address;
};

/// The runtime functions above, for the JIT to resolve generated calls.
std::span<const RuntimeSymbol> runtime_symbols() noexcept;

} // namespace llcjit::codegen
