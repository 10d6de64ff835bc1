// The definitions of operators.hpp: the table itself.
#include "frontend/operators.hpp"

#include <array>

namespace llcjit::frontend {

namespace {

// In BinaryOp's order, so that a row is found by its op.
constexpr std::array<BinaryOperator, 14> kBinaryOperators = {{
    {TokenKind::Plus, BinaryOp::Add, "+", kAdditive, Associativity::Left},
    {TokenKind::Minus, BinaryOp::Sub, "-", kAdditive, Associativity::Left},
    {TokenKind::Star, BinaryOp::Mul, "*", kMultiplicative, Associativity::Left},
    {TokenKind::Slash, BinaryOp::Div, "/", kMultiplicative, Associativity::Left},
    {TokenKind::Percent, BinaryOp::Mod, "%", kMultiplicative, Associativity::Left},
    {TokenKind::Power, BinaryOp::Pow, "^", kPower, Associativity::Right},
    {TokenKind::Less, BinaryOp::Less, "<", kComparison, Associativity::None},
    {TokenKind::LessEqual, BinaryOp::LessEqual, "<=", kComparison, Associativity::None},
    {TokenKind::Greater, BinaryOp::Greater, ">", kComparison, Associativity::None},
    {TokenKind::GreaterEqual, BinaryOp::GreaterEqual, ">=", kComparison, Associativity::None},
    {TokenKind::Equal, BinaryOp::Equal, "==", kComparison, Associativity::None},
    {TokenKind::NotEqual, BinaryOp::NotEqual, "!=", kComparison, Associativity::None},
    {TokenKind::And, BinaryOp::And, "and", kAnd, Associativity::Left},
    {TokenKind::Or, BinaryOp::Or, "or", kOr, Associativity::Left},
}};

// In UnaryOp's order.
constexpr std::array<UnaryOperator, 3> kUnaryOperators = {{
    {TokenKind::Minus, UnaryOp::Negate, "negate", kUnary},
    {TokenKind::Plus, UnaryOp::Plus, "plus", kUnary},
    {TokenKind::Not, UnaryOp::Not, "not", kNot},
}};

constexpr bool in_op_order() {
  for (std::size_t i = 0; i < kBinaryOperators.size(); ++i)
    if (static_cast<std::size_t>(kBinaryOperators[i].op) != i)
      return false;
  for (std::size_t i = 0; i < kUnaryOperators.size(); ++i)
    if (static_cast<std::size_t>(kUnaryOperators[i].op) != i)
      return false;
  return true;
}
static_assert(in_op_order(), "the tables must list the ops in their enums' order");

} // namespace

const BinaryOperator *binary_operator(TokenKind token) noexcept {
  for (const BinaryOperator &row : kBinaryOperators)
    if (row.token == token)
      return &row;
  return nullptr;
}

const BinaryOperator &binary_operator(BinaryOp op) noexcept {
  return kBinaryOperators[static_cast<std::size_t>(op)];
}

const UnaryOperator *unary_operator(TokenKind token) noexcept {
  for (const UnaryOperator &row : kUnaryOperators)
    if (row.token == token)
      return &row;
  return nullptr;
}

const UnaryOperator &unary_operator(UnaryOp op) noexcept {
  return kUnaryOperators[static_cast<std::size_t>(op)];
}

std::string_view spelling(BinaryOp op) noexcept { return binary_operator(op).spelling; }

} // namespace llcjit::frontend
