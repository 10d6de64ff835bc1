// A Pratt parser for the formula language (grammar/llcjit.ebnf).
#pragma once

#include "frontend/ast.hpp"

#include <string_view>

namespace llcjit::frontend {

/// Parses `source` into a syntax tree; throws CompileError on a syntax error,
/// an empty formula, or one over the limits in limits.hpp. The tree refers
/// into `source`, which must outlive it.
Program parse(std::string_view source);

/// Parses a definition, `name(p, q) = expression` or `name = expression`
/// (grammar/llcjit.ebnf); throws CompileError as parse() does.
Definition parse_definition(std::string_view source);

} // namespace llcjit::frontend
