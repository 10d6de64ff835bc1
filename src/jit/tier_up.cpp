// The definitions of tier_up.hpp: quick code that counts its calls.
#include "jit/tier_up.hpp"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

namespace llcjit::jit {

namespace {

llvm::Value *address(llvm::IRBuilder<> &b, const void *pointer) {
  return b.CreateIntToPtr(b.getInt64(reinterpret_cast<std::uintptr_t>(pointer)), b.getPtrTy());
}

// Counts the call in a racy load and store (no locked instruction: calls
// from several threads may lose counts, which only delays tier-up) and
// calls `site.hot` on every kTierUpCalls-th.
void count_calls_of(llvm::Function &quick, const TierUpSite &site) {
  llvm::LLVMContext &context = quick.getContext();
  llvm::BasicBlock *body = &quick.getEntryBlock();
  auto *count = llvm::BasicBlock::Create(context, "count", &quick, body);
  auto *hot = llvm::BasicBlock::Create(context, "hot", &quick, body);
  llvm::IRBuilder<> b(count);
  llvm::Value *counter = address(b, site.calls);
  llvm::LoadInst *before = b.CreateLoad(b.getInt64Ty(), counter);
  before->setAtomic(llvm::AtomicOrdering::Monotonic);
  before->setAlignment(llvm::Align(8));
  llvm::Value *after = b.CreateAdd(before, b.getInt64(1));
  b.CreateAlignedStore(after, counter, llvm::Align(8))->setAtomic(llvm::AtomicOrdering::Monotonic);
  b.CreateCondBr(b.CreateICmpEQ(b.CreateAnd(after, b.getInt64(kTierUpCalls - 1)), b.getInt64(0)),
                 hot, body);
  b.SetInsertPoint(hot);
  auto *hook_type = llvm::FunctionType::get(b.getVoidTy(), {b.getPtrTy()}, false);
  b.CreateCall(hook_type, address(b, reinterpret_cast<const void *>(site.hot)),
               {address(b, site.code)});
  b.CreateBr(body);
}

} // namespace

void count_calls(llvm::Module &module, const std::array<std::string, kEntryCount> &symbols,
                 const TierUpSite &site) {
  for (const std::string &symbol : symbols)
    if (!symbol.empty())
      count_calls_of(*module.getFunction(symbol), site);
}

} // namespace llcjit::jit
