// The O2 pipeline and machine-code generation for the host target, or for
// the quick tier neither pipeline nor optimising instruction selection.
#pragma once

#include <memory>
#include <string>

namespace llvm {
class Module;
class MemoryBuffer;
class TargetMachine;
class raw_svector_ostream;
namespace legacy {
class PassManager;
}
} // namespace llvm

namespace llcjit::jit {

struct Tuning {
  /// Unroll loops: pays only when their length is known at compile time.
  bool unroll_loops = false;
  /// Let the vectoriser call glibc's vector math library (libmvec), which is
  /// accurate to 4 ulp rather than bit-for-bit the scalar <cmath>.
  bool vector_math_library = false;
};

/// A target machine and the code-generation pipeline built for it, kept from
/// one module to the next (as `llc -compile-twice` runs one pipeline on two
/// modules): building that pipeline costs as much as running it on a small
/// module. Not safe to use from two threads at once.
class Toolchain {
public:
  explicit Toolchain(std::unique_ptr<llvm::TargetMachine> machine);
  ~Toolchain();
  Toolchain(const Toolchain &) = delete;
  Toolchain &operator=(const Toolchain &) = delete;

  /// Sets the module's target and runs LLVM's O2 pipeline, unless the
  /// machine generates code at CodeGenOptLevel::None (the quick tier).
  void optimize(llvm::Module &module, const Tuning &tuning);
  /// The module as an object file; throws JitError on failure.
  std::unique_ptr<llvm::MemoryBuffer> emit_object(llvm::Module &module);
  /// The module as assembly text.
  std::string emit_assembly(llvm::Module &module);

private:
  std::unique_ptr<llvm::TargetMachine> machine_;
  struct ObjectPipeline;
  std::unique_ptr<ObjectPipeline> object_pipeline_;
};

} // namespace llcjit::jit
