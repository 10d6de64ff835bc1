// The emitter of a formula's body, shared by the files that each lower one
// part of it: body.cpp (statements, names, conditionals, indexing),
// arithmetic.cpp (operators and element-wise builtins), math_calls.cpp
// (libm and the ways to compute exp), reductions.cpp (reductions over
// arrays) and unrolled_reductions.cpp (those of a length known at compile
// time, in straight-line code).
#pragma once

#include "codegen/body.hpp"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Module.h>

#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

namespace llcjit::codegen {

using frontend::BinaryOp;
using frontend::Builtin;
using frontend::Expr;
using frontend::ExprKind;
using frontend::NameKind;
using frontend::Type;
using frontend::UnaryOp;

// Reductions over a buffer of at most this many doubles, when the size is
// known at compile time, use a stack buffer instead of the runtime's scratch.
constexpr std::size_t kMaxStackBuffer = 1024;
// Reductions over at most this many elements, when the size is known at
// compile time, are emitted as straight-line code (sums in NumPy's pairwise
// order, min/max chains): no loop is left in a filter kernel's body, so the
// driver's loop over output points vectorises.
constexpr std::size_t kMaxUnrolledReduction = 256;
// Median and percentile over at most this many elements become a sorting
// network (Batcher's: 543 comparators for 64) instead of the runtime's
// selection.
constexpr std::size_t kMaxSortingNetwork = 64;

/// Whether a median or percentile (or its NaN-ignoring form) of `count`
/// elements known at compile time sorts them by a network: at most
/// kMaxSortingNetwork of them, and a percentile's q a literal. Otherwise
/// the runtime's selection computes it.
bool sorted_by_network(const Expr &order_statistic, std::size_t count);

class BodyEmitter {
public:
  BodyEmitter(llvm::IRBuilder<> &builder, const frontend::Program &program,
              const frontend::Analysis &analysis, const BodyInputs &inputs)
      : b_(builder), program_(program), analysis_(analysis), inputs_(inputs),
        module_(*builder.GetInsertBlock()->getModule()), double_(builder.getDoubleTy()),
        scalar_bindings_(program.statements.size(), nullptr) {}

  std::vector<llvm::Value *> emit();

private:
  llvm::Value *scalar(const Expr &expr);
  llvm::Value *element(const Expr &expr, llvm::Value *index);
  void hoist(const Expr &array);
  llvm::Value *apply(const Expr &expr, const std::vector<llvm::Value *> &operands);
  llvm::Value *conditional(const Expr &expr);
  llvm::Value *index(const Expr &expr);
  llvm::Value *reduce(const Expr &expr);
  llvm::Value *materialize(const Expr &array, llvm::Value *count);
  llvm::Value *length();
  std::optional<std::size_t> unrolled_length(std::size_t limit) const;
  llvm::Value *load_value(llvm::Value *index);
  llvm::Value *offset_table();
  std::vector<llvm::Value *> elements(const Expr &array, std::size_t count);
  llvm::Value *pairwise_sum(std::span<llvm::Value *const> terms);
  llvm::Value *unrolled_reduction(const Expr &expr, std::size_t count);
  llvm::Value *unrolled_nan_moment(const Expr &expr, std::size_t count);
  llvm::Value *unrolled_nan_order(const Expr &expr, std::size_t count);
  llvm::Value *lerp(llvm::Value *a, llvm::Value *b, double t);
  llvm::Value *median_of_sorted(const std::vector<llvm::Value *> &order, std::size_t count);
  llvm::Value *median_or_percentile(const std::vector<llvm::Value *> &order, std::size_t count,
                                    std::optional<double> q);
  std::vector<llvm::Value *> sorted(std::vector<llvm::Value *> values);
  llvm::Value *any_nan(const std::vector<llvm::Value *> &values);

  llvm::Value *number(double value) { return llvm::ConstantFP::get(double_, value); }
  llvm::Value *nan() { return number(std::numeric_limits<double>::quiet_NaN()); }
  llvm::Value *truth(llvm::Value *value) { return b_.CreateFCmpUNE(value, number(0.0)); }
  llvm::Value *to_double(llvm::Value *flag) { return b_.CreateUIToFP(flag, double_); }
  llvm::Value *intrinsic(llvm::Intrinsic::ID id, const std::vector<llvm::Value *> &args) {
    return b_.CreateIntrinsic(id, {double_}, args);
  }
  llvm::Value *call(llvm::StringRef name, llvm::Type *result,
                    const std::vector<llvm::Value *> &args, bool pure);
  llvm::Value *exp(llvm::Value *x);
  llvm::Value *power(llvm::Value *x, llvm::Value *y);
  // exp and the builtins that are libm's functions; null for the others.
  llvm::Value *math_call(Builtin builtin, const std::vector<llvm::Value *> &operands);

  llvm::IRBuilder<> &b_;
  const frontend::Program &program_;
  const frontend::Analysis &analysis_;
  const BodyInputs &inputs_;
  llvm::Module &module_;
  llvm::Type *double_;
  std::vector<llvm::Value *> scalar_bindings_;
  // Scalar parts of array expressions, computed once before the loops that
  // walk the arrays.
  std::unordered_map<const Expr *, llvm::Value *> hoisted_;
  llvm::GlobalVariable *offset_table_ = nullptr;
};

} // namespace llcjit::codegen
