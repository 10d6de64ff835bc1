// Semantic analysis: resolves every name of a formula to a variable,
// parameter, binding or constant, and types every node as scalar, array or
// tuple, so that the code generator meets only valid trees.
#include "frontend/sema.hpp"

#include "frontend/definitions.hpp"
#include "frontend/kinds.hpp"

#include <llcjit/errors.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

namespace llcjit::frontend {

std::optional<double> literal_value(const Expr &expr) {
  if (expr.kind == ExprKind::Number || expr.name_kind == NameKind::Constant)
    return expr.number;
  if (expr.kind == ExprKind::Unary && expr.unary_op != UnaryOp::Not)
    if (auto operand = literal_value(*expr.operands[0]))
      return expr.unary_op == UnaryOp::Negate ? -*operand : *operand;
  return std::nullopt;
}

namespace {

class Analyzer {
public:
  Analyzer(Program &program, const Options &options) : program_(program), options_(options) {}

  Analysis run();

private:
  std::set<std::string_view> bound_names_; // every name any statement binds
  void resolve_binding(std::string_view name, const Statement &statement, std::size_t index);
  Type check(Expr &expr);
  void resolve_name(Expr &expr);
  Type check_call(Expr &expr);
  // Checks `expr` unless already checked, and that it has the type wanted.
  void require(Expr &expr, Type wanted, std::string_view what);
  std::uint32_t parameter_index(const Expr &expr);
  void note_use(std::string_view variable) {
    auto &used = analysis_.used_variables;
    if (std::find(used.begin(), used.end(), variable) == used.end())
      used.emplace_back(variable);
  }
  [[noreturn]] void fail_at(const Expr &expr, std::string message) const {
    fail(program_.source, expr.range, std::move(message));
  }

