// Ports of DQAGSE, DQAGIE and DQAGPE (QUADPACK, Piessens et al. 1983), step
// for step, so that SciPy and llcjit take the same path on the same
// integrand. The comments name QUADPACK's labels where the control flow
// follows them.
#include "quad/adaptive.hpp"

#include "quad/extrapolation.hpp"
#include "quad/gauss_kronrod.hpp"
#include "quad/outcome.hpp"
#include "quad/workspace.hpp"

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
                                   int limit, QuadDetails *details) {
  QuadResult out;
  if (tolerance_invalid(epsabs, epsrel)) {
    out.ier = 6;
    return out;
  }
  Workspace ws(limit, epsabs, epsrel, 1, details);
  const RuleResult first = rule(lower, upper);
  const double result = first.result;
  const double abserr = first.abserr;
  const double defabs = first.resabs;
  const double resabs0 = first.resasc;
  const auto evaluations = [&](int last) { return points * (2 * last - 1); };
  if (!f.finite())
    return non_finite(evaluations(1), 1);

  double errbnd = std::max(epsabs, epsrel * std::fabs(result));
  int last = 1;
  ws.start(lower, upper, result, abserr);
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

  Extrapolation ex(result, defabs);
  ex.table.reset(result, 2);
  bool noext = false;
  double small = 0, erlarg = 0;
  Ending ending = Ending::kExtrapolated;

  for (last = 2; last <= limit; ++last) {
    ws.make_room(last);
    // Bisect the subinterval with the nrmax-th largest error estimate.
    const auto [a1, b1, b2] = ws.split_selected();
    const double erlast = ws.errmax;
    const auto [left, right] = halves(a1, b1, b1, b2);
    if (!f.finite())
      return non_finite(evaluations(last), last);
    const Replaced replaced = ex.bisect(ws, last, {a1, b1, left.result, left.abserr, left.resasc},
                                        {b1, b2, right.result, right.abserr, right.resasc}, ier);
    errbnd = ws.errbnd();
    if (ws.errsum <= errbnd) {
      ending = Ending::kSummed; // label 115
      break;
    }
    if (ier != 0)
      break;
    if (last == 2) { // label 80
      small = std::fabs(upper - lower) * 0.375;
      erlarg = ws.errsum;
      ex.ertest = errbnd;
      ex.table.set_second(ws.area);
      continue;
    }
    if (noext)
      continue;
    erlarg = erlarg - erlast;
    if (std::fabs(b1 - a1) > small)
      erlarg = erlarg + replaced.erro12;
    if (ex.phase == Phase::kBisecting) {
      // Is the interval to be bisected next the smallest one?
      if (std::fabs(ws.blist[ws.maxerr] - ws.alist[ws.maxerr]) > small)
        continue;
      ex.phase = Phase::kExtrapolating;
      ws.nrmax = 2;
    }
    // Label 40: the smallest interval has the largest error; first decrease
    // the sum of the errors over the larger intervals (erlarg).
    if (ex.ierro != 3 && erlarg > ex.ertest && ws.select_large_interval(last, [&](int i) {
          return std::fabs(ws.blist[i] - ws.alist[i]) > small;
        }))
      continue;
    // Label 60: perform extrapolation.
    ex.table.append(ws.area);
    if (ex.extrapolate(ws, erlarg, Acceptance::kAtTolerance, ier))
      break;
    // Label 70: prepare bisection of the smallest interval.
    if (ex.table.size() == 1)
      noext = true;
    if (ier == 5)
      break;
    ws.select_largest();
    ex.phase = Phase::kBisecting;
    small = small * 0.5;
    erlarg = ws.errsum;
  }
  last = std::min(last, limit);

  // Labels 100-130: set the final result and error estimate.
  const Choice choice = ex.choose(ws, last, ending, Divergence::kAbove, ier);
  out.value = choice.value;
  out.abserr = choice.abserr;
  out.ier = choice.ier;
  out.last = last;
  out.neval = evaluations(last);
  return out;
}

} // namespace

QuadResult qagse(Integrand &f, double a, double b, double epsabs, double epsrel, int limit,
                 QuadDetails *details) {
  return extrapolating_bisection(
      f, [&](double lo, double hi) { return qk21(f, lo, hi); },
      [&](double a1, double b1, double a2, double b2) { return qk21_pair(f, a1, b1, a2, b2); }, a,
      b, kQk21Points, epsabs, epsrel, limit, details);
}

QuadResult qagie(Integrand &f, double bound, int inf, double epsabs, double epsrel, int limit,
                 QuadDetails *details) {
  const double boun = inf == 2 ? 0.0 : bound;
  QuadResult out = extrapolating_bisection(
      f, [&](double lo, double hi) { return qk15i(f, boun, inf, lo, hi); },
      [&](double a1, double b1, double a2, double b2) {
        return qk15i_pair(f, boun, inf, a1, b1, a2, b2);
      },
      0.0, 1.0, kQk15iPoints, epsabs, epsrel, limit, details);
  if (inf == 2)
    out.neval = 2 * out.neval;
  return out;
}

