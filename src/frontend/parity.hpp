// Whether a formula is even or odd in one of its variables by construction,
// to the bit: IEEE arithmetic rounds symmetrically, so (-a) * b is -(a * b)
// exactly, and any function of values that do not change when the variable
// changes sign gives the same bits. A driver that needs f(-x) beside f(x)
// (QUADPACK's doubly infinite transform) can then evaluate each pair once.
#pragma once

#include "frontend/ast.hpp"

#include <cstdint>

namespace llcjit::frontend {

enum class Parity : std::uint8_t {
  Even,   // f(-v) == f(v) to the bit
  Odd,    // f(-v) == -f(v) to the bit
  Neither // not shown either way
};

/// The parity of the program's result in the variable with index `variable`
/// (NameKind::Variable). Analysed programs only.
Parity parity_in(const Program &program, std::uint32_t variable);

} // namespace llcjit::frontend
