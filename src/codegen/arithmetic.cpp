// Operators and element-wise builtins with the semantics of C and NumPy
// (numpy.sign, std::clamp, fmin/fmax's treatment of NaN).
#include "codegen/body_emitter.hpp"

namespace llcjit::codegen {

llvm::Value *BodyEmitter::apply(const Expr &expr, const std::vector<llvm::Value *> &operands) {
  if (expr.kind == ExprKind::Unary) {
    switch (expr.unary_op) {
    case UnaryOp::Negate: return b_.CreateFNeg(operands[0]);
    case UnaryOp::Plus: return operands[0];
    case UnaryOp::Not: return to_double(b_.CreateFCmpOEQ(operands[0], number(0.0)));
    }
  }
  if (expr.kind == ExprKind::Binary) {
    llvm::Value *l = operands[0];
    llvm::Value *r = operands[1];
    switch (expr.binary_op) {
    case BinaryOp::Add: return b_.CreateFAdd(l, r);
    case BinaryOp::Sub: return b_.CreateFSub(l, r);
    case BinaryOp::Mul: return b_.CreateFMul(l, r);
    case BinaryOp::Div: return b_.CreateFDiv(l, r);
    case BinaryOp::Mod: return b_.CreateFRem(l, r);
    case BinaryOp::Pow: return power(l, r);
    case BinaryOp::Less: return to_double(b_.CreateFCmpOLT(l, r));
    case BinaryOp::LessEqual: return to_double(b_.CreateFCmpOLE(l, r));
    case BinaryOp::Greater: return to_double(b_.CreateFCmpOGT(l, r));
    case BinaryOp::GreaterEqual: return to_double(b_.CreateFCmpOGE(l, r));
    case BinaryOp::Equal: return to_double(b_.CreateFCmpOEQ(l, r));
    case BinaryOp::NotEqual: return to_double(b_.CreateFCmpUNE(l, r));
    case BinaryOp::And: return to_double(b_.CreateAnd(truth(l), truth(r)));
    case BinaryOp::Or: return to_double(b_.CreateOr(truth(l), truth(r)));
    }
  }
  // An element-wise builtin.
  if (llvm::Value *result = math_call(expr.builtin, operands))
    return result;
  llvm::Value *x = operands[0];
  switch (expr.builtin) {
  case Builtin::Sqrt: return intrinsic(llvm::Intrinsic::sqrt, {x});
  case Builtin::Floor: return intrinsic(llvm::Intrinsic::floor, {x});
  case Builtin::Ceil: return intrinsic(llvm::Intrinsic::ceil, {x});
  case Builtin::Round: return intrinsic(llvm::Intrinsic::round, {x});
  case Builtin::Trunc: return intrinsic(llvm::Intrinsic::trunc, {x});
  case Builtin::Abs: return intrinsic(llvm::Intrinsic::fabs, {x});
  case Builtin::Copysign: return intrinsic(llvm::Intrinsic::copysign, {x, operands[1]});
  case Builtin::Fma: return intrinsic(llvm::Intrinsic::fma, {x, operands[1], operands[2]});
  case Builtin::Fmod: return b_.CreateFRem(x, operands[1]);
  case Builtin::Sign: {
    // numpy.sign: 1, -1, 0 for either zero, NaN for NaN.
    llvm::Value *zero_or_nan = b_.CreateSelect(b_.CreateFCmpOEQ(x, number(0.0)), number(0.0), x);
    return b_.CreateSelect(
        b_.CreateFCmpOGT(x, number(0.0)), number(1.0),
        b_.CreateSelect(b_.CreateFCmpOLT(x, number(0.0)), number(-1.0), zero_or_nan));
  }
  case Builtin::Clamp: {
    // As std::clamp: NaN passes through.
    llvm::Value *lo = operands[1];
    llvm::Value *hi = operands[2];
    return b_.CreateSelect(b_.CreateFCmpOLT(x, lo), lo,
                           b_.CreateSelect(b_.CreateFCmpOLT(hi, x), hi, x));
  }
  case Builtin::Min:
  case Builtin::Max: {
    // C fmin / fmax, left to right: a NaN argument is ignored.
    const auto id =
        expr.builtin == Builtin::Min ? llvm::Intrinsic::minnum : llvm::Intrinsic::maxnum;
    llvm::Value *result = x;
    for (std::size_t i = 1; i < operands.size(); ++i)
      result = intrinsic(id, {result, operands[i]});
    return result;
  }
  default: break;
  }
  llvm_unreachable("every element-wise builtin is lowered above");
}

} // namespace llcjit::codegen
