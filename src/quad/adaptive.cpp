// Ports of DQAGSE, DQAGIE and DQAGPE (QUADPACK, Piessens et al. 1983), step
// for step, so that SciPy and llcjit take the same path on the same
// integrand. The comments name QUADPACK's labels where the control flow
// follows them.
#include "quad/adaptive.hpp"

#include "quad/epsilon.hpp"
#include "quad/gauss_kronrod.hpp"
#include "quad/subdivision.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace llcjit::quadpack {

namespace {

constexpr double kEpmach = std::numeric_limits<double>::epsilon();

bool tolerance_invalid(double epsabs, double epsrel) {
  return epsabs <= 0.0 && epsrel < std::max(50.0 * kEpmach, 0.5e-28);
}

// The loop DQAGSE and DQAGIE share: `rule(a, b)` integrates one subinterval
// of (lower, upper) and counts `points` evaluations; `halves(a1, b1, a2, b2)`
// integrates both halves of a bisection (a RulePair).
template <typename Rule, typename Halves>
QuadResult extrapolating_bisection(Integrand &f, Rule rule, Halves halves, double lower,
                                   double upper, int points, double epsabs, double epsrel,
                                   int limit) {
  QuadResult out;
  if (tolerance_invalid(epsabs, epsrel)) {
    out.ier = 6;
    return out;
  }
  Subdivision s(limit);
  s.alist[1] = lower;
  s.blist[1] = upper;

  const RuleResult first = rule(lower, upper);
  double result = first.result;
  double abserr = first.abserr;
  const double defabs = first.resabs;
  const double resabs0 = first.resasc;
  const auto evaluations = [&](int last) { return points * (2 * last - 1); };
  if (!f.finite())
    return non_finite(evaluations(1), 1);

  double dres = std::fabs(result);
  double errbnd = std::max(epsabs, epsrel * dres);
  int last = 1;
  s.rlist[1] = result;
  s.elist[1] = abserr;
  s.iord[1] = 1;
  int ier = 0;
  if (abserr <= 100.0 * kEpmach * defabs && abserr > errbnd)
    ier = 2;
  if (limit == 1)
    ier = 1;
  if (ier != 0 || (abserr <= errbnd && abserr != resabs0) || abserr == 0.0) {
    out.value = result;
    out.abserr = abserr;
    out.ier = ier;
    out.last = last;
    out.neval = evaluations(last);
    return out;
  }

  EpsilonTable table;
  table.reset(result, 2);
  double errmax = abserr;
  int maxerr = 1;
  double area = result;
  double errsum = abserr;
  Extrapolated best;
  best.result = result;
  int nrmax = 1;
  bool extrap = false;
  bool noext = false;
  Roundoff roundoff;
  const int ksgn = dres >= (1.0 - 50.0 * kEpmach) * defabs ? 1 : -1;
  double small = 0, erlarg = 0;
  bool sum_intervals = false; // label 115: result from the subintervals

  for (last = 2; last <= limit; ++last) {
    s.make_room(last);
    // Bisect the subinterval with the nrmax-th largest error estimate.
    const double a1 = s.alist[maxerr];
    const double b1 = 0.5 * (s.alist[maxerr] + s.blist[maxerr]);
    const double a2 = b1;
    const double b2 = s.blist[maxerr];
    const double erlast = errmax;
    const auto [left, right] = halves(a1, b1, a2, b2);
    if (!f.finite())
      return non_finite(evaluations(last), last);
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
    if (last == 2) { // label 80
      small = std::fabs(upper - lower) * 0.375;
      erlarg = errsum;
      best.ertest = errbnd;
      table.set_second(area);
      continue;
    }
    if (noext)
      continue;
    erlarg = erlarg - erlast;
    if (std::fabs(b1 - a1) > small)
      erlarg = erlarg + erro12;
    if (!extrap) {
      // Is the interval to be bisected next the smallest one?
      if (std::fabs(s.blist[maxerr] - s.alist[maxerr]) > small)
        continue;
      extrap = true;
      nrmax = 2;
    }
    // Label 40: the smallest interval has the largest error; first decrease
    // the sum of the errors over the larger intervals (erlarg).
    if (roundoff.ierro != 3 && erlarg > best.ertest &&
        find_large_interval(s, last, maxerr, errmax, nrmax,
                            [&](int i) { return std::fabs(s.blist[i] - s.alist[i]) > small; }))
      continue;
    // Label 60: perform extrapolation.
    table.append(area);
    if (extrapolate_step(table, errsum, erlarg, epsabs, epsrel, false, best, ier))
      break;
    // Label 70: prepare bisection of the smallest interval.
    if (table.size() == 1)
      noext = true;
    if (ier == 5)
      break;
    maxerr = s.iord[1];
    errmax = s.elist[maxerr];
    nrmax = 1;
    extrap = false;
    small = small * 0.5;
    erlarg = errsum;
  }
  last = std::min(last, limit);

  // Labels 100-130: set the final result and error estimate.
  const Choice choice =
      choose_result(s, last, sum_intervals, best.result, best.abserr, area, errsum, best.correc,
                    defabs, ksgn, ier, roundoff.ierro, false);
  out.value = choice.value;
  out.abserr = choice.abserr;
  out.ier = choice.ier;
  out.last = last;
  out.neval = evaluations(last);
  return out;
}

} // namespace

