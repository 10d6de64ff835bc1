// QUADPACK's integrators for weighted integrals without extrapolation:
// DQAWCE (Cauchy principal value of f(x)/(x-c)) and DQAWSE (algebraic and
// logarithmic end-point weights), with the modified Clenshaw-Curtis rules
// they build on.
#pragma once

#include "quad/integrand.hpp"

#include <llcjit/quad.hpp>

namespace llcjit::quadpack {

/// The principal value of the integral of f(x) / (x - c) over (a, b).
QuadResult qawce(Integrand &f, double a, double b, double c, double epsabs, double epsrel,
                 int limit, QuadDetails *details = nullptr);

/// The integral of f(x) w(x) over (a, b), w(x) = (x-a)^alfa (b-x)^beta
/// times log(x-a) (integr 2), log(b-x) (3), both (4), or neither (1).
QuadResult qawse(Integrand &f, double a, double b, double alfa, double beta, int integr,
                 double epsabs, double epsrel, int limit, QuadDetails *details = nullptr);

} // namespace llcjit::quadpack
