// The definitions of npy.hpp: NumPy's .npy files (format versions 1.0 to 3.0).
#include "npy.hpp"

#include "file_io.hpp"
#include "npy_header.hpp"

#include <llcjit/errors.hpp>
#include <llcjit/ndimage.hpp>

#include <bit>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace llcjit::tool {

namespace {

// NumPy's type codes of the dtypes llcjit reads, as in a descr: '<f8'.
constexpr std::pair<std::string_view, DType> kTypeCodes[] = {
    {"f8", DType::Float64}, {"f4", DType::Float32}, {"b1", DType::Bool},   {"i1", DType::Int8},
    {"u1", DType::UInt8},   {"i2", DType::Int16},   {"u2", DType::UInt16}, {"i4", DType::Int32},
    {"u4", DType::UInt32},  {"i8", DType::Int64},   {"u8", DType::UInt64},
};

// The dtype of `descr`, little-endian or of one byte.
DType dtype_of(const std::string &descr) {
  if (descr.size() >= 2 && descr[0] == '>' && descr.substr(1) != "u1" && descr.substr(1) != "i1" &&
      descr.substr(1) != "b1")
    throw UsageError(fmt::format("big-endian arrays ({}) are not supported", descr));
  const std::string type = descr.substr(
      descr[0] == '<' || descr[0] == '|' || descr[0] == '=' || descr[0] == '>' ? 1 : 0);
  for (const auto &[code, dtype] : kTypeCodes)
    if (type == code)
      return dtype;
  throw UsageError(fmt::format("dtype '{}' is not a real or integer type", descr));
}

std::string descr_of(DType dtype) {
  for (const auto &[code, type] : kTypeCodes)
    if (type == dtype)
      return fmt::format("{}{}", item_size(dtype) == 1 ? '|' : '<', code);
  return "<f8"; // kTypeCodes names every DType
}

constexpr std::string_view kNpyMagic = "\x93NUMPY";

} // namespace

Array read_npy(const std::string &path) { return decode_file(path, kNpyMagic, decode_npy); }

Array decode_npy(std::string_view bytes) {
  if (bytes.size() < 10 || bytes.substr(0, kNpyMagic.size()) != kNpyMagic)
    throw UsageError("not a .npy file");
  const int major = static_cast<unsigned char>(bytes[6]);
  std::size_t header_length, header_start;
  if (major == 1) {
    header_length = static_cast<unsigned char>(bytes[8]) |
                    static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8;
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      throw UsageError("truncated .npy file");
    header_length = 0;
    for (int i = 3; i >= 0; --i)
      header_length = header_length << 8 | static_cast<unsigned char>(bytes[8 + i]);
    header_start = 12;
  } else {
    throw UsageError(fmt::format(".npy format version {} is not supported", major));
  }
  if (bytes.size() - header_start < header_length)
    throw UsageError("truncated .npy header");
  const NpyHeader header = parse_npy_header(bytes.substr(header_start, header_length));
  const DType dtype = dtype_of(header.descr);
  const std::size_t width = item_size(dtype);
  std::size_t count = 0;
  try {
    count = element_count(header.shape);
  } catch (const UsageError &error) {
    throw UsageError(fmt::format("invalid .npy header: {}", error.what()));
  }
  const std::size_t data_start = header_start + header_length;
  if ((bytes.size() - data_start) / width < count)
    throw UsageError(fmt::format("invalid .npy header: shape ({}) needs {} bytes of data, "
                                 "the file holds {}",
                                 fmt::join(header.shape, ", "), count * width,
                                 bytes.size() - data_start));
  const bool fortran = header.fortran_order;
  Array array = Array::of(header.shape, dtype);
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
    std::memcpy(&array.data[c * width], bytes.data() + data_start + position * width, width);
  }
  return array;
}

void write_npy(const std::string &path, const Array &array) {
  std::string shape;
  for (std::ptrdiff_t extent : array.shape)
    shape += fmt::format("{}, ", extent);
  if (array.shape.size() > 1)
    shape.resize(shape.size() - 2);
  std::string header = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': ({}), }}",
                                   descr_of(array.dtype), shape);
  // Pad so that the data starts at a multiple of 64 bytes, ending in '\n'.
  const std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  // Version 1.0 stores the header's length in 2 bytes: ample for NumPy's 32
  // axes of 19 digits each.
  std::string bytes("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>(header.size() >> 8);
  bytes += header;
  static_assert(std::endian::native == std::endian::little);
  bytes.append(reinterpret_cast<const char *>(array.data.data()), array.data.size());
  write_file_atomically(path, bytes);
}

} // namespace llcjit::tool
