// The definitions of cached_object.hpp: a module's object code and entry
// symbols as one byte string, each symbol preceded by its length.
#include "jit/cached_object.hpp"

#include <cstdint>
#include <cstring>

namespace llcjit::jit {

std::string pack(const CachedObject &cached) {
  std::string bytes;
  for (const std::string &symbol : cached.symbols) {
    const auto size = static_cast<std::uint32_t>(symbol.size());
    bytes.append(reinterpret_cast<const char *>(&size), sizeof size);
    bytes += symbol;
  }
  bytes += cached.object;
  return bytes;
}

std::optional<CachedObject> unpack(std::string_view bytes) {
  CachedObject cached;
  for (std::string &symbol : cached.symbols) {
    std::uint32_t size = 0;
    if (bytes.size() < sizeof size)
      return std::nullopt;
    std::memcpy(&size, bytes.data(), sizeof size);
    bytes.remove_prefix(sizeof size);
    if (bytes.size() < size)
      return std::nullopt;
    symbol = bytes.substr(0, size);
    bytes.remove_prefix(size);
  }
  if (bytes.empty())
    return std::nullopt;
  cached.object = bytes;
  return cached;
}

} // namespace llcjit::jit
