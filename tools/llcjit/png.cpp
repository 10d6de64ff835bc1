#include "png.hpp"

#include <llcjit/errors.hpp>

#include <png.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

namespace llcjit::tool {

DoubleArray read_png(const std::string &path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, path.c_str()))
    throw UsageError(fmt::format("{}: {}", path, image.message));
  image.format = PNG_FORMAT_GRAY;
  std::vector<std::uint8_t> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) {
    png_image_free(&image);
    throw UsageError(fmt::format("{}: {}", path, image.message));
  }
  return {{static_cast<std::ptrdiff_t>(image.height), static_cast<std::ptrdiff_t>(image.width)},
          std::vector<double>(pixels.begin(), pixels.end())};
}

void write_png(const std::string &path, const DoubleArray &array) {
  if (array.shape.size() != 2)
    throw UsageError(fmt::format("{}: a PNG picture is 2-d; this array has {} dimension(s)",
                                 path, array.shape.size()));
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
  if (!png_image_write_to_file(&image, path.c_str(), 0, pixels.data(), 0, nullptr))
    throw UsageError(fmt::format("{}: {}", path, image.message));
}

} // namespace llcjit::tool
