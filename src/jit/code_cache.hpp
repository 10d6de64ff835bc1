// The results of compiles that are still alive, by everything they depend
// on, so that a formula passed again as a string (to every call of a driver
// from Python or C) is compiled once: compiling costs milliseconds. The last
// few results stay alive after their last handle is gone, for the same
// reason. Safe to use from many threads.
#pragma once

#include "jit/compiled_code.hpp"

#include <llcjit/options.hpp>

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace llcjit::detail {

class CodeCache {
public:
  /// Everything a compile's result depends on, as one string. The tier is
  /// part of it unless `with_tier` is false (every tier computes the same
  /// bits; the disk cache keeps optimised code only).
  static std::string key(std::string_view source, const Options &options, bool with_tier = true);

  /// Whether a result for `key` is alive (leaves the order of the recent
  /// results as it is).
  bool contains(const std::string &key);
  /// The live result for `key`, now the most recent; null when none.
  std::shared_ptr<const CompiledCode> find(const std::string &key);
  /// Keeps `code` under `key` and returns it, or returns the live result
  /// another thread kept there first (then `code` is dropped).
  std::shared_ptr<const CompiledCode> insert(std::string key, std::shared_ptr<CompiledCode> code);
  /// Frees `code`'s slot as `code` is destroyed, unless a newer compile of
  /// the same key has taken it.
  void release(const CompiledCode &code) noexcept;
  /// Lets the recent results go (their engine is going).
  void forget_recent() noexcept;

private:
  // Makes `code` the most recent; returns the result it pushes out, to be
  // released once the mutex is unlocked (its release() locks it).
  std::shared_ptr<const CompiledCode> keep_recent(const std::shared_ptr<const CompiledCode> &code);

  static constexpr std::size_t kRecentResults = 16;
  std::mutex mutex_;
  std::unordered_map<std::string, std::weak_ptr<const CompiledCode>> live_;
  std::deque<std::shared_ptr<const CompiledCode>> recent_;
};

} // namespace llcjit::detail
