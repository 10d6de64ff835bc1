// Reductions over a length known at compile time (a filter's footprint) in
// straight-line code: NumPy's pairwise sums, and sorting networks for
// median and percentile (and their NaN-ignoring forms), so that no loop is
// left in a fused kernel.
#include "codegen/body_emitter.hpp"

#include "codegen/sorting_network.hpp"
#include "numeric/numpy_order.hpp"

#include <limits>

namespace llcjit::codegen {

bool sorted_by_network(const Expr &order_statistic, std::size_t count) {
  const bool percentile = order_statistic.builtin == Builtin::Percentile ||
                          order_statistic.builtin == Builtin::NanPercentile;
  return count <= kMaxSortingNetwork &&
         (!percentile || frontend::literal_value(*order_statistic.operands[1]));
}

std::vector<llvm::Value *> BodyEmitter::elements(const Expr &array, std::size_t count) {
  std::vector<llvm::Value *> values;
  for (std::size_t i = 0; i < count; ++i)
    values.push_back(element(array, b_.getInt64(i)));
  return values;
}

// NumPy's pairwise summation on values known one by one: the runtime's
// definition on IR values, so the same operations and the same bits.
llvm::Value *BodyEmitter::pairwise_sum(std::span<llvm::Value *const> terms) {
  return numpy::pairwise_sum<llvm::Value *>(
      terms, [&](llvm::Value *a, llvm::Value *b) { return b_.CreateFAdd(a, b); }, number(0.0));
}

// Compare-exchange as `a < b ? a : b` and `a > b ? a : b`, each one vector
// instruction on x86; NaN is dealt with by the caller, as NumPy does, by
// answering NaN whenever one is present.
std::vector<llvm::Value *> BodyEmitter::sorted(std::vector<llvm::Value *> values) {
  for (const auto &[i, j] : sorting_network(values.size())) {
    llvm::Value *a = values[i];
    llvm::Value *b = values[j];
    values[i] = b_.CreateSelect(b_.CreateFCmpOLT(a, b), a, b);
    values[j] = b_.CreateSelect(b_.CreateFCmpOGT(a, b), a, b);
  }
  return values;
}

llvm::Value *BodyEmitter::any_nan(const std::vector<llvm::Value *> &values) {
  llvm::Value *found = b_.getFalse();
  for (llvm::Value *value : values)
    found = b_.CreateOr(found, b_.CreateFCmpUNO(value, value));
  return found;
}

// np.median of the first `count` of `order`: np.mean of the middle one or
// two, a pairwise sum from 0.0 (so a middle -0 gives +0) divided by their
// number, as llcjit_rt_median.
llvm::Value *BodyEmitter::median_of_sorted(const std::vector<llvm::Value *> &order,
                                           std::size_t count) {
  const std::size_t half = count / 2;
  if (count % 2 == 1)
    return b_.CreateFDiv(pairwise_sum({&order[half], 1}), number(1.0));
  return b_.CreateFDiv(pairwise_sum({&order[half - 1], 2}), number(2.0));
}

// Of the first `count` of `order`: the median (no q), or the q-th
// percentile, method 'linear', as llcjit_rt_percentile (NaN for a q outside
// [0, 100]).
llvm::Value *BodyEmitter::median_or_percentile(const std::vector<llvm::Value *> &order,
                                               std::size_t count, std::optional<double> q) {
  if (!q)
    return median_of_sorted(order, count);
  if (!(*q >= 0.0 && *q <= 100.0))
    return nan();
  const numpy::PercentilePoint at = numpy::percentile_point(count, *q);
  return lerp(order[at.below], order[at.above], at.t);
}

// numpy's _lerp on IR values, with the runtime's definition.
llvm::Value *BodyEmitter::lerp(llvm::Value *a, llvm::Value *b, double t) {
  return numpy::lerp(
      a, b, t, [&](llvm::Value *x, llvm::Value *y) { return b_.CreateFSub(x, y); },
      [&](llvm::Value *x, llvm::Value *y) { return b_.CreateFAdd(x, y); },
      [&](llvm::Value *x, double s) { return b_.CreateFMul(x, number(s)); });
}

// sum, mean, var, std, median and percentile (of a constant q) over a length
// known at compile time, in straight-line code with the runtime's arithmetic;
// null for what only the runtime does (a percentile of a computed q, a sort
// too long for a network).
llvm::Value *BodyEmitter::unrolled_reduction(const Expr &expr, std::size_t count) {
  const Expr &array = *expr.operands[0];
  const double n = static_cast<double>(count);
  switch (expr.builtin) {
  case Builtin::Sum: return pairwise_sum(elements(array, count));
  case Builtin::Mean: return b_.CreateFDiv(pairwise_sum(elements(array, count)), number(n));
  case Builtin::Var:
  case Builtin::Std: {
    std::vector<llvm::Value *> values = elements(array, count);
    llvm::Value *mean = b_.CreateFDiv(pairwise_sum(values), number(n));
    for (llvm::Value *&value : values) {
      llvm::Value *deviation = b_.CreateFSub(value, mean);
      value = b_.CreateFMul(deviation, deviation);
    }
    llvm::Value *var = b_.CreateFDiv(pairwise_sum(values), number(n));
    return expr.builtin == Builtin::Var ? var : intrinsic(llvm::Intrinsic::sqrt, {var});
  }
  case Builtin::Median:
  case Builtin::Percentile: break;
  case Builtin::NanSum:
  case Builtin::NanMean:
  case Builtin::NanVar:
  case Builtin::NanStd: return unrolled_nan_moment(expr, count);
  case Builtin::NanMedian:
  case Builtin::NanPercentile: return unrolled_nan_order(expr, count);
  default: return nullptr;
  }
  if (!sorted_by_network(expr, count))
    return nullptr;
  const std::optional<double> q = expr.builtin == Builtin::Percentile
                                      ? frontend::literal_value(*expr.operands[1])
                                      : std::nullopt;
  const std::vector<llvm::Value *> values = elements(array, count);
  const std::vector<llvm::Value *> order = sorted(values);
  return b_.CreateSelect(any_nan(values), nan(), median_or_percentile(order, count, q));
}

// numpy.nansum, nanmean, nanvar and nanstd (numpy/lib/nanfunctions.py): the
// NaN replaced by 0, sums over the whole length in NumPy's pairwise order,
// divided by the count of the others.
llvm::Value *BodyEmitter::unrolled_nan_moment(const Expr &expr, std::size_t count) {
  std::vector<llvm::Value *> values = elements(*expr.operands[0], count);
  std::vector<llvm::Value *> present;
  llvm::Value *counted = number(0.0); // exact: a sum of ones
  for (llvm::Value *&value : values) {
    llvm::Value *is_number = b_.CreateFCmpORD(value, value);
    present.push_back(is_number);
    counted = b_.CreateFAdd(counted, b_.CreateSelect(is_number, number(1.0), number(0.0)));
    value = b_.CreateSelect(is_number, value, number(0.0));
  }
  llvm::Value *sum = pairwise_sum(values);
  if (expr.builtin == Builtin::NanSum)
    return sum;
  llvm::Value *mean = b_.CreateFDiv(sum, counted);
  if (expr.builtin == Builtin::NanMean)
    return mean;
  for (std::size_t i = 0; i < count; ++i) {
    llvm::Value *deviation =
        b_.CreateSelect(present[i], b_.CreateFSub(values[i], mean), number(0.0));
    values[i] = b_.CreateFMul(deviation, deviation);
  }
  llvm::Value *var = b_.CreateFDiv(pairwise_sum(values), counted);
  return expr.builtin == Builtin::NanVar ? var : intrinsic(llvm::Intrinsic::sqrt, {var});
}

// numpy.nanmedian and nanpercentile: the median or percentile of the non-NaN
// elements. With NaN sorted as +inf the first c of the sorted values are
// the c non-NaN ones in order, so the network sorts once and the result is
// picked among the answers for every possible c.
llvm::Value *BodyEmitter::unrolled_nan_order(const Expr &expr, std::size_t count) {
  if (!sorted_by_network(expr, count))
    return nullptr;
  const std::optional<double> q = expr.builtin == Builtin::NanPercentile
                                      ? frontend::literal_value(*expr.operands[1])
                                      : std::nullopt;
  std::vector<llvm::Value *> values = elements(*expr.operands[0], count);
  llvm::Value *present = b_.getInt64(0);
  llvm::Value *infinity = number(std::numeric_limits<double>::infinity());
  for (llvm::Value *&value : values) {
    llvm::Value *is_number = b_.CreateFCmpORD(value, value);
    present = b_.CreateAdd(present, b_.CreateZExt(is_number, b_.getInt64Ty()));
    value = b_.CreateSelect(is_number, value, infinity);
  }
  const std::vector<llvm::Value *> order = sorted(values);
  llvm::Value *result = nan(); // no number at all
  for (std::size_t k = 1; k <= count; ++k) {
    result = b_.CreateSelect(b_.CreateICmpEQ(present, b_.getInt64(k)),
                             median_or_percentile(order, k, q), result);
  }
  return result;
}

} // namespace llcjit::codegen
