// The definitions of toolchain_pool.hpp: toolchains for the host target, lent
// one compile at a time.
#include "jit/toolchain_pool.hpp"

#include "jit/llvm_errors.hpp"

#include <llvm/Target/TargetMachine.h>

namespace llcjit::jit {

ToolchainPool::Borrowed ToolchainPool::borrow() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto toolchain = std::move(idle_.back());
      idle_.pop_back();
      return {*this, std::move(toolchain)};
    }
  }
  return {*this, std::make_unique<Toolchain>(
                     unwrap(builder_.createTargetMachine(), "create a target machine"))};
}

} // namespace llcjit::jit
