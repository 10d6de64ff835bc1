// The definitions of unrolled_size.hpp: the operations a fused filter
// kernel's body unrolls, counted the way body_emitter.hpp emits them.
#include "codegen/unrolled_size.hpp"

#include "codegen/body_emitter.hpp"
#include "codegen/sorting_network.hpp"
#include "frontend/parser.hpp"

#include <llcjit/kernel_form.hpp>

#include <vector>

namespace llcjit::codegen {

namespace {

using frontend::Builtin;
using frontend::Expr;
using frontend::ExprKind;
using frontend::NameKind;
using frontend::Program;
using frontend::Type;

class OperationCount {
public:
  OperationCount(const Program &program, std::size_t cells)
      : program_(program), cells_(cells), per_element_(program.statements.size(), -1.0) {}

  // A scalar expression's operations, computed once per output point.
  // Recursion is bounded: the parser refuses trees deeper than kMaxTreeDepth.
  double once(const Expr &expr) {
    if (expr.kind == ExprKind::Call && expr.type == Type::Scalar &&
        frontend::is_reduction(expr.builtin, expr.operands.size()))
      return reduction(expr);
    // Names and numbers are values already, not operations.
    double count = expr.kind == ExprKind::Name || expr.kind == ExprKind::Number ? 0.0 : 1.0;
    for (const frontend::ExprPtr &operand : expr.operands)
      count += operand->type == Type::Array ? per_element(*operand) : once(*operand);
    return count;
  }

  // The scalar operands met inside elements outside any reduction
  // (`values[n - 1]`), each computed once.
  double stray_scalars() const { return scalars_; }

private:
  // An array expression's operations on one element; its scalar operands
  // (a median inside `abs(values - median(values))`) are computed once.
  double per_element(const Expr &expr) {
    if (expr.kind == ExprKind::Name) {
      if (expr.name_kind != NameKind::Binding)
        return 1.0; // a load of values[i]
      // A bound array is recomputed at each use, element by element.
      double &bound = per_element_[expr.index];
      if (bound < 0.0)
        bound = per_element(*program_.statements[expr.index].value);
      return bound;
    }
    double count = 1.0;
    for (const frontend::ExprPtr &operand : expr.operands) {
      if (operand->type == Type::Array)
        count += per_element(*operand);
      else
        scalars_ += once(*operand);
    }
    return count;
  }

  // A reduction over the footprint: its operand's elements and the fold,
  // unrolled over every cell, or one loop body where the emitter loops.
  double reduction(const Expr &expr) {
    const double saved = scalars_;
    scalars_ = 0.0;
    double element = per_element(*expr.operands[0]);
    for (std::size_t i = 1; i < expr.operands.size(); ++i)
      scalars_ += once(*expr.operands[i]);
    const double operands_once = scalars_;
    scalars_ = saved;
    if (cells_ == 0 || cells_ > kMaxUnrolledReduction)
      return operands_once + element + kFold;
    const auto cells = static_cast<double>(cells_);
    switch (expr.builtin) {
    case Builtin::Median:
    case Builtin::Percentile:
    case Builtin::NanMedian:
    case Builtin::NanPercentile: {
      if (!sorted_by_network(expr, cells_))
        return operands_once + element + kFold; // the runtime's selection
      // Each comparator a compare and a select for each of its two outputs;
      // the NaN-ignoring forms pick among the answers for every count.
      const bool ignoring_nan =
          expr.builtin == Builtin::NanMedian || expr.builtin == Builtin::NanPercentile;
      return operands_once + cells * (element + kFold + (ignoring_nan ? kFold : 0.0)) +
             4.0 * static_cast<double>(sorting_network(cells_).size());
    }
    case Builtin::Var:
    case Builtin::Std:
    case Builtin::NanVar:
    case Builtin::NanStd: return operands_once + cells * (element + 2.0 * kFold);
    default: return operands_once + cells * (element + kFold);
    }
  }

  // Operations per element of a fold (compare, select and NaN check for
  // min and max; an add for sums).
  static constexpr double kFold = 3.0;

  const Program &program_;
  std::size_t cells_;
  std::vector<double> per_element_; // by statement; negative: not yet counted
  double scalars_ = 0.0;            // scalar operands met inside an element
};

} // namespace

double unrolled_operations(const Program &program, const frontend::Analysis &analysis) {
  OperationCount count(program, analysis.values_size.value_or(0));
  double total = 0.0;
  for (const frontend::Statement &statement : program.statements)
    if (statement.value->type != Type::Array)
      total += count.once(*statement.value);
  return total + count.stray_scalars();
}

} // namespace llcjit::codegen

namespace llcjit {

double unrolled_operations(std::string_view source, const Options &options) {
  frontend::Program program = frontend::parse(source);
  const frontend::Analysis analysis = frontend::analyze(program, options);
  return codegen::unrolled_operations(program, analysis);
}

} // namespace llcjit
