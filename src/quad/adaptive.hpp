// QUADPACK's globally adaptive integrators with extrapolation.
#pragma once

#include "quad/integrand.hpp"

#include <llcjit/quad.hpp>

#include <span>

namespace llcjit::quadpack {

/// DQAGSE: finite (a, b), 21-point rule.
QuadResult qagse(Integrand &f, double a, double b, double epsabs, double epsrel, int limit,
                 QuadDetails *details = nullptr);

/// DQAGIE: (bound, +inf) for inf = 1, (-inf, bound) for -1, (-inf, +inf)
/// for 2, mapped onto (0, 1), 15-point rule.
QuadResult qagie(Integrand &f, double bound, int inf, double epsabs, double epsrel, int limit,
                 QuadDetails *details = nullptr);

/// DQAGPE: finite (a, b) with break points strictly inside it, sorted and
/// unique.
QuadResult qagpe(Integrand &f, double a, double b, std::span<const double> points, double epsabs,
                 double epsrel, int limit, QuadDetails *details = nullptr);

} // namespace llcjit::quadpack
