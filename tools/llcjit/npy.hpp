// NumPy's .npy files (format versions 1.0 to 3.0): read any real or integer
// dtype into doubles, write float64.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace llcjit::tool {

struct NpyArray {
  std::vector<std::ptrdiff_t> shape;
  std::vector<double> data; // C order
};

/// Throws UsageError for a file that is not a readable .npy of a real or
/// integer dtype.
NpyArray read_npy(const std::string &path);
void write_npy(const std::string &path, const NpyArray &array);

} // namespace llcjit::tool
