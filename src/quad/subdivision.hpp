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

/// QUADPACK's messages for its ier codes, as scipy.integrate.quad words them.
std::string message_for(int ier, int limit);

} // namespace llcjit::quadpack
