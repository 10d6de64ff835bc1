// Indirect stubs for the Automatic tier: a stub is a jump through a
// pointer (ORC's IndirectStubsManager), handed to SciPy as an entry point,
// whose pointer moves from the quick code to the optimised code. ORC never
// frees a stub, so a stub whose callback is gone is reused by the next.
#pragma once

#include <llvm/ExecutionEngine/Orc/IndirectionUtils.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace llcjit::jit {

class StubPool {
public:
  explicit StubPool(const llvm::Triple &triple);

  /// A stub's name, to retarget and release it by.
  using Name = std::string;

  /// A stub jumping to `target`: its name and its address.
  std::pair<Name, void *> acquire(void *target);
  /// Makes the stub jump to `target`; a call already past the jump finishes
  /// where it was.
  void retarget(const Name &name, void *target);
  /// The stub may be reused once no one calls it.
  void release(Name name) noexcept;

private:
  std::mutex mutex_;
  std::unique_ptr<llvm::orc::IndirectStubsManager> stubs_;
  std::vector<Name> free_;
  std::size_t count_ = 0;
};

} // namespace llcjit::jit
