// Toolchains for the host target, lent one compile at a time. A
// TargetMachine builds its subtarget (instruction tables, lowering info) on
// first use and a Toolchain its code-generation pipeline; both cost
// milliseconds, so they are reused rather than made per compile.
#pragma once

#include "jit/optimizer.hpp"

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>

#include <memory>
#include <mutex>
#include <vector>

namespace llcjit::jit {

class ToolchainPool {
public:
  explicit ToolchainPool(llvm::orc::JITTargetMachineBuilder builder)
      : builder_(std::move(builder)) {}

  /// A toolchain for one thread's use, back in the pool when it goes.
  class Borrowed {
  public:
    Borrowed(ToolchainPool &pool, std::unique_ptr<Toolchain> toolchain)
        : pool_(pool), toolchain_(std::move(toolchain)) {}
    ~Borrowed() {
      std::lock_guard lock(pool_.mutex_);
      pool_.idle_.push_back(std::move(toolchain_));
    }
    Borrowed(const Borrowed &) = delete;
    Borrowed &operator=(const Borrowed &) = delete;
    Toolchain &operator*() const { return *toolchain_; }
    Toolchain *operator->() const { return toolchain_.get(); }

  private:
    ToolchainPool &pool_;
    std::unique_ptr<Toolchain> toolchain_;
  };

  Borrowed borrow();
  const llvm::orc::JITTargetMachineBuilder &builder() const { return builder_; }

private:
  llvm::orc::JITTargetMachineBuilder builder_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Toolchain>> idle_;
};

} // namespace llcjit::jit
