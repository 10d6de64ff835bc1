// The definitions of png.hpp: PNG pictures through libpng's simplified API, as
// 8-bit grey.
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

DoubleArray read_png(const std::string &path) { return decode_file(path, decode_png); }

DoubleArray decode_png(std::string_view bytes) {
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
  image.format = PNG_FORMAT_GRAY;
  std::vector<std::uint8_t> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) {
    png_image_free(&image);
    throw UsageError(image.message);
  }
  return {{static_cast<std::ptrdiff_t>(image.height), static_cast<std::ptrdiff_t>(image.width)},
          std::vector<double>(pixels.begin(), pixels.end())};
}

void write_png(const std::string &path, const DoubleArray &array) {
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
  image.format = PNG_FORMAT_GRAY;
  image.height = static_cast<png_uint_32>(array.shape[0]);
  image.width = static_cast<png_uint_32>(array.shape[1]);
  std::vector<std::uint8_t> pixels(array.data.size());
  std::transform(array.data.begin(), array.data.end(), pixels.begin(), [](double value) {
    return static_cast<std::uint8_t>(std::isnan(value) ? 0.0
                                                       : std::clamp(std::round(value), 0.0, 255.0));
  });
  // libpng first says how large the file will be, then writes it.
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr))
    throw UsageError(fmt::format("{}: {}", path, image.message));
  std::string bytes(size, '\0');
  if (!png_image_write_to_memory(&image, bytes.data(), &size, 0, pixels.data(), 0, nullptr))
    throw UsageError(fmt::format("{}: {}", path, image.message));
  bytes.resize(size);
  write_file_atomically(path, bytes);
}

} // namespace llcjit::tool
