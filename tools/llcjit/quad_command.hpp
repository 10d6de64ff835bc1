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
};

/// Prints one line (or JSON object) per integral; returns the exit status.
int run_quad(const QuadArguments &arguments);

} // namespace llcjit::tool
