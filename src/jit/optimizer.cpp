// The definitions of optimizer.hpp: the O2 pipeline and machine-code
// generation for the host target.
#include "jit/optimizer.hpp"

#include "jit/streaming_stores.hpp"

#include <llcjit/errors.hpp>

#include <llvm/ADT/SmallString.h>
#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

namespace llcjit::jit {

struct Toolchain::ObjectPipeline {
  llvm::SmallVector<char, 0> object;
  llvm::raw_svector_ostream stream{object};
  llvm::legacy::PassManager passes;
};

Toolchain::Toolchain(std::unique_ptr<llvm::TargetMachine> machine)
    : machine_(std::move(machine)), object_pipeline_(std::make_unique<ObjectPipeline>()) {
  if (machine_->addPassesToEmitFile(object_pipeline_->passes, object_pipeline_->stream, nullptr,
                                    llvm::CodeGenFileType::ObjectFile))
    throw JitError("LLVM cannot emit object files for this target");
}

Toolchain::~Toolchain() = default;

void Toolchain::optimize(llvm::Module &module, const Tuning &wanted) {
  module.setTargetTriple(machine_->getTargetTriple().str());
  module.setDataLayout(machine_->createDataLayout());
  if (machine_->getOptLevel() == llvm::CodeGenOptLevel::None) {
    // LLVM's fast instruction selector hands every function with a `tail`
    // call to the slow one; at this tier a call is just a call.
    for (llvm::Function &function : module)
      for (llvm::BasicBlock &block : function)
        for (llvm::Instruction &instruction : block)
          if (auto *call = llvm::dyn_cast<llvm::CallInst>(&instruction);
              call && call->getTailCallKind() == llvm::CallInst::TCK_Tail)
            call->setTailCallKind(llvm::CallInst::TCK_None);
    return;
  }

  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgsccs;
  llvm::ModuleAnalysisManager modules;
  // Unrolling pays only for loops of a length known at compile time (a
  // filter's fixed footprint); elsewhere it costs compile time and code size
  // for nothing. Interleaving the vectorised batch loop made it slower here.
  llvm::PipelineTuningOptions tuning;
  tuning.LoopUnrolling = wanted.unroll_loops;
  tuning.LoopInterleaving = false;
  llvm::PassBuilder builder(machine_.get(), tuning);

  // Registered before the default analyses, which would otherwise install a
  // TargetLibraryInfo that knows no vector functions.
  llvm::TargetLibraryInfoImpl library(machine_->getTargetTriple());
  if (wanted.vector_math_library)
    library.addVectorizableFunctionsFromVecLib(llvm::TargetLibraryInfoImpl::LIBMVEC_X86,
                                               machine_->getTargetTriple());
  functions.registerPass([&] { return llvm::TargetLibraryAnalysis(library); });

  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgsccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgsccs, modules);
  builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(module, modules);
  make_aligned_vector_stores_nontemporal(module);
}

std::unique_ptr<llvm::MemoryBuffer> Toolchain::emit_object(llvm::Module &module) {
  object_pipeline_->object.clear();
  object_pipeline_->passes.run(module);
  if (object_pipeline_->object.empty())
    throw JitError("LLVM produced no machine code");
  return llvm::MemoryBuffer::getMemBufferCopy(
      llvm::StringRef(object_pipeline_->object.data(), object_pipeline_->object.size()),
      module.getModuleIdentifier());
}

std::string Toolchain::emit_assembly(llvm::Module &module) {
  llvm::SmallString<4096> text;
  llvm::raw_svector_ostream stream(text);
  llvm::legacy::PassManager passes;
  if (machine_->addPassesToEmitFile(passes, stream, nullptr, llvm::CodeGenFileType::AssemblyFile))
    throw JitError("LLVM cannot emit assembly for this target");
  passes.run(module);
  return std::string(text.str());
}

} // namespace llcjit::jit
