// The operators of the language in one table: the token each is written
// with, the node it builds, how tightly it binds and which way it groups.
// The parser reads precedence and associativity from here, the syntax-tree
// printer the spelling; the code generator lowers each BinaryOp in
// codegen/arithmetic.cpp.
#pragma once

#include "frontend/ast.hpp"
#include "frontend/token.hpp"

#include <string_view>

namespace llcjit::frontend {

/// How tightly an operator binds, loosest first.
enum Precedence : int {
  kLowest = 0,
  kConditional, // c ? a : b
  kOr,
  kAnd,
  kNot, // prefix not / !
  kComparison,
  kAdditive,
  kMultiplicative,
  kUnary, // prefix - and +
  kPower,
};

enum class Associativity {
  Left,  // a - b - c is (a - b) - c
  Right, // a ^ b ^ c is a ^ (b ^ c), and the exponent may carry a sign: 2^-x
  None,  // comparisons do not chain: a < b < c is an error
};

struct BinaryOperator {
  TokenKind token;
  BinaryOp op;
  std::string_view spelling;
  Precedence precedence;
  Associativity associativity;
};

struct UnaryOperator {
  TokenKind token;
  UnaryOp op;
  std::string_view name; // as the syntax tree shows it: negate, plus, not
  Precedence operand;    // how tightly its operand binds
};

/// The binary operator written with `token`; null for other tokens.
const BinaryOperator *binary_operator(TokenKind token) noexcept;
/// The row of `op`.
const BinaryOperator &binary_operator(BinaryOp op) noexcept;
/// The prefix operator written with `token`; null for other tokens.
const UnaryOperator *unary_operator(TokenKind token) noexcept;
/// The row of `op`.
const UnaryOperator &unary_operator(UnaryOp op) noexcept;

} // namespace llcjit::frontend
