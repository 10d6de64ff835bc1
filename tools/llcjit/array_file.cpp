// The definitions of array_file.hpp: arrays the tool reads and writes.
#include "array_file.hpp"

#include "npy.hpp"
#include "png.hpp"

#include <algorithm>
#include <cctype>

namespace llcjit::tool {

namespace {

bool is_png(const std::string &path) {
  if (path.size() < 4)
    return false;
  std::string extension = path.substr(path.size() - 4);
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return extension == ".png";
}

} // namespace

DoubleArray read_array(const std::string &path) {
  return is_png(path) ? read_png(path) : read_npy(path);
}

void write_array(const std::string &path, const DoubleArray &array) {
  if (is_png(path))
    write_png(path, array);
  else
    write_npy(path, array);
}

} // namespace llcjit::tool
