// NumPy's .npy files (format versions 1.0 to 3.0) of the real and integer
// dtypes llcjit's filters take, read and written in their own dtype.
#pragma once

#include "array_file.hpp"

#include <string>
#include <string_view>

namespace llcjit::tool {

/// Throws UsageError for a file that is not a readable .npy of a real or
/// integer dtype, naming the file and what is wrong with it.
Array read_npy(const std::string &path);
/// The same for the bytes of a .npy file (without the file's name).
Array decode_npy(std::string_view bytes);
void write_npy(const std::string &path, const Array &array);

} // namespace llcjit::tool
