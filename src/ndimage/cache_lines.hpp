// Where a row's whole 64-byte cache lines begin, for the stores that go
// around the cache: a row streams its whole lines, and the items before
// its first boundary (and after its last) go through the cache as usual.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace llcjit::ndimage {

inline constexpr std::ptrdiff_t kCacheLine = 64;

/// How many items of `item` bytes from `at` lie before its first 64-byte
/// boundary, at most `count`.
inline std::ptrdiff_t items_before_line(const void *at, std::ptrdiff_t item, std::ptrdiff_t count) {
  const std::uintptr_t line = kCacheLine,
                       misalignment = reinterpret_cast<std::uintptr_t>(at) % line;
  return std::min(count, static_cast<std::ptrdiff_t>((line - misalignment) % line) / item);
}

} // namespace llcjit::ndimage
