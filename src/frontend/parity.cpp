// The definitions of parity.hpp: whether a formula is even or odd in one of
// its variables by construction, to the bit.
#include "frontend/parity.hpp"

#include "frontend/sema.hpp"

#include <algorithm>
#include <vector>

namespace llcjit::frontend {

namespace {

class ParityOf {
public:
  ParityOf(const Program &program, std::uint32_t variable) : variable_(variable) {
    for (const Statement &statement : program.statements)
      statements_.push_back((*this)(*statement.value));
  }

  Parity result() const { return statements_.back(); }

  Parity operator()(const Expr &e) const {
    switch (e.kind) {
    case ExprKind::Number: return Parity::Even;
    case ExprKind::Name: return name(e);
    case ExprKind::Unary:
      // -e and +e keep e's parity; !e only keeps an even e.
      if (e.unary_op != UnaryOp::Not)
        return (*this)(*e.operands[0]);
      return all_even(e);
    case ExprKind::Binary: return binary(e);
    case ExprKind::Call:
      // |e| of an odd e: fabs clears the sign that tells e(-v) from e(v).
      if (e.builtin == Builtin::Abs && e.operands.size() == 1 &&
          (*this)(*e.operands[0]) != Parity::Neither)
        return Parity::Even;
      return all_even(e);
    case ExprKind::Conditional:
    case ExprKind::Index:
    case ExprKind::Tuple: return all_even(e);
    }
    return Parity::Neither;
  }

private:
  Parity name(const Expr &e) const {
    switch (e.name_kind) {
    case NameKind::Variable: return e.index == variable_ ? Parity::Odd : Parity::Even;
    case NameKind::Parameter:
    case NameKind::Constant: return Parity::Even;
    case NameKind::Binding: return statements_[e.index];
    case NameKind::Values:
    case NameKind::Size:
    case NameKind::Unresolved: return Parity::Neither;
    }
    return Parity::Neither;
  }

  Parity binary(const Expr &e) const {
    const Parity left = (*this)(*e.operands[0]);
    const Parity right = (*this)(*e.operands[1]);
    if (left == Parity::Neither || right == Parity::Neither)
      return Parity::Neither;
    switch (e.binary_op) {
    case BinaryOp::Mul:
    case BinaryOp::Div:
      // The sign of a product or quotient is the exclusive or of the
      // operands' signs, its magnitude rounded the same either way.
      return left == right ? Parity::Even : Parity::Odd;
    case BinaryOp::Pow:
      // e^2 is e * e (LLVM's own rewrite of pow(e, 2)). Other powers of an
      // odd e are left to libm's pow, whose symmetry is not promised.
      if (left == Parity::Odd && literal_value(*e.operands[1]) == 2.0)
        return Parity::Even;
      break;
    default:
      // Not odd + odd: where the sum cancels exactly, e(v) and e(-v) are both
      // +0 instead of opposite zeros.
      break;
    }
    return left == Parity::Even && right == Parity::Even ? Parity::Even : Parity::Neither;
  }

  Parity all_even(const Expr &e) const {
    const bool even = std::all_of(e.operands.begin(), e.operands.end(),
                                  [&](const ExprPtr &o) { return (*this)(*o) == Parity::Even; });
    return even ? Parity::Even : Parity::Neither;
  }

  std::uint32_t variable_;
  std::vector<Parity> statements_;
};

} // namespace

Parity parity_in(const Program &program, std::uint32_t variable) {
  return ParityOf(program, variable).result();
}

} // namespace llcjit::frontend
