// The workspace QUADPACK's globally adaptive routines (DQAGSE, DQAGIE,
// DQAGPE, DQAWOE, DQAWCE, DQAWSE) share, in GSL's shape: the subintervals
// with their integrals and error estimates, ordered by error (DQPSRT), the
// running sums, and the interval to bisect next, with the verbs that change
// them. Indices are 1-based, as in QUADPACK, so that its tie-breaking is
// kept exactly; the field names are QUADPACK's so that each routine still
// reads against its labels.
#pragma once

#include <llcjit/quad.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <vector>

namespace llcjit::quadpack {

/// One half of a bisected interval and its rule's results.
struct Half {
  double a, b, result, abserr, resasc;
};

/// What a bisection replaced, for the routines' tests on roundoff.
struct Replaced {
  double area12; // the halves' integrals summed
  double erro12; // the halves' error estimates summed
  double area;   // the integral of the interval they replace
  double errmax; // its error estimate
};

class Workspace {
public:
  /// Lists for up to `limit` intervals, 1-based, of which room for
  /// `initial` is made now and the rest by make_room() as bisection reaches
  /// it: time and memory follow the intervals made, not the limit (a limit
  /// of 10^7 costs nothing for an integral done in three). Like QUADPACK's
  /// work arrays the lists start undefined: every entry is written before it
  /// is read (valgrind finds no read of one through the SciPy comparison
  /// tests).
  ///
  /// With `details` (SciPy's full_output) the lists are its vectors instead,
  /// `limit` long and zeroed as SciPy's arrays are allocated, so that they
  /// hold the routine's lists once it returns, whichever way it returns;
  /// finish_details() makes them 0-based.
  Workspace(int limit, double epsabs, double epsrel, int initial = 1,
            QuadDetails *details = nullptr);
  Workspace(const Workspace &) = delete; // the lists point into it
  Workspace &operator=(const Workspace &) = delete;

  /// Makes interval `last` (at most limit) addressable, keeping the lists'
  /// contents. Call before storing it; the spans may move.
  void make_room(int last) {
    if (static_cast<std::size_t>(last) >= alist.size())
      grow(last);
  }

  /// One interval (a, b) holding the whole integral: the state after the
  /// first rule, with that interval selected for bisection.
  void start(double a, double b, double result, double abserr);

  /// The halves of the selected interval: (a1, b1) and (b1, b2).
  struct Split {
    double a1, b1, b2;
  };
  Split split_selected() const {
    return {alist[maxerr], 0.5 * (alist[maxerr] + blist[maxerr]), blist[maxerr]};
  }

  /// Replaces the selected interval by its halves, stored at maxerr and
  /// `last` (the one with the larger error at maxerr), takes them into area
  /// and errsum, and selects the next interval (DQPSRT).
  Replaced bisect(int last, const Half &left, const Half &right);

  /// Stores the halves of interval `maxerr` at `maxerr` and `last`.
  void store_halves(int last, const Half &left, const Half &right);

  /// DQPSRT: keeps iord in descending order of error and selects the
  /// interval to bisect next (maxerr, errmax) at position nrmax.
  void sort(int last);

  /// Selects the interval with the largest error (nrmax = 1), as the
  /// extrapolating routines do after an extrapolation.
  void select_largest() {
    maxerr = iord[1];
    errmax = elist[maxerr];
    nrmax = 1;
  }

  /// Before extrapolating, DQAGSE, DQAGPE and DQAWOE look down the
  /// error-ordered list from position nrmax for an interval that is not
  /// among the smallest (`is_large(index)`). If there is one it is selected
  /// and the result is true.
  template <typename IsLarge> bool select_large_interval(int last, IsLarge is_large) {
    const int id = nrmax;
    int jupbnd = last;
    if (last > 2 + limit / 2)
      jupbnd = limit + 3 - last;
    for (int k = id; k <= jupbnd; ++k) {
      maxerr = iord[nrmax];
      errmax = elist[maxerr];
      if (is_large(maxerr))
        return true;
      ++nrmax;
    }
    return false;
  }

  /// The error the sum over the intervals is held to: max(epsabs,
  /// epsrel |area|).
  double errbnd() const;

  /// The sum of the integrals over the first `last` intervals.
  double total(int last) const;

  const int limit;
  const double epsabs, epsrel;
  std::span<double> alist, blist, rlist, elist;
  std::span<int> iord, level;
  int maxerr = 1;    // the interval to bisect next
  double errmax = 0; // its error estimate
  int nrmax = 1;     // its position in iord
  double area = 0;   // the sum of the intervals' integrals
  double errsum = 0; // the sum of their error estimates

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

/// Drops the 1-based lists' unused first entry and trims them to `limit`.
void finish_details(QuadDetails &details, int limit);

} // namespace llcjit::quadpack
