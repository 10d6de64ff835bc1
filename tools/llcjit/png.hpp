// PNG pictures through libpng's simplified API, as 8-bit grey.
#pragma once

#include "array_file.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace llcjit::tool {

/// The largest picture read: 2^28 pixels (16384 x 16384), 2 GiB as doubles.
/// A PNG's few kilobytes can claim far more; larger data goes through .npy,
/// whose size the file itself proves.
inline constexpr std::uint64_t kMaxPngPixels = std::uint64_t{1} << 28;
/// PNG's own limit on a side, 2^31 - 1.
inline constexpr std::ptrdiff_t kMaxPngSide = 0x7fffffff;

/// Pixel values 0..255; libpng converts colour, palette and 16-bit pictures
/// to 8-bit grey. Throws UsageError with libpng's message.
DoubleArray read_png(const std::string &path);
/// The same for the bytes of a PNG file (without the file's name).
DoubleArray decode_png(std::string_view bytes);
/// A 2-d array as an 8-bit grey picture: values rounded to the nearest
/// integer and clamped to 0..255, NaN as 0.
void write_png(const std::string &path, const DoubleArray &array);

} // namespace llcjit::tool
