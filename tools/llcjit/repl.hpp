// The interactive session: `llcjit` alone or `llcjit repl`.
#pragma once

namespace llcjit::tool {

/// On a terminal: line editing with history (~/.llcjit_history) and tab
/// completion, colour unless NO_COLOR is set. From a pipe or file: the lines
/// as a script, without prompts or colour. Returns the exit status: 0, or 1
/// when a script's entry failed.
int run_repl();

} // namespace llcjit::tool
