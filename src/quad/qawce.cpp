// DQAWCE and DQC25C (QUADPACK, Piessens et al. 1983), step for step, sums
// in QUADPACK's order: the principal value of f(x)/(x-c).
#include "quad/weighted.hpp"

#include "quad/chebyshev.hpp"
#include "quad/kronrod15w.hpp"
#include "quad/outcome.hpp"
#include "quad/workspace.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace llcjit::quadpack {

namespace {

constexpr double kEpmach = std::numeric_limits<double>::epsilon();
constexpr double kUflow = std::numeric_limits<double>::min();

struct CauchyRule {
  double result, abserr;
  int neval;
};

// DQC25C: krul is decreased when the 15-point rule is used instead of the
// Clenshaw-Curtis one (c far from the interval).
CauchyRule qc25c(Integrand &f, double a, double b, double c, int &krul) {
  const double cc = (2.0 * c - b - a) / (b - a);
  if (!(std::fabs(cc) < 1.1)) {
    krul = krul - 1;
    const WeightedRule r = qk15w(f, [c](double x) { return 1.0 / (x - c); }, a, b);
    if (r.resasc == r.abserr)
      krul = krul + 1;
    return {r.result, r.abserr, 15};
  }
  const double hlgth = 0.5 * (b - a);
  const double centr = 0.5 * (b + a);
  const std::array<double, 26> nodes = clenshaw_curtis_nodes(centr, hlgth);
  std::array<double, 26> fval = evaluate_nodes(f, nodes);
  fval[1] = 0.5 * fval[1];
  fval[25] = 0.5 * fval[25];
  std::array<double, 14> cheb12{};
  std::array<double, 26> cheb24{};
  qcheb(fval, cheb12, cheb24);
  // Modified Chebyshev moments by forward recursion.
  double amom0 = std::log(std::fabs((1.0 - cc) / (1.0 + cc)));
  double amom1 = 2.0 + cc * amom0;
  double res12 = cheb12[1] * amom0 + cheb12[2] * amom1;
  double res24 = cheb24[1] * amom0 + cheb24[2] * amom1;
  for (int k = 3; k <= 25; ++k) {
    double amom2 = 2.0 * cc * amom1 - amom0;
    const double ak22 = static_cast<double>((k - 2) * (k - 2));
    if ((k / 2) * 2 == k)
      amom2 = amom2 - 4.0 / (ak22 - 1.0);
    if (k <= 13)
      res12 = res12 + cheb12[k] * amom2;
    res24 = res24 + cheb24[k] * amom2;
    amom0 = amom1;
    amom1 = amom2;
  }
  return {res24, std::fabs(res24 - res12), 25};
}

} // namespace

QuadResult qawce(Integrand &f, double a, double b, double c, double epsabs, double epsrel,
                 int limit, QuadDetails *details) {
  QuadResult out;
  out.ier = 6;
  if (c == a || c == b || (epsabs <= 0.0 && epsrel < std::max(50.0 * kEpmach, 0.5e-28)))
    return out;
  Workspace ws(limit, epsabs, epsrel, 1, details);
  double aa = a, bb = b;
  if (!(a <= b)) {
    aa = b;
    bb = a;
  }
  int ier = 0;
  int krule = 1;
  const CauchyRule first = qc25c(f, aa, bb, c, krule);
  int neval = first.neval;
  if (!f.finite())
    return non_finite(neval, 1);
  double result = first.result;
  const double abserr = first.abserr;
  int last = 1;
  const double errbnd = std::max(epsabs, epsrel * std::fabs(result));
  if (limit == 1)
    ier = 1;
  if (abserr < std::min(0.01 * std::fabs(result), errbnd) || ier == 1) {
    // DQAWCE's lists hold the first rule, over (a, b) as given, before it
    // tests it; the bisections below start from (aa, bb).
    ws.start(a, b, result, abserr);
    if (aa == b)
      result = -result;
    out = {result, abserr, neval, ier, last, {}};
    return out;
  }
  ws.start(aa, bb, result, abserr);
  int iroff1 = 0, iroff2 = 0;
  for (last = 2; last <= limit; ++last) {
    ws.make_room(last);
    auto [a1, b1, b2] = ws.split_selected();
    if (c <= b1 && c > a1)
      b1 = 0.5 * (c + b2);
    if (c > b1 && c < b2)
      b1 = 0.5 * (a1 + c);
    const double a2 = b1;
    krule = 2;
    const CauchyRule left = qc25c(f, a1, b1, c, krule);
    neval = neval + left.neval;
    const CauchyRule right = qc25c(f, a2, b2, c, krule);
    neval = neval + right.neval;
    if (!f.finite())
      return non_finite(neval, last);
    const Replaced replaced = ws.bisect(last, {a1, b1, left.result, left.abserr, 0.0},
                                        {a2, b2, right.result, right.abserr, 0.0});
    if (std::fabs(replaced.area - replaced.area12) < 1.0e-5 * std::fabs(replaced.area12) &&
        replaced.erro12 >= 0.99 * replaced.errmax && krule == 0)
      ++iroff1;
    if (last > 10 && replaced.erro12 > replaced.errmax && krule == 0)
      ++iroff2;
    const double bound = ws.errbnd();
    if (!(ws.errsum <= bound)) {
      if (iroff1 >= 6 && iroff2 > 20)
        ier = 2;
      if (last == limit)
        ier = 1;
      if (std::max(std::fabs(a1), std::fabs(b2)) <=
          (1.0 + 100.0 * kEpmach) * (std::fabs(a2) + 1000.0 * kUflow))
        ier = 3;
    }
    if (ier != 0 || ws.errsum <= bound)
      break;
  }
  last = std::min(last, limit);
  result = ws.total(last);
  if (aa == b)
    result = -result;
  return {result, ws.errsum, neval, ier, last, {}};
}

} // namespace llcjit::quadpack
