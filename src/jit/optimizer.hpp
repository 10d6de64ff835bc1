// The O2 pipeline, and emission of machine code, for the host target.
#pragma once

#include <memory>
#include <string>

namespace llvm {
class Module;
class MemoryBuffer;
class TargetMachine;
} // namespace llvm

namespace llcjit::jit {

/// Sets the module's target and runs LLVM's O2 pipeline, with glibc's vector
/// math library (libmvec) known to the vectoriser.
void optimize(llvm::Module &module, llvm::TargetMachine &machine);

/// The module as an object file; throws JitError on failure.
std::unique_ptr<llvm::MemoryBuffer> emit_object(llvm::Module &module,
                                                llvm::TargetMachine &machine);
/// The module as assembly text.
std::string emit_assembly(llvm::Module &module, llvm::TargetMachine &machine);

} // namespace llcjit::jit
