// Compiled code kept on disk, so that a formula compiled once is never
// compiled again by a later process: a REPL session, `llcjit eval` in a shell
// loop, each worker of a distributed run. An entry is a file named by a hash
// of its key; it holds the whole key and a checksum, so that a truncated,
// corrupted or foreign file is never loaded, only replaced. Files are written
// under a temporary name and renamed, so processes sharing the directory
// never see half an entry; the directory is kept under a size bound by LRU
// eviction (LLVM's pruneCache, as ThinLTO's cache).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace llcjit::jit {

class DiskCache {
public:
  /// The cache the environment asks for (docs/design.md): LLCJIT_CACHE_DIR,
  /// else $XDG_CACHE_HOME/llcjit, else $HOME/.cache/llcjit; its size bound
  /// from LLCJIT_CACHE_POLICY in LLVM's cache-policy syntax
  /// ("cache_size_bytes=64m:prune_interval=10m"). None when LLCJIT_CACHE is
  /// "off" or "0", or when no directory can be named.
  static std::optional<DiskCache> from_environment();

  /// `policy` in LLVM's syntax; where it does not parse, the default.
  DiskCache(std::filesystem::path directory, std::string policy);

  /// The payload stored under `key`; none when absent, unreadable,
  /// truncated, corrupted or stored under another key.
  std::optional<std::string> load(std::string_view key) const;
  /// Whether a file for `key` exists (load() checks what it holds).
  bool contains(std::string_view key) const;
  /// Stores `payload` under `key`. Best effort: a read-only or full disk
  /// leaves the cache as it was.
  void store(std::string_view key, std::string_view payload) const;

  const std::filesystem::path &directory() const noexcept { return directory_; }

private:
  std::filesystem::path file_for(std::string_view key) const;

  std::filesystem::path directory_;
  std::string policy_;
};

} // namespace llcjit::jit
