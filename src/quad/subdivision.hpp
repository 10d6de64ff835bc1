// The state QUADPACK's globally adaptive routines (DQAGSE, DQAGIE, DQAGPE)
// keep: the subintervals with their integrals and error estimates, ordered by
// error (DQPSRT), and the bookkeeping for the final result. Indices are
// 1-based, as in QUADPACK, so that its tie-breaking is kept exactly.
#pragma once

#include "quad/epsilon.hpp"

#include <llcjit/quad.hpp>

#include <array>
#include <limits>
#include <span>
#include <vector>

namespace llcjit::quadpack {

struct Subdivision {
  /// Lists for up to `limit` intervals, 1-based, of which room for
  /// `initial` is made now and the rest by make_room() as bisection reaches
  /// it: time and memory follow the intervals made, not the limit (a limit
  /// of 10^7 costs nothing for an integral done in three). Like QUADPACK's
  /// work arrays the lists start undefined: every entry is written before it
  /// is read (valgrind finds no read of one through the SciPy comparison
  /// tests).
  explicit Subdivision(int limit, int initial = 1);
  Subdivision(const Subdivision &) = delete; // the lists point into it
  Subdivision &operator=(const Subdivision &) = delete;

  /// Makes interval `last` (at most limit) addressable, keeping the lists'
  /// contents. Call before storing it; the spans may move.
  void make_room(int last) {
    if (static_cast<std::size_t>(last) >= alist.size())
      grow(last);
  }

  /// Stores the halves of interval `maxerr` at `maxerr` and `last`, the one
  /// with the larger error at `maxerr`.
  void store_halves(int maxerr, int last, double a1, double b1, double area1, double error1,
                    double a2, double b2, double area2, double error2);

  /// DQPSRT: keeps iord in descending order of error and selects the
  /// interval to bisect next (maxerr, errmax) at position nrmax.
  void sort(int last, int &maxerr, double &errmax, int &nrmax);

  /// The sum of the integrals over the first `last` intervals.
  double total(int last) const;

  int limit;
  std::span<double> alist, blist, rlist, elist;
  std::span<int> iord, level;

private:
  void grow(int last);
  void point_at(std::span<double> doubles, std::span<int> ints, std::size_t length);

  // Up to this many intervals (SciPy's default limit is 50) the lists live in
  // the object itself, so that a sweep of thousands of small integrals does
  // not spend its time allocating and freeing them.
  static constexpr std::size_t kInlineCapacity = 64;
  std::array<double, 4 * (kInlineCapacity + 2)> inline_doubles_;
  std::array<int, 2 * (kInlineCapacity + 2)> inline_ints_;
  std::vector<double> heap_doubles_;
  std::vector<int> heap_ints_;
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
double record_bisection(Subdivision &s, int maxerr, int last, const Half &left, const Half &right,
                        double errmax, bool extrap, double epsabs, double epsrel,
                        Roundoff &roundoff, double &area, double &errsum, int &ier);

struct Choice {
  double value, abserr;
  int ier;
};

/// The end of DQAGSE (labels 100-130), DQAGPE and DQAWOE: the extrapolated
/// result or the sum over the subintervals, the test on divergence, and
/// QUADPACK's renumbering of ier. `summed`: go straight to the sum (the
/// loop met the tolerance, or nothing was extrapolated). DQAWOE tests
/// divergence with errsum >= |area| where the others use >.
Choice choose_result(const Subdivision &s, int last, bool summed, double result, double abserr,
                     double area, double errsum, double correc, double defabs, int ksgn, int ier,
                     int ierro, bool divergence_at_equality);

/// Before extrapolating, DQAGSE, DQAGPE and DQAWOE look down the
/// error-ordered list from position nrmax for an interval that is not among
/// the smallest (`is_large(index)`). If there is one it is bisected next:
/// maxerr, errmax and nrmax point at it and the result is true.
template <typename IsLarge>
bool find_large_interval(const Subdivision &s, int last, int &maxerr, double &errmax, int &nrmax,
                         IsLarge is_large) {
  const int id = nrmax;
  int jupbnd = last;
  if (last > 2 + s.limit / 2)
    jupbnd = s.limit + 3 - last;
  for (int k = id; k <= jupbnd; ++k) {
    maxerr = s.iord[nrmax];
    errmax = s.elist[maxerr];
    if (is_large(maxerr))
      return true;
    ++nrmax;
  }
  return false;
}

/// The best extrapolated result so far and what goes with it.
struct Extrapolated {
  double result = 0;
  double abserr = std::numeric_limits<double>::max();
  double correc = 0; // erlarg when the result was taken
  double ertest = 0; // the tolerance the result is measured against
  int ktmin = 0;     // extrapolations since the result last improved
};

/// One extrapolation of the table (the new area already appended), as the
/// three integrators do it: count it, flag ier 5 when it stalls, keep the
/// result when its error is smaller. True when that result meets ertest
/// (strictly below it for DQAGPE, `strict`).
bool extrapolate_step(EpsilonTable &table, double errsum, double erlarg, double epsabs,
                      double epsrel, bool strict, Extrapolated &best, int &ier);

/// A NaN result with ier kNonFiniteIntegrand, after `neval` evaluations.
QuadResult non_finite(int neval, int last);

/// QUADPACK's messages for its ier codes, as scipy.integrate.quad words them.
std::string message_for(int ier, int limit);

} // namespace llcjit::quadpack
