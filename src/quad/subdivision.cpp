#include "quad/subdivision.hpp"

#include <fmt/format.h>

namespace llcjit::quadpack {

void Subdivision::store_halves(int maxerr, int last, double a1, double b1,
                               double area1, double error1, double a2, double b2,
                               double area2, double error2) {
  rlist[maxerr] = area1;
  rlist[last] = area2;
  if (!(error2 > error1)) {
    alist[last] = a2;
    blist[maxerr] = b1;
    blist[last] = b2;
    elist[maxerr] = error1;
    elist[last] = error2;
  } else {
    alist[maxerr] = a2;
    alist[last] = a1;
    blist[last] = b1;
    rlist[maxerr] = area2;
    rlist[last] = area1;
    elist[maxerr] = error2;
    elist[last] = error1;
  }
}

void Subdivision::sort(int last, int &maxerr, double &errmax, int &nrmax) {
  if (last <= 2) {
    iord[1] = 1;
    iord[2] = 2;
  } else {
    errmax = elist[maxerr];
    // If subdivision increased the error estimate, move it up the list.
    if (nrmax != 1) {
      const int ido = nrmax - 1;
      for (int i = 1; i <= ido; ++i) {
        const int isucc = iord[nrmax - 1];
        if (errmax <= elist[isucc])
          break;
        iord[nrmax] = isucc;
        --nrmax;
      }
    }
    // Only as many elements as subdivisions remain are kept in order.
    int jupbn = last;
    if (last > limit / 2 + 2)
      jupbn = limit + 3 - last;
    const double errmin = elist[last];
    const int jbnd = jupbn - 1;
    const int ibeg = nrmax + 1;
    int i = ibeg;
    bool inserted = false;
    for (; i <= jbnd; ++i) {
      const int isucc = iord[i];
      if (errmax >= elist[isucc]) {
        inserted = true;
        break;
      }
      iord[i - 1] = isucc;
    }
    if (!inserted) {
      iord[jbnd] = maxerr;
      iord[jupbn] = last;
    } else {
      // Insert errmin by traversing the list bottom-up.
      iord[i - 1] = maxerr;
      int k = jbnd;
      bool placed = false;
      for (int j = i; j <= jbnd; ++j) {
        const int isucc = iord[k];
        if (errmin < elist[isucc]) {
          iord[k + 1] = last;
          placed = true;
          break;
        }
        iord[k + 1] = isucc;
        --k;
      }
      if (!placed)
        iord[i] = last;
    }
  }
  maxerr = iord[nrmax];
  errmax = elist[maxerr];
}

double Subdivision::total(int last) const {
  double result = 0.0;
  for (int k = 1; k <= last; ++k)
    result = result + rlist[k];
  return result;
}

std::string message_for(int ier, int limit) {
  switch (ier) {
  case 0:
    return "";
  case 1:
    return fmt::format(
        "The maximum number of subdivisions ({}) has been achieved. If increasing "
        "the limit yields no improvement it is advised to analyze the integrand in "
        "order to determine the difficulties. If the position of a local "
        "difficulty can be determined (singularity, discontinuity) one will "
        "probably gain from splitting up the interval and calling the integrator "
        "on the subranges. Perhaps a special-purpose integrator should be used.",
        limit);
  case 2:
    return "The occurrence of roundoff error is detected, which prevents the "
           "requested tolerance from being achieved. The error may be "
           "underestimated.";
  case 3:
    return "Extremely bad integrand behavior occurs at some points of the "
           "integration interval.";
  case 4:
    return "The algorithm does not converge. Roundoff error is detected in the "
           "extrapolation table. It is assumed that the requested tolerance "
           "cannot be achieved, and that the returned result is the best which "
           "can be obtained.";
  case 5:
    return "The integral is probably divergent, or slowly convergent.";
  case 6:
    return "The input is invalid.";
  case 7:
    return "Abnormal termination of the routine. The estimates for result and "
           "error are less reliable. It is assumed that the requested accuracy "
           "has not been achieved.";
  default:
    return "The integrand returned NaN or an infinity; the integration stopped "
           "there.";
  }
}

} // namespace llcjit::quadpack
