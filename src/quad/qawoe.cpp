// DQAWOE (QUADPACK, Piessens et al. 1983) as SciPy ships it, step for step:
// globally adaptive bisection with DQC25F and extrapolation, for the weights
// cos(omega x) and sin(omega x) on a finite range.
#include "quad/oscillatory.hpp"

#include "quad/extrapolation.hpp"
#include "quad/outcome.hpp"
#include "quad/qc25f.hpp"
#include "quad/workspace.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace llcjit::quadpack {

namespace {

constexpr double kEpmach = std::numeric_limits<double>::epsilon();

} // namespace

// DQAWOE; icall > 1 reuses the moments computed by earlier calls.
QuadResult qawoe_call(Integrand &f, double a, double b, double omega, int integr, double epsabs,
                      double epsrel, int limit, int icall, Moments &moments, QuadDetails *details) {
  QuadResult out;
  if ((integr != 1 && integr != 2) ||
      (epsabs <= 0.0 && epsrel < std::max(50.0 * kEpmach, 0.5e-28)) || icall < 1 ||
      moments.maxp1 < 1) {
    out.ier = 6;
    return out;
  }
  Workspace ws(limit, epsabs, epsrel, 1, details);
  const double domega = std::fabs(omega);
  int nrmom = 0;
  if (icall <= 1)
    moments.momcom = 0;
  const OscillatoryRule first = qc25f(f, a, b, domega, integr, nrmom, 0, moments);
  int neval = first.neval;
  if (!f.finite())
    return non_finite(neval, 1);
  const double result = first.result;
  const double abserr = first.abserr;
  const double defabs = first.resabs;
  double errbnd = std::max(epsabs, epsrel * std::fabs(result));
  ws.start(a, b, result, abserr);
  // QUADPACK's nnlog, the bisection level of each interval, is the
  // workspace's level list.
  ws.level[1] = 0;
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
  if (ier != 0 || abserr <= errbnd) {
    last = 0; // DQAWOE counts intervals from its loop, which has not run
    return finish(result, abserr);
  }

  Extrapolation ex(result, defabs);
  bool noext = false;
  double small = std::fabs(b - a) * 0.75;
  bool extall = false;
  if (0.5 * std::fabs(b - a) * domega > 2.0) {
    ex.table.reset(0.0, 0);
  } else {
    ex.table.reset(result, 1);
    extall = true;
  }
  if (0.25 * std::fabs(b - a) * domega <= 2.0)
    extall = true;
  double erlarg = 0;
  Ending ending = Ending::kExtrapolated;

  for (last = 2; last <= limit; ++last) {
    ws.make_room(last);
    nrmom = ws.level[ws.maxerr] + 1;
    const auto [a1, b1, b2] = ws.split_selected();
    const double erlast = ws.errmax;
    const OscillatoryRule left = qc25f(f, a1, b1, domega, integr, nrmom, 0, moments);
    neval = neval + left.neval;
    const OscillatoryRule right = qc25f(f, b1, b2, domega, integr, nrmom, 1, moments);
    neval = neval + right.neval;
    if (!f.finite())
      return non_finite(neval, last);
    ws.level[ws.maxerr] = nrmom;
    ws.level[last] = nrmom;
    const Replaced replaced = ex.bisect(ws, last, {a1, b1, left.result, left.abserr, left.resasc},
                                        {b1, b2, right.result, right.abserr, right.resasc}, ier);
    errbnd = ws.errbnd();
    if (ws.errsum <= errbnd) {
      ending = Ending::kSummed;
      break;
    }
    if (ier != 0)
      break;
    if (last == 2 && extall) { // label 120
      small = small * 0.5;
      ex.table.append(ws.area);
      ex.ertest = errbnd; // label 130
      erlarg = ws.errsum;
      continue;
    }
    if (noext)
      continue;
    bool go_to_70 = false;
    if (extall) {
      erlarg = erlarg - erlast;
      if (std::fabs(b1 - a1) > small)
        erlarg = erlarg + replaced.erro12;
      go_to_70 = ex.phase == Phase::kExtrapolating;
    }
    if (!go_to_70) {
      // Label 50: is the interval to be bisected next the smallest one?
      const double width = std::fabs(ws.blist[ws.maxerr] - ws.alist[ws.maxerr]);
      if (width > small)
        continue;
      if (!extall) {
        // May extrapolation start (the next interval uses a Gauss-Kronrod
        // rule, see DQC25F)?
        small = small * 0.5;
        if (0.25 * width * domega > 2.0)
          continue;
        extall = true;
        ex.ertest = errbnd; // label 130
        erlarg = ws.errsum;
        continue;
      }
      ex.phase = Phase::kExtrapolating; // label 60
      ws.nrmax = 2;
    }
    // Label 70.
    if (ex.ierro != 3 && erlarg > ex.ertest && ws.select_large_interval(last, [&](int i) {
          return std::fabs(ws.blist[i] - ws.alist[i]) > small;
        }))
      continue;
    // Label 90: perform extrapolation.
    ex.table.append(ws.area);
    if (ex.table.size() >= 3) {
      if (ex.extrapolate(ws, erlarg, Acceptance::kAtTolerance, ier))
        break;
      // Label 100.
      if (ex.table.size() == 1)
        noext = true;
      if (ier == 5)
        break;
    }
    // Label 110.
    ws.select_largest();
    ex.phase = Phase::kBisecting;
    small = small * 0.5;
    erlarg = ws.errsum;
  }
  last = std::min(last, limit);

  // Labels 150-190: nothing extrapolated means the sum over the intervals.
  if (ex.table.calls() == 0)
    ending = Ending::kSummed;
  const Choice choice = ex.choose(ws, last, ending, Divergence::kAtOrAbove, ier);
  ier = choice.ier;
  return finish(choice.value, choice.abserr);
}

QuadResult qawoe(Integrand &f, double a, double b, double omega, int integr, double epsabs,
                 double epsrel, int limit, int maxp1, QuadDetails *details) {
  Moments moments(maxp1);
  const QuadResult result =
      qawoe_call(f, a, b, omega, integr, epsabs, epsrel, limit, 1, moments, details);
  if (details) {
    // QUADPACK's chebmo(maxp1, 25), column-major, is SciPy's (25, maxp1)
    // row-major; Moments keeps a 1-based row of 26 per level.
    const std::size_t maxp1_size = static_cast<std::size_t>(maxp1);
    details->chebmo.assign(25 * maxp1_size, 0.0);
    const std::size_t rows = std::min(moments.chebmo.size() / Moments::kRow, maxp1_size + 1);
    for (std::size_t m = 1; m < rows; ++m)
      for (std::size_t k = 1; k <= 25; ++k)
        details->chebmo[(k - 1) * maxp1_size + (m - 1)] = moments.chebmo[m * Moments::kRow + k];
    details->momcom = moments.momcom;
    details->nnlog = std::move(details->level); // finish_details empties level
  }
  return result;
}

} // namespace llcjit::quadpack
