// Non-temporal output stores for the fused filter kernels that ask for them.
#pragma once

namespace llvm {
class Module;
}

namespace llcjit::jit {

/// In every function carrying codegen::kStreamingOutputAttribute, makes the
/// vector stores that LLVM has proved aligned to their size (at most 64
/// bytes) non-temporal, so that a large output goes to memory without first
/// being read into the cache. Runs after vectorisation, which is what
/// creates those stores. Scalar stores and vector stores not proved aligned
/// stay ordinary stores.
void make_aligned_vector_stores_nontemporal(llvm::Module &module);

} // namespace llcjit::jit
