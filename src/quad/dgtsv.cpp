// The definitions of dgtsv.hpp: LAPACK's DGTSV, which SciPy's QUADPACK calls
// to solve the tridiagonal systems of DQC25F's Chebyshev moments.
#include "quad/dgtsv.hpp"

#include <cmath>

namespace llcjit::quadpack {

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

} // namespace llcjit::quadpack
