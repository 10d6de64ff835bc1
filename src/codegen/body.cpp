// Lowers a formula's statements: names, conditionals, array elements and
// indexing, with the scalar parts of array expressions hoisted out of loops.
#include "codegen/body_emitter.hpp"

#include "codegen/element_types.hpp"

namespace llcjit::codegen {

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
  if (auto *constant = llvm::dyn_cast<llvm::ConstantInt>(index)) {
    // A constant index outside the footprint (values[size], values[2*5])
    // sits in a branch that index() never takes: nothing to load.
    if (constant->getZExtValue() >= inputs_.value_offsets->size())
      return nan();
    offset = b_.getInt64((*inputs_.value_offsets)[constant->getZExtValue()]);
  } else
    offset = b_.CreateLoad(b_.getInt64Ty(),
                           b_.CreateInBoundsGEP(b_.getInt64Ty(), offset_table(), index));
  // NumPy's strides need not keep elements aligned.
  return load_as_double(b_, inputs_.value_type,
                        b_.CreateInBoundsGEP(b_.getInt8Ty(), inputs_.values, offset));
}

llvm::Value *BodyEmitter::offset_table() {
  if (!offset_table_) {
    std::vector<std::uint64_t> offsets(inputs_.value_offsets->begin(),
                                       inputs_.value_offsets->end());
    llvm::Constant *table = llvm::ConstantDataArray::get(b_.getContext(), llvm::ArrayRef(offsets));
    offset_table_ = new llvm::GlobalVariable(
        module_, table->getType(), true, llvm::GlobalValue::PrivateLinkage, table, "value_offsets");
  }
  return offset_table_;
}

llvm::Value *BodyEmitter::scalar(const Expr &expr) {
  switch (expr.kind) {
  case ExprKind::Number: return number(expr.number);
  case ExprKind::Name:
    switch (expr.name_kind) {
    case NameKind::Variable: return inputs_.variables[expr.index];
    case NameKind::Parameter: return inputs_.parameters[expr.index];
    case NameKind::Binding: return scalar_bindings_[expr.index];
    case NameKind::Constant: return number(expr.number);
    case NameKind::Size: return b_.CreateSIToFP(length(), double_);
    default: break;
    }
    break;
  case ExprKind::Conditional: return conditional(expr);
  case ExprKind::Index: return index(expr);
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
  case ExprKind::Tuple: break;
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
       b_.CreateFCmpOGE(position, b_.CreateFNeg(limit)), b_.CreateFCmpOLT(position, limit)});

  llvm::LLVMContext &context = b_.getContext();
  llvm::Function *function = b_.GetInsertBlock()->getParent();
  llvm::BasicBlock *before = b_.GetInsertBlock();
  auto *in_range = llvm::BasicBlock::Create(context, "index.ok", function);
  auto *merge = llvm::BasicBlock::Create(context, "index.end", function);
  b_.CreateCondBr(valid, in_range, merge);

  b_.SetInsertPoint(in_range);
  llvm::Value *signed_index = b_.CreateFPToSI(position, b_.getInt64Ty());
  llvm::Value *wrapped = b_.CreateSelect(b_.CreateICmpSLT(signed_index, b_.getInt64(0)),
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

std::vector<llvm::Value *> emit_body(llvm::IRBuilder<> &builder, const frontend::Program &program,
                                     const frontend::Analysis &analysis, const BodyInputs &inputs) {
  return BodyEmitter(builder, program, analysis, inputs).emit();
}

} // namespace llcjit::codegen
