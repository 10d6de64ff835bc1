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
/// Throws UsageError unless `path` ends in .npy or .png (in any case), the
/// formats write_array chooses between: checked before the work, so that a
/// typo does not cost a whole filter.
void check_output_name(const std::string &path);

/// Writes .png as 8-bit grey (values rounded and clamped to 0..255), .npy as
/// float64; check_output_name's UsageError for any other name.
void write_array(const std::string &path, const DoubleArray &array);

} // namespace llcjit::tool
