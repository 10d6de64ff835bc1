// DQC25F, QUADPACK's rule for integrals with the weights cos(omega x) and
// sin(omega x), and the modified Chebyshev moments it keeps between calls.
#pragma once

#include "quad/integrand.hpp"

#include <cstddef>
#include <vector>

namespace llcjit::quadpack {

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

struct OscillatoryRule {
  double result, abserr, resabs, resasc;
  int neval;
};

// DQC25F over (a, b): the 15-point rule when omega*(b-a)/2 is small, else
// Clenshaw-Curtis with the moments of level nrmom (ksave 1: just computed
// for the other half).
OscillatoryRule qc25f(Integrand &f, double a, double b, double omega, int integr, int nrmom,
                      int ksave, Moments &moments);

} // namespace llcjit::quadpack
