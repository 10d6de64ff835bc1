// The definitions of front_end.hpp: scipy.integrate.quad's choices before
// QUADPACK runs.
#include "quad/front_end.hpp"

#include "quad/adaptive.hpp"
#include "quad/oscillatory.hpp"
#include "quad/outcome.hpp"
#include "quad/weighted.hpp"
#include "quad/workspace.hpp"

#include <llcjit/errors.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace llcjit::quadpack {

namespace {

// np.unique of the points inside (lo, hi), as SciPy's quad keeps them: it
// drops those outside, NaN among them, without a word.
std::vector<double> interior_points(const std::vector<double> &points, double lo, double hi) {
  std::vector<double> inside;
  for (double point : points)
    if (point > lo && point < hi)
      inside.push_back(point);
  std::sort(inside.begin(), inside.end());
  inside.erase(std::unique(inside.begin(), inside.end()), inside.end());
  return inside;
}

// SciPy's words for DQAGPE's ier 6 when the points inside leave no room in
// `limit`: its forensic tree blames points outside [lo, hi] first, and
// counts every point given.
std::string too_many_points(const std::vector<double> &points, double lo, double hi, int limit) {
  const bool all_within = std::all_of(points.begin(), points.end(),
                                      [&](double point) { return point >= lo && point <= hi; });
  if (!all_within)
    return "All break points in 'points' must lie within the integration limits.";
  return fmt::format("Number of break points ({}) must be less than subinterval limit ({})",
                     points.size(), limit);
}

} // namespace

void check_options(const QuadOptions &options) {
  // SciPy's words: its forensic tree names the limit without a weight only.
  if (options.limit < 1)
    throw UsageError(fmt::format("{} (limit must be at least 1, got {})",
                                 options.weight == Weight::None
                                     ? "Invalid 'limit' argument. There must be at least one "
                                       "subinterval"
                                     : "The input is invalid.",
                                 options.limit));
  // A NaN tolerance is refused (SciPy runs with it, to a bound whose tests
  // NaN makes meaningless), named as what it is.
  for (const auto &[name, value] :
       {std::pair{"epsabs", options.epsabs}, std::pair{"epsrel", options.epsrel}})
    if (std::isnan(value))
      throw UsageError(fmt::format("the tolerance {} must be a number, not NaN", name));
  const double epmach = std::numeric_limits<double>::epsilon();
  if (options.epsabs <= 0.0 && options.epsrel < std::max(50.0 * epmach, 0.5e-28))
    throw UsageError(
        fmt::format("If 'epsabs'<=0, 'epsrel' must be greater than both 5e-29 and 50*(machine "
                    "epsilon). (tolerances epsabs={} and epsrel={} cannot be met: give epsabs > "
                    "0 or epsrel >= {:g})",
                    options.epsabs, options.epsrel, std::max(50.0 * epmach, 0.5e-28)));
}

void check_limits(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    throw UsageError("the limits of integration must not be NaN");
}

// QAWC and QAWS, on finite limits, after SciPy's flip.
QuadResult integrate_weighted(Integrand &f, double a, double b, const QuadOptions &options,
                              QuadDetails *details) {
  const std::size_t wanted = options.weight == Weight::Cauchy ? 1 : 2;
  if (options.wvar.size() != wanted)
    throw UsageError(fmt::format("this weight takes {} value{} in wvar, got {}", wanted,
                                 wanted == 1 ? "" : "s", options.wvar.size()));
  if (std::isinf(a) || std::isinf(b))
    throw UsageError("Cannot integrate with this weight over an infinite interval.");
  if (options.weight == Weight::Cauchy) {
    const double c = options.wvar[0];
    if (c == a || c == b)
      throw UsageError(fmt::format("Parameter 'wvar' must not equal integration limits 'a' or "
                                   "'b'. (the Cauchy weight's pole c = {} is a limit)",
                                   c));
    return qawce(f, a, b, c, options.epsabs, options.epsrel, options.limit, details);
  }
  const double alpha = options.wvar[0];
  const double beta = options.wvar[1];
  // SciPy names exponents below -1 and calls -1 itself only invalid input.
  if (!(alpha > -1.0 && beta > -1.0))
    throw UsageError(fmt::format("{} (the algebraic weight's exponents must exceed -1, got "
                                 "alpha = {}, beta = {})",
                                 std::min(alpha, beta) < -1.0
                                     ? "wvar parameters (alpha, beta) must both be >= -1."
                                     : "The input is invalid.",
                                 alpha, beta));
  // DQAWSE's ier 6, which SciPy words only as invalid input.
  if (options.limit < 2)
    throw UsageError(fmt::format("The input is invalid. (an algebraic weight needs limit >= 2, "
                                 "got {})",
                                 options.limit));
  if (a == b)
    throw UsageError(fmt::format("The input is invalid. (an algebraic weight needs a < b, got "
                                 "a = b = {})",
                                 a));
  const int integr = static_cast<int>(options.weight) - static_cast<int>(Weight::Alg) + 1;
  return qawse(f, a, b, alpha, beta, integr, options.epsabs, options.epsrel, options.limit,
               details);
}

// f(-x), or -f(-x) for the sine, so that (-inf, b) becomes (-b, inf), as
// SciPy remaps it for QAWF.
struct Mirrored {
  Integrand *inner;
  bool negate;
};

