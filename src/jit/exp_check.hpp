// The numbers behind the decision to compute exp inline: the points where a
// compiled exp must give libm's bits, and the comparison. glibc runs its FMA
// build of exp on CPUs with FMA and AVX2, the one codegen/glibc_exp.cpp
// repeats; whether this process's libm is that one is settled by asking it.
#pragma once

#include <span>
#include <vector>

namespace llcjit::jit {

/// Points spread over exp's whole range (-760 to 760), every entry of
/// glibc's table near 0 and near -700, and each special case (±0, the
/// overflow and underflow thresholds, ±inf, NaN).
std::vector<double> exp_check_points();

/// Whether y[i] is std::exp(x[i]) to the bit at every i (NaN for NaN).
bool agrees_with_libm_exp(std::span<const double> x, std::span<const double> y);

} // namespace llcjit::jit
