#include "jit/optimizer.hpp"

#include <llcjit/errors.hpp>

#include <llvm/ADT/SmallString.h>
#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

namespace llcjit::jit {

void optimize(llvm::Module &module, llvm::TargetMachine &machine,
              const Tuning &tuning_wanted) {
  module.setTargetTriple(machine.getTargetTriple().str());
  module.setDataLayout(machine.createDataLayout());

  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgsccs;
  llvm::ModuleAnalysisManager modules;
  // Unrolling pays only for loops of a length known at compile time (a
  // filter's fixed footprint); elsewhere it costs compile time and code size
  // for nothing. Interleaving the vectorised batch loop made it slower here.
  llvm::PipelineTuningOptions tuning;
  tuning.LoopUnrolling = tuning_wanted.unroll_loops;
  tuning.LoopInterleaving = false;
  llvm::PassBuilder builder(&machine, tuning);

  // Registered before the default analyses, which would otherwise install a
  // TargetLibraryInfo that knows no vector functions.
  llvm::TargetLibraryInfoImpl library(machine.getTargetTriple());
  if (tuning_wanted.vector_math_library)
    library.addVectorizableFunctionsFromVecLib(
        llvm::TargetLibraryInfoImpl::LIBMVEC_X86, machine.getTargetTriple());
  functions.registerPass([&] { return llvm::TargetLibraryAnalysis(library); });

  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgsccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgsccs, modules);
  builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2)
      .run(module, modules);
}

std::unique_ptr<llvm::MemoryBuffer> emit_object(llvm::Module &module,
                                                llvm::TargetMachine &machine) {
  llvm::orc::SimpleCompiler compiler(machine);
  auto object = compiler(module);
  if (!object)
    throw JitError("LLVM could not emit machine code: " +
                   llvm::toString(object.takeError()));
  return std::move(*object);
}

std::string emit_assembly(llvm::Module &module, llvm::TargetMachine &machine) {
  llvm::SmallString<4096> text;
  llvm::raw_svector_ostream stream(text);
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, stream, nullptr,
                                  llvm::CodeGenFileType::AssemblyFile))
    throw JitError("LLVM cannot emit assembly for this target");
  passes.run(module);
  return std::string(text.str());
}

} // namespace llcjit::jit
