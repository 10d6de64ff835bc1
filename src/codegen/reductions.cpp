// Reductions over an array expression (min, max, argmin, count, any, sum,
// var, median, percentile, ...) with NumPy's semantics: folds in IR, or the
// runtime's NumPy-exact algorithms on a buffer.
#include "codegen/body_emitter.hpp"

#include "codegen/loop.hpp"

#include <limits>

namespace llcjit::codegen {

// Copies the array's elements into a buffer for the runtime's reductions.
// Returns the buffer; null when none could be had, which the runtime's
// reductions answer with NaN.
llvm::Value *BodyEmitter::materialize(const Expr &array, llvm::Value *count) {
  llvm::Value *buffer;
  if (analysis_.values_size && *analysis_.values_size <= kMaxStackBuffer) {
    // In the entry block, so that a loop around the body reuses one slot.
    llvm::BasicBlock &entry = b_.GetInsertBlock()->getParent()->getEntryBlock();
    llvm::IRBuilder<> at_entry(&entry, entry.getFirstInsertionPt());
    buffer = at_entry.CreateAlloca(double_, b_.getInt64(*analysis_.values_size));
  } else {
    buffer = call("llcjit_rt_scratch", b_.getPtrTy(), {count}, false);
    count = b_.CreateSelect(b_.CreateIsNull(buffer), b_.getInt64(0), count);
  }
  emit_loop(b_, count, {}, [&](llvm::Value *i, const std::vector<llvm::Value *> &) {
    b_.CreateStore(element(array, i), b_.CreateInBoundsGEP(double_, buffer, i));
    return std::vector<llvm::Value *>{};
  });
  return buffer;
}

llvm::Value *BodyEmitter::reduce(const Expr &expr) {
  const Expr &array = *expr.operands[0];
  hoist(array);
  llvm::Value *count = length();
  llvm::Value *empty = b_.CreateICmpEQ(count, b_.getInt64(0));

  const std::optional<std::size_t> unrolled = unrolled_length(kMaxUnrolledReduction);
  auto fold = [&](std::vector<llvm::Value *> acc, auto step, std::size_t first = 0) {
    if (unrolled) {
      for (std::size_t i = first; i < *unrolled; ++i) {
        llvm::Value *index = b_.getInt64(i);
        acc = step(element(array, index), index, acc);
      }
      return acc;
    }
    return emit_loop(b_, count, std::move(acc),
                     [&](llvm::Value *i, const std::vector<llvm::Value *> &carried) {
                       return step(element(array, i), i, carried);
                     });
  };

  switch (expr.builtin) {
  case Builtin::Prod:
    return fold({number(1.0)}, [&](llvm::Value *v, llvm::Value *, const auto &acc) {
      return std::vector<llvm::Value *>{b_.CreateFMul(acc[0], v)};
    })[0];
  case Builtin::Min:
  case Builtin::Max: {
    // numpy.minimum.reduce: NaN if any element is NaN, else the extreme, the
    // first of equal ones (which tells -0 from +0). `v < acc ? v : acc` is
    // one vminpd on x86, and the NaN check one unordered compare per
    // element, about half the work of tracking which NaN came first.
    const bool is_min = expr.builtin == Builtin::Min;
    auto step = [&](llvm::Value *v, llvm::Value *, const auto &acc) {
      llvm::Value *better = is_min ? b_.CreateFCmpOLT(v, acc[0]) : b_.CreateFCmpOGT(v, acc[0]);
      return std::vector<llvm::Value *>{b_.CreateSelect(better, v, acc[0]),
                                        b_.CreateOr(acc[1], b_.CreateFCmpUNO(v, v))};
    };
    // From +inf the first step always yields values[0] itself, so a known,
    // non-empty array starts there.
    if (unrolled) {
      llvm::Value *first = element(array, b_.getInt64(0));
      const auto result = fold({first, b_.CreateFCmpUNO(first, first)}, step, 1);
      return b_.CreateSelect(result[1], nan(), result[0]);
    }
    const double start =
        is_min ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    const auto result = fold({number(start), b_.getFalse()}, step);
    return b_.CreateSelect(b_.CreateOr(empty, result[1]), nan(), result[0]);
  }
  case Builtin::NanMin:
  case Builtin::NanMax: {
    // numpy.nanmin: the extreme of the non-NaN elements, the first of equal
    // ones; NaN when there are none. A NaN never compares better.
    const bool is_min = expr.builtin == Builtin::NanMin;
    auto step = [&](llvm::Value *v, llvm::Value *, const auto &acc) {
      llvm::Value *better = is_min ? b_.CreateFCmpOLT(v, acc[0]) : b_.CreateFCmpOGT(v, acc[0]);
      return std::vector<llvm::Value *>{b_.CreateSelect(better, v, acc[0]),
                                        b_.CreateOr(acc[1], b_.CreateFCmpORD(v, v))};
    };
    const double start =
        is_min ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    const auto result = fold({number(start), b_.getFalse()}, step);
    return b_.CreateSelect(result[1], result[0], nan());
  }
  case Builtin::Argmin:
  case Builtin::Argmax: {
    // numpy.argmin: the first extreme element, or the first NaN.
    const bool is_min = expr.builtin == Builtin::Argmin;
    const double start =
        is_min ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    const auto result =
        fold({number(start), b_.getInt64(0)}, [&](llvm::Value *v, llvm::Value *i, const auto &acc) {
          llvm::Value *better =
              b_.CreateOr(is_min ? b_.CreateFCmpOLT(v, acc[0]) : b_.CreateFCmpOGT(v, acc[0]),
                          b_.CreateFCmpUNO(v, v));
          llvm::Value *take = b_.CreateAnd(better, b_.CreateFCmpORD(acc[0], acc[0]));
          return std::vector<llvm::Value *>{b_.CreateSelect(take, v, acc[0]),
                                            b_.CreateSelect(take, i, acc[1])};
        });
    return b_.CreateSelect(empty, nan(), b_.CreateSIToFP(result[1], double_));
  }
  case Builtin::Count:
    return fold({number(0.0)}, [&](llvm::Value *v, llvm::Value *, const auto &acc) {
      return std::vector<llvm::Value *>{b_.CreateFAdd(acc[0], to_double(truth(v)))};
    })[0];
  case Builtin::Any:
  case Builtin::All: {
    const bool is_any = expr.builtin == Builtin::Any;
    llvm::Value *result =
        fold({b_.getInt1(!is_any)}, [&](llvm::Value *v, llvm::Value *, const auto &acc) {
          return std::vector<llvm::Value *>{is_any ? b_.CreateOr(acc[0], truth(v))
                                                   : b_.CreateAnd(acc[0], truth(v))};
        })[0];
    return to_double(result);
  }
  default: break;
  }

  if (unrolled)
    if (llvm::Value *result = unrolled_reduction(expr, *unrolled))
      return result;

  // The reductions NumPy computes with pairwise sums or selection, done by the
  // runtime on a buffer so that the bits agree with NumPy's.
  const bool plain_values =
      array.kind == ExprKind::Name && array.name_kind == NameKind::Values && !inputs_.value_offsets;
  if (expr.builtin == Builtin::Sum || expr.builtin == Builtin::Mean) {
    llvm::Value *buffer = plain_values ? inputs_.values : materialize(array, count);
    llvm::Value *sum = call("llcjit_rt_sum", double_, {buffer, count}, false);
    if (expr.builtin == Builtin::Sum)
      return sum;
    return b_.CreateFDiv(sum, b_.CreateSIToFP(count, double_));
  }
  // Evaluated before the buffer is filled: q may itself need the buffer.
  const bool has_q = expr.builtin == Builtin::Percentile || expr.builtin == Builtin::NanPercentile;
  llvm::Value *q = has_q ? scalar(*expr.operands[1]) : nullptr;
  llvm::Value *buffer = materialize(array, count);
  switch (expr.builtin) {
  case Builtin::NanSum: return call("llcjit_rt_nansum", double_, {buffer, count}, false);
  case Builtin::NanMean: return call("llcjit_rt_nanmean", double_, {buffer, count}, false);
  case Builtin::NanVar: return call("llcjit_rt_nanvar", double_, {buffer, count}, false);
  case Builtin::NanStd:
    return intrinsic(llvm::Intrinsic::sqrt,
                     {call("llcjit_rt_nanvar", double_, {buffer, count}, false)});
  case Builtin::NanMedian: return call("llcjit_rt_nanmedian", double_, {buffer, count}, false);
  case Builtin::NanPercentile:
    return call("llcjit_rt_nanpercentile", double_, {buffer, count, q}, false);
  case Builtin::Var: return call("llcjit_rt_var", double_, {buffer, count}, false);
  case Builtin::Std:
    return intrinsic(llvm::Intrinsic::sqrt,
                     {call("llcjit_rt_var", double_, {buffer, count}, false)});
  case Builtin::Median: return call("llcjit_rt_median", double_, {buffer, count}, false);
  case Builtin::Percentile: return call("llcjit_rt_percentile", double_, {buffer, count, q}, false);
  default: break;
  }
  llvm_unreachable("every reduction is lowered above");
}

} // namespace llcjit::codegen
