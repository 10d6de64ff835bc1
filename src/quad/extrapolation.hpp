// The state DQAGSE, DQAGIE, DQAGPE and DQAWOE add to the workspace for
// extrapolating the sequence of subdivisions with Wynn's epsilon algorithm,
// and the steps they share: counting roundoff after a bisection, one
// extrapolation, and choosing the final result.
#pragma once

#include "quad/epsilon.hpp"
#include "quad/workspace.hpp"

#include <limits>

namespace llcjit::quadpack {

/// QUADPACK's `extrap`: whether the routine is bisecting the small
/// intervals on its way to the next extrapolation.
enum class Phase { kBisecting, kExtrapolating };

/// When an extrapolated result is good enough: DQAGSE and DQAWOE accept
/// abserr <= ertest, DQAGPE only abserr < ertest.
enum class Acceptance { kAtTolerance, kBelowTolerance };

/// How the loop ended: on the sum over the intervals (it met the tolerance,
/// or nothing was extrapolated), or with an extrapolated result to weigh.
enum class Ending { kSummed, kExtrapolated };

/// The test on divergence: errsum > |area| (DQAGSE, DQAGPE) or
/// errsum >= |area| (DQAWOE).
enum class Divergence { kAbove, kAtOrAbove };

struct Choice {
  double value, abserr;
  int ier;
};

class Extrapolation {
public:
  /// After the first rule gave `result` with |f| integrated to `defabs`.
  Extrapolation(double result, double defabs);

  /// Replaces the workspace's selected interval by its halves (stored at it
  /// and at `last`, Workspace::bisect), counts the signs of roundoff in the
  /// bisection and sets ier for roundoff (2), the limit (1) and bad
  /// behaviour at a point (4). Returns what the halves replaced.
  Replaced bisect(Workspace &ws, int last, const Half &left, const Half &right, int &ier);

  /// One extrapolation of the table (the new area already appended): counts
  /// it, flags ier 5 when it stalls, keeps the result when its error is
  /// smaller. True when that result is accepted.
  bool extrapolate(const Workspace &ws, double erlarg, Acceptance acceptance, int &ier);

  /// The end of DQAGSE (labels 100-130), DQAGPE and DQAWOE: the
  /// extrapolated result or the sum over the intervals, the test on
  /// divergence, and QUADPACK's renumbering of ier.
  Choice choose(const Workspace &ws, int last, Ending ending, Divergence divergence, int ier) const;

  EpsilonTable table;
  Phase phase = Phase::kBisecting;
  double result;                                      // the best extrapolated result
  double abserr = std::numeric_limits<double>::max(); // its error estimate
  double correc = 0;                                  // erlarg when the result was taken
  double ertest = 0;                      // the tolerance the result is measured against
  int ktmin = 0;                          // extrapolations since the result last improved
  int iroff1 = 0, iroff2 = 0, iroff3 = 0; // signs of roundoff counted
  int ierro = 0;                          // 3 when roundoff hit the extrapolation

private:
  double defabs_;
  int ksgn_; // -1 when the integrand's cancellation is large
};

} // namespace llcjit::quadpack
