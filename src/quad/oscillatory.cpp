// Ports of DQAWOE, DQAWFE and DQC25F (QUADPACK, Piessens et al. 1983) as
// SciPy ships them (DQC25F solving its tridiagonal systems with LAPACK's
// DGTSV), step for step.
#include "quad/oscillatory.hpp"

#include "quad/adaptive.hpp"
#include "quad/chebyshev.hpp"
#include "quad/epsilon.hpp"
#include "quad/front_end.hpp"
#include "quad/kronrod15w.hpp"
#include "quad/subdivision.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

namespace llcjit::quadpack {

namespace {

constexpr double kEpmach = std::numeric_limits<double>::epsilon();
constexpr double kUflow = std::numeric_limits<double>::min();
constexpr double kOflow = std::numeric_limits<double>::max();

// The modified Chebyshev moments of cos and sin for the interval lengths met
// so far (chebmo(maxp1, 25) and momcom); shared by the cycles of DQAWFE.
// QUADPACK sizes chebmo for maxp1 levels up front; here it grows with the
// levels actually reached (never more than the bisections made), so a huge
// maxp1 costs nothing until the work needs it.
struct Moments {
  explicit Moments(int maxp1) : maxp1(maxp1) {}
  double &at(int m, int k) {
    const std::size_t row = static_cast<std::size_t>(m);
    if (row >= chebmo.size() / kRow)
      chebmo.resize((row + 1) * kRow, 0.0);
    return chebmo[row * kRow + static_cast<std::size_t>(k)];
  }
  static constexpr std::size_t kRow = 26; // chebmo's 25 columns, 1-based
  int maxp1;
  int momcom = 0;
  std::vector<double> chebmo;
};

// LAPACK's DGTSV for one right-hand side: solves the tridiagonal system with
// sub-diagonal dl(1..n-1), diagonal d(1..n), super-diagonal du(1..n-1) by
// Gaussian elimination with partial pivoting. Pointers are 1-based views.
void dgtsv(int n, double *dl, double *d, double *du, double *b) {
  for (int i = 1; i <= n - 2; ++i) {
    if (std::fabs(d[i]) >= std::fabs(dl[i])) {
      if (d[i] == 0.0)
        return;
      const double fact = dl[i] / d[i];
      d[i + 1] = d[i + 1] - fact * du[i];
      b[i + 1] = b[i + 1] - fact * b[i];
      dl[i] = 0.0;
    } else {
      const double fact = d[i] / dl[i];
      d[i] = dl[i];
      const double temp = d[i + 1];
      d[i + 1] = du[i] - fact * temp;
      dl[i] = du[i + 1];
      du[i + 1] = -fact * dl[i];
      du[i] = temp;
      const double tb = b[i];
      b[i] = b[i + 1];
      b[i + 1] = tb - fact * b[i + 1];
    }
  }
  if (n > 1) {
    const int i = n - 1;
    if (std::fabs(d[i]) >= std::fabs(dl[i])) {
      if (d[i] == 0.0)
        return;
      const double fact = dl[i] / d[i];
      d[i + 1] = d[i + 1] - fact * du[i];
      b[i + 1] = b[i + 1] - fact * b[i];
    } else {
      const double fact = d[i] / dl[i];
      d[i] = dl[i];
      const double temp = d[i + 1];
      d[i + 1] = du[i] - fact * temp;
      du[i] = temp;
      const double tb = b[i];
      b[i] = b[i + 1];
      b[i + 1] = tb - fact * b[i + 1];
    }
  }
  if (d[n] == 0.0)
    return;
  b[n] = b[n] / d[n];
  if (n > 1)
    b[n - 1] = (b[n - 1] - du[n - 1] * b[n]) / d[n - 1];
  for (int i = n - 2; i >= 1; --i)
    b[i] = (b[i] - du[i] * b[i + 1] - dl[i] * b[i + 2]) / d[i];
}

struct OscillatoryRule {
  double result, abserr, resabs, resasc;
  int neval;
};

// DQC25F over (a, b): the 15-point rule when omega*(b-a)/2 is small, else
// Clenshaw-Curtis with the moments of level nrmom (ksave 1: just computed
// for the other half).
OscillatoryRule qc25f(Integrand &f, double a, double b, double omega, int integr,
                      int nrmom, int ksave, Moments &moments) {
  const double centr = 0.5 * (b + a);
  const double hlgth = 0.5 * (b - a);
  const double parint = omega * hlgth;
  if (!(std::fabs(parint) > 2.0)) {
    const auto weight = [&](double x) {
      const double omx = omega * x;
      return integr == 1 ? std::cos(omx) : std::sin(omx);
    };
    const WeightedRule r = qk15w(f, weight, a, b);
    return {r.result, r.abserr, r.resabs, r.resasc, 15};
  }
  const double conc = hlgth * std::cos(centr * omega);
  const double cons = hlgth * std::sin(centr * omega);
  const double resasc = kOflow;
  int m = moments.momcom + 1;
  if (!(nrmom < moments.momcom || ksave == 1)) {
    // A new set of Chebyshev moments.
    const int noequ = 25;
    const int noeq1 = noequ - 1;
    const double par2 = parint * parint;
    const double par22 = par2 + 2.0;
    const double sinpar = std::sin(parint);
    const double cospar = std::cos(parint);
    std::array<double, 29> v{};
    std::array<double, 26> d{}, d1{}, d2{};
    // With respect to cosine.
    v[1] = 2.0 * sinpar / parint;
    v[2] = (8.0 * cospar + (par2 + par2 - 8.0) * sinpar / parint) / par2;
    v[3] = (32.0 * (par2 - 12.0) * cospar +
            (2.0 * ((par2 - 80.0) * par2 + 192.0) * sinpar) / parint) /
           (par2 * par2);
    double ac = 8.0 * cospar;
    double as = 24.0 * parint * sinpar;
    if (!(std::fabs(parint) > 24.0)) {
      double an = 6.0;
      for (int k = 1; k <= noeq1; ++k) {
        const double an2 = an * an;
        d[k] = -2.0 * (an2 - 4.0) * (par22 - an2 - an2);
        d2[k] = (an - 1.0) * (an - 2.0) * par2;
        d1[k + 1] = (an + 3.0) * (an + 4.0) * par2;
        v[k + 3] = as - (an2 - 4.0) * ac;
        an = an + 2.0;
      }
      const double an2 = an * an;
      d[noequ] = -2.0 * (an2 - 4.0) * (par22 - an2 - an2);
      v[noequ + 3] = as - (an2 - 4.0) * ac;
      v[4] = v[4] - 56.0 * par2 * v[3];
      const double ass = parint * sinpar;
      const double asap =
          (((((210.0 * par2 - 1.0) * cospar - (105.0 * par2 - 63.0) * ass) / an2 -
             (1.0 - 15.0 * par2) * cospar + 15.0 * ass) /
                an2 -
            cospar + 3.0 * ass) /
               an2 -
           cospar) /
          an2;
      v[noequ + 3] = v[noequ + 3] - 2.0 * asap * par2 * (an - 1.0) * (an - 2.0);
      dgtsv(noequ, d1.data() + 1, d.data(), d2.data(), v.data() + 3);
    } else {
      double an = 4.0;
      for (int i = 4; i <= 13; ++i) {
        const double an2 = an * an;
        v[i] = ((an2 - 4.0) * (2.0 * (par22 - an2 - an2) * v[i - 1] - ac) + as -
                par2 * (an + 1.0) * (an + 2.0) * v[i - 2]) /
               (par2 * (an - 1.0) * (an - 2.0));
        an = an + 2.0;
      }
    }
    for (int j = 1; j <= 13; ++j)
      moments.at(m, 2 * j - 1) = v[j];
    // With respect to sine.
    v[1] = 2.0 * (sinpar - parint * cospar) / par2;
    v[2] = (18.0 - 48.0 / par2) * sinpar / par2 + (-2.0 + 48.0 / par2) * cospar / parint;
    ac = -24.0 * parint * cospar;
    as = -8.0 * sinpar;
    if (!(std::fabs(parint) > 24.0)) {
      double an = 5.0;
      for (int k = 1; k <= noeq1; ++k) {
        const double an2 = an * an;
        d[k] = -2.0 * (an2 - 4.0) * (par22 - an2 - an2);
        d2[k] = (an - 1.0) * (an - 2.0) * par2;
        d1[k + 1] = (an + 3.0) * (an + 4.0) * par2;
        v[k + 2] = ac + (an2 - 4.0) * as;
        an = an + 2.0;
      }
      const double an2 = an * an;
      d[noequ] = -2.0 * (an2 - 4.0) * (par22 - an2 - an2);
      v[noequ + 2] = ac + (an2 - 4.0) * as;
      v[3] = v[3] - 42.0 * par2 * v[2];
      const double ass = parint * cospar;
      const double asap =
          (((((105.0 * par2 - 63.0) * ass + (210.0 * par2 - 1.0) * sinpar) / an2 +
             (15.0 * par2 - 1.0) * sinpar - 15.0 * ass) /
                an2 -
            3.0 * ass - sinpar) /
               an2 -
           sinpar) /
          an2;
      v[noequ + 2] = v[noequ + 2] - 2.0 * asap * par2 * (an - 1.0) * (an - 2.0);
      dgtsv(noequ, d1.data() + 1, d.data(), d2.data(), v.data() + 2);
    } else {
      double an = 3.0;
      for (int i = 3; i <= 12; ++i) {
        const double an2 = an * an;
        v[i] = ((an2 - 4.0) * (2.0 * (par22 - an2 - an2) * v[i - 1] + as) + ac -
                par2 * (an + 1.0) * (an + 2.0) * v[i - 2]) /
               (par2 * (an - 1.0) * (an - 2.0));
        an = an + 2.0;
      }
    }
    for (int j = 1; j <= 12; ++j)
      moments.at(m, 2 * j) = v[j];
  }
  if (nrmom < moments.momcom)
    m = nrmom + 1;
  if (moments.momcom < moments.maxp1 - 1 && nrmom >= moments.momcom)
    moments.momcom = moments.momcom + 1;

  // Chebyshev coefficients of f, degrees 12 and 24.
  std::array<double, 26> fval = evaluate_nodes(f, clenshaw_curtis_nodes(centr, hlgth));
  fval[1] = 0.5 * fval[1];
  fval[25] = 0.5 * fval[25];
  std::array<double, 14> cheb12{};
  std::array<double, 26> cheb24{};
  qcheb(fval, cheb12, cheb24);

  double resc12 = cheb12[13] * moments.at(m, 13);
  double ress12 = 0.0;
  int k = 11;
  for (int j = 1; j <= 6; ++j) {
    resc12 = resc12 + cheb12[k] * moments.at(m, k);
    ress12 = ress12 + cheb12[k + 1] * moments.at(m, k + 1);
    k = k - 2;
  }
  double resc24 = cheb24[25] * moments.at(m, 25);
  double ress24 = 0.0;
  double resabs = std::fabs(cheb24[25]);
  k = 23;
  for (int j = 1; j <= 12; ++j) {
    resc24 = resc24 + cheb24[k] * moments.at(m, k);
    ress24 = ress24 + cheb24[k + 1] * moments.at(m, k + 1);
    resabs = std::fabs(cheb24[k]) + std::fabs(cheb24[k + 1]); // sic, as DQC25F
    k = k - 2;
  }
  const double estc = std::fabs(resc24 - resc12);
  const double ests = std::fabs(ress24 - ress12);
  resabs = resabs * std::fabs(hlgth);
  if (integr == 2)
    return {conc * ress24 + cons * resc24,
            std::fabs(conc * ests) + std::fabs(cons * estc), resabs, resasc, 25};
  return {conc * resc24 - cons * ress24, std::fabs(conc * estc) + std::fabs(cons * ests),
          resabs, resasc, 25};
}


// DQAWOE; icall > 1 reuses the moments computed by earlier calls.
QuadResult qawoe_call(Integrand &f, double a, double b, double omega, int integr,
                      double epsabs, double epsrel, int limit, int icall,
                      Moments &moments) {
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
    errbnd = record_bisection(s, maxerr, last,
                              {a1, b1, left.result, left.abserr, left.resasc},
                              {a2, b2, right.result, right.abserr, right.resasc},
                              errmax, extrap, epsabs, epsrel, roundoff, area, errsum, ier);
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
        find_large_interval(s, last, maxerr, errmax, nrmax, [&](int i) {
          return std::fabs(s.blist[i] - s.alist[i]) > small;
        }))
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
      choose_result(s, last, sum_intervals || table.calls() == 0, best.result,
                    best.abserr, area, errsum, best.correc, defabs, ksgn, ier,
                    roundoff.ierro, true);
  ier = choice.ier;
  return finish(choice.value, choice.abserr);
}

} // namespace

