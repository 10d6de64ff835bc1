// DQC25F (QUADPACK, Piessens et al. 1983) as SciPy ships it, solving its
// tridiagonal systems with LAPACK's DGTSV, step for step.
#include "quad/qc25f.hpp"

#include "quad/chebyshev.hpp"
#include "quad/dgtsv.hpp"
#include "quad/kronrod15w.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace llcjit::quadpack {

namespace {

constexpr double kOflow = std::numeric_limits<double>::max();

} // namespace

OscillatoryRule qc25f(Integrand &f, double a, double b, double omega, int integr, int nrmom,
                      int ksave, Moments &moments) {
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
  // (DQC25F sets m only below; where it reuses the deepest moments, ksave
  // = 1 with nrmom >= momcom, it reads m unset: llcjit reads the column
  // just computed, a deviation documented in quadrature.md.)
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
    v[3] =
        (32.0 * (par2 - 12.0) * cospar + (2.0 * ((par2 - 80.0) * par2 + 192.0) * sinpar) / parint) /
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
      const double asap = (((((210.0 * par2 - 1.0) * cospar - (105.0 * par2 - 63.0) * ass) / an2 -
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
      const double asap = (((((105.0 * par2 - 63.0) * ass + (210.0 * par2 - 1.0) * sinpar) / an2 +
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
    return {conc * ress24 + cons * resc24, std::fabs(conc * ests) + std::fabs(cons * estc), resabs,
            resasc, 25};
  return {conc * resc24 - cons * ress24, std::fabs(conc * estc) + std::fabs(cons * ests), resabs,
          resasc, 25};
}

} // namespace llcjit::quadpack
