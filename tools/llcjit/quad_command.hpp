// `llcjit quad` and `llcjit nquad`: integrate a formula with llcjit's
// QUADPACK driver.
#pragma once

#include <llcjit/quad.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace llcjit::tool {

struct QuadArguments {
  std::string source;
  std::string lower;
  std::string upper;
  std::vector<std::string> bindings; // NAME=VALUE or NAME=START:STOP:NUM
  QuadOptions options;
  bool json = false;
  bool vector_math = false;
  std::string weight;              // SciPy's name, empty for none
  std::vector<std::string> points; // each "P,P,...", into options.points
  std::vector<std::string> wvar;   // each "V" or "V,V", into options.wvar
};

/// Registers quad's options (--epsabs ... --json) on `command`, for the
/// command line and the REPL's :quad alike.
void add_quad_options(CLI::App &command, QuadArguments &arguments);
/// The `quad` subcommand: EXPR LOWER UPPER [NAME=VALUE...] and the options.
CLI::App *add_quad_command(CLI::App &app, QuadArguments &arguments);
/// Prints one line (or JSON object) per integral; returns the exit status.
int run_quad(const QuadArguments &arguments);

struct NQuadArguments {
  std::string source;
  std::vector<std::string> ranges; // "LO,HI", innermost first
  std::vector<std::string> variables;
  std::vector<std::string> bindings;
  QuadOptions options;
  std::vector<std::string> level_options; // "I:KEY=VALUE", nquad's opts[I]
  bool json = false;
};

/// The `nquad` subcommand.
CLI::App *add_nquad_command(CLI::App &app, NQuadArguments &arguments);
/// Prints the iterated integral; returns the exit status.
int run_nquad(const NQuadArguments &arguments);

} // namespace llcjit::tool
