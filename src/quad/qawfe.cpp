// DQAWFE (QUADPACK, Piessens et al. 1983) as SciPy ships it, step for step:
// the weights cos(omega x) and sin(omega x) on (a, +inf), one DQAWOE
// integral per cycle, the partial sums extrapolated.
#include "quad/oscillatory.hpp"

#include "quad/adaptive.hpp"
#include "quad/epsilon.hpp"
#include "quad/outcome.hpp"
#include "quad/qc25f.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace llcjit::quadpack {

namespace {

constexpr double kUflow = std::numeric_limits<double>::min();

} // namespace

QuadResult qawfe(Integrand &f, double a, double omega, int integr, double epsabs, int limlst,
                 int limit, int maxp1, QuadDetails *details) {
  QuadResult out;
  if ((integr != 1 && integr != 2) || epsabs <= 0.0 || limlst < 3) {
    out.ier = 6;
    return out;
  }
  if (details) {
    // SciPy's rslst, erlst and ierlst: limlst entries, zeroed.
    details->rslst.assign(static_cast<std::size_t>(limlst), 0.0);
    details->erlst.assign(static_cast<std::size_t>(limlst), 0.0);
    details->ierlst.assign(static_cast<std::size_t>(limlst), 0);
  }
  if (omega == 0.0) {
    // cos(0 x) = 1: an ordinary integral over (a, inf) (QUADPACK integrates
    // from 0 here, whatever a is; llcjit from a); sin(0 x) = 0. One
    // "cycle", as DQAWFE reports it.
    if (integr == 1)
      out = qagie(f, a, 1, epsabs, 0.0, limit);
    out.last = 1;
    if (details && out.ier != kNonFiniteIntegrand) {
      details->rslst[0] = out.value;
      details->erlst[0] = out.abserr;
      details->ierlst[0] = out.ier;
    }
    return out;
  }
  constexpr double p = 0.9;
  // Fortran's integer l = |omega| truncated (the front end keeps it below
  // 2^31), and dl = 2l + 1, computed exactly in double.
  const double dl = 2.0 * std::floor(std::fabs(omega)) + 1.0;
  const double cycle = dl * std::numbers::pi / std::fabs(omega);
  int ier = 0;
  int ktmin = 0;
  int neval = 0;
  double c1 = a;
  double c2 = cycle + a;
  const double p1 = 1.0 - p;
  double eps = epsabs;
  if (epsabs > kUflow / p1)
    eps = epsabs * p1;
  const double ep = eps;
  double fact = 1.0;
  double correc = 0.0;
  double abserr = 0.0;
  double errsum = 0.0;
  double result = 0.0;
  double drl = 0.0;
  EpsilonTable psum;
  psum.reset(0.0, 0);
  Moments moments(maxp1);
  int lst = 1;
  bool partial_sum = false; // label 80: the partial sum is the result
  for (lst = 1; lst <= limlst; ++lst) {
    const double epsa = eps * fact;
    const QuadResult cyc = qawoe_call(f, c1, c2, omega, integr, epsa, 0.0, limit, lst, moments);
    if (cyc.ier == kNonFiniteIntegrand)
      return non_finite(neval + cyc.neval, lst);
    if (details) {
      const auto cycle = static_cast<std::size_t>(lst - 1);
      details->rslst[cycle] = cyc.value;
      details->erlst[cycle] = cyc.abserr;
      details->ierlst[cycle] = cyc.ier;
    }
    neval = neval + cyc.neval;
    fact = fact * p;
    errsum = errsum + cyc.abserr;
    drl = 50.0 * std::fabs(cyc.value);
    if (errsum + drl <= epsabs && lst >= 6) {
      partial_sum = true;
      break;
    }
    correc = std::max(correc, cyc.abserr);
    if (cyc.ier != 0) {
      eps = std::max(ep, correc * p1);
      ier = 7;
    }
    if (ier == 7 && errsum + drl <= correc * 10.0 && lst > 5) {
      partial_sum = true;
      break;
    }
    if (lst == 1) {
      psum.append(cyc.value);
    } else {
      psum.append(psum.last() + cyc.value);
      if (lst != 2) {
        if (lst == limlst)
          ier = 1;
        double reseps, abseps;
        psum.extrapolate(reseps, abseps);
        ++ktmin;
        if (ktmin >= 15 && abserr <= 1.0e-3 * (errsum + drl))
          ier = 4;
        bool take = !(abseps > abserr && lst != 3);
        if (take) {
          abserr = abseps;
          result = reseps;
          ktmin = 0;
          if (abserr + 10.0 * correc <= epsabs || (abserr <= epsabs && 10.0 * correc >= epsabs))
            break;
        }
        if (ier != 0 && ier != 7) // label 30
          break;
      }
    }
    c1 = c2; // label 40
    c2 = c2 + cycle;
  }
  lst = std::min(lst, limlst);
  const auto done = [&](double value, double error) {
    return QuadResult{value, error, neval, ier, lst, {}};
  };
  if (!partial_sum) {
    // Label 60.
    abserr = abserr + 10.0 * correc;
    if (ier == 0)
      return done(result, abserr);
    const double last_sum = psum.last();
    if (!(result != 0.0 && last_sum != 0.0)) {
      if (abserr > errsum)
        partial_sum = true;
      else if (last_sum == 0.0)
        return done(result, abserr);
    }
    if (!partial_sum) {
      // Label 70.
      if (abserr / std::fabs(result) > (errsum + drl) / std::fabs(last_sum)) {
        partial_sum = true;
      } else {
        if (ier >= 1 && ier != 7)
          abserr = abserr + drl;
        return done(result, abserr);
      }
    }
  }
  return done(psum.last(), errsum + drl);
}

} // namespace llcjit::quadpack