  Program &program_;
  const Options &options_;
  Analysis analysis_{};
  std::map<std::string_view, std::size_t> bound_;               // name -> statement
  std::map<std::string_view, SourceRange> parameter_first_use_; // for rebinding errors
  std::vector<std::string_view> parameter_order_;
};

Analysis Analyzer::run() {
  check_declarations(options_);
  for (const Statement &statement : program_.statements)
    if (statement.binding)
      bound_names_.insert(*statement.binding);
  analysis_.kind = options_.kind ? *options_.kind : infer_kind(program_, options_, bound_names_);
  if (options_.values_size && !is_filter_kind(analysis_.kind))
    throw UsageError("values_size applies only to filter kernels");
  analysis_.values_size = options_.values_size;
  if (options_.filter_layout) {
    if (analysis_.kind != Kind::Filter)
      throw UsageError("a filter layout applies only to filter kernels");
    analysis_.filter_layout = options_.filter_layout;
    analysis_.values_size = options_.filter_layout->offsets.size();
  }

  const Expr &result = program_.result();
  if (analysis_.kind == Kind::Transform)
    analysis_.result_arity = result.kind == ExprKind::Tuple ? result.operands.size() : 1;
  analysis_.variables =
      choose_variables(analysis_.kind, analysis_.result_arity, program_, options_, bound_names_);

  for (std::size_t i = 0; i < program_.statements.size(); ++i) {
    Statement &statement = program_.statements[i];
    const bool is_result = i + 1 == program_.statements.size();
    Expr &value = *statement.value;
    if (value.kind == ExprKind::Tuple) {
      if (!is_result || analysis_.kind != Kind::Transform)
        fail_at(value, "a tuple is only allowed as the result of a transform");
      for (ExprPtr &element : value.operands)
        require(*element, Type::Scalar, "a coordinate of the result");
      value.type = Type::Tuple;
    } else {
      check(value);
    }
    if (statement.binding)
      resolve_binding(*statement.binding, statement, i);
  }

  const Expr &final_value = program_.result();
  if (final_value.type == Type::Array)
    fail_at(final_value, fmt::format("{} must return a scalar, but this is an array; reduce "
                                     "it with sum, min, max, mean, median, ...",
                                     kind_noun(analysis_.kind)));

  if (options_.parameters.empty()) {
    for (std::string_view name : parameter_order_)
      analysis_.parameters.emplace_back(name);
  } else {
    analysis_.parameters = options_.parameters;
  }
  return analysis_;
}

void Analyzer::resolve_binding(std::string_view name, const Statement &statement,
                               std::size_t index) {
  auto refuse = [&](std::string why) {
    fail(program_.source, statement.binding_range, fmt::format("cannot bind '{}': {}", name, why));
  };
  if (auto previous = bound_.find(name); previous != bound_.end()) {
    const auto where =
        locate(program_.source, program_.statements[previous->second].binding_range.offset);
    refuse(fmt::format("it is already bound at {}:{}", where.line, where.column));
  }
  if (std::find(analysis_.variables.begin(), analysis_.variables.end(), name) !=
      analysis_.variables.end())
    refuse(fmt::format("it is a variable of {}", kind_noun(analysis_.kind)));
  if (find_constant(name))
    refuse("it is a constant");
  if (find_builtin(name))
    refuse("it is a builtin function");
  if (auto use = parameter_first_use_.find(name); use != parameter_first_use_.end()) {
    const auto where = locate(program_.source, use->second.offset);
    refuse(fmt::format("it is already used as a parameter at {}:{}; bind it "
                       "before its first use",
                       where.line, where.column));
  }
  bound_.emplace(name, index);
}

void Analyzer::require(Expr &expr, Type wanted, std::string_view what) {
  const Type type = expr.type == Type::Unknown ? check(expr) : expr.type;
  if (type == wanted)
    return;
  if (type == Type::Tuple)
    fail_at(expr, "a tuple is only allowed as the result of a transform");
  if (wanted == Type::Scalar)
    fail_at(expr, fmt::format("{} must be a scalar, but this is an array", what));
  fail_at(expr, fmt::format("{} must be an array, but this is a scalar", what));
}

std::uint32_t Analyzer::parameter_index(const Expr &expr) {
  const std::string_view name = expr.name;
  if (!parameter_first_use_.contains(name)) {
    parameter_first_use_.emplace(name, expr.range);
    parameter_order_.push_back(name);
  }
  if (options_.parameters.empty() && !options_.parameters_complete)
    return static_cast<std::uint32_t>(
        std::find(parameter_order_.begin(), parameter_order_.end(), name) -
        parameter_order_.begin());
  const auto declared = std::find(options_.parameters.begin(), options_.parameters.end(), name);
  if (declared == options_.parameters.end())
    fail_at(expr, fmt::format("'{}' is not a declared parameter (declared: {})", name,
                              options_.parameters.empty()
                                  ? std::string("none")
                                  : fmt::format("{}", fmt::join(options_.parameters, ", "))));
  return static_cast<std::uint32_t>(declared - options_.parameters.begin());
}

void Analyzer::resolve_name(Expr &expr) {
  const std::string_view name = expr.name;
  if (auto binding = bound_.find(name); binding != bound_.end()) {
    expr.name_kind = NameKind::Binding;
    expr.index = static_cast<std::uint32_t>(binding->second);
    expr.type = program_.statements[binding->second].value->type;
    return;
  }
  const auto &variables = analysis_.variables;
  if (name == "values" || name == "size") {
    if (!is_filter_kind(analysis_.kind))
      fail_at(expr, fmt::format("'{}' is only defined in filter kernels, but "
                                "this is {}",
                                name, kind_noun(analysis_.kind)));
    expr.name_kind = name == "values" ? NameKind::Values : NameKind::Size;
    note_use(name);
    expr.type = name == "values" ? Type::Array : Type::Scalar;
    return;
  }
  if (auto variable = std::find(variables.begin(), variables.end(), name);
      variable != variables.end()) {
    expr.name_kind = NameKind::Variable;
    note_use(name);
    expr.index = static_cast<std::uint32_t>(variable - variables.begin());
    expr.type = Type::Scalar;
    return;
  }
  if (auto constant = find_constant(name)) {
    expr.name_kind = NameKind::Constant;
    expr.number = *constant;
    expr.type = Type::Scalar;
    return;
  }
  if (find_builtin(name))
    fail_at(expr, fmt::format("'{}' is a function; call it as {}(...)", name, name));
  if (auto specialised = options_.constants.find(name); specialised != options_.constants.end()) {
    expr.name_kind = NameKind::Constant;
    expr.number = specialised->second;
    expr.type = Type::Scalar;
    return;
  }
  expr.name_kind = NameKind::Parameter;
  expr.index = parameter_index(expr);
  expr.type = Type::Scalar;
}

Type Analyzer::check(Expr &expr) {
  switch (expr.kind) {
  case ExprKind::Number: expr.type = Type::Scalar; break;
  case ExprKind::Name: resolve_name(expr); break;
  case ExprKind::Unary:
  case ExprKind::Binary:
  case ExprKind::Conditional: {
    expr.type = Type::Scalar;
    for (ExprPtr &operand : expr.operands) {
      const Type type = check(*operand);
      if (type == Type::Tuple)
        fail_at(*operand, "a tuple is only allowed as the result of a transform");
      if (type == Type::Array)
        expr.type = Type::Array;
    }
    break;
  }
  case ExprKind::Call: expr.type = check_call(expr); break;
  case ExprKind::Index: {
    require(*expr.operands[0], Type::Array, "an indexed value");
    require(*expr.operands[1], Type::Scalar, "an index");
    if (auto index = literal_value(*expr.operands[1])) {
      if (*index != std::trunc(*index))
        fail_at(*expr.operands[1], fmt::format("index {} is not an integer", *index));
      if (analysis_.values_size) {
        const double size = static_cast<double>(*analysis_.values_size);
        if (*index >= size || *index < -size)
          fail_at(*expr.operands[1], fmt::format("index {} is out of range for an array of {} "
                                                 "elements",
                                                 *index, *analysis_.values_size));
      }
    }
    expr.type = Type::Scalar;
    break;
  }
  case ExprKind::Tuple: fail_at(expr, "a tuple is only allowed as the result of a transform");
  }
  return expr.type;
}

Type Analyzer::check_call(Expr &expr) {
  const BuiltinInfo *info = find_builtin(expr.name);
  if (!info) {
    const SourceRange at = expr.name_range;
    if (auto suggestion = suggest_builtin(expr.name))
      fail(program_.source, at,
           fmt::format("unknown function '{}'; did you mean '{}'?", expr.name, *suggestion));
    fail(program_.source, at, fmt::format("unknown function '{}'", expr.name));
  }
  expr.builtin = info->id;
  const std::size_t given = expr.operands.size();
  if (given < info->min_args || (info->max_args != kVariadic && given > info->max_args)) {
    const std::string expected =
        info->max_args == kVariadic
            ? fmt::format("at least {} argument{}", info->min_args, info->min_args == 1 ? "" : "s")
        : info->min_args == info->max_args
            ? fmt::format("{} argument{}", info->min_args, info->min_args == 1 ? "" : "s")
            : fmt::format("{} to {} arguments", info->min_args, info->max_args);
    fail_at(expr, fmt::format("'{}' takes {}, but {} {} given", expr.name, expected, given,
                              given == 1 ? "was" : "were"));
  }

  if (is_reduction(info->id, given)) {
    if (check(*expr.operands[0]) == Type::Scalar)
      fail_at(*expr.operands[0],
              fmt::format("'{}' reduces an array, but its argument is a scalar{}", expr.name,
                          given == 1 && (info->id == Builtin::Min || info->id == Builtin::Max)
                              ? " (give two or more scalars to compare them)"
                              : ""));
    require(*expr.operands[0], Type::Array, "the argument");
    if (info->id == Builtin::Percentile || info->id == Builtin::NanPercentile) {
      require(*expr.operands[1], Type::Scalar, "the percentile q");
      if (auto q = literal_value(*expr.operands[1]); q && !(*q >= 0 && *q <= 100))
        fail_at(*expr.operands[1], fmt::format("percentile q must be in [0, 100], but is {}", *q));
    }
    return Type::Scalar;
  }

  Type result = Type::Scalar;
  for (ExprPtr &argument : expr.operands) {
    const Type type = check(*argument);
    if (type == Type::Tuple)
      fail_at(*argument, "a tuple is only allowed as the result of a transform");
    if (type == Type::Array)
      result = Type::Array;
  }
  return result;
}

} // namespace

Analysis analyze(Program &program, const Options &options) {
  const bool expanded = Definitions(options.definitions).expand(program, options.variables);
  Analysis analysis = Analyzer(program, options).run();
  analysis.uses_definitions = expanded;
  return analysis;
}

} // namespace llcjit::frontend
