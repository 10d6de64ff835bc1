// `llcjit transform`: scipy.ndimage.geometric_transform on .npy files and
// PNG pictures, the mapping formula fused into the interpolation loop.
#pragma once

#include "array_command.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace llcjit::tool {

struct TransformArguments : ArrayCommandArguments {
  std::optional<std::string> shape; // the output's, e.g. "512x768"; none: the input's
  int order = 3;
  std::string mode = "constant";
  double cval = 0.0;
  bool no_prefilter = false;
  unsigned threads = 0;
  std::string streaming = "auto"; // non-temporal output stores: auto, on or off
};

/// The `transform` subcommand: EXPR INPUT OUTPUT [NAME=VALUE...] and its
/// options.
CLI::App *add_transform_command(CLI::App &app, TransformArguments &arguments);
int run_transform(const TransformArguments &arguments);

} // namespace llcjit::tool
