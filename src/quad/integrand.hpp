// The integrand as the rules see it: a batch of abscissae in, values out.
// Behind it is a quad callback's batch entry point, or for nquad the
// integrand at a point with the outer variables fixed, or an inner integral.
#pragma once

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace llcjit::quadpack {

class Integrand {
public:
  /// y[i] = f(x[i]) for i < n.
  using Function = void (*)(void *context, const double *x, double *y, std::size_t n);

  /// How much one more point costs: a batch entry point evaluates a whole
  /// vector of points as fast as a part of one, so the rules may round their
  /// batches up; a point of nquad's outer level is a whole inner integral.
  enum class PointCost { VectorLane, Expensive };

  /// `even`: f(-x) is f(x) to the bit, so that a rule needing both may
  /// evaluate one (see frontend/parity.hpp).
  Integrand(Function function, void *context, PointCost cost, bool even = false)
      : function_(function), context_(context), cost_(cost), even_(even) {}

  /// y[i] = f(x[i]) for i < n; remembers the first non-finite value.
  void evaluate(const double *x, double *y, std::size_t n) {
    function_(context_, x, y, n);
    // A branch-free scan of the exponent bits first, non-finite values being
    // the exception. In blocks of a fixed 8, which GCC vectorises at -O2.
    constexpr std::uint64_t kExponent = 0x7ff0000000000000;
    auto is_non_finite = [&](std::size_t i) -> std::uint64_t {
      return (std::bit_cast<std::uint64_t>(y[i]) & kExponent) == kExponent;
    };
    std::uint64_t non_finite = 0;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
      for (std::size_t j = 0; j < 8; ++j)
        non_finite |= is_non_finite(i + j);
    for (; i < n; ++i)
      non_finite |= is_non_finite(i);
    if (non_finite == 0 || !finite_)
      return;
    for (i = 0; i < n; ++i)
      if (!std::isfinite(y[i])) {
        finite_ = false;
        bad_point_ = x[i];
        bad_value_ = y[i];
        return;
      }
  }

  PointCost point_cost() const { return cost_; }
  /// Whether a rule may evaluate a few spare points to fill its vectors.
  bool spare_points_are_free() const { return cost_ == PointCost::VectorLane; }
  bool even() const { return even_; }

  bool finite() const { return finite_; }
  double bad_point() const { return bad_point_; }
  double bad_value() const { return bad_value_; }

private:
  Function function_;
  void *context_;
  PointCost cost_;
  bool even_;
  bool finite_ = true;
  double bad_point_ = 0;
  double bad_value_ = 0;
};

} // namespace llcjit::quadpack
