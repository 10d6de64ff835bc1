// DQAWSE, DQC25S and DQMOMO (QUADPACK, Piessens et al. 1983), step for
// step, sums in QUADPACK's order: algebraic-logarithmic end-point weights.
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

// DQMOMO: modified Chebyshev moments of the algebraic-logarithmic weights.
struct Moments {
  std::array<double, 26> ri{}, rj{}, rg{}, rh{};
};

// The moments of (1 + t)^exponent on (-1, 1), by forward recurrence.
std::array<double, 26> algebraic_moments(double exponent) {
  std::array<double, 26> r{};
  const double p1 = exponent + 1.0;
  const double p2 = exponent + 2.0;
  const double power = std::pow(2.0, p1);
  r[1] = power / p1;
  r[2] = r[1] * exponent / p2;
  double an = 2.0;
  double anm1 = 1.0;
  for (int i = 3; i <= 25; ++i) {
    r[i] = -(power + an * (an - p2) * r[i - 1]) / (anm1 * (an + p1));
    anm1 = an;
    an = an + 1.0;
  }
  return r;
}

// The moments of (1 + t)^exponent log((1 + t)/2), from the algebraic ones.
std::array<double, 26> log_moments(const std::array<double, 26> &algebraic, double exponent) {
  std::array<double, 26> r{};
  const double p1 = exponent + 1.0;
  const double p2 = exponent + 2.0;
  const double power = std::pow(2.0, p1);
  r[1] = -algebraic[1] / p1;
  r[2] = -(power + power) / (p2 * p2) - r[1];
  double an = 2.0;
  double anm1 = 1.0;
  int im1 = 2;
  for (int i = 3; i <= 25; ++i) {
    r[i] =
        -(an * (an - p2) * r[im1] - an * algebraic[im1] + anm1 * algebraic[i]) / (anm1 * (an + p1));
    anm1 = an;
    an = an + 1.0;
    im1 = i;
  }
  return r;
}

// The moments at the right end are those at the left end with t -> -t.
void mirror(std::array<double, 26> &moments) {
  for (int i = 2; i <= 25; i += 2)
    moments[i] = -moments[i];
}

Moments qmomo(double alfa, double beta, int integr) {
  Moments m;
  m.ri = algebraic_moments(alfa);
  m.rj = algebraic_moments(beta);
  if (integr == 2 || integr == 4)
    m.rg = log_moments(m.ri, alfa);
  if (integr == 3 || integr == 4) {
    m.rh = log_moments(m.rj, beta);
    mirror(m.rh);
  }
  mirror(m.rj);
  return m;
}

struct SingularRule {
  double result, abserr, resasc;
  int neval;
};

// res12 and res24 of the Chebyshev coefficients against a moment sequence.
void against(const std::array<double, 14> &cheb12, const std::array<double, 26> &cheb24,
             const std::array<double, 26> &moments, double &res12, double &res24) {
  for (int i = 1; i <= 13; ++i) {
    res12 = res12 + cheb12[i] * moments[i];
    res24 = res24 + cheb24[i] * moments[i];
  }
  for (int i = 14; i <= 25; ++i)
    res24 = res24 + cheb24[i] * moments[i];
}

// DQC25S over (bl, br) within (a, b).
SingularRule qc25s(Integrand &f, double a, double b, double bl, double br, double alfa, double beta,
                   const Moments &m, int integr) {
  const auto weight = [&](double x) {
    const double xma = x - a;
    const double bmx = b - x;
    double w = std::pow(xma, alfa) * std::pow(bmx, beta);
    if (integr == 2)
      w = w * std::log(xma);
    else if (integr == 3)
      w = w * std::log(bmx);
    else if (integr == 4)
      w = w * std::log(xma) * std::log(bmx);
    return w;
  };
  const bool at_a = bl == a && (alfa != 0.0 || integr == 2 || integr == 4);
  const bool at_b = !at_a && br == b && (beta != 0.0 || integr == 3 || integr == 4);
  if (!at_a && !at_b) {
    const WeightedRule r = qk15w(f, weight, bl, br);
    return {r.result, r.abserr, r.resasc, 15};
  }
  const double hlgth = 0.5 * (br - bl);
  const double centr = 0.5 * (br + bl);
  const std::array<double, 26> nodes = clenshaw_curtis_nodes(centr, hlgth);
  const std::array<double, 26> f_at = evaluate_nodes(f, nodes);
  std::array<double, 26> fval{};
  std::array<double, 14> cheb12{};
  std::array<double, 26> cheb24{};
  double result = 0.0, abserr = 0.0, res12 = 0.0, res24 = 0.0, factor;
  // Each node's distance from the far end of (a, b), as DQC25S forms it.
  std::array<double, 26> distance{};
  // The distance of node k from the far end of (a, b), and f times the far
  // end's weight (distance^exponent); the nodes run from br to bl.
  const auto far_end = [&](double fix, double sign, double exponent) {
    distance[1] = fix + sign * hlgth;
    distance[13] = fix;
    distance[25] = fix - sign * hlgth;
    for (int i = 2; i <= 12; ++i) {
      const double u = hlgth * kCosines[i - 1];
      distance[i] = fix + sign * u;
      distance[26 - i] = fix - sign * u;
    }
    for (int k = 1; k <= 25; ++k)
      fval[k] = (k == 1 || k == 25 ? 0.5 * f_at[k] : f_at[k]) * std::pow(distance[k], exponent);
  };
  if (at_a) {
    // f1 = (b - x)^beta f(x), expanded over (a, br).
    far_end(b - centr, -1.0, beta);
    factor = std::pow(hlgth, alfa + 1.0);
    if (integr > 2)
      for (int i = 1; i <= 25; ++i)
        fval[i] = fval[i] * std::log(distance[i]);
    qcheb(fval, cheb12, cheb24);
    against(cheb12, cheb24, m.ri, res12, res24);
    if (integr == 2 || integr == 4) {
      const double dc = std::log(br - bl);
      result = res24 * dc;
      abserr = std::fabs((res24 - res12) * dc);
      res12 = 0.0;
      res24 = 0.0;
      if (integr == 2) {
        // DQC25S as SciPy ships it adds to res12 here, not res24: kept.
        for (int i = 1; i <= 13; ++i) {
          res12 = res12 + cheb12[i] * m.rg[i];
          res24 = res12 + cheb24[i] * m.rg[i];
        }
        for (int i = 14; i <= 25; ++i)
          res24 = res24 + cheb24[i] * m.rg[i];
      } else {
        against(cheb12, cheb24, m.rg, res12, res24);
      }
    }
  } else {
    // f2 = (x - a)^alfa f(x), expanded over (bl, b).
    far_end(centr - a, 1.0, alfa);
    factor = std::pow(hlgth, beta + 1.0);
    if (integr == 2 || integr == 4)
      for (int i = 1; i <= 25; ++i)
        fval[i] = fval[i] * std::log(distance[i]);
    qcheb(fval, cheb12, cheb24);
    against(cheb12, cheb24, m.rj, res12, res24);
    if (integr == 3 || integr == 4) {
      const double dc = std::log(br - bl);
      result = res24 * dc;
      abserr = std::fabs((res24 - res12) * dc);
      res12 = 0.0;
      res24 = 0.0;
      against(cheb12, cheb24, m.rh, res12, res24);
    }
  }
  result = (result + res24) * factor;
  abserr = (abserr + std::fabs(res24 - res12)) * factor;
  return {result, abserr, 0.0, 25};
}

} // namespace

