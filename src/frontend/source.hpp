// Positions in a formula's text and the diagnostics that point at them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace llcjit::frontend {

/// A byte range of the source.
struct SourceRange {
  std::uint32_t offset = 0;
  std::uint32_t length = 0;

  std::uint32_t end() const noexcept { return offset + length; }
  /// The smallest range covering both.
  static SourceRange cover(SourceRange a, SourceRange b) noexcept;
};

/// 1-based line and column of a byte offset.
struct LineColumn {
  unsigned line;
  unsigned column;
};
LineColumn locate(std::string_view source, std::uint32_t offset) noexcept;

/// Throws llcjit::CompileError for `range` of `source`, with the line:column
/// prefix and the caret snippet.
[[noreturn]] void fail(std::string_view source, SourceRange range, std::string message);

} // namespace llcjit::frontend
