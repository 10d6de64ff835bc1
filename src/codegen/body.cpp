#include "codegen/body.hpp"

#include "codegen/glibc_exp.hpp"
#include "codegen/loop.hpp"
#include "codegen/sorting_network.hpp"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Module.h>

#include <cmath>
#include <limits>
#include <optional>
#include <span>

namespace llcjit::codegen {

namespace {

using frontend::Builtin;
using frontend::BinaryOp;
using frontend::Expr;
using frontend::ExprKind;
using frontend::NameKind;
using frontend::Type;
using frontend::UnaryOp;

// Reductions over a buffer of at most this many doubles, when the size is
// known at compile time, use a stack buffer instead of the runtime's scratch.
constexpr std::size_t kMaxStackBuffer = 1024;
// Reductions over at most this many elements, when the size is known at
// compile time, are emitted as straight-line code (sums in NumPy's pairwise
// order, min/max chains): no loop is left in a filter kernel's body, so the
// driver's loop over output points vectorises.
constexpr std::size_t kMaxUnrolledReduction = 256;
// Median and percentile over at most this many elements become a sorting
// network (Batcher's: 543 comparators for 64) instead of the runtime's
// selection.
constexpr std::size_t kMaxSortingNetwork = 64;

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
  case Builtin::Pow: return "pow";
  case Builtin::Atan2: return "atan2";
  case Builtin::Hypot: return "hypot";
  default: return nullptr;
  }
}

class BodyEmitter {
public:
  BodyEmitter(llvm::IRBuilder<> &builder, const frontend::Program &program,
              const frontend::Analysis &analysis, const BodyInputs &inputs)
      : b_(builder), program_(program), analysis_(analysis), inputs_(inputs),
        module_(*builder.GetInsertBlock()->getModule()),
        double_(builder.getDoubleTy()),
        scalar_bindings_(program.statements.size(), nullptr) {}

  std::vector<llvm::Value *> emit();

private:
  llvm::Value *scalar(const Expr &expr);
  llvm::Value *element(const Expr &expr, llvm::Value *index);
  void hoist(const Expr &array);
  llvm::Value *apply(const Expr &expr, const std::vector<llvm::Value *> &operands);
  llvm::Value *conditional(const Expr &expr);
  llvm::Value *index(const Expr &expr);
  llvm::Value *reduce(const Expr &expr);
  llvm::Value *materialize(const Expr &array, llvm::Value *count);
  llvm::Value *length();
  std::optional<std::size_t> unrolled_length(std::size_t limit) const;
  llvm::Value *load_value(llvm::Value *index);
  llvm::Value *offset_table();
  std::vector<llvm::Value *> elements(const Expr &array, std::size_t count);
  llvm::Value *pairwise_sum(std::span<llvm::Value *const> terms);
  llvm::Value *unrolled_reduction(const Expr &expr, std::size_t count);
  std::vector<llvm::Value *> sorted(std::vector<llvm::Value *> values);
  llvm::Value *any_nan(const std::vector<llvm::Value *> &values);

  llvm::Value *number(double value) { return llvm::ConstantFP::get(double_, value); }
  llvm::Value *nan() { return number(std::numeric_limits<double>::quiet_NaN()); }
  llvm::Value *truth(llvm::Value *value) {
    return b_.CreateFCmpUNE(value, number(0.0));
  }
  llvm::Value *to_double(llvm::Value *flag) { return b_.CreateUIToFP(flag, double_); }
  llvm::Value *intrinsic(llvm::Intrinsic::ID id, std::vector<llvm::Value *> args) {
    return b_.CreateIntrinsic(id, {double_}, args);
  }
  llvm::Value *call(llvm::StringRef name, llvm::Type *result,
                    std::vector<llvm::Value *> args, bool pure);
  llvm::Value *exp(llvm::Value *x);