QuadResult qawse(Integrand &f, double a, double b, double alfa, double beta, int integr,
                 double epsabs, double epsrel, int limit, QuadDetails *details) {
  QuadResult out;
  out.ier = 6;
  if (b <= a || (epsabs == 0.0 && epsrel < std::max(50.0 * kEpmach, 0.5e-28)) || alfa <= -1.0 ||
      beta <= -1.0 || integr < 1 || integr > 4 || limit < 2)
    return out;
  const Moments moments = qmomo(alfa, beta, integr);
  Workspace ws(limit, epsabs, epsrel, 1, details);
  const double centre = 0.5 * (b + a);
  const SingularRule r1 = qc25s(f, a, b, a, centre, alfa, beta, moments, integr);
  const SingularRule r2 = qc25s(f, a, b, centre, b, alfa, beta, moments, integr);
  int neval = r1.neval + r2.neval;
  int last = 2;
  if (!f.finite())
    return non_finite(neval, last);
  const double result = r1.result + r2.result;
  const double abserr = r1.abserr + r2.abserr;
  double errbnd = std::max(epsabs, epsrel * std::fabs(result));
  // The two halves stored as a bisection of (a, b) would store them.
  ws.alist[1] = a;
  ws.blist[1] = b;
  ws.store_halves(2, {a, centre, r1.result, r1.abserr, 0.0},
                  {centre, b, r2.result, r2.abserr, 0.0});
  ws.iord[1] = 1;
  ws.iord[2] = 2;
  int ier = 0;
  if (limit == 2)
    ier = 1;
  if (abserr <= errbnd || ier == 1)
    return {result, abserr, neval, ier, last, {}};
  ws.errmax = ws.elist[1];
  ws.area = result;
  ws.errsum = abserr;
  int iroff1 = 0, iroff2 = 0;
  for (last = 3; last <= limit; ++last) {
    ws.make_room(last);
    const auto [a1, b1, b2] = ws.split_selected();
    const double a2 = b1;
    const SingularRule left = qc25s(f, a, b, a1, b1, alfa, beta, moments, integr);
    neval = neval + left.neval;
    const SingularRule right = qc25s(f, a, b, a2, b2, alfa, beta, moments, integr);
    neval = neval + right.neval;
    if (!f.finite())
      return non_finite(neval, last);
    const Replaced replaced = ws.bisect(last, {a1, b1, left.result, left.abserr, left.resasc},
                                        {a2, b2, right.result, right.abserr, right.resasc});
    if (!(a == a1 || b == b2) && !(left.resasc == left.abserr || right.resasc == right.abserr)) {
      if (std::fabs(replaced.area - replaced.area12) < 1.0e-5 * std::fabs(replaced.area12) &&
          replaced.erro12 >= 0.99 * replaced.errmax)
        ++iroff1;
      if (last > 10 && replaced.erro12 > replaced.errmax)
        ++iroff2;
    }
    errbnd = ws.errbnd();
    if (!(ws.errsum <= errbnd)) {
      if (last == limit)
        ier = 1;
      if (iroff1 >= 6 || iroff2 >= 20)
        ier = 2;
      if (std::max(std::fabs(a1), std::fabs(b2)) <=
          (1.0 + 100.0 * kEpmach) * (std::fabs(a2) + 1000.0 * kUflow))
        ier = 3;
    }
    if (ier != 0 || ws.errsum <= errbnd)
      break;
  }
  last = std::min(last, limit);
  return {ws.total(last), ws.errsum, neval, ier, last, {}};
}

} // namespace llcjit::quadpack
