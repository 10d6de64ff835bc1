// The definitions of streaming_stores.hpp: non-temporal output stores for the
// fused filter kernels that ask for them.
#include "jit/streaming_stores.hpp"

#include "codegen/codegen.hpp"

#include <llvm/IR/Constants.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Metadata.h>
#include <llvm/IR/Module.h>

#include <algorithm>

namespace llcjit::jit {

void make_aligned_vector_stores_nontemporal(llvm::Module &module) {
  llvm::LLVMContext &context = module.getContext();
  llvm::MDNode *nontemporal = llvm::MDNode::get(
      context,
      llvm::ConstantAsMetadata::get(llvm::ConstantInt::get(llvm::Type::getInt32Ty(context), 1)));
  const llvm::DataLayout &layout = module.getDataLayout();
  for (llvm::Function &function : module) {
    if (!function.hasFnAttribute(codegen::kStreamingOutputAttribute))
      continue;
    for (llvm::BasicBlock &block : function)
      for (llvm::Instruction &instruction : block) {
        auto *store = llvm::dyn_cast<llvm::StoreInst>(&instruction);
        if (!store || !store->getValueOperand()->getType()->isVectorTy())
          continue;
        // movntpd faults on an address not aligned to its width: only what
        // the optimiser derived from the entry's `align 64` output qualifies.
        const std::uint64_t bytes =
            layout.getTypeStoreSize(store->getValueOperand()->getType()).getFixedValue();
        if (store->getAlign().value() >= std::min<std::uint64_t>(bytes, 64))
          store->setMetadata(llvm::LLVMContext::MD_nontemporal, nontemporal);
      }
  }
}

} // namespace llcjit::jit
