// `llcjit filter`: scipy.ndimage.generic_filter on .npy files and PNG pictures.
#pragma once

#include "array_command.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace llcjit::tool {

struct FilterArguments : ArrayCommandArguments {
  std::string size;      // "3x3" or "5"
  std::string footprint; // "cross" or a .npy mask
  std::string mode = "reflect";
  double cval = 0.0;
  std::optional<std::string> origin; // "O" or "O,O,..."; none: 0
  unsigned threads = 0;
  bool unfused = false;           // call the kernel per element instead of fusing it
  bool fuse_now = false;          // compile the fused loop at once whatever it costs
  bool exact = false;             // sums and means bit-identical to NumPy's at any size
  bool explain = false;           // print the algorithm chosen
  std::string streaming = "auto"; // non-temporal output stores: auto, on or off
};

/// Registers filter's options (--size ... --unfused) on `command`, for the
/// command line and the REPL's :filter alike.
void add_filter_options(CLI::App &command, FilterArguments &arguments);
/// The `filter` subcommand: EXPR INPUT OUTPUT [NAME=VALUE...] and the options.
CLI::App *add_filter_command(CLI::App &app, FilterArguments &arguments);
int run_filter(const FilterArguments &arguments);

} // namespace llcjit::tool
