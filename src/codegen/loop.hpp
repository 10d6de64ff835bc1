// Loops in IR: a counted loop with values carried from one iteration to the
// next.
#pragma once

#include <llvm/IR/IRBuilder.h>

#include <functional>
#include <vector>

namespace llcjit::codegen {

/// Emits `for (i = 0; i < count; ++i) carried = body(i, carried)` at the
/// builder's position, `count` an i64, and leaves the builder after the loop.
/// Returns the carried values as they are when the loop ends.
std::vector<llvm::Value *>
emit_loop(llvm::IRBuilder<> &builder, llvm::Value *count, const std::vector<llvm::Value *> &initial,
          const std::function<std::vector<llvm::Value *>(
              llvm::Value *index, const std::vector<llvm::Value *> &carried)> &body);

} // namespace llcjit::codegen