void evaluate_mirrored(void *context, const double *x, double *y, std::size_t n) {
  const auto *m = static_cast<const Mirrored *>(context);
  std::vector<double> mirrored(x, x + n);
  for (double &value : mirrored)
    value = -value;
  m->inner->evaluate(mirrored.data(), y, n);
  if (m->negate)
    for (std::size_t i = 0; i < n; ++i)
      y[i] = -y[i];
}

// QAWO and QAWF, after SciPy's flip.
QuadResult integrate_oscillatory(Integrand &f, double a, double b, const QuadOptions &options,
                                 QuadDetails *details) {
  if (options.wvar.size() != 1)
    throw UsageError(fmt::format("the cos and sin weights take 1 value in wvar "
                                 "(omega), got {}",
                                 options.wvar.size()));
  if (options.maxp1 < 1)
    throw UsageError(
        fmt::format("Chebyshev moment limit maxp1 must be >=1. (got {})", options.maxp1));
  const double omega = options.wvar[0];
  const int integr = options.weight == Weight::Cos ? 1 : 2;
  const double inf = std::numeric_limits<double>::infinity();
  if (a != -inf && b != inf)
    return qawoe(f, a, b, omega, integr, options.epsabs, options.epsrel, options.limit,
                 options.maxp1, details);
  if (a == -inf && b == inf)
    throw UsageError("Cannot integrate with this weight from -Inf to +Inf.");
  // (SciPy's words, its typo included: they are what its users match.)
  if (!(options.epsabs > 0.0))
    throw UsageError("Sine or cosine weighted intergals with infinite domain must have "
                     "'epsabs'>0. (QAWF ignores epsrel)");
  if (options.limlst < 3)
    throw UsageError(fmt::format("Cycle limit limlst must be >=3. (got {})", options.limlst));
  // DQAWFE's cycle length takes int(|omega|) in a Fortran INTEGER, which
  // SciPy lets overflow (and then returns uninitialised memory in ierlst);
  // llcjit refuses instead, a deviation from SciPy where it is unsafe.
  if (!(std::fabs(omega) < 0x1p31))
    throw UsageError(fmt::format("on a half-infinite range the cos and sin weights need a "
                                 "finite omega below 2^31 in magnitude, got {}",
                                 omega));
  QuadResult result;
  if (b == inf) {
    result = qawfe(f, a, omega, integr, options.epsabs, options.limlst, options.limit,
                   options.maxp1, details);
  } else {
    Mirrored mirrored{&f, integr == 2};
    Integrand g(&evaluate_mirrored, &mirrored, f.point_cost());
    result = qawfe(g, -b, omega, integr, options.epsabs, options.limlst, options.limit,
                   options.maxp1, details);
  }
  if (result.ier != 0 && result.ier != kNonFiniteIntegrand)
    result.message = cycles_message_for(result.ier, options.limit);
  return result;
}

QuadResult integrate(Integrand &f, double a, double b, const QuadOptions &options,
                     QuadDetails *details) {
  if (details)
    *details = {};
  const bool flip = b < a;
  if (flip)
    std::swap(a, b);
  QuadResult result;
  const double inf = std::numeric_limits<double>::infinity();
  if ((options.weight == Weight::Cos || options.weight == Weight::Sin)) {
    if (!options.points.empty())
      throw UsageError("Break points cannot be specified when using weighted integrand.");
    result = integrate_oscillatory(f, a, b, options, details);
  } else if (options.weight != Weight::None) {
    if (!options.points.empty())
      throw UsageError("Break points cannot be specified when using weighted integrand.");
    result = integrate_weighted(f, a, b, options, details);
  } else if (a == b && std::isinf(a)) {
    result = {};
  } else if (a != -inf && b != inf) {
    if (options.points.empty()) {
      result = qagse(f, a, b, options.epsabs, options.epsrel, options.limit, details);
    } else {
      const std::vector<double> points = interior_points(options.points, a, b);
      if (options.limit <= static_cast<int>(points.size()))
        throw UsageError(too_many_points(options.points, a, b, options.limit));
      result = qagpe(f, a, b, points, options.epsabs, options.epsrel, options.limit, details);
    }
  } else {
    if (!options.points.empty())
      throw UsageError("Infinity inputs cannot be used with break points.");
    const int kind = a == -inf && b == inf ? 2 : b == inf ? 1 : -1;
    const double bound = kind == 1 ? a : kind == -1 ? b : 0.0;
    result = qagie(f, bound, kind, options.epsabs, options.epsrel, options.limit, details);
  }
  if (flip)
    result.value = -result.value;
  if (details)
    finish_details(*details, options.limit);
  if (result.ier == kNonFiniteIntegrand)
    result.message =
        fmt::format("The integrand is {} at x = {:.17g}; the integration stopped there.",
                    f.bad_value(), f.bad_point());
  else if (result.message.empty())
    result.message = message_for(result.ier, options.limit);
  return result;
}

} // namespace llcjit::quadpack

namespace llcjit {

std::optional<Weight> parse_weight(std::string_view name) noexcept {
  static constexpr std::pair<std::string_view, Weight> kNames[] = {
      {"cauchy", Weight::Cauchy},    {"alg", Weight::Alg},        {"alg-loga", Weight::AlgLogA},
      {"alg-logb", Weight::AlgLogB}, {"alg-log", Weight::AlgLog}, {"cos", Weight::Cos},
      {"sin", Weight::Sin}};
  for (const auto &[spelling, weight] : kNames)
    if (spelling == name)
      return weight;
  return std::nullopt;
}

} // namespace llcjit
