// QUADPACK's integrators for oscillatory weights cos(omega x) and
// sin(omega x): DQAWOE on a finite range, DQAWFE on (a, +inf) cycle by cycle.
#pragma once

#include "quad/integrand.hpp"
#include "quad/qc25f.hpp"

#include <llcjit/quad.hpp>

namespace llcjit::quadpack {

/// integr 1: cos(omega x), 2: sin(omega x), over finite (a, b).
QuadResult qawoe(Integrand &f, double a, double b, double omega, int integr, double epsabs,
                 double epsrel, int limit, int maxp1, QuadDetails *details = nullptr);

/// The same over (a, +inf): one QAWO integral per cycle, the partial sums
/// extrapolated.
QuadResult qawfe(Integrand &f, double a, double omega, int integr, double epsabs, int limlst,
                 int limit, int maxp1, QuadDetails *details = nullptr);

/// DQAWOE with the moments that earlier calls computed (icall > 1 reuses
/// them): one cycle of DQAWFE.
QuadResult qawoe_call(Integrand &f, double a, double b, double omega, int integr, double epsabs,
                      double epsrel, int limit, int icall, Moments &moments,
                      QuadDetails *details = nullptr);

} // namespace llcjit::quadpack
