// What a Callback handle shares: the entry points of one compiled formula and
// the JIT resources behind them, released when the last handle goes.
#pragma once

#include <llcjit/callback.hpp>
#include <llcjit/options.hpp>

#include <llvm/ADT/IntrusiveRefCntPtr.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace llvm::orc {
class ResourceTracker;
}

namespace llcjit::detail {

class EngineImpl;

struct CompiledCode {
  CompiledCode() = default;
  CompiledCode(const CompiledCode &) = delete;
  CompiledCode &operator=(const CompiledCode &) = delete;
  ~CompiledCode();

  Kind kind = Kind::Quad;
  std::vector<std::string> parameters;
  std::vector<std::string> variables;
  std::vector<std::string> used_variables;
  std::size_t result_arity = 0;
  std::array<void *, kEntryCount> addresses{};

  std::shared_ptr<EngineImpl> engine;
  llvm::IntrusiveRefCntPtr<llvm::orc::ResourceTracker> tracker;
  std::string cache_key;
};

} // namespace llcjit::detail