QuadResult qagse(Integrand &f, double a, double b, double epsabs, double epsrel, int limit) {
  return extrapolating_bisection(
      f, [&](double lo, double hi) { return qk21(f, lo, hi); },
      [&](double a1, double b1, double a2, double b2) { return qk21_pair(f, a1, b1, a2, b2); }, a,
      b, kQk21Points, epsabs, epsrel, limit);
}

QuadResult qagie(Integrand &f, double bound, int inf, double epsabs, double epsrel, int limit) {
  const double boun = inf == 2 ? 0.0 : bound;
  QuadResult out = extrapolating_bisection(
      f, [&](double lo, double hi) { return qk15i(f, boun, inf, lo, hi); },
      [&](double a1, double b1, double a2, double b2) {
        return qk15i_pair(f, boun, inf, a1, b1, a2, b2);
      },
      0.0, 1.0, kQk15iPoints, epsabs, epsrel, limit);
  if (inf == 2)
    out.neval = 2 * out.neval;
  return out;
}

QuadResult qagpe(Integrand &f, double a, double b, std::span<const double> points, double epsabs,
                 double epsrel, int limit) {
  QuadResult out;
  const int npts = static_cast<int>(points.size());
  const int npts2 = npts + 2;
  if (limit <= npts || tolerance_invalid(epsabs, epsrel)) {
    out.ier = 6;
    return out;
  }
  Subdivision s(limit, npts2);
  const double sign = a > b ? -1.0 : 1.0;
  std::vector<double> pts(npts2 + 1);
  pts[1] = std::min(a, b);
  for (int i = 1; i <= npts; ++i)
    pts[i + 1] = points[i - 1];
  pts[npts + 2] = std::max(a, b);
  const int nint = npts + 1;
  std::sort(pts.begin() + 1, pts.end());

  // First integral and error approximations, one per subinterval.
  double resabs = 0.0, abserr = 0.0, result = 0.0;
  std::vector<int> ndin(npts2 + 1);
  double a1 = pts[1];
  for (int i = 1; i <= nint; ++i) {
    const double b1 = pts[i + 1];
    const RuleResult r = qk21(f, a1, b1);
    abserr = abserr + r.abserr;
    result = result + r.result;
    ndin[i] = r.abserr == r.resasc && r.abserr != 0.0 ? 1 : 0;
    resabs = resabs + r.resabs;
    s.level[i] = 0;
    s.elist[i] = r.abserr;
    s.alist[i] = a1;
    s.blist[i] = b1;
    s.rlist[i] = r.result;
    s.iord[i] = i;
    a1 = b1;
  }
  int neval = 21 * nint;
  if (!f.finite())
    return non_finite(neval, nint);
  double errsum = 0.0;
  for (int i = 1; i <= nint; ++i) {
    if (ndin[i] == 1)
      s.elist[i] = abserr;
    errsum = errsum + s.elist[i];
  }

  int last = nint;
  const double dres = std::fabs(result);
  double errbnd = std::max(epsabs, epsrel * dres);
  int ier = 0;
  if (abserr <= 100.0 * kEpmach * resabs && abserr > errbnd)
    ier = 2;
  if (nint != 1) {
    // Order the intervals by error (a selection sort, as DQAGPE does).
    for (int i = 1; i <= npts; ++i) {
      const int jlow = i + 1;
      int ind1 = s.iord[i];
      int k = 0;
      for (int j = jlow; j <= nint; ++j) {
        const int ind2 = s.iord[j];
        if (s.elist[ind1] > s.elist[ind2])
          continue;
        ind1 = ind2;
        k = j;
      }
      if (ind1 == s.iord[i])
        continue;
      s.iord[k] = s.iord[i];
      s.iord[i] = ind1;
    }
    if (limit < npts2)
      ier = 1;
  }
  auto finish = [&](double value, double error) {
    if (ier > 2)
      --ier;
    out.value = value * sign;
    out.abserr = error;
    out.ier = ier;
    out.last = last;
    out.neval = neval;
    return out;
  };
  if (ier != 0 || abserr <= errbnd)
    return finish(result, abserr);

  EpsilonTable table;
  table.reset(result, 1);
  int maxerr = s.iord[1];
  double errmax = s.elist[maxerr];
  double area = result;
  int nrmax = 1;
  bool extrap = false;
  bool noext = false;
  double erlarg = errsum;
  Extrapolated best;
  best.result = result;
  best.ertest = errbnd;
  int levmax = 1;
  Roundoff roundoff;
  const int ksgn = dres >= (1.0 - 50.0 * kEpmach) * resabs ? 1 : -1;
  bool sum_intervals = false;

  for (last = npts2; last <= limit; ++last) {
    s.make_room(last);
    const int levcur = s.level[maxerr] + 1;
    const double a1 = s.alist[maxerr];
    const double b1 = 0.5 * (s.alist[maxerr] + s.blist[maxerr]);
    const double a2 = b1;
    const double b2 = s.blist[maxerr];
    const double erlast = errmax;
    const auto [left, right] = qk21_pair(f, a1, b1, a2, b2);
    neval = neval + 42;
    if (!f.finite())
      return non_finite(neval, last);
    s.level[maxerr] = levcur;
    s.level[last] = levcur;
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
    if (noext)
      continue;
    erlarg = erlarg - erlast;
    if (levcur + 1 <= levmax)
      erlarg = erlarg + erro12;
    if (!extrap) {
      if (s.level[maxerr] + 1 <= levmax)
        continue;
      extrap = true;
      nrmax = 2;
    }
    // Label 120.
    if (roundoff.ierro != 3 && erlarg > best.ertest &&
        find_large_interval(s, last, maxerr, errmax, nrmax,
                            [&](int i) { return s.level[i] + 1 <= levmax; }))
      continue;
    // Label 140: perform extrapolation, once the table has three elements.
    table.append(area);
    bool stop = false;
    if (table.size() > 2) {
      stop = extrapolate_step(table, errsum, erlarg, epsabs, epsrel, true, best, ier);
      if (!stop) {
        // Label 150.
        if (table.size() == 1)
          noext = true;
        if (ier >= 5)
          stop = true;
      }
    }
    if (stop)
      break;
    // Label 155.
    maxerr = s.iord[1];
    errmax = s.elist[maxerr];
    nrmax = 1;
    extrap = false;
    ++levmax;
    erlarg = errsum;
  }
  last = std::min(last, limit);

  // Labels 170-210.
  const Choice choice =
      choose_result(s, last, sum_intervals, best.result, best.abserr, area, errsum, best.correc,
                    resabs, ksgn, ier, roundoff.ierro, false);
  ier = choice.ier;
  out.value = choice.value * sign;
  out.abserr = choice.abserr;
  out.ier = choice.ier;
  out.last = last;
  out.neval = neval;
  return out;
}

} // namespace llcjit::quadpack
