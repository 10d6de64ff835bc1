// Invalid input to quad, refused in SciPy's words: scipy.integrate.quad
// turns QUADPACK's ier 6 into a ValueError whose text its "forensic
// decision tree" (_quadpack_py.py) picks from the arguments, whatever made
// the input invalid; llcjit says that, then what it found in parentheses.
#pragma once

#include <llcjit/quad.hpp>

#include <algorithm>
#include <limits>
#include <string>

namespace llcjit::quadpack {

/// QUADPACK's least epsrel when epsabs <= 0: max(50 eps, 5e-29).
inline constexpr double kLeastEpsrel =
    std::max(50.0 * std::numeric_limits<double>::epsilon(), 0.5e-28);

/// SciPy's words for invalid input with these options on [lo, hi] (the
/// limits in order, as SciPy's quad has them when it asks).
std::string scipy_invalid_input(const QuadOptions &options, double lo, double hi);

/// Throws UsageError: scipy_invalid_input's words, then (detail).
[[noreturn]] void refuse(const QuadOptions &options, double lo, double hi,
                         const std::string &detail);

/// The message of ier 8: "The integrand is VALUE at WHERE; ...".
std::string not_finite_message(double value, const std::string &where);

} // namespace llcjit::quadpack
