// The definitions of gauss_kronrod.hpp: QUADPACK's Gauss-Kronrod rules
// DQK21 and DQK15I.
#include "quad/gauss_kronrod.hpp"

#include "quad/three_halves.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace llcjit::quadpack {

namespace {

constexpr double kEpmach = std::numeric_limits<double>::epsilon();
constexpr double kUflow = std::numeric_limits<double>::min();

// Abscissae and weights of the 21-point rule on (-1, 1), positive half:
// even (1-based) indices are the 10-point Gauss nodes.
constexpr std::array<double, 11> kXgk21 = {0.995657163025808080735527280689003,
                                           0.973906528517171720077964012084452,
                                           0.930157491355708226001207180059508,
                                           0.865063366688984510732096688423493,
                                           0.780817726586416897063717578345042,
                                           0.679409568299024406234327365114874,
                                           0.562757134668604683339000099272694,
                                           0.433395394129247190799265943165784,
                                           0.294392862701460198131126603103866,
                                           0.148874338981631210884826001129720,
                                           0.0};
constexpr std::array<double, 11> kWgk21 = {
    0.011694638867371874278064396062192, 0.032558162307964727478818972459390,
    0.054755896574351996031381300244580, 0.075039674810919952767043140916190,
    0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
    0.123491976262065851077958109831074, 0.134709217311473325928054001771707,
    0.142775938577060080797094273138717, 0.147739104901338491374841515972068,
    0.149445554002916905664936468389821};
constexpr std::array<double, 5> kWg10 = {
    0.066671344308688137593568809893332, 0.149451349150580593145776339657697,
    0.219086362515982043995534934228163, 0.269266719309996355091226921569469,
    0.295524224714752870173892994651338};

constexpr std::array<double, 8> kXgk15 = {
    0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
    0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
    0.586087235467691130294144838258730, 0.405845151377397166906606412076961,
    0.207784955007898467600689403773245, 0.0};
constexpr std::array<double, 8> kWgk15 = {
    0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
    0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
    0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
    0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
// The 7-point Gauss weights at the even (1-based) nodes, zero at the others.
constexpr std::array<double, 8> kWg7 = {
    0.0, 0.129484966168869693270611432679082, 0.0, 0.279705391489276667901467771423780,
    0.0, 0.381830050505118944950369775488975, 0.0, 0.417959183673469387755102040816327};

// The min and max of SciPy's compiled rules where an argument is NaN (an
// overflowed rule's inf - inf): DQK15I's propagate a NaN second argument,
// as x86's minsd and maxsd do, so that an overflowing rule's error is NaN
// and its interval is never taken as converged; the other rules' act as
// std::min and std::max (as observed through SciPy: the first rule of
// quad(exp(x/5.3), 0, inf) has error NaN, that of quad(1.7e308, 0, 10)
// inf).
template <bool kPropagatesNaN> double rule_min(double a, double b) {
  return kPropagatesNaN ? (a < b ? a : b) : std::min(a, b);
}
template <bool kPropagatesNaN> double rule_max(double a, double b) {
  return kPropagatesNaN ? (a > b ? a : b) : std::max(a, b);
}

// estimate_error, inlined into the rules.
template <bool kPropagatesNaN = false>
[[gnu::always_inline]] inline double error_estimate(double difference, double resabs,
                                                    double resasc) {
  double abserr = std::fabs(difference);
  const bool floored = resabs > kUflow / (50.0 * kEpmach);
  const double floor = (kEpmach * 50.0) * resabs;
  if (resasc != 0.0 && abserr != 0.0) {
    const double ratio = 200.0 * abserr / resasc;
    if (ratio >= 1.0) {
      abserr = resasc; // ratio^1.5 >= 1 exactly when ratio >= 1
    } else {
      // ratio sqrt(ratio), two roundings, is within 3e-16 of ratio^1.5
      // relative, as is pow's result: where it is clearly below the floor,
      // so is pow's, and the floor is the estimate whatever pow's last bit.
      const double approximate = ratio * std::sqrt(ratio);
      if (floored && ratio > 0x1p-600 && resasc * approximate * (1.0 + 1e-12) < floor)
        return floor;
      abserr = resasc * rule_min<kPropagatesNaN>(1.0, pow_three_halves(ratio));
    }
  }
  if (floored)
    abserr = rule_max<kPropagatesNaN>(floor, abserr);
  return abserr;
}

} // namespace

double estimate_error(double difference, double resabs, double resasc) {
  return error_estimate(difference, resabs, resasc);
}

RuleResult qk21(Integrand &f, double a, double b) {
  const double centr = 0.5 * (a + b);
  const double hlgth = 0.5 * (b - a);
  const double dhlgth = std::fabs(hlgth);

  // All 21 abscissae in one batch: the centre, then centr -/+ absc for the
  // nodes 1..10 (0-based 0..9).
  std::array<double, 21> x, y;
  x[0] = centr;
  for (int j = 0; j < 10; ++j) {
    const double absc = hlgth * kXgk21[j];
    x[1 + j] = centr - absc;
    x[11 + j] = centr + absc;
  }
  f.evaluate(x.data(), y.data(), x.size());
  const double fc = y[0];
  const double *fv1 = &y[1];
  const double *fv2 = &y[11];

  double resg = 0.0;
  double resk = kWgk21[10] * fc;
  double resabs = std::fabs(resk);
  for (int j = 1; j <= 5; ++j) { // Gauss nodes first, as DQK21 sums them
    const int jtw = 2 * j - 1;   // 0-based index of node 2j
    const double fsum = fv1[jtw] + fv2[jtw];
    resg = resg + kWg10[j - 1] * fsum;
    resk = resk + kWgk21[jtw] * fsum;
    resabs = resabs + kWgk21[jtw] * (std::fabs(fv1[jtw]) + std::fabs(fv2[jtw]));
  }
  for (int j = 1; j <= 5; ++j) {
    const int jtwm1 = 2 * j - 2; // 0-based index of node 2j-1
    const double fsum = fv1[jtwm1] + fv2[jtwm1];
    resk = resk + kWgk21[jtwm1] * fsum;
    resabs = resabs + kWgk21[jtwm1] * (std::fabs(fv1[jtwm1]) + std::fabs(fv2[jtwm1]));
  }
  const double reskh = resk * 0.5;
  double resasc = kWgk21[10] * std::fabs(fc - reskh);
  for (int j = 0; j < 10; ++j)
    resasc = resasc + kWgk21[j] * (std::fabs(fv1[j] - reskh) + std::fabs(fv2[j] - reskh));
  resabs = resabs * dhlgth;
  resasc = resasc * dhlgth;
  return {resk * hlgth, error_estimate((resk - resg) * hlgth, resabs, resasc), resabs, resasc};
}

namespace {

// Eight doubles in one value: AVX-512 holds it in one register, AVX2 in two,
// SSE2 in four. Each lane's arithmetic is the scalar code's, so the bits are.
using Lanes = double __attribute__((vector_size(64)));
using LaneBits = std::uint64_t __attribute__((vector_size(64)));

[[gnu::always_inline]] inline Lanes magnitude(Lanes v) {
  return reinterpret_cast<Lanes>(reinterpret_cast<LaneBits>(v) & 0x7fffffffffffffff);
}

// qk15i's 15 nodes in two vectors: the centre and centr - absc for nodes
// 1..7, then centr + absc for nodes 1..7 and a spare lane (the centre again).
constexpr Lanes kLowNodes = {0.0,        -kXgk15[0], -kXgk15[1], -kXgk15[2],
                             -kXgk15[3], -kXgk15[4], -kXgk15[5], -kXgk15[6]};
constexpr Lanes kHighNodes = {kXgk15[0], kXgk15[1], kXgk15[2], kXgk15[3],
                              kXgk15[4], kXgk15[5], kXgk15[6], 0.0};
// Weights for lanes that hold node j + 1 in lane j (the last lane unused).
constexpr Lanes kKronrod = {kWgk15[0], kWgk15[1], kWgk15[2], kWgk15[3],
                            kWgk15[4], kWgk15[5], kWgk15[6], 0.0};
constexpr Lanes kGauss = {kWg7[0], kWg7[1], kWg7[2], kWg7[3], kWg7[4], kWg7[5], kWg7[6], 0.0};

// The rule over N intervals (one, or both halves of a bisection) with one
// batch of the integrand. The mapping and its 45 divisions per interval run
// in vectors: one at a time, divisions were half of the rule's time. Two
// intervals' sums are independent chains of additions, so they run side by
// side. Always inlined into the target_clones functions below, which build
// it for each instruction set and pick one when the library loads.
template <int N>
[[gnu::always_inline]] inline std::array<RuleResult, N>
qk15i_lanes(Integrand &f, double bound, int inf, const std::array<double, N> &a,
            const std::array<double, N> &b) {
  const double dinf = std::min(1, inf);
  std::array<double, N> centr, hlgth;
  // t in (0, 1) and the abscissae x = bound + dinf (1 - t) / t, with their
  // mirror images -x for a doubly infinite range unless f(-x) is f(x): for
  // each interval 16 (+ 16) points, the last of each 16 a spare copy of the
  // centre's, so that a batch entry point's vectors have no ragged end.
  std::array<Lanes, N> low, high;
  const bool mirror = inf == 2 && !f.even();
  const int block = mirror ? 32 : 16;
  alignas(64) double x[32 * N], y[32 * N];
  for (int k = 0; k < N; ++k) {
    centr[k] = 0.5 * (a[k] + b[k]);
    hlgth[k] = 0.5 * (b[k] - a[k]);
    // The centre lanes (node 0.0) are centr exactly, as centr > 0.
    low[k] = centr[k] + hlgth[k] * kLowNodes;
    high[k] = centr[k] + hlgth[k] * kHighNodes;
    const Lanes x_low = bound + dinf * (1.0 - low[k]) / low[k];
    const Lanes x_high = bound + dinf * (1.0 - high[k]) / high[k];
    const Lanes minus_low = -x_low, minus_high = -x_high;
    double *xk = x + k * block;
    std::memcpy(xk, &x_low, sizeof x_low);
    std::memcpy(xk + 8, &x_high, sizeof x_high);
    if (mirror) {
      std::memcpy(xk + 16, &minus_low, sizeof minus_low);
      std::memcpy(xk + 24, &minus_high, sizeof minus_high);
    }
  }
  if (f.spare_points_are_free()) {
    f.evaluate(x, y, N * block);
  } else {
    for (int start = 0; start < N * block; start += 16) {
      y[start + 15] = 0.0; // a spare lane, never summed
      f.evaluate(x + start, y + start, 15);
    }
  }

  std::array<Lanes, N> fv1, fv2;
  std::array<double, N> fc;
  for (int k = 0; k < N; ++k) {
    const double *yk = y + k * block;
    Lanes value_low, value_high;
    std::memcpy(&value_low, yk, sizeof value_low);
    std::memcpy(&value_high, yk + 8, sizeof value_high);
    if (mirror) {
      Lanes mirror_low, mirror_high;
      std::memcpy(&mirror_low, yk + 16, sizeof mirror_low);
      std::memcpy(&mirror_high, yk + 24, sizeof mirror_high);
      value_low = value_low + mirror_low;
      value_high = value_high + mirror_high;
    } else if (inf == 2) { // f(x) + f(-x), exactly as QUADPACK adds them
      value_low = value_low + value_low;
      value_high = value_high + value_high;
    }
    const Lanes fv_low = value_low / low[k] / low[k];
    fc[k] = fv_low[0];
    fv1[k] = __builtin_shufflevector(fv_low, fv_low, 1, 2, 3, 4, 5, 6, 7, 0);
    fv2[k] = value_high / high[k] / high[k]; // node j + 1 in lane j, as fv1
  }

  // The products in vectors; the sums in QUADPACK's order.
  std::array<Lanes, N> gauss_terms, kronrod_terms, abs_terms;
  std::array<double, N> resg, resk, resabs;
  for (int k = 0; k < N; ++k) {
    const Lanes fsum = fv1[k] + fv2[k];
    gauss_terms[k] = kGauss * fsum;
    kronrod_terms[k] = kKronrod * fsum;
    abs_terms[k] = kKronrod * (magnitude(fv1[k]) + magnitude(fv2[k]));
    resg[k] = kWg7[7] * fc[k];
    resk[k] = kWgk15[7] * fc[k];
    resabs[k] = std::fabs(resk[k]);
  }
  // Unrolled, so that the sums stay in registers.
#pragma GCC unroll 7
  for (int j = 0; j < 7; ++j)
#pragma GCC unroll 2
    for (int k = 0; k < N; ++k) {
      resg[k] = resg[k] + gauss_terms[k][j];
      resk[k] = resk[k] + kronrod_terms[k][j];
      resabs[k] = resabs[k] + abs_terms[k][j];
    }
  std::array<Lanes, N> asc_terms;
  std::array<double, N> resasc;
  for (int k = 0; k < N; ++k) {
    const double reskh = resk[k] * 0.5;
    asc_terms[k] = kKronrod * (magnitude(fv1[k] - reskh) + magnitude(fv2[k] - reskh));
    resasc[k] = kWgk15[7] * std::fabs(fc[k] - reskh);
  }
#pragma GCC unroll 7
  for (int j = 0; j < 7; ++j)
#pragma GCC unroll 2
    for (int k = 0; k < N; ++k)
      resasc[k] = resasc[k] + asc_terms[k][j];

  std::array<RuleResult, N> results;
  for (int k = 0; k < N; ++k) {
    resasc[k] = resasc[k] * hlgth[k];
    resabs[k] = resabs[k] * hlgth[k];
    results[k] = {resk[k] * hlgth[k],
                  error_estimate<true>((resk[k] - resg[k]) * hlgth[k], resabs[k], resasc[k]),
                  resabs[k], resasc[k]};
  }
  return results;
}

[[gnu::target_clones("avx512f", "avx2", "default")]]
RuleResult qk15i_one(Integrand &f, double bound, int inf, double a, double b) {
  return qk15i_lanes<1>(f, bound, inf, {a}, {b})[0];
}

[[gnu::target_clones("avx512f", "avx2", "default")]]
RulePair qk15i_two(Integrand &f, double bound, int inf, double a1, double b1, double a2,
                   double b2) {
  const auto [left, right] = qk15i_lanes<2>(f, bound, inf, {a1, a2}, {b1, b2});
  return {left, right};
}

} // namespace

RuleResult qk15i(Integrand &f, double bound, int inf, double a, double b) {
  return qk15i_one(f, bound, inf, a, b);
}

RulePair qk15i_pair(Integrand &f, double bound, int inf, double a1, double b1, double a2,
                    double b2) {
  return qk15i_two(f, bound, inf, a1, b1, a2, b2);
}

RulePair qk21_pair(Integrand &f, double a1, double b1, double a2, double b2) {
  const RuleResult left = qk21(f, a1, b1);
  return {left, qk21(f, a2, b2)};
}

} // namespace llcjit::quadpack
