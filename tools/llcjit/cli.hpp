// The llcjit command line, for main() and for the REPL's commands that run a
// subcommand on the current formula (:quad, :filter, :ir, :asm).
#pragma once

#include <string>
#include <vector>

namespace llcjit::tool {

/// Parses `arguments` (without the program name), runs the subcommand, and
/// prints results on stdout and diagnostics on stderr; returns the exit
/// status (0, 1, or 2 for a bad formula or argument).
int run_command_line(std::vector<std::string> arguments);

} // namespace llcjit::tool
