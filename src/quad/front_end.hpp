// scipy.integrate.quad's choices before QUADPACK runs: which routine, the
// limits' order, the break points, and what is invalid input.
#pragma once

#include "quad/integrand.hpp"

#include <llcjit/quad.hpp>

namespace llcjit::quadpack {

/// Throws UsageError for options no integral can use.
void check_options(const QuadOptions &options);
/// Throws UsageError for a NaN limit.
void check_limits(double a, double b);
/// One integral with SciPy's semantics (see llcjit::quad); options checked.
QuadResult integrate(Integrand &f, double a, double b, const QuadOptions &options,
                     QuadDetails *details = nullptr);

} // namespace llcjit::quadpack
