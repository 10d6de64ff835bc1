// DQAWOE (QUADPACK, Piessens et al. 1983) as SciPy ships it, step for step:
// globally adaptive bisection with DQC25F and extrapolation, for the weights
// cos(omega x) and sin(omega x) on a finite range.
#include "quad/oscillatory.hpp"

#include "quad/epsilon.hpp"
#include "quad/qc25f.hpp"
#include "quad/subdivision.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace llcjit::quadpack {

namespace {

constexpr double kEpmach = std::numeric_limits<double>::epsilon();

} // namespace

// DQAWOE; icall > 1 reuses the moments computed by earlier calls.
QuadResult qawoe_call(Integrand &f, double a, double b, double omega, int integr, double epsabs,
                      double epsrel, int limit, int icall, Moments &moments) {
  QuadResult out;
  if ((integr != 1 && integr != 2) ||
      (epsabs <= 0.0 && epsrel < std::max(50.0 * kEpmach, 0.5e-28)) || icall < 1 ||
      moments.maxp1 < 1) {
    out.ier = 6;
    return out;
  }
  Subdivision s(limit);
  // QUADPACK's nnlog, the bisection level of each interval, is the
  // subdivision's level list.
  s.level[1] = 0;
  s.alist[1] = a;
  s.blist[1] = b;
  const double domega = std::fabs(omega);
  int nrmom = 0;
  if (icall <= 1)
    moments.momcom = 0;
  const OscillatoryRule first = qc25f(f, a, b, domega, integr, nrmom, 0, moments);
  int neval = first.neval;
  if (!f.finite())
    return non_finite(neval, 1);
  double result = first.result;
  double abserr = first.abserr;
  const double defabs = first.resabs;
  const double dres = std::fabs(result);
  double errbnd = std::max(epsabs, epsrel * dres);
  s.rlist[1] = result;
  s.elist[1] = abserr;
  s.iord[1] = 1;
  int ier = 0;
  int last = 1;
  const auto finish = [&](double value, double error) {
    if (integr == 2 && omega < 0.0)
      value = -value;
    return QuadResult{value, error, neval, ier, last, {}};
  };
  if (abserr <= 100.0 * kEpmach * defabs && abserr > errbnd)
    ier = 2;
  if (limit == 1)
    ier = 1;
  if (ier != 0 || abserr <= errbnd)
    return finish(result, abserr);

  double errmax = abserr;
  int maxerr = 1;
  double area = result;
  double errsum = abserr;
  Extrapolated best;
  best.result = result;
  int nrmax = 1;
  bool extrap = false, noext = false;
  Roundoff roundoff;
  double small = std::fabs(b - a) * 0.75;
  EpsilonTable table;
  bool extall = false;
  if (0.5 * std::fabs(b - a) * domega > 2.0) {
    table.reset(0.0, 0);
  } else {
    table.reset(result, 1);
    extall = true;
  }
  if (0.25 * std::fabs(b - a) * domega <= 2.0)
    extall = true;
  const int ksgn = dres >= (1.0 - 50.0 * kEpmach) * defabs ? 1 : -1;
  double erlarg = 0;
  bool sum_intervals = false;

  for (last = 2; last <= limit; ++last) {
    s.make_room(last);
    nrmom = s.level[maxerr] + 1;
    const double a1 = s.alist[maxerr];
    const double b1 = 0.5 * (s.alist[maxerr] + s.blist[maxerr]);
    const double a2 = b1;
    const double b2 = s.blist[maxerr];
    const double erlast = errmax;
    const OscillatoryRule left = qc25f(f, a1, b1, domega, integr, nrmom, 0, moments);
    neval = neval + left.neval;
    const OscillatoryRule right = qc25f(f, a2, b2, domega, integr, nrmom, 1, moments);
    neval = neval + right.neval;
    if (!f.finite())
      return non_finite(neval, last);
    s.level[maxerr] = nrmom;
    s.level[last] = nrmom;
    errbnd = record_bisection(s, maxerr, last, {a1, b1, left.result, left.abserr, left.resasc},
                              {a2, b2, right.result, right.abserr, right.resasc}, errmax, extrap,
                              epsabs, epsrel, roundoff, area, errsum, ier);
    const double erro12 = left.abserr + right.abserr;
    s.sort(last, maxerr, errmax, nrmax);
    if (errsum <= errbnd) {
      sum_intervals = true;
      break;
    }
    if (ier != 0)
      break;
    if (last == 2 && extall) { // label 120
      small = small * 0.5;
      table.append(area);
      best.ertest = errbnd; // label 130
      erlarg = errsum;
      continue;
    }
    if (noext)
      continue;
    bool go_to_70 = false;
    if (extall) {
      erlarg = erlarg - erlast;
      if (std::fabs(b1 - a1) > small)
        erlarg = erlarg + erro12;
      go_to_70 = extrap;
    }
    if (!go_to_70) {
      // Label 50: is the interval to be bisected next the smallest one?
      const double width = std::fabs(s.blist[maxerr] - s.alist[maxerr]);
      if (width > small)
        continue;
      if (!extall) {
        // May extrapolation start (the next interval uses a Gauss-Kronrod
        // rule, see DQC25F)?
        small = small * 0.5;
        if (0.25 * width * domega > 2.0)
          continue;
        extall = true;
        best.ertest = errbnd; // label 130
        erlarg = errsum;
        continue;
      }
      extrap = true; // label 60
      nrmax = 2;
    }
    // Label 70.
    if (roundoff.ierro != 3 && erlarg > best.ertest &&
        find_large_interval(s, last, maxerr, errmax, nrmax,
                            [&](int i) { return std::fabs(s.blist[i] - s.alist[i]) > small; }))
      continue;
    // Label 90: perform extrapolation.
    table.append(area);
    if (table.size() >= 3) {
      if (extrapolate_step(table, errsum, erlarg, epsabs, epsrel, false, best, ier))
        break;
      // Label 100.
      if (table.size() == 1)
        noext = true;
      if (ier == 5)
        break;
    }
    // Label 110.
    maxerr = s.iord[1];
    errmax = s.elist[maxerr];
    nrmax = 1;
    extrap = false;
    small = small * 0.5;
    erlarg = errsum;
  }
  last = std::min(last, limit);

  // Labels 150-190: nothing extrapolated means the sum over the intervals.
  const Choice choice =
      choose_result(s, last, sum_intervals || table.calls() == 0, best.result, best.abserr, area,
                    errsum, best.correc, defabs, ksgn, ier, roundoff.ierro, true);
  ier = choice.ier;
  return finish(choice.value, choice.abserr);
}

QuadResult qawoe(Integrand &f, double a, double b, double omega, int integr, double epsabs,
                 double epsrel, int limit, int maxp1) {
  Moments moments(maxp1);
  return qawoe_call(f, a, b, omega, integr, epsabs, epsrel, limit, 1, moments);
}

} // namespace llcjit::quadpack
