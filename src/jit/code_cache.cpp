// The definitions of code_cache.hpp: the results of compiles that are still
// alive, by everything they depend on, so that a formula passed again as a
// string (to every call of a driver from Python or C) is compiled once.
#include "jit/code_cache.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace llcjit::detail {

namespace {

// The offsets as runs of a constant step, "first+step*count,": lossless,
// and as long as the footprint has rows rather than cells (a filter1d
// window of 4,000,000 printed offset by offset made a 78 MB key). Steps
// are differences modulo 2^64, which decode exactly as well.
void append_offsets(std::string &key, const std::vector<std::ptrdiff_t> &offsets) {
  const auto step_at = [&](std::size_t i) {
    return static_cast<std::uint64_t>(offsets[i + 1]) - static_cast<std::uint64_t>(offsets[i]);
  };
  for (std::size_t first = 0; first < offsets.size();) {
    std::size_t last = first;
    const std::uint64_t step = first + 1 < offsets.size() ? step_at(first) : 0;
    while (last + 1 < offsets.size() && step_at(last) == step)
      ++last;
    key += fmt::format("{}+{}*{},", offsets[first], step, last - first + 1);
    first = last + 1;
  }
}

} // namespace

std::string CodeCache::key(std::string_view source, const Options &options, bool with_tier) {
  std::string key =
      fmt::format("{}|{}|{}|{}|{}{}|{}|", with_tier ? static_cast<int>(options.tier) : -1,
                  options.kind ? static_cast<int>(*options.kind) : -1,
                  options.values_size ? static_cast<long long>(*options.values_size) : -1LL,
                  options.vector_math, fmt::join(options.parameters, ","),
                  options.parameters_complete ? "." : "", fmt::join(options.variables, ","));
  for (const auto &[name, value] : options.constants)
    key += fmt::format("{}={:a},", name, value);
  for (const std::string &definition : options.definitions)
    key += fmt::format("{}:{};", definition.size(), definition);
  if (const auto &layout = options.filter_layout) {
    key += fmt::format("|{},{},{},{}:", layout->input_step, layout->output_step,
                       to_string(layout->input_type), to_string(layout->output_type));
    append_offsets(key, layout->offsets);
  }
  key += '|';
  key += source;
  return key;
}

bool CodeCache::contains(const std::string &key) {
  std::lock_guard lock(mutex_);
  const auto found = live_.find(key);
  return found != live_.end() && !found->second.expired();
}

std::shared_ptr<const CompiledCode> CodeCache::find(const std::string &key) {
  std::shared_ptr<const CompiledCode> evicted; // destroyed after the unlock
  std::lock_guard lock(mutex_);
  if (auto found = live_.find(key); found != live_.end())
    if (auto alive = found->second.lock()) {
      evicted = keep_recent(alive);
      return alive;
    }
  return nullptr;
}

std::shared_ptr<const CompiledCode> CodeCache::insert(std::string key,
                                                      std::shared_ptr<CompiledCode> code) {
  std::shared_ptr<const CompiledCode> evicted; // destroyed after the unlock
  std::lock_guard lock(mutex_);
  std::weak_ptr<const CompiledCode> &slot = live_[key];
  if (auto raced = slot.lock())
    return raced; // another thread finished first; ours goes
  code->cache_key = std::move(key);
  slot = code;
  evicted = keep_recent(code);
  return code;
}

void CodeCache::release(const CompiledCode &code) noexcept {
  if (code.cache_key.empty())
    return;
  std::lock_guard lock(mutex_);
  if (auto found = live_.find(code.cache_key); found != live_.end() && found->second.expired())
    live_.erase(found);
}

void CodeCache::forget_recent() noexcept {
  std::deque<std::shared_ptr<const CompiledCode>> recent; // destroyed after the unlock
  std::lock_guard lock(mutex_);
  recent.swap(recent_);
}

std::shared_ptr<const CompiledCode>
CodeCache::keep_recent(const std::shared_ptr<const CompiledCode> &code) {
  if (const auto kept = std::find(recent_.begin(), recent_.end(), code); kept != recent_.end())
    recent_.erase(kept);
  recent_.push_front(code);
  if (recent_.size() <= kRecentResults)
    return nullptr;
  std::shared_ptr<const CompiledCode> oldest = std::move(recent_.back());
  recent_.pop_back();
  return oldest;
}

} // namespace llcjit::detail
