// The definitions of tree_size.hpp: how large a parsed formula is, for the
// choices whose cost grows with it.
#include "frontend/tree_size.hpp"

namespace llcjit::frontend {

namespace {

// Recursion is bounded: the parser refuses trees deeper than kMaxTreeDepth.
std::size_t nodes_in(const Expr &expr) {
  std::size_t count = 1;
  for (const ExprPtr &operand : expr.operands)
    count += nodes_in(*operand);
  return count;
}

} // namespace

std::size_t node_count(const Program &program) {
  std::size_t count = 0;
  for (const Statement &statement : program.statements)
    count += nodes_in(*statement.value);
  return count;
}

} // namespace llcjit::frontend
