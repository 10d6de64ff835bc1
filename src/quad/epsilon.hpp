// Wynn's epsilon algorithm as QUADPACK's DQELG runs it: extrapolates the
// sequence of partial integrals to the limit of the subdivision.
#pragma once

#include <array>

namespace llcjit::quadpack {

class EpsilonTable {
public:
  /// Starts a new sequence with `first` as rlist2(1) and `size` as numrl2
  /// (DQAGSE counts rlist2(2) in before setting it; DQAGPE does not).
  void reset(double first, int size);
  /// rlist2(2) = value, as DQAGSE sets it after the first bisection.
  void set_second(double value) { table_[2] = value; }
  /// Appends an element (numrl2 = numrl2 + 1; rlist2(numrl2) = value).
  void append(double value) { table_[++size_] = value; }
  /// Runs DQELG on the table; returns the extrapolated value and its error.
  void extrapolate(double &result, double &abserr);
  int size() const { return size_; }
  /// The newest element, rlist2(numrl2).
  double last() const { return table_[size_]; }
  /// How often extrapolate() ran (nres).
  int calls() const { return calls_; }

private:
  static constexpr int kLimexp = 50;
  // Undefined until written, as in DQELG: every entry is written first.
  std::array<double, kLimexp + 3> table_; // 1-based, as rlist2(52)
  std::array<double, 4> last_three_;      // 1-based res3la
  int size_ = 0;                          // numrl2
  int calls_ = 0;                         // nres
};

} // namespace llcjit::quadpack
