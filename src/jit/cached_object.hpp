// A module's object code with the symbols of its entry points, as one byte
// string: what the disk cache keeps of a compile.
#pragma once

#include <llcjit/callback.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace llcjit::jit {

struct CachedObject {
  /// Symbol of each entry point, indexed by Entry; empty where absent.
  std::array<std::string, kEntryCount> symbols;
  std::string object;
};

std::string pack(const CachedObject &cached);
/// None when `bytes` is not what pack() makes.
std::optional<CachedObject> unpack(std::string_view bytes);

} // namespace llcjit::jit
