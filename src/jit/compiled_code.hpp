// What a Callback handle shares: the entry points of one compiled formula and
// the JIT resources behind them, released when the last handle goes.
#pragma once

#include <llcjit/callback.hpp>
#include <llcjit/options.hpp>

#include <llvm/ADT/IntrusiveRefCntPtr.h>

#include <array>
#include <memory>
#include <mutex>
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
  bool even_in_x = false;
  std::array<void *, kEntryCount> addresses{}; // all but Batch
  bool has_batch = false;

  /// The batch entry point, compiled on the first call; thread-safe.
  void *batch() const;

  // What the code is compiled from (the batch entry point on first use).
  std::string source;
  Options options;

  std::shared_ptr<EngineImpl> engine;
  llvm::IntrusiveRefCntPtr<llvm::orc::ResourceTracker> tracker;
  std::string cache_key;

private:
  mutable std::once_flag batch_once_;
  mutable void *batch_address_ = nullptr;
};

} // namespace llcjit::detail
