// NAME=START:STOP:NUM arguments: values swept over numpy.linspace, several
// at once as an outer product (`llcjit quad`, the REPL's :set table).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace llcjit::tool {

/// numpy.linspace(start, stop, count) for the parameter `name`, whose
/// values are made on demand: a sweep's memory does not grow with count.
struct Sweep {
  std::string name;
  double start = 0, stop = 0;
  std::size_t count = 0;

  /// numpy.linspace's i-th value: start + i * step, the last exactly stop.
  double value(std::size_t i) const;
};

/// The outer product of sweeps in C order, as numpy.meshgrid(...,
/// indexing='ij') raveled: the last sweep varies fastest.
class SweepGrid {
public:
  /// Throws UsageError when the product has more than 2^53 points.
  explicit SweepGrid(std::vector<Sweep> sweeps);
  const std::vector<Sweep> &sweeps() const noexcept { return sweeps_; }
  std::size_t size() const noexcept { return size_; }
  /// The swept values at flat index i, one per sweep, into `values` (of
  /// the sweeps' count).
  void point(std::size_t i, std::span<double> values) const;

private:
  std::vector<Sweep> sweeps_;
  std::size_t size_ = 1;
};

/// Removes the NAME=START:STOP:NUM arguments from `bindings` and returns
/// them in order; throws UsageError for a malformed one or a name swept twice.
std::vector<Sweep> take_sweeps(std::vector<std::string> &bindings);

} // namespace llcjit::tool
