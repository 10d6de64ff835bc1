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

// SciPy's texts to the byte, line breaks and all (scipy.integrate.quad's
// `msgs`): they are what its IntegrationWarning says.
std::string message_for(int ier, int limit) {
  switch (ier) {
  case 0: return "";
  case 1:
    return fmt::format(
        "The maximum number of subdivisions ({}) has been achieved.\n  If increasing the limit "
        "yields no improvement it is advised to analyze \n  the integrand in order to determine "
        "the difficulties.  If the position of a \n  local difficulty can be determined "
        "(singularity, discontinuity) one will \n  probably gain from splitting up the interval "
        "and calling the integrator \n  on the subranges.  Perhaps a special-purpose integrator "
        "should be used.",
        limit);
  case 2:
    return "The occurrence of roundoff error is detected, which prevents \n  the requested "
           "tolerance from being achieved.  The error may be \n  underestimated.";
  case 3:
    return "Extremely bad integrand behavior occurs at some points of the\n  integration "
           "interval.";
  case 4:
    return "The algorithm does not converge.  Roundoff error is detected\n  in the "
           "extrapolation table.  It is assumed that the requested tolerance\n  cannot be "
           "achieved, and that the returned result (if full_output = 1) is \n  the best which "
           "can be obtained.";
  case 5: return "The integral is probably divergent, or slowly convergent.";
  case 6: return "The input is invalid.";
  case 7:
    return "Abnormal termination of the routine.  The estimates for result\n  and error are "
           "less reliable.  It is assumed that the requested accuracy\n  has not been "
           "achieved.";
  default:
    return "The integrand returned NaN or an infinity; the integration stopped "
           "there.";
  }
}

std::string cycles_message_for(int ier, int limit) {
  switch (ier) {
  case 1:
    return "The maximum number of cycles allowed has been achieved., e.e.\n  of subintervals "
           "(a+(k-1)c, a+kc) where c = (2*int(abs(omega)+1))\n  *pi/abs(omega), for k = 1, 2, "
           "..., lst.  One can allow more cycles by increasing the value of limlst.  Look at "
           "info['ierlst'] with full_output=1.";
  case 4:
    return "The extrapolation table constructed for convergence acceleration\n  of the series "
           "formed by the integral contributions over the cycles, \n  does not converge to "
           "within the requested accuracy.  Look at \n  info['ierlst'] with full_output=1.";
  case 7:
    return "Bad integrand behavior occurs within one or more of the cycles.\n  Location and type "
           "of the difficulty involved can be determined from \n  the vector info['ierlist'] "
           "obtained with full_output=1.";
  default: return message_for(ier, limit);
  }
}

} // namespace llcjit::quadpack
