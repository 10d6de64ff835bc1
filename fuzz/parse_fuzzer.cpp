// Any bytes as a formula through the front end alone, no LLVM: parse, then
// semantic analysis with the kind inferred and under one more Options picked
// by the input's hash (each kind forced, a fixed values_size, declared
// variables and parameters, constants, a fused layout). Each must end in an
// analysed tree or an llcjit::Error (CompileError, UsageError) and nothing
// else; a CompileError must point into the source; an analysed tree must be
// fully resolved (every name bound to something, every node typed, every
// index in range), since code generation trusts it, and node_count and
// parity_in must run on it.
#include "frontend/ast.hpp"
#include "frontend/definitions.hpp"
#include "frontend/limits.hpp"
#include "frontend/parity.hpp"
#include "frontend/parser.hpp"
#include "frontend/sema.hpp"
#include "frontend/tree_size.hpp"

#include <llcjit/errors.hpp>
#include <llcjit/options.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace llcjit;
using namespace llcjit::frontend;

[[noreturn]] void broken(const char *what) {
  std::fprintf(stderr, "parse fuzzer: %s\n", what);
  std::abort();
}

void expect(bool condition, const char *what) {
  if (!condition)
    broken(what);
}

// A diagnostic points into the source: 1-based, on one of its lines, at most
// one past that line's end.
void check_error(std::string_view source, const CompileError &error) {
  expect(error.line() >= 1 && error.column() >= 1, "a CompileError at line or column 0");
  expect(!error.message().empty(), "a CompileError without a message");
  std::size_t line_start = 0;
  for (unsigned line = 1; line < error.line(); ++line) {
    const std::size_t newline = source.find('\n', line_start);
    expect(newline != std::string_view::npos, "a CompileError past the last line");
    line_start = newline + 1;
  }
  std::size_t line_end = source.find('\n', line_start);
  if (line_end == std::string_view::npos)
    line_end = source.size();
  expect(error.column() <= line_end - line_start + 1, "a CompileError past the end of its line");
}

// What code generation relies on after analyze().
void check_resolved(const Program &program, const Analysis &analysis, std::size_t statement,
                    const Expr &expr, bool is_result) {
  expect(expr.type != Type::Unknown, "an analysed node has no type");
  expect(expr.kind != ExprKind::Tuple || (is_result && analysis.kind == Kind::Transform &&
                                          expr.operands.size() == analysis.result_arity),
         "a tuple that is not a transform's result");
  switch (expr.kind) {
  case ExprKind::Name:
    switch (expr.name_kind) {
    case NameKind::Unresolved: broken("an analysed name is unresolved");
    case NameKind::Variable:
      expect(expr.index < analysis.variables.size(), "a variable index out of range");
      break;
    case NameKind::Parameter:
      expect(expr.index < analysis.parameters.size(), "a parameter index out of range");
      break;
    case NameKind::Binding:
      expect(expr.index < statement, "a name bound by a later statement");
      expect(program.statements[expr.index].binding.has_value(),
             "a binding that names an unbound statement");
      break;
    case NameKind::Values:
    case NameKind::Size:
      expect(analysis.kind == Kind::Filter || analysis.kind == Kind::Filter1D,
             "'values' outside a filter kernel");
      break;
    case NameKind::Constant: break;
    }
    break;
  case ExprKind::Call: expect(!expr.operands.empty(), "a call without arguments"); break;
  case ExprKind::Index:
    expect(expr.operands.size() == 2 && expr.operands[0]->type == Type::Array &&
               expr.operands[1]->type == Type::Scalar,
           "an index that is not array[scalar]");
    break;
  default: break;
  }
  for (const ExprPtr &operand : expr.operands) {
    expect(operand != nullptr, "a null operand");
    expect(operand->depth < expr.depth, "an operand no shallower than its parent");
    check_resolved(program, analysis, statement, *operand, false);
  }
}

void check_analysis(const Program &program, const Analysis &analysis, const Options &options) {
  expect(!program.statements.empty(), "an analysed program without statements");
  if (options.kind)
    expect(analysis.kind == *options.kind, "analysis chose another kind than the one given");
  if (!options.parameters.empty() || options.parameters_complete)
    expect(analysis.parameters == options.parameters, "declared parameters were reordered");
  for (const std::string &used : analysis.used_variables)
    expect(std::find(analysis.variables.begin(), analysis.variables.end(), used) !=
               analysis.variables.end(),
           "a used variable that is not a variable");
  expect(program.result().type != Type::Array, "an array result");
  for (std::size_t i = 0; i < program.statements.size(); ++i)
    check_resolved(program, analysis, i, *program.statements[i].value,
                   i + 1 == program.statements.size());
  const std::size_t nodes = node_count(program);
  expect(nodes >= program.statements.size() && nodes <= kMaxNodes, "node_count out of bounds");
  for (std::size_t v = 0; v < analysis.variables.size(); ++v)
    parity_in(program, static_cast<std::uint32_t>(v));
}

