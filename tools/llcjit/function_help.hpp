// What the REPL's :help NAME prints: the rows of docs/language.md's
// function tables that document NAME.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llcjit::tool {

/// docs/language.md, embedded at build time.
std::string_view language_doc() noexcept;

/// The table rows of `doc` whose first cell shows a call of `name`
/// (`exp(x)`; `nanmin(v)`, `nanmax(v)`), each as "USAGE  MEANING" with the
/// Markdown backticks removed; empty when none does.
std::vector<std::string> function_help(std::string_view doc, std::string_view name);

} // namespace llcjit::tool
