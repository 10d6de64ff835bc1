// The definitions of loop.hpp: loops in IR.
#include "codegen/loop.hpp"

namespace llcjit::codegen {

std::vector<llvm::Value *> emit_loop(
    llvm::IRBuilder<> &builder, llvm::Value *count, const std::vector<llvm::Value *> &initial,
    const std::function<std::vector<llvm::Value *>(llvm::Value *,
                                                   const std::vector<llvm::Value *> &)> &body) {
  llvm::LLVMContext &context = builder.getContext();
  llvm::Function *function = builder.GetInsertBlock()->getParent();
  llvm::BasicBlock *preheader = builder.GetInsertBlock();
  auto *header = llvm::BasicBlock::Create(context, "loop", function);
  auto *body_block = llvm::BasicBlock::Create(context, "loop.body", function);
  auto *exit = llvm::BasicBlock::Create(context, "loop.end", function);
  builder.CreateBr(header);

  builder.SetInsertPoint(header);
  llvm::PHINode *index = builder.CreatePHI(builder.getInt64Ty(), 2, "i");
  index->addIncoming(builder.getInt64(0), preheader);
  std::vector<llvm::PHINode *> phis;
  std::vector<llvm::Value *> carried;
  for (llvm::Value *value : initial) {
    llvm::PHINode *phi = builder.CreatePHI(value->getType(), 2);
    phi->addIncoming(value, preheader);
    phis.push_back(phi);
    carried.push_back(phi);
  }
  builder.CreateCondBr(builder.CreateICmpSLT(index, count), body_block, exit);

  builder.SetInsertPoint(body_block);
  const std::vector<llvm::Value *> next = body(index, carried);
  llvm::BasicBlock *latch = builder.GetInsertBlock();
  index->addIncoming(builder.CreateAdd(index, builder.getInt64(1), "", true, true), latch);
  for (std::size_t i = 0; i < phis.size(); ++i)
    phis[i]->addIncoming(next[i], latch);
  builder.CreateBr(header);

  builder.SetInsertPoint(exit);
  return carried;
}

} // namespace llcjit::codegen
