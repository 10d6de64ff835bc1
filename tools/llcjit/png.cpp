// The definitions of png.hpp: PNG pictures through libpng's simplified API, as
// 8- or 16-bit grey.
#include "png.hpp"

#include "file_io.hpp"

#include <llcjit/errors.hpp>

#include <png.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

namespace llcjit::tool {

// (PNG's signature: libpng refuses any other start.)
Array read_png(const std::string &path) {
  return decode_file(path, "\x89PNG\r\n\x1a\n", decode_png);
}

Array decode_png(std::string_view bytes) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()))
    throw UsageError(image.message);
  // A few hundred kilobytes of PNG can claim billions of pixels; refuse
  // those before allocating rather than run out of memory.
  const std::uint64_t pixels_claimed = std::uint64_t{image.width} * image.height;
  if (pixels_claimed > kMaxPngPixels) {
    png_image_free(&image);
    throw UsageError(fmt::format("a {}x{} picture is larger than the {} pixels "
                                 "llcjit reads from PNG; use a .npy file",
                                 image.width, image.height, kMaxPngPixels));
  }
  const bool deep = (image.format & PNG_FORMAT_FLAG_LINEAR) != 0; // 16 bits per sample
  image.format = deep ? PNG_FORMAT_LINEAR_Y : PNG_FORMAT_GRAY;
  Array picture = Array::of(
      {static_cast<std::ptrdiff_t>(image.height), static_cast<std::ptrdiff_t>(image.width)},
      deep ? DType::UInt16 : DType::UInt8);
  if (!png_image_finish_read(&image, nullptr, picture.data.data(), 0, nullptr)) {
    png_image_free(&image);
    throw UsageError(image.message);
  }
  return picture;
}

void write_png(const std::string &path, const Array &array) {
  if (array.shape.size() != 2)
    throw UsageError(fmt::format("{}: a PNG picture is 2-d; this array has {} dimension(s)", path,
                                 array.shape.size()));
  if (array.shape[0] < 1 || array.shape[1] < 1 || array.shape[0] > kMaxPngSide ||
      array.shape[1] > kMaxPngSide)
    throw UsageError(fmt::format("{}: a PNG picture is 1 to {} pixels on a side; this "
                                 "array is {}x{}",
                                 path, kMaxPngSide, array.shape[0], array.shape[1]));
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.format = array.dtype == DType::UInt16 ? PNG_FORMAT_LINEAR_Y : PNG_FORMAT_GRAY;
  image.height = static_cast<png_uint_32>(array.shape[0]);
  image.width = static_cast<png_uint_32>(array.shape[1]);
  std::vector<std::uint8_t> rounded;
  const void *pixels = array.data.data();
  if (array.dtype != DType::UInt16 && array.dtype != DType::UInt8) {
    const std::vector<double> values = array.values();
    rounded.resize(values.size());
    std::transform(values.begin(), values.end(), rounded.begin(), [](double value) {
      return static_cast<std::uint8_t>(
          std::isnan(value) ? 0.0 : std::clamp(std::round(value), 0.0, 255.0));
    });
    pixels = rounded.data();
  }
  // libpng first says how large the file will be, then writes it.
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, pixels, 0, nullptr))
    throw UsageError(fmt::format("{}: {}", path, image.message));
  std::string bytes(size, '\0');
  if (!png_image_write_to_memory(&image, bytes.data(), &size, 0, pixels, 0, nullptr))
    throw UsageError(fmt::format("{}: {}", path, image.message));
  bytes.resize(size);
  write_file_atomically(path, bytes);
}

} // namespace llcjit::tool
