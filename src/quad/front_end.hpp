// scipy.integrate.quad's choices before QUADPACK runs: which routine, the
// limits' order, the break points, and what is invalid input.
#pragma once

#include "quad/integrand.hpp"

#include <llcjit/quad.hpp>

namespace llcjit::quadpack {

/// Throws UsageError for NaN tolerances or limits, and for options no
/// integral on [a, b] can use (SciPy's words, invalid_input.hpp).
void check_input(const QuadOptions &options, double a, double b);
/// One integral with SciPy's semantics (see llcjit::quad); options checked.
QuadResult integrate(Integrand &f, double a, double b, const QuadOptions &options,
                     QuadDetails *details = nullptr);

} // namespace llcjit::quadpack
