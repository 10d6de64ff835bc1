// Semantic analysis: decides the callback's kind, resolves every name
// (variable, parameter, binding, constant), and checks types (scalar, array,
// tuple), annotating the tree in place.
#pragma once

#include "frontend/ast.hpp"

#include <llcjit/options.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace llcjit::frontend {

struct Analysis {
  Kind kind;
  std::vector<std::string> parameters; // user_data order
  std::vector<std::string> variables;
  std::vector<std::string> used_variables; // those the formula mentions
  std::size_t result_arity = 1;            // tuple size for Transform
  std::optional<std::size_t> values_size;
  std::optional<FilterLayout> filter_layout; // Options::filter_layout
  /// Whether the formula used Options::definitions: its tree then holds
  /// copies of their bodies, whose ranges are those of the uses.
  bool uses_definitions = false;
};

/// The value of an expression made of literals and named constants alone
/// (`25`, `-pi`); std::nullopt when it involves anything else.
std::optional<double> literal_value(const Expr &expr);

/// Expands the definitions of `options` into `program` (definitions.hpp),
/// then analyses it. Throws CompileError for a formula that is not valid
/// for its kind and UsageError for options that contradict each other.
Analysis analyze(Program &program, const Options &options);

} // namespace llcjit::frontend
