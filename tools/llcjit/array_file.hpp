// Arrays the tool reads and writes: NumPy's .npy files, and PNG pictures.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace llcjit::tool {

struct DoubleArray {
  std::vector<std::ptrdiff_t> shape;
  std::vector<double> data; // C order
};

/// A .png file (by its extension) as an 8-bit grey picture, anything else
/// as .npy. Throws UsageError for a file it cannot read.
DoubleArray read_array(const std::string &path);
/// Writes .png as 8-bit grey (values rounded and clamped to 0..255), anything
/// else as float64 .npy.
void write_array(const std::string &path, const DoubleArray &array);

} // namespace llcjit::tool
