// The definitions of outcome.hpp: what a QUADPACK routine reports when it
// stops early or fails.
#include "quad/outcome.hpp"

#include <limits>

#include <fmt/format.h>

namespace llcjit::quadpack {

QuadResult non_finite(int neval, int last) {
  return {std::numeric_limits<double>::quiet_NaN(),
          std::numeric_limits<double>::quiet_NaN(),
          neval,
          kNonFiniteIntegrand,
          last,
          {}};
}

std::string message_for(int ier, int limit) {
  switch (ier) {
  case 0: return "";
  case 1:
    return fmt::format("The maximum number of subdivisions ({}) has been achieved. If increasing "
                       "the limit yields no improvement it is advised to analyze the integrand in "
                       "order to determine the difficulties. If the position of a local "
                       "difficulty can be determined (singularity, discontinuity) one will "
                       "probably gain from splitting up the interval and calling the integrator "
                       "on the subranges. Perhaps a special-purpose integrator should be used.",
                       limit);
  case 2:
    return "The occurrence of roundoff error is detected, which prevents the "
           "requested tolerance from being achieved. The error may be "
           "underestimated.";
  case 3:
    return "Extremely bad integrand behavior occurs at some points of the "
           "integration interval.";
  case 4:
    return "The algorithm does not converge. Roundoff error is detected in the "
           "extrapolation table. It is assumed that the requested tolerance "
           "cannot be achieved, and that the returned result is the best which "
           "can be obtained.";
  case 5: return "The integral is probably divergent, or slowly convergent.";
  case 6: return "The input is invalid.";
  case 7:
    return "Abnormal termination of the routine. The estimates for result and "
           "error are less reliable. It is assumed that the requested accuracy "
           "has not been achieved.";
  default:
    return "The integrand returned NaN or an infinity; the integration stopped "
           "there.";
  }
}

} // namespace llcjit::quadpack
