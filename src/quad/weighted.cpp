// Ports of DQAWCE, DQC25C, DQAWSE, DQC25S, DQMOMO, DQCHEB and DQK15W
// (QUADPACK, Piessens et al. 1983), step for step, sums in QUADPACK's order.
#include "quad/weighted.hpp"

#include "quad/subdivision.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace llcjit::quadpack {

namespace {

constexpr double kEpmach = std::numeric_limits<double>::epsilon();
constexpr double kUflow = std::numeric_limits<double>::min();

// cos(k*pi/24), k = 1..11 (1-based as x(k); index 0 unused).
constexpr std::array<double, 12> kX = {
    0.0,
    0.99144486137381041114455752692856, 0.96592582628906828674974319972890,
    0.92387953251128675612818318939679, 0.86602540378443864676372317075294,
    0.79335334029123516457977769615013, 0.70710678118654752440084436210485,
    0.60876142900872063941609754289816, 0.5,
    0.38268343236508977172845998403040, 0.25881904510252076234889883762405,
    0.13052619222005159154840622789549};

// DQK15W's own 16-digit constants (not DQK15I's longer ones), as SciPy
// ships them: its wg(3) reads ...051189 where the Gauss weight is ...051889;
// kept, so that results agree with SciPy's.
constexpr std::array<double, 9> kXgk = {0.0,
                                        0.9914553711208126e+00, 0.9491079123427585e+00,
                                        0.8648644233597691e+00, 0.7415311855993944e+00,
                                        0.5860872354676911e+00, 0.4058451513773972e+00,
                                        0.2077849550078985e+00, 0.0000000000000000e+00};
constexpr std::array<double, 9> kWgk = {0.0,
                                        0.2293532201052922e-01, 0.6309209262997855e-01,
                                        0.1047900103222502e+00, 0.1406532597155259e+00,
                                        0.1690047266392679e+00, 0.1903505780647854e+00,
                                        0.2044329400752989e+00, 0.2094821410847278e+00};
constexpr std::array<double, 5> kWg = {0.0, 0.1294849661688697e+00,
                                       0.2797053914892767e+00, 0.3818300505051189e+00,
                                       0.4179591836734694e+00};

struct WeightedRule {
  double result, abserr, resabs, resasc;
};

// DQK15W: the 15-point Kronrod rule for f(x) * w(x) over (a, b).
template <typename Weight>
WeightedRule qk15w(Integrand &f, Weight w, double a, double b) {
  const double centr = 0.5 * (a + b);
  const double hlgth = 0.5 * (b - a);
  const double dhlgth = std::fabs(hlgth);
  // Nodes: the centre, then centr -/+ absc for xgk(1..7).
  std::array<double, 15> x, y;
  x[0] = centr;
  for (int j = 1; j <= 7; ++j) {
    const double absc = hlgth * kXgk[j];
    x[j] = centr - absc;
    x[7 + j] = centr + absc;
  }
  f.evaluate(x.data(), y.data(), x.size());
  const double fc = y[0] * w(centr);
  std::array<double, 8> fv1{}, fv2{};
  double resg = kWg[4] * fc;
  double resk = kWgk[8] * fc;
  double resabs = std::fabs(resk);
  for (int j = 1; j <= 3; ++j) {
    const int jtw = j * 2;
    const double fval1 = y[jtw] * w(x[jtw]);
    const double fval2 = y[7 + jtw] * w(x[7 + jtw]);
    fv1[jtw] = fval1;
    fv2[jtw] = fval2;
    const double fsum = fval1 + fval2;
    resg = resg + kWg[j] * fsum;
    resk = resk + kWgk[jtw] * fsum;
    resabs = resabs + kWgk[jtw] * (std::fabs(fval1) + std::fabs(fval2));
  }
  for (int j = 1; j <= 4; ++j) {
    const int jtwm1 = j * 2 - 1;
    const double fval1 = y[jtwm1] * w(x[jtwm1]);
    const double fval2 = y[7 + jtwm1] * w(x[7 + jtwm1]);
    fv1[jtwm1] = fval1;
    fv2[jtwm1] = fval2;
    const double fsum = fval1 + fval2;
    resk = resk + kWgk[jtwm1] * fsum;
    resabs = resabs + kWgk[jtwm1] * (std::fabs(fval1) + std::fabs(fval2));
  }
  const double reskh = resk * 0.5;
  double resasc = kWgk[8] * std::fabs(fc - reskh);
  for (int j = 1; j <= 7; ++j)
    resasc = resasc + kWgk[j] * (std::fabs(fv1[j] - reskh) + std::fabs(fv2[j] - reskh));
  const double result = resk * hlgth;
  resabs = resabs * dhlgth;
  resasc = resasc * dhlgth;
  double abserr = std::fabs((resk - resg) * hlgth);
  if (resasc != 0.0 && abserr != 0.0)
    abserr = resasc * std::min(1.0, std::pow(200.0 * abserr / resasc, 1.5));
  if (resabs > kUflow / (50.0 * kEpmach))
    abserr = std::max((kEpmach * 50.0) * resabs, abserr);
  return {result, abserr, resabs, resasc};
}

// The 25 Clenshaw-Curtis nodes hlgth*cos(k*pi/24) + centr, k = 0..24, in
// DQC25C's fval order (fval(1) at b, fval(13) at the centre, fval(25) at a).
std::array<double, 26> clenshaw_curtis_nodes(double centr, double hlgth) {
  std::array<double, 26> nodes{};
  nodes[1] = hlgth + centr;
  nodes[13] = centr;
  nodes[25] = centr - hlgth;
  for (int i = 2; i <= 12; ++i) {
    const double u = hlgth * kX[i - 1];
    nodes[i] = u + centr;
    nodes[26 - i] = centr - u;
  }
  return nodes;
}

// f at the 25 nodes (1-based), in one batch.
std::array<double, 26> evaluate_nodes(Integrand &f, const std::array<double, 26> &nodes) {
  std::array<double, 26> values{};
  f.evaluate(nodes.data() + 1, values.data() + 1, 25);
  return values;
}

// DQCHEB: Chebyshev coefficients of degree 12 and 24 (1-based) from fval,
// which it overwrites.
void qcheb(std::array<double, 26> &fval, std::array<double, 14> &cheb12,
           std::array<double, 26> &cheb24) {
  const auto &x = kX;
  std::array<double, 13> v{};
  for (int i = 1; i <= 12; ++i) {
    const int j = 26 - i;
    v[i] = fval[i] - fval[j];
    fval[i] = fval[i] + fval[j];
  }
  double alam1 = v[1] - v[9];
  double alam2 = x[6] * (v[3] - v[7] - v[11]);
  cheb12[4] = alam1 + alam2;
  cheb12[10] = alam1 - alam2;
  alam1 = v[2] - v[8] - v[10];
  alam2 = v[4] - v[6] - v[12];
  double alam = x[3] * alam1 + x[9] * alam2;
  cheb24[4] = cheb12[4] + alam;
  cheb24[22] = cheb12[4] - alam;
  alam = x[9] * alam1 - x[3] * alam2;
  cheb24[10] = cheb12[10] + alam;
  cheb24[16] = cheb12[10] - alam;
  const double part1 = x[4] * v[5];
  const double part2 = x[8] * v[9];
  const double part3 = x[6] * v[7];
  alam1 = v[1] + part1 + part2;
  alam2 = x[2] * v[3] + part3 + x[10] * v[11];
  cheb12[2] = alam1 + alam2;
  cheb12[12] = alam1 - alam2;
  alam = x[1] * v[2] + x[3] * v[4] + x[5] * v[6] + x[7] * v[8] + x[9] * v[10] +
         x[11] * v[12];
  cheb24[2] = cheb12[2] + alam;
  cheb24[24] = cheb12[2] - alam;
  alam = x[11] * v[2] - x[9] * v[4] + x[7] * v[6] - x[5] * v[8] + x[3] * v[10] -
         x[1] * v[12];
  cheb24[12] = cheb12[12] + alam;
  cheb24[14] = cheb12[12] - alam;
  alam1 = v[1] - part1 + part2;
  alam2 = x[10] * v[3] - part3 + x[2] * v[11];
  cheb12[6] = alam1 + alam2;
  cheb12[8] = alam1 - alam2;
  alam = x[5] * v[2] - x[9] * v[4] - x[1] * v[6] - x[11] * v[8] + x[3] * v[10] +
         x[7] * v[12];
  cheb24[6] = cheb12[6] + alam;
  cheb24[20] = cheb12[6] - alam;
  alam = x[7] * v[2] - x[3] * v[4] - x[11] * v[6] + x[1] * v[8] - x[9] * v[10] -
         x[5] * v[12];
  cheb24[8] = cheb12[8] + alam;
  cheb24[18] = cheb12[8] - alam;
  for (int i = 1; i <= 6; ++i) {
    const int j = 14 - i;
    v[i] = fval[i] - fval[j];
    fval[i] = fval[i] + fval[j];
  }
  alam1 = v[1] + x[8] * v[5];
  alam2 = x[4] * v[3];
  cheb12[3] = alam1 + alam2;
  cheb12[11] = alam1 - alam2;
  cheb12[7] = v[1] - v[5];
  alam = x[2] * v[2] + x[6] * v[4] + x[10] * v[6];
  cheb24[3] = cheb12[3] + alam;
  cheb24[23] = cheb12[3] - alam;
  alam = x[6] * (v[2] - v[4] - v[6]);
  cheb24[7] = cheb12[7] + alam;
  cheb24[19] = cheb12[7] - alam;
  alam = x[10] * v[2] - x[6] * v[4] + x[2] * v[6];
  cheb24[11] = cheb12[11] + alam;
  cheb24[15] = cheb12[11] - alam;
  for (int i = 1; i <= 3; ++i) {
    const int j = 8 - i;
    v[i] = fval[i] - fval[j];
    fval[i] = fval[i] + fval[j];
  }
  cheb12[5] = v[1] + x[8] * v[3];
  cheb12[9] = fval[1] - x[8] * fval[3];
  alam = x[4] * v[2];
  cheb24[5] = cheb12[5] + alam;
  cheb24[21] = cheb12[5] - alam;
  alam = x[8] * fval[2] - fval[4];
  cheb24[9] = cheb12[9] + alam;
  cheb24[17] = cheb12[9] - alam;
  cheb12[1] = fval[1] + fval[3];
  alam = fval[2] + fval[4];
  cheb24[1] = cheb12[1] + alam;
  cheb24[25] = cheb12[1] - alam;
  cheb12[13] = v[1] - v[3];
  cheb24[13] = cheb12[13];
  alam = 1.0 / 6.0;
  for (int i = 2; i <= 12; ++i)
    cheb12[i] = cheb12[i] * alam;
  alam = 0.5 * alam;
  cheb12[1] = cheb12[1] * alam;
  cheb12[13] = cheb12[13] * alam;
  for (int i = 2; i <= 24; ++i)
    cheb24[i] = cheb24[i] * alam;
  cheb24[1] = 0.5 * alam * cheb24[1];
  cheb24[25] = 0.5 * alam * cheb24[25];
}

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

// DQMOMO: modified Chebyshev moments of the algebraic-logarithmic weights.
struct Moments {
  std::array<double, 26> ri{}, rj{}, rg{}, rh{};
};

Moments qmomo(double alfa, double beta, int integr) {
  Moments m;
  auto &ri = m.ri, &rj = m.rj, &rg = m.rg, &rh = m.rh;
  const double alfp1 = alfa + 1.0;
  const double betp1 = beta + 1.0;
  const double alfp2 = alfa + 2.0;
  const double betp2 = beta + 2.0;
  const double ralf = std::pow(2.0, alfp1);
  const double rbet = std::pow(2.0, betp1);
  ri[1] = ralf / alfp1;
  rj[1] = rbet / betp1;
  ri[2] = ri[1] * alfa / alfp2;
  rj[2] = rj[1] * beta / betp2;
  double an = 2.0;
  double anm1 = 1.0;
  for (int i = 3; i <= 25; ++i) {
    ri[i] = -(ralf + an * (an - alfp2) * ri[i - 1]) / (anm1 * (an + alfp1));
    rj[i] = -(rbet + an * (an - betp2) * rj[i - 1]) / (anm1 * (an + betp1));
    anm1 = an;
    an = an + 1.0;
  }
  if (integr == 2 || integr == 4) {
    rg[1] = -ri[1] / alfp1;
    rg[2] = -(ralf + ralf) / (alfp2 * alfp2) - rg[1];
    an = 2.0;
    anm1 = 1.0;
    int im1 = 2;
    for (int i = 3; i <= 25; ++i) {
      rg[i] = -(an * (an - alfp2) * rg[im1] - an * ri[im1] + anm1 * ri[i]) /
              (anm1 * (an + alfp1));
      anm1 = an;
      an = an + 1.0;
      im1 = i;
    }
  }
  if (integr == 3 || integr == 4) {
    rh[1] = -rj[1] / betp1;
    rh[2] = -(rbet + rbet) / (betp2 * betp2) - rh[1];
    an = 2.0;
    anm1 = 1.0;
    int im1 = 2;
    for (int i = 3; i <= 25; ++i) {
      rh[i] = -(an * (an - betp2) * rh[im1] - an * rj[im1] + anm1 * rj[i]) /
              (anm1 * (an + betp1));
      anm1 = an;
      an = an + 1.0;
      im1 = i;
    }
    for (int i = 2; i <= 25; i += 2)
      rh[i] = -rh[i];
  }
  for (int i = 2; i <= 25; i += 2)
    rj[i] = -rj[i];
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
SingularRule qc25s(Integrand &f, double a, double b, double bl, double br, double alfa,
                   double beta, const Moments &m, int integr) {
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
  // The distance from the singular end to the node k, as DQC25S forms it.
  std::array<double, 26> distance{};
  if (at_a) {
    // f1 = (b - x)^beta f(x), expanded over (a, br).
    const double fix = b - centr;
    distance[1] = fix - hlgth;
    distance[13] = fix;
    distance[25] = fix + hlgth;
    for (int i = 2; i <= 12; ++i) {
      const double u = hlgth * kX[i - 1];
      distance[i] = fix - u;
      distance[26 - i] = fix + u;
    }
    fval[1] = 0.5 * f_at[1] * std::pow(distance[1], beta);
    fval[13] = f_at[13] * std::pow(distance[13], beta);
    fval[25] = 0.5 * f_at[25] * std::pow(distance[25], beta);
    for (int i = 2; i <= 12; ++i) {
      fval[i] = f_at[i] * std::pow(distance[i], beta);
      fval[26 - i] = f_at[26 - i] * std::pow(distance[26 - i], beta);
    }
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
    const double fix = centr - a;
    distance[1] = fix + hlgth;
    distance[13] = fix;
    distance[25] = fix - hlgth;
    for (int i = 2; i <= 12; ++i) {
      const double u = hlgth * kX[i - 1];
      distance[i] = fix + u;
      distance[26 - i] = fix - u;
    }
    fval[1] = 0.5 * f_at[1] * std::pow(distance[1], alfa);
    fval[13] = f_at[13] * std::pow(distance[13], alfa);
    fval[25] = 0.5 * f_at[25] * std::pow(distance[25], alfa);
    for (int i = 2; i <= 12; ++i) {
      fval[i] = f_at[i] * std::pow(distance[i], alfa);
      fval[26 - i] = f_at[26 - i] * std::pow(distance[26 - i], alfa);
    }
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

QuadResult non_finite(int neval, int last) {
  return {std::numeric_limits<double>::quiet_NaN(),
          std::numeric_limits<double>::quiet_NaN(),
          neval,
          kNonFiniteIntegrand,
          last,
          {}};
}

} // namespace

QuadResult qawce(Integrand &f, double a, double b, double c, double epsabs,
                 double epsrel, int limit) {
  QuadResult out;
  out.ier = 6;
  if (c == a || c == b ||
      (epsabs <= 0.0 && epsrel < std::max(50.0 * kEpmach, 0.5e-28)))
    return out;
  Subdivision s(limit, limit);
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
  double abserr = first.abserr;
  int last = 1;
  s.rlist[1] = result;
  s.elist[1] = abserr;
  s.iord[1] = 1;
  s.alist[1] = a;
  s.blist[1] = b;
  double errbnd = std::max(epsabs, epsrel * std::fabs(result));
  if (limit == 1)
    ier = 1;
  if (abserr < std::min(0.01 * std::fabs(result), errbnd) || ier == 1) {
    if (aa == b)
      result = -result;
    out = {result, abserr, neval, ier, last, {}};
    return out;
  }
  s.alist[1] = aa;
  s.blist[1] = bb;
  s.rlist[1] = result;
  double errmax = abserr;
  int maxerr = 1;
  double area = result;
  double errsum = abserr;
  int nrmax = 1;
  int iroff1 = 0, iroff2 = 0;
  for (last = 2; last <= limit; ++last) {
    const double a1 = s.alist[maxerr];
    double b1 = 0.5 * (s.alist[maxerr] + s.blist[maxerr]);
    const double b2 = s.blist[maxerr];
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
    const double area1 = left.result, error1 = left.abserr;
    const double area2 = right.result, error2 = right.abserr;
    const double area12 = area1 + area2;
    const double erro12 = error1 + error2;
    errsum = errsum + erro12 - errmax;
    area = area + area12 - s.rlist[maxerr];
    if (std::fabs(s.rlist[maxerr] - area12) < 1.0e-5 * std::fabs(area12) &&
        erro12 >= 0.99 * errmax && krule == 0)
      ++iroff1;
    if (last > 10 && erro12 > errmax && krule == 0)
      ++iroff2;
    errbnd = std::max(epsabs, epsrel * std::fabs(area));
    if (!(errsum <= errbnd)) {
      if (iroff1 >= 6 && iroff2 > 20)
        ier = 2;
      if (last == limit)
        ier = 1;
      if (std::max(std::fabs(a1), std::fabs(b2)) <=
          (1.0 + 100.0 * kEpmach) * (std::fabs(a2) + 1000.0 * kUflow))
        ier = 3;
    }
    s.store_halves(maxerr, last, a1, b1, area1, error1, a2, b2, area2, error2);
    s.sort(last, maxerr, errmax, nrmax);
    if (ier != 0 || errsum <= errbnd)
      break;
  }
  last = std::min(last, limit);
  result = s.total(last);
  abserr = errsum;
  if (aa == b)
    result = -result;
  return {result, abserr, neval, ier, last, {}};
}

QuadResult qawse(Integrand &f, double a, double b, double alfa, double beta, int integr,
                 double epsabs, double epsrel, int limit) {
  QuadResult out;
  out.ier = 6;
  if (b <= a || (epsabs == 0.0 && epsrel < std::max(50.0 * kEpmach, 0.5e-28)) ||
      alfa <= -1.0 || beta <= -1.0 || integr < 1 || integr > 4 || limit < 2)
    return out;
  const Moments moments = qmomo(alfa, beta, integr);
  Subdivision s(limit, limit);
  const double centre = 0.5 * (b + a);
  const SingularRule r1 = qc25s(f, a, b, a, centre, alfa, beta, moments, integr);
  const SingularRule r2 = qc25s(f, a, b, centre, b, alfa, beta, moments, integr);
  int neval = r1.neval + r2.neval;
  int last = 2;
  if (!f.finite())
    return non_finite(neval, last);
  double result = r1.result + r2.result;
  double abserr = r1.abserr + r2.abserr;
  double errbnd = std::max(epsabs, epsrel * std::fabs(result));
  if (!(r2.abserr > r1.abserr)) {
    s.alist[1] = a;
    s.alist[2] = centre;
    s.blist[1] = centre;
    s.blist[2] = b;
    s.rlist[1] = r1.result;
    s.rlist[2] = r2.result;
    s.elist[1] = r1.abserr;
    s.elist[2] = r2.abserr;
  } else {
    s.alist[1] = centre;
    s.alist[2] = a;
    s.blist[1] = b;
    s.blist[2] = centre;
    s.rlist[1] = r2.result;
    s.rlist[2] = r1.result;
    s.elist[1] = r2.abserr;
    s.elist[2] = r1.abserr;
  }
  s.iord[1] = 1;
  s.iord[2] = 2;
  int ier = 0;
  if (limit == 2)
    ier = 1;
  if (abserr <= errbnd || ier == 1)
    return {result, abserr, neval, ier, last, {}};
  double errmax = s.elist[1];
  int maxerr = 1;
  int nrmax = 1;
  double area = result;
  double errsum = abserr;
  int iroff1 = 0, iroff2 = 0;
  for (last = 3; last <= limit; ++last) {
    const double a1 = s.alist[maxerr];
    const double b1 = 0.5 * (s.alist[maxerr] + s.blist[maxerr]);
    const double a2 = b1;
    const double b2 = s.blist[maxerr];
    const SingularRule left = qc25s(f, a, b, a1, b1, alfa, beta, moments, integr);
    neval = neval + left.neval;
    const SingularRule right = qc25s(f, a, b, a2, b2, alfa, beta, moments, integr);
    neval = neval + right.neval;
    if (!f.finite())
      return non_finite(neval, last);
    const double area1 = left.result, error1 = left.abserr;
    const double area2 = right.result, error2 = right.abserr;
    const double area12 = area1 + area2;
    const double erro12 = error1 + error2;
    errsum = errsum + erro12 - errmax;
    area = area + area12 - s.rlist[maxerr];
    if (!(a == a1 || b == b2) && !(left.resasc == error1 || right.resasc == error2)) {
      if (std::fabs(s.rlist[maxerr] - area12) < 1.0e-5 * std::fabs(area12) &&
          erro12 >= 0.99 * errmax)
        ++iroff1;
      if (last > 10 && erro12 > errmax)
        ++iroff2;
    }
    errbnd = std::max(epsabs, epsrel * std::fabs(area));
    if (!(errsum <= errbnd)) {
      if (last == limit)
        ier = 1;
      if (iroff1 >= 6 || iroff2 >= 20)
        ier = 2;
      if (std::max(std::fabs(a1), std::fabs(b2)) <=
          (1.0 + 100.0 * kEpmach) * (std::fabs(a2) + 1000.0 * kUflow))
        ier = 3;
    }
    s.store_halves(maxerr, last, a1, b1, area1, error1, a2, b2, area2, error2);
    s.sort(last, maxerr, errmax, nrmax);
    if (ier != 0 || errsum <= errbnd)
      break;
  }
  last = std::min(last, limit);
  return {s.total(last), errsum, neval, ier, last, {}};
}

} // namespace llcjit::quadpack
