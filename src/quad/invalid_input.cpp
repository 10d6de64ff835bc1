// The definitions of invalid_input.hpp, SciPy 1.10's tree in its order.
#include "quad/invalid_input.hpp"

#include <llcjit/errors.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>

namespace llcjit::quadpack {

namespace {

// Python's min and max of a list, whose comparisons a NaN fails: the first
// element, unless a later one compares less (greater).
double python_min(const std::vector<double> &values) {
  double least = values.front();
  for (double value : values)
    if (value < least)
      least = value;
  return least;
}

double python_max(const std::vector<double> &values) {
  double most = values.front();
  for (double value : values)
    if (value > most)
      most = value;
  return most;
}

} // namespace

std::string scipy_invalid_input(const QuadOptions &options, double lo, double hi) {
  const double inf = std::numeric_limits<double>::infinity();
  const bool oscillatory = options.weight == Weight::Cos || options.weight == Weight::Sin;
  if (options.epsabs <= 0.0) {
    if (options.epsrel < kLeastEpsrel)
      return "If 'epsabs'<=0, 'epsrel' must be greater than both 5e-29 and 50*(machine "
             "epsilon).";
    // (SciPy's typo included: its users match these words.)
    if (oscillatory && std::fabs(lo) + std::fabs(hi) == inf)
      return "Sine or cosine weighted intergals with infinite domain must have 'epsabs'>0.";
    return "The input is invalid.";
  }
  if (options.weight == Weight::None) {
    const std::vector<double> &points = options.points;
    if (points.empty())
      return "Invalid 'limit' argument. There must be at least one subinterval";
    const double least = python_min(points), most = python_max(points);
    if (!(lo <= least && least <= most && most <= hi))
      return "All break points in 'points' must lie within the integration limits.";
    if (points.size() >= static_cast<std::size_t>(std::max(options.limit, 0)))
      return fmt::format("Number of break points ({}) must be less than subinterval limit ({})",
                         points.size(), options.limit);
    return "The input is invalid.";
  }
  if (options.maxp1 < 1)
    return "Chebyshev moment limit maxp1 must be >=1.";
  if (oscillatory && std::fabs(lo + hi) == inf)
    return "Cycle limit limlst must be >=3.";
  if (options.weight == Weight::Cauchy) {
    if (options.wvar.size() == 1 && (options.wvar[0] == lo || options.wvar[0] == hi))
      return "Parameter 'wvar' must not equal integration limits 'a' or 'b'.";
    return "The input is invalid.";
  }
  if (!oscillatory && options.wvar.size() == 2 && std::min(options.wvar[0], options.wvar[1]) < -1)
    return "wvar parameters (alpha, beta) must both be >= -1.";
  return "The input is invalid.";
}

void refuse(const QuadOptions &options, double lo, double hi, const std::string &detail) {
  throw UsageError(fmt::format("{} ({})", scipy_invalid_input(options, lo, hi), detail));
}

std::string not_finite_message(double value, const std::string &where) {
  return fmt::format("The integrand is {} at {}; the integration stopped there.", value, where);
}

} // namespace llcjit::quadpack