QuadResult qagpe(Integrand &f, double a, double b, std::span<const double> points, double epsabs,
                 double epsrel, int limit, QuadDetails *details) {
  QuadResult out;
  const int npts = static_cast<int>(points.size());
  const int npts2 = npts + 2;
  if (limit <= npts || tolerance_invalid(epsabs, epsrel)) {
    out.ier = 6;
    return out;
  }
  Workspace ws(limit, epsabs, epsrel, npts2, details);
  const double sign = a > b ? -1.0 : 1.0;
  // With details, pts and ndin are its lists (1-based here too).
  std::vector<double> own_pts;
  std::vector<int> own_ndin;
  std::vector<double> &pts = details ? details->pts : own_pts;
  std::vector<int> &ndin = details ? details->ndin : own_ndin;
  pts.assign(npts2 + 1, 0.0);
  ndin.assign(npts2 + 1, 0);
  pts[1] = std::min(a, b);
  for (int i = 1; i <= npts; ++i)
    pts[i + 1] = points[i - 1];
  pts[npts + 2] = std::max(a, b);
  const int nint = npts + 1;
  std::sort(pts.begin() + 1, pts.end());

  // First integral and error approximations, one per subinterval.
  double resabs = 0.0, abserr = 0.0, result = 0.0;
  double a1 = pts[1];
  for (int i = 1; i <= nint; ++i) {
    const double b1 = pts[i + 1];
    const RuleResult r = qk21(f, a1, b1);
    abserr = abserr + r.abserr;
    result = result + r.result;
    ndin[i] = r.abserr == r.resasc && r.abserr != 0.0 ? 1 : 0;
    resabs = resabs + r.resabs;
    ws.level[i] = 0;
    ws.elist[i] = r.abserr;
    ws.alist[i] = a1;
    ws.blist[i] = b1;
    ws.rlist[i] = r.result;
    ws.iord[i] = i;
    a1 = b1;
  }
  int neval = 21 * nint;
  if (!f.finite())
    return non_finite(neval, nint);
  double errsum = 0.0;
  for (int i = 1; i <= nint; ++i) {
    if (ndin[i] == 1)
      ws.elist[i] = abserr;
    errsum = errsum + ws.elist[i];
  }

  int last = nint;
  double errbnd = std::max(epsabs, epsrel * std::fabs(result));
  int ier = 0;
  if (abserr <= 100.0 * kEpmach * resabs && abserr > errbnd)
    ier = 2;
  if (nint != 1) {
    // Order the intervals by error (a selection sort, as DQAGPE does).
    for (int i = 1; i <= npts; ++i) {
      const int jlow = i + 1;
      int ind1 = ws.iord[i];
      int k = 0;
      for (int j = jlow; j <= nint; ++j) {
        const int ind2 = ws.iord[j];
        if (ws.elist[ind1] > ws.elist[ind2])
          continue;
        ind1 = ind2;
        k = j;
      }
      if (ind1 == ws.iord[i])
        continue;
      ws.iord[k] = ws.iord[i];
      ws.iord[i] = ind1;
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

  Extrapolation ex(result, resabs);
  ex.table.reset(result, 1);
  ex.ertest = errbnd;
  ws.area = result;
  ws.errsum = errsum;
  ws.select_largest();
  bool noext = false;
  double erlarg = errsum;
  int levmax = 1;
  Ending ending = Ending::kExtrapolated;

  for (last = npts2; last <= limit; ++last) {
    ws.make_room(last);
    const int levcur = ws.level[ws.maxerr] + 1;
    const auto [a1, b1, b2] = ws.split_selected();
    const double erlast = ws.errmax;
    const auto [left, right] = qk21_pair(f, a1, b1, b1, b2);
    neval = neval + 42;
    if (!f.finite())
      return non_finite(neval, last);
    ws.level[ws.maxerr] = levcur;
    ws.level[last] = levcur;
    const Replaced replaced = ex.bisect(ws, last, {a1, b1, left.result, left.abserr, left.resasc},
                                        {b1, b2, right.result, right.abserr, right.resasc}, ier);
    errbnd = ws.errbnd();
    if (ws.errsum <= errbnd) {
      ending = Ending::kSummed;
      break;
    }
    if (ier != 0)
      break;
    if (noext)
      continue;
    erlarg = erlarg - erlast;
    if (levcur + 1 <= levmax)
      erlarg = erlarg + replaced.erro12;
    if (ex.phase == Phase::kBisecting) {
      if (ws.level[ws.maxerr] + 1 <= levmax)
        continue;
      ex.phase = Phase::kExtrapolating;
      ws.nrmax = 2;
    }
    // Label 120.
    if (ex.ierro != 3 && erlarg > ex.ertest &&
        ws.select_large_interval(last, [&](int i) { return ws.level[i] + 1 <= levmax; }))
      continue;
    // Label 140: perform extrapolation, once the table has three elements.
    ex.table.append(ws.area);
    bool stop = false;
    if (ex.table.size() > 2) {
      stop = ex.extrapolate(ws, erlarg, Acceptance::kBelowTolerance, ier);
      if (!stop) {
        // Label 150.
        if (ex.table.size() == 1)
          noext = true;
        if (ier >= 5)
          stop = true;
      }
    }
    if (stop)
      break;
    // Label 155.
    ws.select_largest();
    ex.phase = Phase::kBisecting;
    ++levmax;
    erlarg = ws.errsum;
  }
  last = std::min(last, limit);

  // Labels 170-210.
  const Choice choice = ex.choose(ws, last, ending, Divergence::kAbove, ier);
  out.value = choice.value * sign;
  out.abserr = choice.abserr;
  out.ier = choice.ier;
  out.last = last;
  out.neval = neval;
  return out;
}

} // namespace llcjit::quadpack
