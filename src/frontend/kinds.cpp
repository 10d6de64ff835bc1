// The definitions of kinds.hpp: the kind of a formula (quad, nquad, filter,
// filter1d, transform) and its variables.
#include "frontend/kinds.hpp"

#include "frontend/builtins.hpp"
#include "frontend/lexer.hpp"
#include "frontend/source.hpp"

#include <llcjit/errors.hpp>

#include <algorithm>
#include <charconv>
#include <optional>

#include <fmt/format.h>

namespace llcjit::frontend {

namespace {

// A name as a message can show it: bytes that are not printable (a NUL
// would end the message for C callers) as \xNN.
std::string printable(std::string_view name) {
  std::string out;
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    out += byte >= 0x20 && byte < 0x7f ? std::string(1, c) : fmt::format("\\x{:02X}", byte);
  }
  return out;
}

void for_each_name(const Expr &expr, auto &&visit) {
  if (expr.kind == ExprKind::Name)
    visit(expr);
  for (const ExprPtr &operand : expr.operands)
    for_each_name(*operand, visit);
}

} // namespace

std::optional<std::size_t> numbered(std::string_view name, char prefix) {
  if (name.size() < 2 || name[0] != prefix)
    return std::nullopt;
  std::size_t index = 0;
  const auto [end, ec] = std::from_chars(name.data() + 1, name.data() + name.size(), index);
  if (ec != std::errc() || end != name.data() + name.size() || index > 64)
    return std::nullopt;
  return index;
}

void check_declarations(const Options &options) {
  if (options.values_size && *options.values_size == 0)
    throw UsageError("values_size must be at least 1");
  if (const auto &layout = options.filter_layout) {
    if (layout->offsets.empty())
      throw UsageError("a filter layout needs at least one offset");
    if (options.values_size && *options.values_size != layout->offsets.size())
      throw UsageError("values_size differs from the filter layout's size");
  }
  std::set<std::string_view> declared_parameters;
  for (const std::string &name : options.parameters) {
    if (!is_identifier(name))
      throw UsageError(fmt::format("'{}' is not a name a formula can use as a parameter "
                                   "(a letter or '_', then letters, digits, '_'; not a keyword)",
                                   printable(name)));
    if (!declared_parameters.insert(name).second)
      throw UsageError(fmt::format("parameter '{}' is declared twice", name));
  }
  for (const std::string &name : options.variables)
    if (!is_identifier(name))
      throw UsageError(fmt::format("'{}' is not a name a formula can use as a variable "
                                   "(a letter or '_', then letters, digits, '_'; not a keyword)",
                                   printable(name)));
}

bool is_filter_kind(Kind kind) { return kind == Kind::Filter || kind == Kind::Filter1D; }

std::string_view kind_noun(Kind kind) {
  switch (kind) {
  case Kind::Quad: return "a quad integrand";
  case Kind::NQuad: return "an nquad integrand";
  case Kind::Filter: return "a filter kernel";
  case Kind::Filter1D: return "a filter1d kernel";
  case Kind::Transform: return "a transform";
  }
  return "a callback";
}

Kind infer_kind(const Program &program, const Options &options,
                const std::set<std::string_view> &bound_names) {
  const bool declared = !options.variables.empty();
  const bool tuple_result = program.result().kind == ExprKind::Tuple;

  // The first name that points at each kind, in source order.
  std::vector<std::pair<Kind, const Expr *>> evidence;
  auto note = [&](Kind kind, const Expr &at) {
    for (const auto &[seen, expr] : evidence)
      if (seen == kind)
        return;
    evidence.emplace_back(kind, &at);
  };
  for (const Statement &statement : program.statements)
    for_each_name(*statement.value, [&](const Expr &name) {
      if (bound_names.contains(name.name))
        return;
      const bool is_declared = std::find(options.variables.begin(), options.variables.end(),
                                         name.name) != options.variables.end();
      if (name.name == "values" || name.name == "size")
        note(Kind::Filter, name);
      else if (is_declared)
        note(tuple_result ? Kind::Transform : Kind::NQuad, name);
      else if (declared)
        return;
      else if (name.name == "x")
        note(Kind::Quad, name);
      else if (numbered(name.name, 'x'))
        note(Kind::NQuad, name);
      else if (numbered(name.name, 'o'))
        note(Kind::Transform, name);
    });
  if (tuple_result)
    note(Kind::Transform, program.result());

  if (evidence.empty())
    return Kind::Quad;
  if (evidence.size() > 1) {
    const auto &[first_kind, first] = evidence[0];
    const auto &[second_kind, second] = evidence[1];
    auto what = [](const Expr &expr) {
      return expr.kind == ExprKind::Name ? fmt::format("'{}'", expr.name)
                                         : std::string("the tuple result");
    };
    fail(program.source, second->range,
         fmt::format("cannot tell the kind: {} makes this {}, but {} makes "
                     "it {}; name the kind (--kind)",
                     what(*first), kind_noun(first_kind), what(*second), kind_noun(second_kind)));
  }
  return evidence[0].first;
}

std::vector<std::string> choose_variables(Kind kind, std::size_t result_arity,
                                          const Program &program, const Options &options,
                                          const std::set<std::string_view> &bound_names) {
  std::vector<std::string> variables;
  if (is_filter_kind(kind)) {
    if (!options.variables.empty())
      throw UsageError("filter kernels have the fixed variables 'values' and "
                       "'size'; do not declare variables");
    return {"values", "size"};
  }
  if (!options.variables.empty()) {
    if (kind == Kind::Quad && options.variables.size() != 1)
      throw UsageError("a quad integrand has exactly one variable");
    std::set<std::string_view> seen;
    for (const std::string &name : options.variables) {
      if (!seen.insert(name).second)
        throw UsageError(fmt::format("variable '{}' is declared twice", name));
      if (name == "values" || name == "size" || find_constant(name) || find_builtin(name))
        throw UsageError(fmt::format("'{}' cannot be a variable name", name));
    }
    return options.variables;
  }
  if (kind == Kind::Quad) {
    return {"x"};
  }
  const char prefix = kind == Kind::NQuad ? 'x' : 'o';
  std::size_t count = kind == Kind::Transform ? result_arity : 0;
  for (const Statement &statement : program.statements)
    for_each_name(*statement.value, [&](const Expr &name) {
      if (auto index = numbered(name.name, prefix); index && !bound_names.contains(name.name))
        count = std::max(count, *index + 1);
    });
  if (count == 0)
    fail(program.source, {0, 0},
         "an nquad integrand must use its variables x0, x1, ... (or declare "
         "their names)");
  for (std::size_t i = 0; i < count; ++i)
    variables.push_back(fmt::format("{}{}", prefix, i));
  return variables;
}

} // namespace llcjit::frontend
