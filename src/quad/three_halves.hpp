// QUADPACK's error estimate raises a ratio to the power 1.5 once per rule:
// a call of libm's pow was a seventh of a quad sweep's time.
#pragma once

namespace llcjit::quadpack {

/// std::pow(y, 1.5), bit for bit, for every y. For most y in (2^-600, 1) it
/// is computed from sqrt(y) with fused multiply-adds, without calling pow.
double pow_three_halves(double y);

} // namespace llcjit::quadpack
