// `llcjit filter1d`: scipy.ndimage.generic_filter1d on .npy files and PNG
// pictures.
#pragma once

#include "array_command.hpp"

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace llcjit::tool {

struct Filter1DArguments : ArrayCommandArguments {
  std::ptrdiff_t size = 0;
  std::ptrdiff_t axis = -1;
  std::string mode = "reflect";
  double cval = 0.0;
  std::ptrdiff_t origin = 0;
  unsigned threads = 0;
};

/// The `filter1d` subcommand: EXPR INPUT OUTPUT [NAME=VALUE...] and its
/// options.
CLI::App *add_filter1d_command(CLI::App &app, Filter1DArguments &arguments);
int run_filter1d(const Filter1DArguments &arguments);

} // namespace llcjit::tool
