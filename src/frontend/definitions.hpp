// The user's definitions of functions and constants (Options::definitions,
// Engine::define): parsed, checked, and expanded into the formulas that use
// them, so that every later pass sees builtins and names alone.
#pragma once

#include "frontend/ast.hpp"

#include <span>
#include <string>
#include <vector>

namespace llcjit::frontend {

class Definitions {
public:
  /// Parses and checks each definition: its name is not a builtin's or a
  /// variable's (x, values, size, x0, x1, ..., o0, o1, ...), its parameters
  /// are distinct, and it calls only builtins and the definitions before
  /// it (so none recurses).
  /// Any other name in it is left to the formula that uses it: a parameter,
  /// or a variable. Throws CompileError pointing into the definition.
  explicit Definitions(std::span<const std::string> sources);

  /// Replaces each call of a defined function and each use of a defined
  /// constant in `program` by the definition's body, its parameters by the
  /// call's arguments; a name the formula binds itself is its own, and the
  /// last definition of a name wins. The nodes made take the range of the
  /// use they replace, so that later diagnostics point there. Throws
  /// CompileError when the expanded formula would pass the limits of
  /// limits.hpp, or a constant would replace one of the variables the
  /// formula `declared` (Options::variables). Returns whether it replaced
  /// anything.
  bool expand(Program &program, std::span<const std::string> declared) const;

private:
  std::vector<Definition> definitions_;
};

} // namespace llcjit::frontend
