// The definitions of extrapolation.hpp: the steps DQAGSE, DQAGPE and DQAWOE
// share around Wynn's epsilon algorithm.
#include "quad/extrapolation.hpp"

#include <algorithm>
#include <cmath>

namespace llcjit::quadpack {

namespace {

constexpr double kEpmach = std::numeric_limits<double>::epsilon();
constexpr double kUflow = std::numeric_limits<double>::min();

} // namespace

Extrapolation::Extrapolation(double result, double defabs)
    : result(result), defabs_(defabs),
      ksgn_(std::fabs(result) >= (1.0 - 50.0 * kEpmach) * defabs ? 1 : -1) {}

Replaced Extrapolation::bisect(Workspace &ws, int last, const Half &left, const Half &right,
                               int &ier) {
  const Replaced replaced = ws.bisect(last, left, right);
  if (!(left.resasc == left.abserr || right.resasc == right.abserr)) {
    if (!(std::fabs(replaced.area - replaced.area12) > 1.0e-5 * std::fabs(replaced.area12) ||
          replaced.erro12 < 0.99 * replaced.errmax)) {
      if (phase == Phase::kExtrapolating)
        ++iroff2;
      else
        ++iroff1;
    }
    if (last > 10 && replaced.erro12 > replaced.errmax)
      ++iroff3;
  }
  if (iroff1 + iroff2 >= 10 || iroff3 >= 20)
    ier = 2;
  if (iroff2 >= 5)
    ierro = 3;
  if (last == ws.limit)
    ier = 1;
  if (std::max(std::fabs(left.a), std::fabs(right.b)) <=
      (1.0 + 100.0 * kEpmach) * (std::fabs(right.a) + 1000.0 * kUflow))
    ier = 4;
  return replaced;
}

bool Extrapolation::extrapolate(const Workspace &ws, double erlarg, Acceptance acceptance,
                                int &ier) {
  double reseps, abseps;
  table.extrapolate(reseps, abseps);
  ++ktmin;
  if (ktmin > 5 && abserr < 1.0e-3 * ws.errsum)
    ier = 5;
  if (!(abseps < abserr))
    return false;
  ktmin = 0;
  abserr = abseps;
  result = reseps;
  correc = erlarg;
  ertest = std::max(ws.epsabs, ws.epsrel * std::fabs(reseps));
  return acceptance == Acceptance::kBelowTolerance ? abserr < ertest : abserr <= ertest;
}

Choice Extrapolation::choose(const Workspace &ws, int last, Ending ending, Divergence divergence,
                             int ier) const {
  const auto renumbered = [](int code) { return code > 2 ? code - 1 : code; };
  double value = result;
  double error = abserr;
  bool summed = ending == Ending::kSummed;
  if (!summed) {
    if (error == std::numeric_limits<double>::max()) {
      summed = true;
    } else if (ier + ierro != 0) {
      if (ierro == 3)
        error = error + correc;
      if (ier == 0)
        ier = 3;
      if (value != 0.0 && ws.area != 0.0) {
        if (error / std::fabs(value) > ws.errsum / std::fabs(ws.area))
          summed = true;
      } else if (error > ws.errsum) {
        summed = true;
      } else if (ws.area == 0.0) {
        return {value, error, renumbered(ier)};
      }
    }
  }
  if (!summed) {
    const bool diverging = divergence == Divergence::kAtOrAbove ? ws.errsum >= std::fabs(ws.area)
                                                                : ws.errsum > std::fabs(ws.area);
    if (!(ksgn_ == -1 && std::max(std::fabs(value), std::fabs(ws.area)) <= defabs_ * 0.01) &&
        (0.01 > value / ws.area || value / ws.area > 100.0 || diverging))
      ier = 6;
    return {value, error, renumbered(ier)};
  }
  return {ws.total(last), ws.errsum, renumbered(ier)};
}

} // namespace llcjit::quadpack
