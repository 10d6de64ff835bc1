// The definitions of stub_pool.hpp: ORC's indirect stubs, reused.
#include "jit/stub_pool.hpp"

#include "jit/llvm_errors.hpp"

#include <fmt/format.h>

namespace llcjit::jit {

StubPool::StubPool(const llvm::Triple &triple)
    : stubs_(llvm::orc::createLocalIndirectStubsManagerBuilder(triple)()) {
  if (!stubs_)
    throw JitError(fmt::format("LLVM has no indirect stubs for {}", triple.str()));
}

std::pair<StubPool::Name, void *> StubPool::acquire(void *target) {
  std::lock_guard lock(mutex_);
  Name name;
  if (!free_.empty()) {
    name = std::move(free_.back());
    free_.pop_back();
    check(stubs_->updatePointer(name, llvm::orc::ExecutorAddr::fromPtr(target)), "retarget a stub");
  } else {
    // Room for every stub to be released without allocating.
    free_.reserve(count_ + 1);
    name = fmt::format("stub.{}", count_++);
    check(stubs_->createStub(name, llvm::orc::ExecutorAddr::fromPtr(target),
                             llvm::JITSymbolFlags::Exported),
          "create a stub");
  }
  void *address = stubs_->findStub(name, false).getAddress().toPtr<void *>();
  return {std::move(name), address};
}

void StubPool::retarget(const Name &name, void *target) {
  std::lock_guard lock(mutex_);
  check(stubs_->updatePointer(name, llvm::orc::ExecutorAddr::fromPtr(target)), "retarget a stub");
}

void StubPool::release(Name name) noexcept {
  std::lock_guard lock(mutex_);
  free_.push_back(std::move(name)); // within the capacity acquire() reserved
}

} // namespace llcjit::jit
