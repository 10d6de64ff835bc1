// What every QUADPACK routine reports when it stops early or fails: the
// result for a non-finite integrand, and the words for each ier.
#pragma once

#include <llcjit/quad.hpp>

#include <string>

namespace llcjit::quadpack {

/// A NaN result with ier kNonFiniteIntegrand, after `neval` evaluations.
QuadResult non_finite(int neval, int last);

/// QUADPACK's messages for its ier codes, as scipy.integrate.quad words them.
std::string message_for(int ier, int limit);

/// The same for QAWF (a cos or sin weight on a half-infinite range), whose
/// codes 1, 4 and 7 speak of cycles.
std::string cycles_message_for(int ier, int limit);

} // namespace llcjit::quadpack
