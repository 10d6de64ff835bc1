#include "quad/front_end.hpp"

#include "quad/adaptive.hpp"
#include "quad/subdivision.hpp"

#include <llcjit/errors.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>

namespace llcjit::quadpack {

namespace {

// np.unique of the points inside (lo, hi); an error for one outside [lo, hi].
std::vector<double> interior_points(const std::vector<double> &points, double lo,
                                    double hi) {
  std::vector<double> inside;
  for (double point : points) {
    if (!(point >= lo && point <= hi))
      throw UsageError(fmt::format("break point {} is outside the range [{}, {}]",
                                   point, lo, hi));
    if (point > lo && point < hi)
      inside.push_back(point);
  }
  std::sort(inside.begin(), inside.end());
  inside.erase(std::unique(inside.begin(), inside.end()), inside.end());
  return inside;
}

} // namespace

void check_options(const QuadOptions &options) {
  if (options.limit < 1)
    throw UsageError(fmt::format("limit must be at least 1, got {}", options.limit));
  const double epmach = std::numeric_limits<double>::epsilon();
  if (std::isnan(options.epsabs) || std::isnan(options.epsrel) ||
      (options.epsabs <= 0.0 && options.epsrel < std::max(50.0 * epmach, 0.5e-28)))
    throw UsageError(fmt::format(
        "tolerances epsabs={} and epsrel={} cannot be met: give epsabs > 0 or "
        "epsrel >= {:g}",
        options.epsabs, options.epsrel, std::max(50.0 * epmach, 0.5e-28)));
}

void check_limits(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    throw UsageError("the limits of integration must not be NaN");
}

QuadResult integrate(Integrand &f, double a, double b, const QuadOptions &options) {
  const bool flip = b < a;
  if (flip)
    std::swap(a, b);
  QuadResult result;
  const double inf = std::numeric_limits<double>::infinity();
  if (a == b && std::isinf(a)) {
    result = {};
  } else if (a != -inf && b != inf) {
    if (options.points.empty()) {
      result = qagse(f, a, b, options.epsabs, options.epsrel, options.limit);
    } else {
      const std::vector<double> points = interior_points(options.points, a, b);
      if (options.limit <= static_cast<int>(points.size()))
        throw UsageError(fmt::format(
            "limit ({}) must be larger than the number of break points ({})",
            options.limit, points.size()));
      result = qagpe(f, a, b, points, options.epsabs, options.epsrel, options.limit);
    }
  } else {
    if (!options.points.empty())
      throw UsageError("Infinity inputs cannot be used with break points.");
    const int kind = a == -inf && b == inf ? 2 : b == inf ? 1 : -1;
    const double bound = kind == 1 ? a : kind == -1 ? b : 0.0;
    result = qagie(f, bound, kind, options.epsabs, options.epsrel, options.limit);
  }
  if (flip)
    result.value = -result.value;
  if (result.ier == kNonFiniteIntegrand)
    result.message = fmt::format(
        "The integrand is {} at x = {:.17g}; the integration stopped there.",
        f.bad_value(), f.bad_point());
  else
    result.message = message_for(result.ier, options.limit);
  return result;
}

} // namespace llcjit::quadpack
