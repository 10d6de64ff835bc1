// `llcjit eval`, `llcjit ir` and `llcjit asm`: the commands that take one
// formula and its compile options, and show its value, its IR or its code.
#pragma once

#include <llcjit/callback.hpp>
#include <llcjit/options.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace llcjit::tool {

struct FormulaArguments {
  std::string source;
  std::string kind;
  std::vector<std::string> parameters;
  std::vector<std::string> variables;
  bool vector_math = false;
  std::string tier = "automatic";
  bool no_disk_cache = false;
};

/// What `ir` and `asm` show beyond the formula's own entry points.
struct ListingArguments {
  std::string size;                 // the fused filter loop for this box,
  std::string footprint;            // or this footprint,
  std::optional<std::string> shape; // over an array of this shape, e.g. "2048x2048"
  std::string dtype;                // ... of this dtype, in and out (default float64)
  bool full = false;                // the exp table's 256 lines too
};

/// Registers EXPR and the compile options (--kind, --parameters,
/// --variables, --vector-math, --tier, --no-disk-cache) on `command`.
void add_formula_options(CLI::App &command, FormulaArguments &arguments);
/// The compile options those arguments ask for.
Options options_of(const FormulaArguments &arguments);

/// How a callback's code came to be, e.g. "compiled at the quick tier" or
/// "optimised code loaded from the disk cache".
std::string origin_of(const Callback &callback);

/// Prints the formula's value at the NAME=VALUE bindings, shortest
/// round-trip (`digits` 0) or with `digits` significant digits; `verbose`,
/// how it was compiled and how long that took, on stderr.
int run_eval(const FormulaArguments &arguments, const std::vector<std::string> &bindings,
             int digits, bool verbose);
/// Registers ir's and asm's --size, --footprint, --shape, --dtype and --full.
void add_listing_options(CLI::App &command, ListingArguments &arguments);

/// Prints the optimised IR (or, `assembly`, the machine code) of every
/// entry point, and of the fused filter loop when the listing names a
/// footprint.
int run_inspect(const FormulaArguments &arguments, const ListingArguments &listing, bool assembly);

} // namespace llcjit::tool
