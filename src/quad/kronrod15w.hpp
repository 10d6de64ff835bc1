// DQK15W: QUADPACK's 15-point Kronrod rule for f(x) w(x) with a weight
// function w, used by the weighted integrators where the modified
// Clenshaw-Curtis rules do not apply.
#pragma once

#include "quad/integrand.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace llcjit::quadpack {

namespace kronrod15w {
constexpr double kEpmach = std::numeric_limits<double>::epsilon();
constexpr double kUflow = std::numeric_limits<double>::min();
// DQK15W's own 16-digit constants (not DQK15I's longer ones), 1-based, as
// SciPy ships them: its wg(3) reads ...051189 where the Gauss weight is
// ...051889; kept, so that results agree with SciPy's.
constexpr std::array<double, 9> kXgk = {0.0,
                                        0.9914553711208126e+00,
                                        0.9491079123427585e+00,
                                        0.8648644233597691e+00,
                                        0.7415311855993944e+00,
                                        0.5860872354676911e+00,
                                        0.4058451513773972e+00,
                                        0.2077849550078985e+00,
                                        0.0000000000000000e+00};
constexpr std::array<double, 9> kWgk = {0.0,
                                        0.2293532201052922e-01,
                                        0.6309209262997855e-01,
                                        0.1047900103222502e+00,
                                        0.1406532597155259e+00,
                                        0.1690047266392679e+00,
                                        0.1903505780647854e+00,
                                        0.2044329400752989e+00,
                                        0.2094821410847278e+00};
constexpr std::array<double, 5> kWg = {0.0, 0.1294849661688697e+00, 0.2797053914892767e+00,
                                       0.3818300505051189e+00, 0.4179591836734694e+00};
} // namespace kronrod15w

struct WeightedRule {
  double result, abserr, resabs, resasc;
};

// DQK15W: the 15-point Kronrod rule for f(x) * w(x) over (a, b).
template <typename Weight> WeightedRule qk15w(Integrand &f, Weight w, double a, double b) {
  const double centr = 0.5 * (a + b);
  const double hlgth = 0.5 * (b - a);
  const double dhlgth = std::fabs(hlgth);
  // Nodes: the centre, then centr -/+ absc for xgk(1..7).
  std::array<double, 15> x, y;
  x[0] = centr;
  for (int j = 1; j <= 7; ++j) {
    const double absc = hlgth * kronrod15w::kXgk[j];
    x[j] = centr - absc;
    x[7 + j] = centr + absc;
  }
  f.evaluate(x.data(), y.data(), x.size());
  const double fc = y[0] * w(centr);
  std::array<double, 8> fv1{}, fv2{};
  double resg = kronrod15w::kWg[4] * fc;
  double resk = kronrod15w::kWgk[8] * fc;
  double resabs = std::fabs(resk);
  for (int j = 1; j <= 3; ++j) {
    const int jtw = j * 2;
    const double fval1 = y[jtw] * w(x[jtw]);
    const double fval2 = y[7 + jtw] * w(x[7 + jtw]);
    fv1[jtw] = fval1;
    fv2[jtw] = fval2;
    const double fsum = fval1 + fval2;
    resg = resg + kronrod15w::kWg[j] * fsum;
    resk = resk + kronrod15w::kWgk[jtw] * fsum;
    resabs = resabs + kronrod15w::kWgk[jtw] * (std::fabs(fval1) + std::fabs(fval2));
  }
  for (int j = 1; j <= 4; ++j) {
    const int jtwm1 = j * 2 - 1;
    const double fval1 = y[jtwm1] * w(x[jtwm1]);
    const double fval2 = y[7 + jtwm1] * w(x[7 + jtwm1]);
    fv1[jtwm1] = fval1;
    fv2[jtwm1] = fval2;
    const double fsum = fval1 + fval2;
    resk = resk + kronrod15w::kWgk[jtwm1] * fsum;
    resabs = resabs + kronrod15w::kWgk[jtwm1] * (std::fabs(fval1) + std::fabs(fval2));
  }
  const double reskh = resk * 0.5;
  double resasc = kronrod15w::kWgk[8] * std::fabs(fc - reskh);
  for (int j = 1; j <= 7; ++j)
    resasc = resasc + kronrod15w::kWgk[j] * (std::fabs(fv1[j] - reskh) + std::fabs(fv2[j] - reskh));
  const double result = resk * hlgth;
  resabs = resabs * dhlgth;
  resasc = resasc * dhlgth;
  double abserr = std::fabs((resk - resg) * hlgth);
  if (resasc != 0.0 && abserr != 0.0)
    abserr = resasc * std::min(1.0, std::pow(200.0 * abserr / resasc, 1.5));
  if (resabs > kronrod15w::kUflow / (50.0 * kronrod15w::kEpmach))
    abserr = std::max((kronrod15w::kEpmach * 50.0) * resabs, abserr);
  return {result, abserr, resabs, resasc};
}

} // namespace llcjit::quadpack