QuadResult qawoe(Integrand &f, double a, double b, double omega, int integr,
                 double epsabs, double epsrel, int limit, int maxp1) {
  Moments moments(maxp1);
  return qawoe_call(f, a, b, omega, integr, epsabs, epsrel, limit, 1, moments);
}

QuadResult qawfe(Integrand &f, double a, double omega, int integr, double epsabs,
                 int limlst, int limit, int maxp1) {
  QuadResult out;
  if ((integr != 1 && integr != 2) || epsabs <= 0.0 || limlst < 3) {
    out.ier = 6;
    return out;
  }
  if (omega == 0.0) {
    // cos(0 x) = 1: an ordinary integral over (a, inf) (QUADPACK integrates
    // from 0 here, whatever a is; llcjit from a); sin(0 x) = 0.
    if (integr == 1) {
      out = qagie(f, a, 1, epsabs, 0.0, limit);
      out.last = 1;
    }
    return out;
  }
  constexpr double p = 0.9;
  const auto l = static_cast<long>(std::fabs(omega)); // Fortran's integer l
  const double dl = static_cast<double>(2 * l + 1);
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
    const QuadResult cyc = qawoe_call(f, c1, c2, omega, integr, epsa, 0.0, limit, lst,
                                      moments);
    if (cyc.ier == kNonFiniteIntegrand)
      return non_finite(neval + cyc.neval, lst);
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
          if (abserr + 10.0 * correc <= epsabs ||
              (abserr <= epsabs && 10.0 * correc >= epsabs))
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
