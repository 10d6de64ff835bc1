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

struct Tuning {
  /// Unroll loops: pays only when their length is known at compile time.
  bool unroll_loops = false;
  /// Let the vectoriser call glibc's vector math library (libmvec), which is
  /// accurate to 4 ulp rather than bit-for-bit the scalar <cmath>.
  bool vector_math_library = false;
};

/// Sets the module's target and runs LLVM's O2 pipeline.
void optimize(llvm::Module &module, llvm::TargetMachine &machine,
              const Tuning &tuning);

/// The module as an object file; throws JitError on failure.
std::unique_ptr<llvm::MemoryBuffer> emit_object(llvm::Module &module,
                                                llvm::TargetMachine &machine);
/// The module as assembly text.
std::string emit_assembly(llvm::Module &module, llvm::TargetMachine &machine);

} // namespace llcjit::jit