// One parse + analyze; the analysis when both succeed.
std::optional<Analysis> run(std::string_view source, const Options &options) {
  try {
    Program program = parse(source);
    expect(program.source.data() == source.data(), "the tree does not refer to the source");
    Analysis analysis = analyze(program, options);
    check_analysis(program, analysis, options);
    return analysis;
  } catch (const CompileError &error) {
    check_error(source, error);
  } catch (const UsageError &) {
    // Options that contradict the formula, e.g. values_size for a quad.
  }
  // Anything else (JitError, std::exception, ...) escapes and libFuzzer
  // reports it as a crash.
  return std::nullopt;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char *>(data), size);

  // The kind inferred; then the same formula with that kind named must give
  // the same analysis.
  if (const std::optional<Analysis> inferred = run(source, {})) {
    const std::optional<Analysis> named = run(source, {.kind = inferred->kind});
    expect(named && named->kind == inferred->kind && named->parameters == inferred->parameters &&
               named->variables == inferred->variables &&
               named->result_arity == inferred->result_arity,
           "naming the inferred kind changed the analysis");
    // Declaring the formula's own parameters, in another order, is accepted
    // and fixes their order.
    if (!inferred->parameters.empty()) {
      std::vector<std::string> reversed(inferred->parameters.rbegin(), inferred->parameters.rend());
      const std::optional<Analysis> declared = run(source, {.parameters = reversed});
      expect(declared && declared->parameters == reversed,
             "declaring the formula's own parameters failed");
    }
  }

  // Then one of these, picked by a hash of the input (one parse each is what
  // keeps the fuzzer fast: a parse that fails costs an exception, tens of
  // microseconds under ASan): every kind forced, whatever the formula looks
  // like, and options that change what sema checks: a known footprint size
  // (constant indices are range-checked), declared variable names, a
  // parameter list the formula may not match (or none, declared complete),
  // specialised constants, a fused layout.
  static const std::vector<Options> kVariants = {
      {.kind = Kind::Quad},
      {.kind = Kind::NQuad},
      {.kind = Kind::Filter},
      {.kind = Kind::Filter1D},
      {.kind = Kind::Transform},
      {.kind = Kind::Filter, .values_size = 9},
      {.kind = Kind::Filter1D, .values_size = 3},
      {.variables = {"y", "x"}},
      {.kind = Kind::Transform, .variables = {"i", "j"}},
      {.parameters = {"a", "b"}},
      {.parameters_complete = true},
      {.kind = Kind::NQuad, .parameters = {"c"}, .parameters_complete = true},
      {.constants = {{"a", 2.0}, {"q", 50.0}}},
      {.kind = Kind::Filter, .filter_layout = FilterLayout{{-8, 0, 8}, 8, 8}},
      {.definitions = {"sq(t) = t*t", "g = 9.81", "f(u, v) = sq(u) - g*v", "r(v) = max(v) - min(v)",
                       "c() = pi"}},
  };
  std::uint32_t hash = 2166136261u; // FNV-1a
  for (std::size_t i = 0; i < size; ++i)
    hash = (hash ^ data[i]) * 16777619u;
  run(source, kVariants[hash % kVariants.size()]);

  // The input as a definition: its own diagnostics point into its text,
  // and expanded into formulas that use it, the tree is as analyze() needs
  // it, or the use's diagnostics point into the use.
  const std::string text(source);
  std::optional<Definitions> definitions;
  try {
    definitions.emplace(std::span(&text, 1));
  } catch (const CompileError &error) {
    check_error(source, error);
  }
  if (definitions)
    for (std::string_view use : {"x", "d(x) + d(values[0], 2)", "d + 1"}) {
      try {
        Program program = parse(use);
        definitions->expand(program, {});
        check_analysis(program, analyze(program, {}), {});
      } catch (const CompileError &error) {
        check_error(use, error);
      } catch (const UsageError &) {
      }
    }
  return 0;
}