  llvm::IRBuilder<> &b_;
  const frontend::Program &program_;
  const frontend::Analysis &analysis_;
  const BodyInputs &inputs_;
  llvm::Module &module_;
  llvm::Type *double_;
  std::vector<llvm::Value *> scalar_bindings_;
  // Scalar parts of array expressions, computed once before the loops that
  // walk the arrays.
  std::unordered_map<const Expr *, llvm::Value *> hoisted_;
  llvm::GlobalVariable *offset_table_ = nullptr;
};

std::vector<llvm::Value *> BodyEmitter::emit() {
  const auto &statements = program_.statements;
  for (std::size_t i = 0; i + 1 < statements.size(); ++i) {
    const Expr &value = *statements[i].value;
    if (value.type == Type::Array)
      hoist(value);
    else
      scalar_bindings_[i] = scalar(value);
  }
  const Expr &result = program_.result();
  std::vector<llvm::Value *> results;
  if (result.kind == ExprKind::Tuple) {
    for (const frontend::ExprPtr &coordinate : result.operands)
      results.push_back(scalar(*coordinate));
  } else {
    results.push_back(scalar(result));
  }
  return results;
}

llvm::Value *BodyEmitter::call(llvm::StringRef name, llvm::Type *result,
                               std::vector<llvm::Value *> args, bool pure) {
  std::vector<llvm::Type *> parameter_types;
  for (llvm::Value *arg : args)
    parameter_types.push_back(arg->getType());
  llvm::FunctionCallee callee = module_.getOrInsertFunction(
      name, llvm::FunctionType::get(result, parameter_types, false));
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
    llvm::Value *result =
        call("exp", double_, {b_.CreateSelect(underflows, number(0.0), x)}, true);
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

llvm::Value *BodyEmitter::length() {
  if (analysis_.values_size)
    return b_.getInt64(*analysis_.values_size);
  return inputs_.size;
}

std::optional<std::size_t> BodyEmitter::unrolled_length(std::size_t limit) const {
  if (analysis_.values_size && *analysis_.values_size <= limit)
    return analysis_.values_size;
  return std::nullopt;
}

// values[index]: from the buffer SciPy fills, or in a fused kernel straight
// from the input at the layout's offset (a constant once the index is).
llvm::Value *BodyEmitter::load_value(llvm::Value *index) {
  if (!inputs_.value_offsets)
    return b_.CreateLoad(double_, b_.CreateInBoundsGEP(double_, inputs_.values, index));
  llvm::Value *offset;
  if (auto *constant = llvm::dyn_cast<llvm::ConstantInt>(index))
    offset = b_.getInt64((*inputs_.value_offsets)[constant->getZExtValue()]);
  else
    offset = b_.CreateLoad(b_.getInt64Ty(),
                           b_.CreateInBoundsGEP(b_.getInt64Ty(), offset_table(), index));
  // NumPy's strides need not keep doubles aligned.
  return b_.CreateAlignedLoad(
      double_, b_.CreateInBoundsGEP(b_.getInt8Ty(), inputs_.values, offset),
      llvm::Align(1));
}

llvm::Value *BodyEmitter::offset_table() {
  if (!offset_table_) {
    std::vector<std::uint64_t> offsets(inputs_.value_offsets->begin(),
                                       inputs_.value_offsets->end());
    llvm::Constant *table =
        llvm::ConstantDataArray::get(b_.getContext(), llvm::ArrayRef(offsets));
    offset_table_ = new llvm::GlobalVariable(module_, table->getType(), true,
                                             llvm::GlobalValue::PrivateLinkage, table,
                                             "value_offsets");
  }
  return offset_table_;
}

llvm::Value *BodyEmitter::scalar(const Expr &expr) {
  switch (expr.kind) {
  case ExprKind::Number:
    return number(expr.number);
  case ExprKind::Name:
    switch (expr.name_kind) {
    case NameKind::Variable:
      return inputs_.variables[expr.index];
    case NameKind::Parameter:
      return inputs_.parameters[expr.index];
    case NameKind::Binding:
      return scalar_bindings_[expr.index];
    case NameKind::Constant:
      return number(expr.number);
    case NameKind::Size:
      return b_.CreateSIToFP(length(), double_);
    default:
      break;
    }
    break;
  case ExprKind::Conditional:
    return conditional(expr);
  case ExprKind::Index:
    return index(expr);
  case ExprKind::Call:
    if (frontend::is_reduction(expr.builtin, expr.operands.size()))
      return reduce(expr);
    [[fallthrough]];
  case ExprKind::Unary:
  case ExprKind::Binary: {
    std::vector<llvm::Value *> operands;
    for (const frontend::ExprPtr &operand : expr.operands)
      operands.push_back(scalar(*operand));
    return apply(expr, operands);
  }
  case ExprKind::Tuple:
    break;
  }
  llvm_unreachable("semantic analysis admits no other scalar");
}

llvm::Value *BodyEmitter::element(const Expr &expr, llvm::Value *index) {
  if (expr.kind == ExprKind::Name) {
    if (expr.name_kind == NameKind::Binding)
      return element(*program_.statements[expr.index].value, index);
    return load_value(index);
  }
  std::vector<llvm::Value *> operands;
  for (const frontend::ExprPtr &operand : expr.operands)
    operands.push_back(operand->type == Type::Array ? element(*operand, index)
                                                    : hoisted_.at(operand.get()));
  if (expr.kind == ExprKind::Conditional)
    return b_.CreateSelect(truth(operands[0]), operands[1], operands[2]);
  return apply(expr, operands);
}

void BodyEmitter::hoist(const Expr &array) {
  if (array.kind == ExprKind::Name)
    return; // `values`, or an array binding hoisted where it was bound
  for (const frontend::ExprPtr &operand : array.operands) {
    if (operand->type == Type::Array)
      hoist(*operand);
    else
      hoisted_[operand.get()] = scalar(*operand);
  }
}

llvm::Value *BodyEmitter::apply(const Expr &expr,
                                const std::vector<llvm::Value *> &operands) {
  if (expr.kind == ExprKind::Unary) {
    switch (expr.unary_op) {
    case UnaryOp::Negate:
      return b_.CreateFNeg(operands[0]);
    case UnaryOp::Plus:
      return operands[0];
    case UnaryOp::Not:
      return to_double(b_.CreateFCmpOEQ(operands[0], number(0.0)));
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
    case BinaryOp::Pow: return call("pow", double_, {l, r}, true);
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
  if (expr.builtin == Builtin::Exp)
    return exp(operands[0]);
  if (const char *name = libm_name(expr.builtin))
    return call(name, double_, operands, true);
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
    llvm::Value *zero_or_nan =
        b_.CreateSelect(b_.CreateFCmpOEQ(x, number(0.0)), number(0.0), x);
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
    const auto id = expr.builtin == Builtin::Min ? llvm::Intrinsic::minnum
                                                 : llvm::Intrinsic::maxnum;
    llvm::Value *result = x;
    for (std::size_t i = 1; i < operands.size(); ++i)
      result = intrinsic(id, {result, operands[i]});
    return result;
  }
  default:
    break;
  }
  llvm_unreachable("every element-wise builtin is lowered above");
}

llvm::Value *BodyEmitter::conditional(const Expr &expr) {
  llvm::LLVMContext &context = b_.getContext();
  llvm::Function *function = b_.GetInsertBlock()->getParent();
  llvm::Value *condition = truth(scalar(*expr.operands[0]));
  auto *then_block = llvm::BasicBlock::Create(context, "then", function);
  auto *else_block = llvm::BasicBlock::Create(context, "else", function);
  auto *merge = llvm::BasicBlock::Create(context, "endif", function);
  b_.CreateCondBr(condition, then_block, else_block);

  b_.SetInsertPoint(then_block);
  llvm::Value *then_value = scalar(*expr.operands[1]);
  then_block = b_.GetInsertBlock();
  b_.CreateBr(merge);

  b_.SetInsertPoint(else_block);
  llvm::Value *else_value = scalar(*expr.operands[2]);
  else_block = b_.GetInsertBlock();
  b_.CreateBr(merge);

  b_.SetInsertPoint(merge);
  llvm::PHINode *phi = b_.CreatePHI(double_, 2);
  phi->addIncoming(then_value, then_block);
  phi->addIncoming(else_value, else_block);
  return phi;
}

// array[i] with NumPy's negative indices; NaN, never a load, when i is not an
// integer in [-n, n).
llvm::Value *BodyEmitter::index(const Expr &expr) {
  const Expr &array = *expr.operands[0];
  hoist(array);
  llvm::Value *position = scalar(*expr.operands[1]);
  llvm::Value *count = length();
  llvm::Value *limit = b_.CreateSIToFP(count, double_);
  llvm::Value *valid = b_.CreateAnd(
      {b_.CreateFCmpOEQ(position, intrinsic(llvm::Intrinsic::trunc, {position})),
       b_.CreateFCmpOGE(position, b_.CreateFNeg(limit)),
       b_.CreateFCmpOLT(position, limit)});

  llvm::LLVMContext &context = b_.getContext();
  llvm::Function *function = b_.GetInsertBlock()->getParent();
  llvm::BasicBlock *before = b_.GetInsertBlock();
  auto *in_range = llvm::BasicBlock::Create(context, "index.ok", function);
  auto *merge = llvm::BasicBlock::Create(context, "index.end", function);
  b_.CreateCondBr(valid, in_range, merge);

  b_.SetInsertPoint(in_range);
  llvm::Value *signed_index = b_.CreateFPToSI(position, b_.getInt64Ty());
  llvm::Value *wrapped = b_.CreateSelect(
      b_.CreateICmpSLT(signed_index, b_.getInt64(0)),
      b_.CreateAdd(signed_index, count), signed_index);
  llvm::Value *value = element(array, wrapped);
  in_range = b_.GetInsertBlock();
  b_.CreateBr(merge);

  b_.SetInsertPoint(merge);
  llvm::PHINode *phi = b_.CreatePHI(double_, 2);
  phi->addIncoming(nan(), before);
  phi->addIncoming(value, in_range);
  return phi;
}

// Copies the array's elements into a buffer for the runtime's reductions.
// Returns the buffer; null when none could be had, which the runtime's
// reductions answer with NaN.
llvm::Value *BodyEmitter::materialize(const Expr &array, llvm::Value *count) {
  llvm::Value *buffer;
  if (analysis_.values_size && *analysis_.values_size <= kMaxStackBuffer) {
    // In the entry block, so that a loop around the body reuses one slot.
    llvm::BasicBlock &entry = b_.GetInsertBlock()->getParent()->getEntryBlock();
    llvm::IRBuilder<> at_entry(&entry, entry.getFirstInsertionPt());
    buffer = at_entry.CreateAlloca(double_, b_.getInt64(*analysis_.values_size));
  } else {
    buffer = call("llcjit_rt_scratch", b_.getPtrTy(), {count}, false);
    count = b_.CreateSelect(b_.CreateIsNull(buffer), b_.getInt64(0), count);
  }
  emit_loop(b_, count, {}, [&](llvm::Value *i, const std::vector<llvm::Value *> &) {
    b_.CreateStore(element(array, i), b_.CreateInBoundsGEP(double_, buffer, i));
    return std::vector<llvm::Value *>{};
  });
  return buffer;
}

llvm::Value *BodyEmitter::reduce(const Expr &expr) {
  const Expr &array = *expr.operands[0];
  hoist(array);
  llvm::Value *count = length();
  llvm::Value *empty = b_.CreateICmpEQ(count, b_.getInt64(0));

  const std::optional<std::size_t> unrolled = unrolled_length(kMaxUnrolledReduction);
  auto fold = [&](std::vector<llvm::Value *> acc, auto step, std::size_t first = 0) {
    if (unrolled) {
      for (std::size_t i = first; i < *unrolled; ++i) {
        llvm::Value *index = b_.getInt64(i);
        acc = step(element(array, index), index, acc);
      }
      return acc;
    }
    return emit_loop(b_, count, std::move(acc),
                     [&](llvm::Value *i, const std::vector<llvm::Value *> &carried) {
                       return step(element(array, i), i, carried);
                     });
  };

  switch (expr.builtin) {
  case Builtin::Prod:
    return fold({number(1.0)}, [&](llvm::Value *v, llvm::Value *, const auto &acc) {
      return std::vector<llvm::Value *>{b_.CreateFMul(acc[0], v)};
    })[0];
  case Builtin::Min:
  case Builtin::Max: {
    // numpy.minimum.reduce: NaN if any element is NaN, else the extreme, the
    // first of equal ones (which tells -0 from +0). `v < acc ? v : acc` is
    // one vminpd on x86, and the NaN check one unordered compare per
    // element, about half the work of tracking which NaN came first.
    const bool is_min = expr.builtin == Builtin::Min;
    auto step = [&](llvm::Value *v, llvm::Value *, const auto &acc) {
      llvm::Value *better = is_min ? b_.CreateFCmpOLT(v, acc[0]) : b_.CreateFCmpOGT(v, acc[0]);
      return std::vector<llvm::Value *>{b_.CreateSelect(better, v, acc[0]),
                                        b_.CreateOr(acc[1], b_.CreateFCmpUNO(v, v))};
    };
    // From +inf the first step always yields values[0] itself, so a known,
    // non-empty array starts there.
    if (unrolled) {
      llvm::Value *first = element(array, b_.getInt64(0));
      const auto result = fold({first, b_.CreateFCmpUNO(first, first)}, step, 1);
      return b_.CreateSelect(result[1], nan(), result[0]);
    }
    const double start = is_min ? std::numeric_limits<double>::infinity()
                                : -std::numeric_limits<double>::infinity();
    const auto result = fold({number(start), b_.getFalse()}, step);
    return b_.CreateSelect(b_.CreateOr(empty, result[1]), nan(), result[0]);
  }
  case Builtin::Argmin:
  case Builtin::Argmax: {
    // numpy.argmin: the first extreme element, or the first NaN.
    const bool is_min = expr.builtin == Builtin::Argmin;
    const double start = is_min ? std::numeric_limits<double>::infinity()
                                : -std::numeric_limits<double>::infinity();
    const auto result = fold(
        {number(start), b_.getInt64(0)},
        [&](llvm::Value *v, llvm::Value *i, const auto &acc) {
          llvm::Value *better =
              b_.CreateOr(is_min ? b_.CreateFCmpOLT(v, acc[0]) : b_.CreateFCmpOGT(v, acc[0]),
                          b_.CreateFCmpUNO(v, v));
          llvm::Value *take =
              b_.CreateAnd(better, b_.CreateFCmpORD(acc[0], acc[0]));
          return std::vector<llvm::Value *>{b_.CreateSelect(take, v, acc[0]),
                                            b_.CreateSelect(take, i, acc[1])};
        });
    return b_.CreateSelect(empty, nan(), b_.CreateSIToFP(result[1], double_));
  }
  case Builtin::Count:
    return fold({number(0.0)}, [&](llvm::Value *v, llvm::Value *, const auto &acc) {
      return std::vector<llvm::Value *>{b_.CreateFAdd(acc[0], to_double(truth(v)))};
    })[0];
  case Builtin::Any:
  case Builtin::All: {
    const bool is_any = expr.builtin == Builtin::Any;
    llvm::Value *result =
        fold({b_.getInt1(!is_any)}, [&](llvm::Value *v, llvm::Value *, const auto &acc) {
          return std::vector<llvm::Value *>{is_any ? b_.CreateOr(acc[0], truth(v))
                                                   : b_.CreateAnd(acc[0], truth(v))};
        })[0];
    return to_double(result);
  }
  default:
    break;
  }

  if (unrolled)
    if (llvm::Value *result = unrolled_reduction(expr, *unrolled))
      return result;

  // The reductions NumPy computes with pairwise sums or selection, done by the
  // runtime on a buffer so that the bits agree with NumPy's.
  const bool plain_values = array.kind == ExprKind::Name &&
                            array.name_kind == NameKind::Values &&
                            !inputs_.value_offsets;
  if (expr.builtin == Builtin::Sum || expr.builtin == Builtin::Mean) {
    llvm::Value *buffer = plain_values ? inputs_.values : materialize(array, count);
    llvm::Value *sum = call("llcjit_rt_sum", double_, {buffer, count}, false);
    if (expr.builtin == Builtin::Sum)
      return sum;
    return b_.CreateFDiv(sum, b_.CreateSIToFP(count, double_));
  }
  // Evaluated before the buffer is filled: q may itself need the buffer.
  llvm::Value *q = expr.builtin == Builtin::Percentile
                       ? scalar(*expr.operands[1])
                       : nullptr;
  llvm::Value *buffer = materialize(array, count);
  switch (expr.builtin) {
  case Builtin::Var:
    return call("llcjit_rt_var", double_, {buffer, count}, false);
  case Builtin::Std:
    return intrinsic(llvm::Intrinsic::sqrt,
                     {call("llcjit_rt_var", double_, {buffer, count}, false)});
  case Builtin::Median:
    return call("llcjit_rt_median", double_, {buffer, count}, false);
  case Builtin::Percentile:
    return call("llcjit_rt_percentile", double_, {buffer, count, q}, false);
  default:
    break;
  }
  llvm_unreachable("every reduction is lowered above");
}

std::vector<llvm::Value *> BodyEmitter::elements(const Expr &array, std::size_t count) {
  std::vector<llvm::Value *> values;
  for (std::size_t i = 0; i < count; ++i)
    values.push_back(element(array, b_.getInt64(i)));
  return values;
}

// The runtime's pairwise_sum (NumPy's order of additions) on values known
// one by one: the same operations, so the same bits.
llvm::Value *BodyEmitter::pairwise_sum(std::span<llvm::Value *const> terms) {
  const std::size_t n = terms.size();
  if (n < 8) {
    llvm::Value *sum = number(0.0);
    for (llvm::Value *term : terms)
      sum = b_.CreateFAdd(sum, term);
    return sum;
  }
  if (n <= 128) {
    std::vector<llvm::Value *> r(terms.begin(), terms.begin() + 8);
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (std::size_t j = 0; j < 8; ++j)
        r[j] = b_.CreateFAdd(r[j], terms[i + j]);
    llvm::Value *sum = b_.CreateFAdd(
        b_.CreateFAdd(b_.CreateFAdd(r[0], r[1]), b_.CreateFAdd(r[2], r[3])),
        b_.CreateFAdd(b_.CreateFAdd(r[4], r[5]), b_.CreateFAdd(r[6], r[7])));
    for (; i < n; ++i)
      sum = b_.CreateFAdd(sum, terms[i]);
    return sum;
  }
  std::size_t half = n / 2;
  half -= half % 8;
  return b_.CreateFAdd(pairwise_sum(terms.first(half)), pairwise_sum(terms.subspan(half)));
}

// Compare-exchange as `a < b ? a : b` and `a > b ? a : b`, each one vector
// instruction on x86; NaN is dealt with by the caller, as NumPy does, by
// answering NaN whenever one is present.
std::vector<llvm::Value *> BodyEmitter::sorted(std::vector<llvm::Value *> values) {
  for (const auto &[i, j] : sorting_network(values.size())) {
    llvm::Value *a = values[i];
    llvm::Value *b = values[j];
    values[i] = b_.CreateSelect(b_.CreateFCmpOLT(a, b), a, b);
    values[j] = b_.CreateSelect(b_.CreateFCmpOGT(a, b), a, b);
  }
  return values;
}

llvm::Value *BodyEmitter::any_nan(const std::vector<llvm::Value *> &values) {
  llvm::Value *found = b_.getFalse();
  for (llvm::Value *value : values)
    found = b_.CreateOr(found, b_.CreateFCmpUNO(value, value));
  return found;
}

// sum, mean, var, std, median and percentile (of a constant q) over a length
// known at compile time, in straight-line code with the runtime's arithmetic;
// null for what only the runtime does (a percentile of a computed q, a sort
// too long for a network).
llvm::Value *BodyEmitter::unrolled_reduction(const Expr &expr, std::size_t count) {
  const Expr &array = *expr.operands[0];
  const double n = static_cast<double>(count);
  switch (expr.builtin) {
  case Builtin::Sum:
    return pairwise_sum(elements(array, count));
  case Builtin::Mean:
    return b_.CreateFDiv(pairwise_sum(elements(array, count)), number(n));
  case Builtin::Var:
  case Builtin::Std: {
    std::vector<llvm::Value *> values = elements(array, count);
    llvm::Value *mean = b_.CreateFDiv(pairwise_sum(values), number(n));
    for (llvm::Value *&value : values) {
      llvm::Value *deviation = b_.CreateFSub(value, mean);
      value = b_.CreateFMul(deviation, deviation);
    }
    llvm::Value *var = b_.CreateFDiv(pairwise_sum(values), number(n));
    return expr.builtin == Builtin::Var ? var : intrinsic(llvm::Intrinsic::sqrt, {var});
  }
  case Builtin::Median:
  case Builtin::Percentile:
    break;
  default:
    return nullptr;
  }
  if (count > kMaxSortingNetwork)
    return nullptr;
  std::optional<double> q;
  if (expr.builtin == Builtin::Percentile) {
    q = frontend::literal_value(*expr.operands[1]);
    if (!q)
      return nullptr;
  }
  const std::vector<llvm::Value *> values = elements(array, count);
  const std::vector<llvm::Value *> order = sorted(values);
  llvm::Value *result;
  if (expr.builtin == Builtin::Median) {
    const std::size_t half = count / 2;
    // np.median averages the middle pair with np.mean: a pairwise sum from 0.
    result = count % 2 == 1
                 ? order[half]
                 : b_.CreateFDiv(b_.CreateFAdd(b_.CreateFAdd(number(0.0), order[half - 1]),
                                               order[half]),
                                 number(2.0));
  } else if (!(*q >= 0.0 && *q <= 100.0)) {
    result = nan();
  } else {
    // numpy.percentile, method 'linear', as llcjit_rt_percentile.
    const double virtual_index = (n - 1.0) * (*q / 100.0);
    if (virtual_index >= n - 1.0) {
      result = order[count - 1];
    } else {
      const auto below = static_cast<std::size_t>(std::floor(virtual_index));
      const double t = virtual_index - static_cast<double>(below);
      llvm::Value *a = order[below];
      llvm::Value *b = order[below + 1];
      llvm::Value *difference = b_.CreateFSub(b, a);
      result = t >= 0.5 ? b_.CreateFSub(b, b_.CreateFMul(difference, number(1.0 - t)))
                        : b_.CreateFAdd(a, b_.CreateFMul(difference, number(t)));
    }
  }
  return b_.CreateSelect(any_nan(values), nan(), result);
}

} // namespace

std::vector<llvm::Value *> emit_body(llvm::IRBuilder<> &builder,
                                     const frontend::Program &program,
                                     const frontend::Analysis &analysis,
                                     const BodyInputs &inputs) {
  return BodyEmitter(builder, program, analysis, inputs).emit();
}

} // namespace llcjit::codegen
