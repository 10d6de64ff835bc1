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
  /// Which SciPy entry points (all but Batch) the formula has.
  std::array<bool, kEntryCount> present{};
  bool has_batch = false;

  /// The address of a SciPy entry point, null where the formula has none.
  /// Quick code is compiled one entry point at a time, on first use; each
  /// is then the quick code's address, or its stub's (Automatic), or the
  /// optimised code's once tiered up. Thread-safe.
  void *entry(Entry entry) const;
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
  /// point compiled so far, the calls the quick code counted, and whether
  /// the optimised compile has been started.
  mutable std::array<std::string, kEntryCount> stubs;
  mutable std::atomic<std::uint64_t> calls{0};
  mutable std::atomic<bool> tier_up_started{false};
  std::string cache_key;

  /// Set by entry() and tier-up; null: not compiled yet.
  mutable std::array<std::atomic<void *>, kEntryCount> addresses{};
  /// Serialises compiling an entry point and retargeting the stubs.
  mutable std::mutex entries_mutex;

private:
  mutable std::once_flag batch_once_;
  mutable void *batch_address_ = nullptr;
};

} // namespace llcjit::detail
