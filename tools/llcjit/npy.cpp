#include "npy.hpp"

#include <llcjit/errors.hpp>

#include <bit>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

template <typename T> double load(const char *p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return static_cast<double>(value);
}

// Converts one element of dtype `descr` (little-endian or native) to double.
using Loader = double (*)(const char *);

std::pair<Loader, std::size_t> loader_for(const std::string &descr, const std::string &path) {
  if (descr.size() >= 2 && descr[0] == '>' && descr.substr(1) != "u1" && descr.substr(1) != "i1" &&
      descr.substr(1) != "b1")
    throw UsageError(fmt::format("{}: big-endian arrays ({}) are not supported", path, descr));
  const std::string type = descr.substr(descr[0] == '<' || descr[0] == '|' ||
                                                descr[0] == '=' || descr[0] == '>'
                                            ? 1
                                            : 0);
  if (type == "f8") return {&load<double>, 8};
  if (type == "f4") return {&load<float>, 4};
  if (type == "i8") return {&load<std::int64_t>, 8};
  if (type == "i4") return {&load<std::int32_t>, 4};
  if (type == "i2") return {&load<std::int16_t>, 2};
  if (type == "i1") return {&load<std::int8_t>, 1};
  if (type == "u8") return {&load<std::uint64_t>, 8};
  if (type == "u4") return {&load<std::uint32_t>, 4};
  if (type == "u2") return {&load<std::uint16_t>, 2};
  if (type == "u1" || type == "b1") return {&load<std::uint8_t>, 1};
  throw UsageError(fmt::format("{}: dtype '{}' is not a real or integer type", path, descr));
}

} // namespace

DoubleArray read_npy(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    throw UsageError(fmt::format("cannot open {}", path));
  const std::string bytes{std::istreambuf_iterator<char>(file), {}};
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0)
    throw UsageError(fmt::format("{} is not a .npy file", path));
  const int major = static_cast<unsigned char>(bytes[6]);
  std::size_t header_length, header_start;
  if (major == 1) {
    header_length = static_cast<unsigned char>(bytes[8]) |
                    static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8;
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      throw UsageError(fmt::format("{} is truncated", path));
    header_length = 0;
    for (int i = 3; i >= 0; --i)
      header_length = header_length << 8 | static_cast<unsigned char>(bytes[8 + i]);
    header_start = 12;
  } else {
    throw UsageError(fmt::format("{}: .npy format version {} is not supported", path, major));
  }
  if (bytes.size() < header_start + header_length)
    throw UsageError(fmt::format("{} is truncated", path));
  const std::string header = bytes.substr(header_start, header_length);
  std::smatch match;
  if (!std::regex_search(header, match, std::regex(R"('descr'\s*:\s*'([^']+)')")))
    throw UsageError(fmt::format("{}: no dtype in the header", path));
  const std::string descr = match[1];
  if (!std::regex_search(header, match, std::regex(R"('fortran_order'\s*:\s*(True|False))")))
    throw UsageError(fmt::format("{}: no fortran_order in the header", path));
  const bool fortran = match[1] == "True";
  if (!std::regex_search(header, match, std::regex(R"('shape'\s*:\s*\(([^)]*)\))")))
    throw UsageError(fmt::format("{}: no shape in the header", path));
  DoubleArray array;
  const std::string dims = match[1];
  const std::regex number(R"(\d+)");
  for (auto it = std::sregex_iterator(dims.begin(), dims.end(), number);
       it != std::sregex_iterator(); ++it)
    array.shape.push_back(std::stoll(it->str()));
  std::size_t count = 1;
  for (std::ptrdiff_t extent : array.shape)
    count *= static_cast<std::size_t>(extent);
  const auto [loader, width] = loader_for(descr, path);
  const std::size_t data_start = header_start + header_length;
  if (bytes.size() < data_start + count * width)
    throw UsageError(fmt::format("{} is truncated", path));
  array.data.resize(count);
  // Fortran order: element i of C order is at the transposed position.
  std::vector<std::size_t> index(array.shape.size(), 0);
  for (std::size_t c = 0; c < count; ++c) {
    std::size_t position = c;
    if (fortran) {
      position = 0;
      std::size_t stride = 1;
      for (std::size_t axis = 0; axis < index.size(); ++axis) {
        position += index[axis] * stride;
        stride *= static_cast<std::size_t>(array.shape[axis]);
      }
      for (std::size_t axis = index.size(); axis-- > 0;) {
        if (++index[axis] < static_cast<std::size_t>(array.shape[axis]))
          break;
        index[axis] = 0;
      }
    }
    array.data[c] = loader(bytes.data() + data_start + position * width);
  }
  return array;
}

void write_npy(const std::string &path, const DoubleArray &array) {
  std::string shape;
  for (std::ptrdiff_t extent : array.shape)
    shape += fmt::format("{}, ", extent);
  if (array.shape.size() > 1)
    shape.resize(shape.size() - 2);
  std::string header =
      fmt::format("{{'descr': '<f8', 'fortran_order': False, 'shape': ({}), }}", shape);
  // Pad so that the data starts at a multiple of 64 bytes, ending in '\n'.
  const std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::ofstream file(path, std::ios::binary);
  if (!file)
    throw UsageError(fmt::format("cannot write {}", path));
  file.write("\x93NUMPY\x01\x00", 8);
  const char length[2] = {static_cast<char>(header.size() & 0xff),
                          static_cast<char>(header.size() >> 8)};
  file.write(length, 2);
  file << header;
  static_assert(std::endian::native == std::endian::little);
  file.write(reinterpret_cast<const char *>(array.data.data()),
             static_cast<std::streamsize>(array.data.size() * sizeof(double)));
  if (!file)
    throw UsageError(fmt::format("cannot write {}", path));
}

} // namespace llcjit::tool
