// What the commands over array files (filter, filter1d, transform) share:
// their positionals EXPR INPUT OUTPUT [NAME=VALUE...], --dtype, and reading
// the input and choosing the output's dtype from them.
#pragma once

#include "array_file.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace llcjit::tool {

/// The strings every array command takes.
struct ArrayCommandArguments {
  std::string source;
  std::string input;
  std::string output;
  std::vector<std::string> bindings;
  std::string dtype; // the output's; empty: the input's
};

/// Registers EXPR (described by `expr_help`), INPUT, OUTPUT and NAME=VALUE.
void add_array_positionals(CLI::App &command, ArrayCommandArguments &arguments,
                           const std::string &expr_help);
/// Registers --dtype, its help ending in `conversion` (how results are
/// converted), checked as it is parsed.
void add_dtype_option(CLI::App &command, std::string &dtype, const std::string &conversion);
/// The input file, after checking the output's name; UsageError for a 0-d
/// array, which has nothing to `work` on ("filter", "interpolate").
Array read_input(const ArrayCommandArguments &arguments, const char *work);
/// --dtype's dtype, or the input's.
DType output_dtype(const ArrayCommandArguments &arguments, DType input);

} // namespace llcjit::tool
