// The parsed formula as text, one node per line, for `llcjit` users who want
// to see how their formula was read (precedence, associativity).
#include <llcjit/language.hpp>

#include "frontend/operators.hpp"
#include "frontend/parser.hpp"

#include <fmt/format.h>

namespace llcjit {

namespace {

using frontend::Expr;
using frontend::ExprKind;

std::string label(const Expr &expr) {
  switch (expr.kind) {
  case ExprKind::Number: return fmt::format("{}", expr.number);
  case ExprKind::Name: return std::string(expr.name);
  case ExprKind::Unary: return std::string(frontend::unary_operator(expr.unary_op).name);
  case ExprKind::Binary: return std::string(frontend::spelling(expr.binary_op));
  case ExprKind::Conditional: return "?:";
  case ExprKind::Call: return fmt::format("{}()", expr.name);
  case ExprKind::Index: return "[]";
  case ExprKind::Tuple: return "tuple";
  }
  return "?";
}

void print(const Expr &expr, int depth, std::string &out) {
  out += fmt::format("{:{}}{}\n", "", 2 * depth, label(expr));
  for (const frontend::ExprPtr &operand : expr.operands)
    print(*operand, depth + 1, out);
}

} // namespace

std::string syntax_tree(std::string_view source) {
  const frontend::Program program = frontend::parse(source);
  std::string out;
  for (const frontend::Statement &statement : program.statements) {
    if (statement.binding) {
      out += fmt::format("{} =\n", *statement.binding);
      print(*statement.value, 1, out);
    } else {
      print(*statement.value, 0, out);
    }
  }
  return out;
}

} // namespace llcjit
