// The llcjit command line, for main(); and the parsing of a command's
// options, which the REPL's :quad and :filter share with it.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace llcjit::tool {

/// Parses `arguments` (without the program name), runs the subcommand, and
/// prints results on stdout and diagnostics on stderr; returns the exit
/// status (0, 1, or 2 for a bad formula or argument).
int run_command_line(std::vector<std::string> arguments);

/// Parses `arguments` with `command`'s options as the command line does (a
/// bound of -inf is a value, not options). Throws UsageError naming the
/// command and the problem; false when --help was asked for (and printed).
bool parse_arguments(CLI::App &command, std::vector<std::string> arguments);

} // namespace llcjit::tool
