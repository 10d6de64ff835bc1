// PNG pictures through libpng's simplified API, as 8- or 16-bit grey.
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

/// A uint8 array of an 8-bit picture, a uint16 array of a 16-bit one (its
/// samples as stored, unless a gAMA or sRGB chunk makes libpng's
/// simplified API convert them to linear values);
/// libpng converts colour and palette pictures to grey. Throws UsageError
/// with libpng's message.
Array read_png(const std::string &path);
/// The same for the bytes of a PNG file (without the file's name).
Array decode_png(std::string_view bytes);
/// A 2-d array as a grey picture: uint16 as 16-bit, uint8 as 8-bit, any
/// other dtype as 8-bit with values rounded to the nearest integer and
/// clamped to 0..255, NaN as 0.
void write_png(const std::string &path, const Array &array);

} // namespace llcjit::tool
