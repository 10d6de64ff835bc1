// Reductions over a length known at compile time (a filter's footprint) in
// straight-line code: NumPy's pairwise sums, and sorting networks for
// median and percentile, so that no loop is left in a fused kernel.
#include "codegen/body_emitter.hpp"

#include "codegen/numpy_order.hpp"
#include "codegen/sorting_network.hpp"

namespace llcjit::codegen {

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
  default: return nullptr;
  }
  if (count > kMaxSortingNetwork)
    return nullptr;
  std::optional<double> q;
  if (expr.builtin == Builtin::Percentile) {
    q = frontend::literal_value(*expr.operands[1]);
    if (!q)
      return nullptr;
  }
  const std::vector<llvm::Value *> values = elements(array, count);
  const std::vector<llvm::Value *> order = sorted(values);
  llvm::Value *result;
  if (expr.builtin == Builtin::Median) {
    // np.median averages the middle pair with np.mean.
    const std::size_t half = count / 2;
    result = count % 2 == 1 ? order[half]
                            : b_.CreateFDiv(pairwise_sum({&order[half - 1], 2}), number(2.0));
  } else if (!(*q >= 0.0 && *q <= 100.0)) {
    result = nan();
  } else {
    // numpy.percentile, method 'linear', as llcjit_rt_percentile.
    const numpy::PercentilePoint at = numpy::percentile_point(count, *q);
    result = at.last ? order[count - 1]
                     : numpy::lerp(
                           order[at.below], order[at.below + 1], at.t,
                           [&](llvm::Value *a, llvm::Value *b) { return b_.CreateFSub(a, b); },
                           [&](llvm::Value *a, llvm::Value *b) { return b_.CreateFAdd(a, b); },
                           [&](llvm::Value *a, double s) { return b_.CreateFMul(a, number(s)); });
  }
  return b_.CreateSelect(any_nan(values), nan(), result);
}

} // namespace llcjit::codegen
