// The definition of function_help (function_help.hpp).
#include "function_help.hpp"

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

std::string without_backticks(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c != '`')
      out += c;
  return out;
}

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos)
    return {};
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

} // namespace

std::vector<std::string> function_help(std::string_view doc, std::string_view name) {
  std::vector<std::string> rows;
  const std::string call = fmt::format("`{}(", name);
  while (!doc.empty()) {
    const auto end = doc.find('\n');
    const std::string_view line = doc.substr(0, end);
    doc.remove_prefix(end == std::string_view::npos ? doc.size() : end + 1);
    // | `usage` | meaning |
    if (!line.starts_with("| `"))
      continue;
    const auto divider = line.find(" | ");
    if (divider == std::string_view::npos || !line.ends_with(" |"))
      continue;
    const std::string_view usage = line.substr(2, divider - 2);
    if (!usage.starts_with(call) && usage.find(", " + call) == std::string_view::npos)
      continue;
    const std::string_view meaning =
        trimmed(line.substr(divider + 3, line.size() - 2 - (divider + 3)));
    rows.push_back(fmt::format("{:<22} {}", without_backticks(usage), without_backticks(meaning)));
  }
  return rows;
}

} // namespace llcjit::tool
