// The batch entry point of quad integrands, where a quad driver spends its
// time: a loop over points, vectorised with exp inline (glibc's algorithm,
// the few points outside its fast path recomputed with libm) or, for large
// formulas, a loop calling the formula per point.
#include "codegen/module_emitter.hpp"

#include "codegen/loop.hpp"

#include <llvm/IR/MDBuilder.h>

namespace llcjit::codegen {

// void (const double *x, double *y, size_t n, const double *params)
void ModuleEmitter::batch() {
  if (math_.call_per_point) {
    batch_calling_point();
    return;
  }
  llvm::Function *f = define(Entry::Batch, void_, {ptr_, ptr_, intptr_, ptr_});
  llvm::Value *x = f->getArg(0);
  llvm::Value *y = f->getArg(1);
  const std::vector<llvm::Value *> parameters = load_parameters(f->getArg(3));
  // The batch loop is where a quad driver spends its time, and it is
  // compiled once, on first use: worth the guards.
  const ExpLowering libm_exp = math_.vector_math ? ExpLowering::Select : ExpLowering::Branch;
  auto point = [&](llvm::Value *i, ExpLowering exp, llvm::Value *needs_libm) {
    llvm::Value *xi = builder_.CreateLoad(double_, builder_.CreateInBoundsGEP(double_, x, i));
    const BodyInputs inputs{.variables = {xi},
                            .parameters = parameters,
                            .exp = exp,
                            .needs_libm = needs_libm,
                            .vector_pow = math_.vector_math};
    builder_.CreateStore(result_of(inputs), builder_.CreateInBoundsGEP(double_, y, i));
  };
  if (!math_.inline_exp) {
    emit_loop(builder_, f->getArg(2), {}, [&](llvm::Value *i, const std::vector<llvm::Value *> &) {
      point(i, libm_exp, nullptr);
      return std::vector<llvm::Value *>{};
    });
    builder_.CreateRetVoid();
    return;
  }
  // Chunks of 64 points: a vectorised loop with exp inline notes in a mask
  // the points where some exp needs libm, and a scalar loop recomputes those.
  constexpr std::int64_t kChunk = 64;
  llvm::Value *needs_libm = builder_.CreateAlloca(builder_.getInt1Ty());
  llvm::Value *n = f->getArg(2);
  llvm::Value *chunks = builder_.CreateUDiv(builder_.CreateAdd(n, builder_.getInt64(kChunk - 1)),
                                            builder_.getInt64(kChunk));
  emit_loop(builder_, chunks, {}, [&](llvm::Value *chunk, const std::vector<llvm::Value *> &) {
    llvm::Value *start = builder_.CreateMul(chunk, builder_.getInt64(kChunk), "", true, true);
    llvm::Value *count = builder_.CreateBinaryIntrinsic(
        llvm::Intrinsic::smin, builder_.CreateSub(n, start), builder_.getInt64(kChunk));
    llvm::Value *any = emit_loop(
        builder_, count, {builder_.getFalse()},
        [&](llvm::Value *j, const std::vector<llvm::Value *> &carried) {
          builder_.CreateStore(builder_.getFalse(), needs_libm);
          point(builder_.CreateAdd(start, j, "", true, true), ExpLowering::Inline, needs_libm);
          return std::vector<llvm::Value *>{
              builder_.CreateOr(carried[0], builder_.CreateLoad(builder_.getInt1Ty(), needs_libm))};
        })[0];
    // Marked unlikely, so that the code generator keeps the vector loop's
    // constants in registers and spills them only around libm's calls.
    llvm::Function *function = builder_.GetInsertBlock()->getParent();
    auto *recompute = llvm::BasicBlock::Create(context_, "recompute", function);
    auto *chunk_end = llvm::BasicBlock::Create(context_, "chunk.end", function);
    builder_.CreateCondBr(any, recompute, chunk_end,
                          llvm::MDBuilder(context_).createUnlikelyBranchWeights());
    builder_.SetInsertPoint(recompute);
    emit_loop(builder_, count, {}, [&](llvm::Value *j, const std::vector<llvm::Value *> &) {
      point(builder_.CreateAdd(start, j, "", true, true), libm_exp, nullptr);
      return std::vector<llvm::Value *>{};
    });
    builder_.CreateBr(chunk_end);
    builder_.SetInsertPoint(chunk_end);
    return std::vector<llvm::Value *>{};
  });
  builder_.CreateRetVoid();
}

// The batch entry point of a formula too large to be the body of one loop:
// the formula is a function of its own (not inlined) which the loop calls,
// so that LLVM compiles it once, as it does a scalar entry point, in time
// that grows with its size alone. The same operations, so the same bits.
void ModuleEmitter::batch_calling_point() {
  auto *point = llvm::Function::Create(llvm::FunctionType::get(double_, {double_, ptr_}, false),
                                       llvm::Function::InternalLinkage,
                                       fmt::format("{}point", prefix_), module_.get());
  point->addFnAttr(llvm::Attribute::NoUnwind);
  point->addFnAttr(llvm::Attribute::NoInline);
  builder_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", point));
  // exp as a plain libm call, as the scalar entry points have it: each
  // guard would add blocks, and compile time.
  builder_.CreateRet(result_of(
      {.variables = {point->getArg(0)}, .parameters = load_parameters(point->getArg(1))}));

  llvm::Function *f = define(Entry::Batch, void_, {ptr_, ptr_, intptr_, ptr_});
  emit_loop(builder_, f->getArg(2), {}, [&](llvm::Value *i, const std::vector<llvm::Value *> &) {
    llvm::Value *xi =
        builder_.CreateLoad(double_, builder_.CreateInBoundsGEP(double_, f->getArg(0), i));
    builder_.CreateStore(builder_.CreateCall(point, {xi, f->getArg(3)}),
                         builder_.CreateInBoundsGEP(double_, f->getArg(1), i));
    return std::vector<llvm::Value *>{};
  });
  builder_.CreateRetVoid();
}

} // namespace llcjit::codegen
