// The definitions of source.hpp: positions in a formula's text and the
// diagnostics that point at them.
#include "frontend/source.hpp"

#include <llcjit/errors.hpp>

#include <algorithm>

#include <fmt/format.h>

namespace llcjit {

CompileError::CompileError(std::string message, unsigned line, unsigned column, std::string snippet)
    : Error(fmt::format("{}:{}: error: {}\n{}", line, column, message, snippet)),
      message_(std::move(message)), snippet_(std::move(snippet)), line_(line), column_(column) {}

namespace frontend {

SourceRange SourceRange::cover(SourceRange a, SourceRange b) noexcept {
  const std::uint32_t begin = std::min(a.offset, b.offset);
  return {begin, std::max(a.end(), b.end()) - begin};
}

LineColumn locate(std::string_view source, std::uint32_t offset) noexcept {
  offset = std::min<std::uint32_t>(offset, source.size());
  const std::string_view before = source.substr(0, offset);
  const auto line = 1 + std::count(before.begin(), before.end(), '\n');
  const auto line_start = before.rfind('\n');
  const auto column = line_start == std::string_view::npos ? offset + 1 : offset - line_start;
  return {static_cast<unsigned>(line), static_cast<unsigned>(column)};
}

namespace {

constexpr std::size_t kContextBefore = 60;
constexpr std::size_t kMaxShown = 120;

// The source line under the error and a caret line marking `range` on it.
std::string render_snippet(std::string_view source, SourceRange range) {
  const std::uint32_t offset = std::min<std::uint32_t>(range.offset, source.size());
  const auto newline_before = source.substr(0, offset).rfind('\n');
  std::size_t line_begin = newline_before == std::string_view::npos ? 0 : newline_before + 1;
  std::size_t line_end = source.find('\n', offset);
  if (line_end == std::string_view::npos)
    line_end = source.size();
  if (line_end > line_begin && source[line_end - 1] == '\r')
    --line_end;

  // Show at most a window of a very long line, marking what was cut.
  std::string lead, tail;
  if (offset - line_begin > kContextBefore) {
    line_begin = offset - kContextBefore;
    lead = "...";
  }
  if (line_end - line_begin > kMaxShown) {
    line_end = line_begin + kMaxShown;
    tail = "...";
  }

  // Control bytes show as Unicode's pictures of them (U+2400 + byte, one
  // column each): a NUL copied into the message would end it for every C
  // caller. Tabs are copied into the caret line so that the caret stays
  // aligned.
  std::string shown, caret(lead.size(), ' ');
  for (std::size_t i = line_begin; i < line_end; ++i) {
    const auto byte = static_cast<unsigned char>(source[i]);
    if (byte < 0x20 && byte != '\t')
      shown += {'\xE2', '\x90', static_cast<char>(0x80 + byte)}; // U+2400 + byte in UTF-8
    else if (byte == 0x7f)
      shown += "\xE2\x90\xA1"; // U+2421
    else
      shown += source[i];
    if (i < offset)
      caret += byte == '\t' ? '\t' : ' ';
  }
  const std::size_t available = line_end > offset ? line_end - offset : 0;
  const std::size_t marked =
      std::max<std::size_t>(1, std::min<std::size_t>(range.length, available));
  caret += '^';
  caret.append(marked - 1, '~');
  return fmt::format("  {}{}{}\n  {}", lead, shown, tail, caret);
}

} // namespace

void fail(std::string_view source, SourceRange range, std::string message) {
  const LineColumn where = locate(source, range.offset);
  throw CompileError(std::move(message), where.line, where.column, render_snippet(source, range));
}

} // namespace frontend
} // namespace llcjit
