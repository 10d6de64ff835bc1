// What a Callback handle shares: the entry points of one compiled formula and
// the JIT resources behind them, released when the last handle goes.
#pragma once

#include <llcjit/callback.hpp>
#include <llcjit/options.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace llvm::orc {
class JITDylib;
}

namespace llcjit::detail {

class EngineImpl;

struct CompiledCode : std::enable_shared_from_this<CompiledCode> {
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
  /// Holds the code, and is removed with it.
  llvm::orc::JITDylib *dylib = nullptr;

  /// The tier of the code the SciPy entry points run now.
  mutable std::atomic<Tier> tier{Tier::Optimised};
  bool from_disk_cache = false;
  /// The Automatic tier (tier_up.hpp): the stub behind each SciPy entry
  /// point, the calls the quick code counted, and whether the optimised
  /// compile has been started.
  std::array<std::string, kEntryCount> stubs;
  mutable std::atomic<std::uint64_t> calls{0};
  mutable std::atomic<bool> tier_up_started{false};
  std::string cache_key;

private:
  mutable std::once_flag batch_once_;
  mutable void *batch_address_ = nullptr;
};

} // namespace llcjit::detail
