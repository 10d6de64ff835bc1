// The definitions of epsilon.hpp: Wynn's epsilon algorithm as QUADPACK's DQELG
// runs it.
#include "quad/epsilon.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace llcjit::quadpack {

namespace {
constexpr double kEpmach = std::numeric_limits<double>::epsilon();
constexpr double kOflow = std::numeric_limits<double>::max();
} // namespace

void EpsilonTable::reset(double first, int size) {
  table_[1] = first;
  size_ = size;
  calls_ = 0;
}

void EpsilonTable::extrapolate(double &result, double &abserr) {
  double *epstab = table_.data(); // epstab[i] is rlist2(i)
  int &n = size_;
  ++calls_;
  abserr = kOflow;
  result = epstab[n];
  if (n < 3) {
    abserr = std::max(abserr, 5.0 * kEpmach * std::fabs(result));
    return;
  }
  epstab[n + 2] = epstab[n];
  const int newelm = (n - 1) / 2;
  epstab[n] = kOflow;
  const int num = n;
  int k1 = n;
  bool converged = false;
  for (int i = 1; i <= newelm; ++i) {
    const int k2 = k1 - 1;
    const int k3 = k1 - 2;
    double res = epstab[k1 + 2];
    const double e0 = epstab[k3];
    const double e1 = epstab[k2];
    const double e2 = res;
    const double e1abs = std::fabs(e1);
    const double delta2 = e2 - e1;
    const double err2 = std::fabs(delta2);
    const double tol2 = std::max(std::fabs(e2), e1abs) * kEpmach;
    const double delta3 = e1 - e0;
    const double err3 = std::fabs(delta3);
    const double tol3 = std::max(e1abs, std::fabs(e0)) * kEpmach;
    if (!(err2 > tol2 || err3 > tol3)) {
      // e0, e1 and e2 are equal to within machine accuracy: converged.
      result = res;
      abserr = err2 + err3;
      converged = true;
      break;
    }
    const double e3 = epstab[k1];
    epstab[k1] = e1;
    const double delta1 = e1 - e3;
    const double err1 = std::fabs(delta1);
    const double tol1 = std::max(e1abs, std::fabs(e3)) * kEpmach;
    bool irregular = err1 <= tol1 || err2 <= tol2 || err3 <= tol3;
    double ss = 0.0;
    if (!irregular) {
      ss = 1.0 / delta1 + 1.0 / delta2 - 1.0 / delta3;
      irregular = !(std::fabs(ss * e1) > 1.0e-4);
    }
    if (irregular) {
      // Two elements are very close, or the table behaves irregularly:
      // omit a part of it.
      n = i + i - 1;
      break;
    }
    res = e1 + 1.0 / ss;
    epstab[k1] = res;
    k1 = k1 - 2;
    const double error = err2 + std::fabs(res - e2) + err3;
    if (!(error > abserr)) {
      abserr = error;
      result = res;
    }
  }
  if (converged && n >= kLimexp) {
    // DQELG leaves a converged table of limexp elements as it is, and the
    // next call's epstab(n + 2) writes past rlist2(52): undefined in the
    // Fortran (and in SciPy). llcjit keeps the newest 2 (limexp / 2) - 1
    // elements instead, as DQELG's shift does when it has not converged
    // (docs/quadrature.md).
    const int kept = 2 * (kLimexp / 2) - 1;
    std::copy(epstab + n - kept + 1, epstab + n + 1, epstab + 1);
    n = kept;
  }
  if (!converged) {
    // Shift the table.
    if (n == kLimexp)
      n = 2 * (kLimexp / 2) - 1;
    int ib = (num / 2) * 2 == num ? 2 : 1;
    const int ie = newelm + 1;
    for (int i = 1; i <= ie; ++i) {
      const int ib2 = ib + 2;
      epstab[ib] = epstab[ib2];
      ib = ib2;
    }
    if (num != n) {
      int indx = num - n + 1;
      for (int i = 1; i <= n; ++i) {
        epstab[i] = epstab[indx];
        ++indx;
      }
    }
    if (calls_ < 4) {
      last_three_[calls_] = result;
      abserr = kOflow;
    } else {
      abserr = std::fabs(result - last_three_[3]) + std::fabs(result - last_three_[2]) +
               std::fabs(result - last_three_[1]);
      last_three_[1] = last_three_[2];
      last_three_[2] = last_three_[3];
      last_three_[3] = result;
    }
  }
  abserr = std::max(abserr, 5.0 * kEpmach * std::fabs(result));
}

} // namespace llcjit::quadpack
