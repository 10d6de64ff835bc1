// `llcjit filter`: scipy.ndimage.generic_filter on .npy files and PNG pictures.
#pragma once

#include <string>
#include <vector>

namespace llcjit::tool {

struct FilterArguments {
  std::string source;
  std::string input;
  std::string output;
  std::string size;      // "3x3" or "5"
  std::string footprint; // "cross" or a .npy mask
  std::string mode = "reflect";
  double cval = 0.0;
  std::vector<long> origin;
  std::vector<std::string> bindings;
  unsigned threads = 0;
  bool unfused = false; // call the kernel per element instead of fusing it
};

int run_filter(const FilterArguments &arguments);

} // namespace llcjit::tool
