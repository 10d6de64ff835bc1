// The definitions of front_end.hpp: scipy.integrate.quad's choices before
// QUADPACK runs.
#include "quad/front_end.hpp"

#include "quad/invalid_input.hpp"

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

} // namespace

void check_input(const QuadOptions &options, double a, double b) {
  // A NaN tolerance is refused (SciPy runs with it, to a bound whose tests
  // NaN makes meaningless), named as what it is; so are NaN limits.
  for (const auto &[name, value] :
       {std::pair{"epsabs", options.epsabs}, std::pair{"epsrel", options.epsrel}})
    if (std::isnan(value))
      throw UsageError(fmt::format("the tolerance {} must be a number, not NaN", name));
  if (std::isnan(a) || std::isnan(b))
    throw UsageError("the limits of integration must not be NaN");
  const double lo = std::min(a, b), hi = std::max(a, b);
  if (options.limit < 1)
    refuse(options, lo, hi, fmt::format("limit must be at least 1, got {}", options.limit));
  if (options.epsabs <= 0.0 && options.epsrel < kLeastEpsrel)
    refuse(options, lo, hi,
           fmt::format("tolerances epsabs={} and epsrel={} cannot be met: give epsabs > 0 or "
                       "epsrel >= {:g}",
                       options.epsabs, options.epsrel, kLeastEpsrel));
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
      refuse(options, a, b, fmt::format("the Cauchy weight's pole c = {} is a limit", c));
    return qawce(f, a, b, c, options.epsabs, options.epsrel, options.limit, details);
  }
  const double alpha = options.wvar[0];
  const double beta = options.wvar[1];
  if (!(alpha > -1.0 && beta > -1.0))
    refuse(options, a, b,
           fmt::format("the algebraic weight's exponents must exceed -1, got alpha = {}, beta = "
                       "{}",
                       alpha, beta));
  if (options.limit < 2)
    refuse(options, a, b,
           fmt::format("an algebraic weight needs limit >= 2, got {}", options.limit));
  if (a == b)
    refuse(options, a, b, fmt::format("an algebraic weight needs a < b, got a = b = {}", a));
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
    refuse(options, a, b, fmt::format("got maxp1 = {}", options.maxp1));
  const double omega = options.wvar[0];
  const int integr = options.weight == Weight::Cos ? 1 : 2;
  const double inf = std::numeric_limits<double>::infinity();
  if (a != -inf && b != inf)
    return qawoe(f, a, b, omega, integr, options.epsabs, options.epsrel, options.limit,
                 options.maxp1, details);
  if (a == -inf && b == inf)
    throw UsageError("Cannot integrate with this weight from -Inf to +Inf.");
  if (!(options.epsabs > 0.0))
    refuse(options, a, b, "QAWF ignores epsrel, and needs epsabs > 0");
  if (options.limlst < 3)
    refuse(options, a, b, fmt::format("got limlst = {}", options.limlst));
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
        refuse(options, a, b,
               fmt::format("limit {} leaves no room for the {} break points inside ({}, {})",
                           options.limit, points.size(), a, b));
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
    result.message = not_finite_message(f.bad_value(), fmt::format("x = {:.17g}", f.bad_point()));
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
