// NumPy's .npy files (format versions 1.0 to 3.0): read any real or integer
// dtype into doubles, write float64.
#pragma once

#include "array_file.hpp"

#include <string>

namespace llcjit::tool {

/// Throws UsageError for a file that is not a readable .npy of a real or
/// integer dtype.
DoubleArray read_npy(const std::string &path);
void write_npy(const std::string &path, const DoubleArray &array);

} // namespace llcjit::tool
