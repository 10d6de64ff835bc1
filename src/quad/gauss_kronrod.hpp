// QUADPACK's Gauss-Kronrod rules (Piessens et al. 1983): DQK21 for finite
// intervals and DQK15I for the transformed infinite range. Every sum is taken
// in QUADPACK's order, so the results are the same bits as SciPy's.
#pragma once

#include "quad/integrand.hpp"

namespace llcjit::quadpack {

struct RuleResult {
  double result;
  double abserr;
  double resabs; // integral of |f|
  double resasc; // integral of |f - mean|
};

/// A rule over both halves of a bisected interval, (a1, b1) and (a2, b2):
/// the results of two calls, in that order.
struct RulePair {
  RuleResult left;
  RuleResult right;
};

/// QUADPACK's error estimate from a rule's Kronrod - Gauss difference and its
/// integrals of |f| (resabs) and |f - mean| (resasc):
/// resasc * min(1, (200 |difference| / resasc)^1.5), raised to the floor
/// 50 eps resabs; with libm's pow to the bit.
double estimate_error(double difference, double resabs, double resasc);

/// 21-point Kronrod rule with its embedded 10-point Gauss rule over (a, b).
RuleResult qk21(Integrand &f, double a, double b);

/// 15-point Kronrod rule over (a, b) within (0, 1) of the integrand mapped
/// from an infinite range by x = bound + sign * (1 - t) / t; inf is 1 for
/// (bound, +inf), -1 for (-inf, bound), 2 for (-inf, +inf) with bound 0.
RuleResult qk15i(Integrand &f, double bound, int inf, double a, double b);

/// qk21 over two intervals.
RulePair qk21_pair(Integrand &f, double a1, double b1, double a2, double b2);

/// qk15i over two intervals, with one batch of the integrand for both (the
/// integrand sees the left interval's points first, as with two calls).
RulePair qk15i_pair(Integrand &f, double bound, int inf, double a1, double b1, double a2,
                    double b2);

inline constexpr int kQk21Points = 21;
inline constexpr int kQk15iPoints = 15;

} // namespace llcjit::quadpack
