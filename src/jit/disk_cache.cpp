// The definitions of disk_cache.hpp: compiled code kept on disk across
// processes.
#include "jit/disk_cache.hpp"

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/CachePruning.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Support/xxhash.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace llcjit::jit {

namespace {

// An entry file:
//
//   +---------+----------+--------------+--------------+-----+---------+
//   | magic 8 | key size | payload size | payload hash | key | payload |
//   +---------+----------+--------------+--------------+-----+---------+
//              uint64      uint64         xxh3_64
//
// A file of another format version has another magic, so it reads as
// foreign and is replaced.
constexpr char kMagic[8] = {'l', 'l', 'c', 'j', 'i', 't', 'C', '2'};

struct Header {
  char magic[8];
  std::uint64_t key_size;
  std::uint64_t payload_size;
  std::uint64_t payload_hash;
};

std::optional<std::filesystem::path> directory_from_environment() {
  if (const char *dir = std::getenv("LLCJIT_CACHE_DIR"); dir && *dir)
    return std::filesystem::path(dir);
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
    return std::filesystem::path(xdg) / "llcjit";
  if (const char *home = std::getenv("HOME"); home && *home == '/')
    return std::filesystem::path(home) / ".cache" / "llcjit";
  return std::nullopt;
}

// Entries are a few kilobytes; 256 MiB is tens of thousands of formulas.
// LLVM's parser fills in its defaults for what `text` leaves out.
llvm::CachePruningPolicy policy_from(const std::string &text) {
  llvm::CachePruningPolicy policy;
  policy.Interval = std::chrono::minutes(10);
  policy.Expiration = std::chrono::hours(24 * 30);
  policy.MaxSizeBytes = std::uint64_t{256} << 20;
  if (text.empty())
    return policy;
  llvm::Expected<llvm::CachePruningPolicy> parsed = llvm::parseCachePruningPolicy(text);
  if (!parsed) {
    llvm::consumeError(parsed.takeError());
    return policy;
  }
  return *parsed;
}

} // namespace

std::optional<DiskCache> DiskCache::from_environment() {
  if (const char *setting = std::getenv("LLCJIT_CACHE");
      setting && (std::strcmp(setting, "off") == 0 || std::strcmp(setting, "0") == 0))
    return std::nullopt;
  std::optional<std::filesystem::path> directory = directory_from_environment();
  if (!directory)
    return std::nullopt;
  const char *policy = std::getenv("LLCJIT_CACHE_POLICY");
  return DiskCache(std::move(*directory), policy ? policy : "");
}

DiskCache::DiskCache(std::filesystem::path directory, std::string policy)
    : directory_(std::move(directory)), policy_(std::move(policy)) {}

// pruneCache only ever removes files named llvmcache-*.
std::filesystem::path DiskCache::file_for(std::string_view key) const {
  const llvm::XXH128_hash_t hash = llvm::xxh3_128bits(
      llvm::ArrayRef(reinterpret_cast<const std::uint8_t *>(key.data()), key.size()));
  return directory_ / fmt::format("llvmcache-{:016x}{:016x}", hash.high64, hash.low64);
}

bool DiskCache::contains(std::string_view key) const {
  return llvm::sys::fs::exists(file_for(key).string());
}

std::optional<std::string> DiskCache::load(std::string_view key) const {
  const std::string path = file_for(key).string();
  llvm::Expected<llvm::sys::fs::file_t> file = llvm::sys::fs::openNativeFileForRead(path);
  if (!file) {
    llvm::consumeError(file.takeError());
    return std::nullopt;
  }
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getOpenFile(*file, path, /*FileSize=*/-1,
                                      /*RequiresNullTerminator=*/false);
  // The access time is what eviction orders by; an entry that cannot be
  // touched is only evicted sooner.
  [[maybe_unused]] const std::error_code untouched =
      llvm::sys::fs::setLastAccessAndModificationTime(
          *file, llvm::sys::TimePoint<>(std::chrono::system_clock::now()));
  const std::error_code unclosed = llvm::sys::fs::closeFile(*file);
  if (!buffer || unclosed)
    return std::nullopt;
  const llvm::StringRef bytes = (*buffer)->getBuffer();
  Header header;
  if (bytes.size() < sizeof header)
    return std::nullopt;
  std::memcpy(&header, bytes.data(), sizeof header);
  const std::uint64_t available = bytes.size() - sizeof header;
  if (std::memcmp(header.magic, kMagic, sizeof kMagic) != 0 || header.key_size != key.size() ||
      available < header.key_size || header.payload_size != available - header.key_size)
    return std::nullopt;
  const llvm::StringRef stored_key = bytes.substr(sizeof header, header.key_size);
  const llvm::StringRef payload = bytes.substr(sizeof header + header.key_size);
  if (stored_key != llvm::StringRef(key.data(), key.size()) ||
      llvm::xxh3_64bits(payload) != header.payload_hash)
    return std::nullopt;
  return payload.str();
}

void DiskCache::store(std::string_view key, std::string_view payload) const {
  std::error_code ignored;
  std::filesystem::create_directories(directory_, ignored);
  Header header{};
  std::memcpy(header.magic, kMagic, sizeof kMagic);
  header.key_size = key.size();
  header.payload_size = payload.size();
  header.payload_hash = llvm::xxh3_64bits(llvm::StringRef(payload.data(), payload.size()));
  // A reader sees a whole entry or none: the bytes go to a unique temporary
  // file renamed over the entry. Not llvm::writeToOutput: its TempFile
  // installs LLVM's signal handlers in the host process, with an alternate
  // signal stack that ASan fails to unmap when the thread exits. The
  // temporary name starts llvmcache- so pruning removes what a killed
  // writer left.
  const std::string entry = file_for(key).string();
  int descriptor = -1;
  llvm::SmallString<128> temporary;
  if (llvm::sys::fs::createUniqueFile(entry + ".temp-%%%%%%%%", descriptor, temporary))
    return;
  bool written = false;
  {
    llvm::raw_fd_ostream out(descriptor, /*shouldClose=*/true);
    out.write(reinterpret_cast<const char *>(&header), sizeof header);
    out << llvm::StringRef(key.data(), key.size())
        << llvm::StringRef(payload.data(), payload.size());
    out.close();
    written = !out.has_error();
    // An error left pending is a fatal error in the stream's destructor.
    out.clear_error();
  }
  if (!written || llvm::sys::fs::rename(temporary, entry)) {
    [[maybe_unused]] const std::error_code unremoved = llvm::sys::fs::remove(temporary);
    return;
  }
  // Pruning writes a timestamp file, and says so on stderr when it cannot:
  // only a directory just written to is pruned.
  llvm::pruneCache(directory_.string(), policy_from(policy_));
}

} // namespace llcjit::jit
