// `llcjit quad`: integrate a formula with llcjit's QUADPACK driver.
#pragma once

#include <llcjit/quad.hpp>

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
  std::string weight; // SciPy's name, empty for none
};

/// Prints one line (or JSON object) per integral; returns the exit status.
int run_quad(const QuadArguments &arguments);

struct NQuadArguments {
  std::string source;
  std::vector<std::string> ranges; // "LO,HI", innermost first
  std::vector<std::string> variables;
  std::vector<std::string> bindings;
  QuadOptions options;
  bool json = false;
};

/// Prints the iterated integral; returns the exit status.
int run_nquad(const NQuadArguments &arguments);

} // namespace llcjit::tool
