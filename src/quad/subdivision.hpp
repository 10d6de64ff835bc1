// The state QUADPACK's globally adaptive routines (DQAGSE, DQAGIE, DQAGPE)
// keep: the subintervals with their integrals and error estimates, ordered by
// error (DQPSRT), and the bookkeeping for the final result. Indices are
// 1-based, as in QUADPACK, so that its tie-breaking is kept exactly.
#pragma once

#include <llcjit/quad.hpp>

#include <vector>

namespace llcjit::quadpack {

struct Subdivision {
  /// Room for `capacity` intervals (at least limit); 1-based.
  Subdivision(int limit, int capacity)
      : limit(limit), alist(capacity + 2), blist(capacity + 2), rlist(capacity + 2),
        elist(capacity + 2), iord(capacity + 2), level(capacity + 2) {}

  /// Stores the halves of interval `maxerr` at `maxerr` and `last`, the one
  /// with the larger error at `maxerr`.
  void store_halves(int maxerr, int last, double a1, double b1, double area1,
                    double error1, double a2, double b2, double area2, double error2);

  /// DQPSRT: keeps iord in descending order of error and selects the
  /// interval to bisect next (maxerr, errmax) at position nrmax.
  void sort(int last, int &maxerr, double &errmax, int &nrmax);

  /// The sum of the integrals over the first `last` intervals.
  double total(int last) const;

  int limit;
  std::vector<double> alist, blist, rlist, elist;
  std::vector<int> iord, level;
};

/// One half of a bisected interval and its rule's results.
struct Half {
  double a, b, result, abserr, resasc;
};

/// The signs of roundoff QUADPACK's bisecting integrators count.
struct Roundoff {
  int iroff1 = 0, iroff2 = 0, iroff3 = 0;
  int ierro = 0;
};

/// The bookkeeping after one bisection of interval `maxerr`, as DQAGSE,
/// DQAGPE and DQAWOE share it: area and errsum take in the halves, the signs
/// of roundoff are counted, the halves stored, and ier set for roundoff (2),
/// the limit (1) and bad behaviour at a point (4). Returns the new errbnd.
double record_bisection(Subdivision &s, int maxerr, int last, const Half &left,
                        const Half &right, double errmax, bool extrap, double epsabs,
                        double epsrel, Roundoff &roundoff, double &area, double &errsum,
                        int &ier);

struct Choice {
  double value, abserr;
  int ier;
};

/// The end of DQAGSE (labels 100-130), DQAGPE and DQAWOE: the extrapolated
/// result or the sum over the subintervals, the test on divergence, and
/// QUADPACK's renumbering of ier. `summed`: go straight to the sum (the
/// loop met the tolerance, or nothing was extrapolated). DQAWOE tests
/// divergence with errsum >= |area| where the others use >.
Choice choose_result(const Subdivision &s, int last, bool summed, double result,
                     double abserr, double area, double errsum, double correc,
                     double defabs, int ksgn, int ier, int ierro,
                     bool divergence_at_equality);

/// A NaN result with ier kNonFiniteIntegrand, after `neval` evaluations.
QuadResult non_finite(int neval, int last);

/// QUADPACK's messages for its ier codes, as scipy.integrate.quad words them.
std::string message_for(int ier, int limit);

} // namespace llcjit::quadpack
