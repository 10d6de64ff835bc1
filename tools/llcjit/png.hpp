// PNG pictures through libpng's simplified API, as 8-bit grey.
#pragma once

#include "array_file.hpp"

#include <string>

namespace llcjit::tool {

/// Pixel values 0..255; libpng converts colour, palette and 16-bit pictures
/// to 8-bit grey. Throws UsageError with libpng's message.
DoubleArray read_png(const std::string &path);
/// A 2-d array as an 8-bit grey picture: values rounded to the nearest
/// integer and clamped to 0..255, NaN as 0.
void write_png(const std::string &path, const DoubleArray &array);

} // namespace llcjit::tool
