// Recognises a filter kernel that reads its neighbourhood only through whole
// reductions (kernel_form.hpp), and writes the element-wise rest of it as a
// formula of their results.
#include <llcjit/kernel_form.hpp>

#include "frontend/parser.hpp"
#include "frontend/sema.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace llcjit {

std::string_view to_string(Reduction reduction) noexcept {
  switch (reduction) {
  case Reduction::Min: return "min";
  case Reduction::Max: return "max";
  case Reduction::Sum: return "sum";
  case Reduction::Mean: return "mean";
  case Reduction::Var: return "var";
  case Reduction::Std: return "std";
  case Reduction::NanMin: return "nanmin";
  case Reduction::NanMax: return "nanmax";
  case Reduction::NanSum: return "nansum";
  case Reduction::NanMean: return "nanmean";
  case Reduction::NanVar: return "nanvar";
  case Reduction::NanStd: return "nanstd";
  case Reduction::Median: return "median";
  case Reduction::Percentile: return "percentile";
  case Reduction::NanMedian: return "nanmedian";
  case Reduction::NanPercentile: return "nanpercentile";
  }
  return "?";
}

namespace {

using frontend::Builtin;
using frontend::Expr;
using frontend::ExprKind;
using frontend::NameKind;

struct Whole {
  Reduction reduction;
  double q = 0;
};

// The reduction of the whole of `values` that `expr` is, if it is one.
std::optional<Whole> whole_reduction(const Expr &expr) {
  if (expr.kind != ExprKind::Call || expr.operands.empty())
    return std::nullopt;
  const Expr &argument = *expr.operands[0];
  if (argument.kind != ExprKind::Name || argument.name_kind != NameKind::Values)
    return std::nullopt;
  if (expr.operands.size() == 2) {
    const std::optional<double> q = frontend::literal_value(*expr.operands[1]);
    if (!q)
      return std::nullopt;
    if (expr.builtin == Builtin::Percentile)
      return Whole{Reduction::Percentile, *q};
    if (expr.builtin == Builtin::NanPercentile)
      return Whole{Reduction::NanPercentile, *q};
    return std::nullopt;
  }
  if (expr.operands.size() != 1)
    return std::nullopt;
  switch (expr.builtin) {
  case Builtin::Min: return Whole{Reduction::Min};
  case Builtin::Max: return Whole{Reduction::Max};
  case Builtin::Sum: return Whole{Reduction::Sum};
  case Builtin::Mean: return Whole{Reduction::Mean};
  case Builtin::Var: return Whole{Reduction::Var};
  case Builtin::Std: return Whole{Reduction::Std};
  case Builtin::NanMin: return Whole{Reduction::NanMin};
  case Builtin::NanMax: return Whole{Reduction::NanMax};
  case Builtin::NanSum: return Whole{Reduction::NanSum};
  case Builtin::NanMean: return Whole{Reduction::NanMean};
  case Builtin::NanVar: return Whole{Reduction::NanVar};
  case Builtin::NanStd: return Whole{Reduction::NanStd};
  case Builtin::Median: return Whole{Reduction::Median};
  case Builtin::NanMedian: return Whole{Reduction::NanMedian};
  default: return std::nullopt;
  }
}

class Recogniser {
public:
  Recogniser(std::string_view source, std::optional<std::size_t> size)
      : source_(source), size_(size) {}

  // False when `expr` reads values other than through a whole reduction.
  bool visit(const Expr &expr) {
    if (const auto whole = whole_reduction(expr)) {
      std::size_t k = 0;
      while (k < form_.reductions.size() &&
             !(form_.reductions[k] == whole->reduction && form_.q[k] == whole->q))
        ++k;
      if (k == form_.reductions.size()) {
        form_.reductions.push_back(whole->reduction);
        form_.q.push_back(whole->q);
      }
      splices_.emplace_back(expr.range, fmt::format("values[{}]", k));
      return true;
    }
    if (expr.kind == ExprKind::Name && expr.name_kind == NameKind::Values)
      return false;
    if (expr.kind == ExprKind::Name && expr.name_kind == NameKind::Size) {
      if (!size_)
        return false;
      splices_.emplace_back(expr.range, fmt::format("{}", *size_));
      return true;
    }
    return std::all_of(expr.operands.begin(), expr.operands.end(),
                       [&](const frontend::ExprPtr &operand) { return visit(*operand); });
  }

  ReductionForm finish(bool single) {
    std::sort(splices_.begin(), splices_.end(),
              [](const auto &a, const auto &b) { return a.first.offset > b.first.offset; });
    std::string combiner(source_);
    for (const auto &[range, text] : splices_)
      combiner.replace(range.offset, range.length, text);
    form_.combiner = std::move(combiner);
    form_.single = single;
    return std::move(form_);
  }

private:
  std::string_view source_;
  std::optional<std::size_t> size_;
  ReductionForm form_;
  std::vector<std::pair<frontend::SourceRange, std::string>> splices_;
};

} // namespace

std::optional<ReductionForm> reduction_form(std::string_view source, const Options &options) {
  frontend::Program program = frontend::parse(source);
  Options analysed = options;
  analysed.filter_layout.reset();
  const frontend::Analysis analysis = frontend::analyze(program, analysed);
  // The combiner is spliced from the source by ranges, and a definition's
  // copied body shares the range of its use: such kernels run fused.
  if (analysis.kind != Kind::Filter || analysis.uses_definitions)
    return std::nullopt;
  Recogniser recogniser(source, options.values_size);
  for (const frontend::Statement &statement : program.statements)
    if (!recogniser.visit(*statement.value))
      return std::nullopt;
  const bool single = program.statements.size() == 1 && whole_reduction(program.result());
  return recogniser.finish(single);
}

} // namespace llcjit
