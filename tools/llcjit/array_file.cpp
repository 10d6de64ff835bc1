// The definitions of array_file.hpp: arrays the tool reads and writes.
#include "array_file.hpp"

#include "npy.hpp"
#include "png.hpp"

#include <llcjit/errors.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

// The extension in lower case, with its dot; "" for none.
std::string extension_of(const std::string &path) {
  const std::string name = std::filesystem::path(path).filename().string();
  const auto dot = name.rfind('.');
  std::string extension = dot == std::string::npos || dot == 0 ? "" : name.substr(dot);
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return extension;
}

bool is_png(const std::string &path) { return extension_of(path) == ".png"; }

} // namespace

Array Array::of(std::vector<std::ptrdiff_t> shape, DType dtype) {
  const std::size_t count = element_count(shape);
  Array array{std::move(shape), dtype, {}};
  array.data.resize(count * item_size(dtype));
  return array;
}

std::vector<double> Array::values() const {
  std::vector<double> out(size());
  convert(ArrayView::contiguous(const_cast<std::byte *>(data.data()), shape, dtype),
          ArrayView::contiguous(out.data(), shape));
  return out;
}

Array read_array(const std::string &path) { return is_png(path) ? read_png(path) : read_npy(path); }

void check_output_path(const std::string &path) {
  const std::string extension = extension_of(path);
  if (extension != ".npy" && extension != ".png")
    throw UsageError(fmt::format(
        "{}: the output's name ends in .npy or .png (grey){}", path,
        extension.empty() ? std::string()
                          : fmt::format("; {} is not a format llcjit writes", extension)));
  // The write would fail there too (exit 1), but only after the work.
  const std::filesystem::path directory = std::filesystem::path(path).parent_path();
  std::error_code error;
  if (!directory.empty() && !std::filesystem::is_directory(directory, error))
    throw Error(fmt::format("cannot write {}: {} is not a directory", path, directory.string()));
}

void write_array(const std::string &path, const Array &array) {
  check_output_path(path);
  if (is_png(path))
    write_png(path, array);
  else
    write_npy(path, array);
}

} // namespace llcjit::tool
