// Calls of libm, and the four ways to compute exp (ExpLowering): a call,
// guarded calls, or glibc's own algorithm inline; every result libm's bits.
#include "codegen/body_emitter.hpp"

#include "codegen/glibc_exp.hpp"

namespace llcjit::codegen {

namespace {

// C library functions of one or two doubles, called as they are: the JIT
// resolves them to the process's libm, so results are those of <cmath>.
const char *libm_name(Builtin builtin) {
  switch (builtin) {
  case Builtin::Exp: return "exp";
  case Builtin::Exp2: return "exp2";
  case Builtin::Expm1: return "expm1";
  case Builtin::Log: return "log";
  case Builtin::Log2: return "log2";
  case Builtin::Log10: return "log10";
  case Builtin::Log1p: return "log1p";
  case Builtin::Cbrt: return "cbrt";
  case Builtin::Sin: return "sin";
  case Builtin::Cos: return "cos";
  case Builtin::Tan: return "tan";
  case Builtin::Asin: return "asin";
  case Builtin::Acos: return "acos";
  case Builtin::Atan: return "atan";
  case Builtin::Sinh: return "sinh";
  case Builtin::Cosh: return "cosh";
  case Builtin::Tanh: return "tanh";
  case Builtin::Asinh: return "asinh";
  case Builtin::Acosh: return "acosh";
  case Builtin::Atanh: return "atanh";
  case Builtin::Erf: return "erf";
  case Builtin::Erfc: return "erfc";
  case Builtin::Gamma: return "tgamma";
  case Builtin::Lgamma: return "llcjit_rt_lgamma";
  case Builtin::Atan2: return "atan2";
  case Builtin::Hypot: return "hypot";
  default: return nullptr;
  }
}

} // namespace

// x^y: x * x where y is the constant 2 (as NumPy computes x**2, and
// correctly rounded, where libm's pow may be one ulp off), else libm's pow,
// a call the optimiser must not rewrite (`nobuiltin`): it would make pow(x,
// -1.0) 1/x, pow(2.0, x) exp2(x), ..., in optimised code only, and the
// quick code's bits would differ.
llvm::Value *BodyEmitter::power(llvm::Value *x, llvm::Value *y) {
  if (const auto *constant = llvm::dyn_cast<llvm::ConstantFP>(y);
      constant && constant->isExactlyValue(2.0))
    return b_.CreateFMul(x, x);
  llvm::Value *result = call("pow", double_, {x, y}, true);
  if (!inputs_.vector_pow)
    llvm::cast<llvm::CallInst>(result)->addFnAttr(llvm::Attribute::NoBuiltin);
  return result;
}

llvm::Value *BodyEmitter::math_call(Builtin builtin, const std::vector<llvm::Value *> &operands) {
  if (builtin == Builtin::Exp)
    return exp(operands[0]);
  if (builtin == Builtin::Pow)
    return power(operands[0], operands[1]);
  if (const char *name = libm_name(builtin))
    return call(name, double_, operands, true);
  return nullptr;
}

llvm::Value *BodyEmitter::call(llvm::StringRef name, llvm::Type *result,
                               const std::vector<llvm::Value *> &args, bool pure) {
  std::vector<llvm::Type *> parameter_types;
  for (llvm::Value *arg : args)
    parameter_types.push_back(arg->getType());
  llvm::FunctionCallee callee =
      module_.getOrInsertFunction(name, llvm::FunctionType::get(result, parameter_types, false));
  llvm::CallInst *call = b_.CreateCall(callee, args);
  call->setDoesNotThrow();
  if (pure) {
    // As clang with -fno-math-errno: errno is not observable from a formula,
    // and a call that touches no memory can be vectorised (libmvec).
    call->setDoesNotAccessMemory();
    call->addFnAttr(llvm::Attribute::WillReturn);
  }
  return call;
}

// exp as the entry point asked (ExpLowering); every result is libm's own.
llvm::Value *BodyEmitter::exp(llvm::Value *x) {
  if (inputs_.exp == ExpLowering::CallLibm)
    return call("exp", double_, {x}, true);
  if (inputs_.exp == ExpLowering::Inline) {
    const InlineExp inline_exp = emit_glibc_exp(b_, x);
    llvm::Type *flag = b_.getInt1Ty();
    b_.CreateStore(b_.CreateOr(b_.CreateLoad(flag, inputs_.needs_libm), inline_exp.needs_libm),
                   inputs_.needs_libm);
    return inline_exp.value;
  }
  llvm::Value *underflows = b_.CreateFCmpOLT(x, number(kExpIsZeroBelow));
  if (inputs_.exp == ExpLowering::Select) {
    llvm::Value *result = call("exp", double_, {b_.CreateSelect(underflows, number(0.0), x)}, true);
    return b_.CreateSelect(underflows, number(0.0), result);
  }
  llvm::BasicBlock *before = b_.GetInsertBlock();
  llvm::Function *function = before->getParent();
  auto *compute = llvm::BasicBlock::Create(b_.getContext(), "exp.call", function);
  auto *done = llvm::BasicBlock::Create(b_.getContext(), "exp.done", function);
  b_.CreateCondBr(underflows, done, compute);
  b_.SetInsertPoint(compute);
  llvm::Value *result = call("exp", double_, {x}, true);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode *value = b_.CreatePHI(double_, 2);
  value->addIncoming(number(0.0), before);
  value->addIncoming(result, compute);
  return value;
}

} // namespace llcjit::codegen
