// Any bytes as a file the llcjit tool reads: the first byte picks the reader,
// as the file's own magic does (0x93 "\x93NUMPY": .npy, 0x89 "\x89PNG": PNG,
// anything else: a .npy header dict alone). Each must end in an array or an
// llcjit::UsageError and nothing else. A decoded .npy must hold exactly
// shape-product values, equal to the file's elements read in C or Fortran
// order; a decoded PNG is a 2-d picture of integers 0..255. A decoded .npy
// is then also used as `llcjit filter --footprint` uses it: a mask for
// generic_filter (with a C kernel, no LLVM) over a small array of its rank.
#include "npy.hpp"
#include "npy_header.hpp"
#include "png.hpp"

#include <llcjit/errors.hpp>
#include <llcjit/ndimage.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

using llcjit::tool::Array;

[[noreturn]] void broken(const char *what) {
  std::fprintf(stderr, "files fuzzer: %s\n", what);
  std::abort();
}

void expect(bool condition, const char *what) {
  if (!condition)
    broken(what);
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// One element of dtype `type` (descr without its byte-order character) at
// `p`, little-endian, as NumPy would convert it to float64; false for a type
// this check does not know.
bool element(std::string_view type, const char *p, double &out) {
  auto as = [&]<typename T>(T) {
    T value;
    std::memcpy(&value, p, sizeof value);
    out = static_cast<double>(value);
  };
  if (type == "f8")
    as(double{});
  else if (type == "f4")
    as(float{});
  else if (type == "i8")
    as(std::int64_t{});
  else if (type == "i4")
    as(std::int32_t{});
  else if (type == "i2")
    as(std::int16_t{});
  else if (type == "i1")
    as(std::int8_t{});
  else if (type == "u8")
    as(std::uint64_t{});
  else if (type == "u4")
    as(std::uint32_t{});
  else if (type == "u2")
    as(std::uint16_t{});
  else if (type == "u1" || type == "b1")
    as(std::uint8_t{});
  else
    return false;
  return true;
}

std::size_t width_of(std::string_view type) { return static_cast<std::size_t>(type[1] - '0'); }

// The decoded array against the file, element by element: C index c is the
// multi-index (i0, ..., in) whose position in the file is the C or the
// Fortran linear index. Computed from scratch for every element, unlike the
// reader, which steps an index.
void check_npy(std::string_view bytes, const Array &array) {
  const std::vector<double> values = array.values();
  std::size_t product = 1;
  for (std::ptrdiff_t extent : array.shape) {
    expect(extent >= 0, "a decoded .npy with a negative extent");
    product *= static_cast<std::size_t>(extent);
  }
  expect(values.size() == product, "a decoded .npy whose data size is not its shape product");
  const bool v1 = bytes[6] == 1;
  std::size_t header_length = 0;
  for (int i = v1 ? 1 : 3; i >= 0; --i)
    header_length = header_length << 8 | static_cast<unsigned char>(bytes[8 + i]);
  const std::size_t header_start = v1 ? 10 : 12;
  const llcjit::tool::NpyHeader header =
      llcjit::tool::parse_npy_header(bytes.substr(header_start, header_length));
  expect(header.shape == array.shape, "a decoded .npy whose shape is not its header's");
  std::string_view type = header.descr;
  if (!type.empty() && (type[0] == '<' || type[0] == '|' || type[0] == '=' || type[0] == '>'))
    type.remove_prefix(1);
  double ignored;
  if (type.size() != 2 || !element(type, bytes.data(), ignored))
    broken("a .npy of an unknown dtype decoded");
  const std::size_t width = width_of(type);
  const char *data = bytes.data() + header_start + header_length;
  const std::size_t rank = array.shape.size();
  std::vector<std::size_t> index(rank);
  for (std::size_t c = 0; c < values.size(); ++c) {
    std::size_t rest = c;
    for (std::size_t axis = rank; axis-- > 0;) {
      index[axis] = rest % static_cast<std::size_t>(array.shape[axis]);
      rest /= static_cast<std::size_t>(array.shape[axis]);
    }
    std::size_t position = 0;
    if (header.fortran_order) {
      for (std::size_t axis = rank; axis-- > 0;)
        position = position * static_cast<std::size_t>(array.shape[axis]) + index[axis];
    } else {
      position = c;
    }
    double expected;
    element(type, data + position * width, expected);
    expect(same_bits(values[c], expected), "a decoded .npy element differs from the file's");
  }
}

int sum_kernel(double *values, std::intptr_t size, double *result, void *user_data) {
  const auto expected = *static_cast<const std::intptr_t *>(user_data);
  if (size != expected)
    broken("the filter kernel got another number of values than the footprint's cells");
  double sum = 0;
  for (std::intptr_t i = 0; i < size; ++i)
    sum += values[i];
  *result = sum;
  return 1;
}

// The mask as `llcjit filter --footprint mask.npy` builds it, over a small
// array of the mask's rank.
void use_as_footprint(const Array &mask, std::uint8_t selector) {
  llcjit::Footprint footprint{mask.shape, {}};
  std::intptr_t on = 0;
  for (double cell : mask.values()) {
    footprint.mask.push_back(cell != 0.0);
    on += cell != 0.0;
  }
  // At most 3 elements per axis, 256 in all, and 2^14 values gathered.
  const std::size_t elements =
      std::min<std::size_t>(256, 16384 / std::max<std::size_t>(mask.size(), 1));
  std::vector<std::ptrdiff_t> shape;
  std::size_t count = 1;
  for (std::ptrdiff_t extent : mask.shape) {
    const std::ptrdiff_t wanted = std::clamp<std::ptrdiff_t>(extent, 1, 3);
    const std::ptrdiff_t axis = count * wanted <= elements ? wanted : 1;
    shape.push_back(axis);
    count *= static_cast<std::size_t>(axis);
  }
  std::vector<double> input(count), output(count);
  for (std::size_t i = 0; i < count; ++i)
    input[i] = static_cast<double>(i % 7) - 3.0;
  llcjit::FilterOptions options;
  options.mode = static_cast<llcjit::Mode>(selector % 5);
  options.threads = 1;
  try {
    llcjit::generic_filter(llcjit::ArrayView::contiguous(input.data(), shape),
                           llcjit::ArrayView::contiguous(output.data(), shape), &sum_kernel, &on,
                           footprint, options);
  } catch (const llcjit::UsageError &) {
    // A 0-d mask, an empty one, one of only zeros.
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char *>(data), size);
  if (bytes.empty())
    return 0;
  try {
    switch (static_cast<unsigned char>(bytes[0])) {
    case 0x93: {
      const Array array = llcjit::tool::decode_npy(bytes);
      check_npy(bytes, array);
      use_as_footprint(array, static_cast<std::uint8_t>(size));
      break;
    }
    case 0x89: {
      // A PNG's IHDR may claim up to 2^28 pixels (kMaxPngPixels) that the
      // reader then allocates, 2 GiB as doubles: allowed, but more than a
      // fuzzer's memory limit, so claims between 2^20 and the limit are
      // skipped. Claims above it must be refused, and are fuzzed.
      if (bytes.size() >= 24 && bytes.substr(12, 4) == "IHDR") {
        auto big_endian = [&](std::size_t at) {
          std::uint32_t value = 0;
          for (std::size_t i = at; i < at + 4; ++i)
            value = value << 8 | static_cast<unsigned char>(bytes[i]);
          return std::uint64_t{value};
        };
        const std::uint64_t pixels = big_endian(16) * big_endian(20);
        if (pixels > (std::uint64_t{1} << 20) && pixels <= llcjit::tool::kMaxPngPixels)
          return -1; // not added to the corpus
      }
      const Array picture = llcjit::tool::decode_png(bytes);
      expect(picture.shape.size() == 2 && picture.shape[0] >= 1 && picture.shape[1] >= 1,
             "a decoded PNG that is not a 2-d picture");
      expect(picture.dtype == llcjit::DType::UInt8 || picture.dtype == llcjit::DType::UInt16,
             "a decoded PNG that is neither uint8 nor uint16");
      expect(picture.size() == static_cast<std::size_t>(picture.shape[0] * picture.shape[1]),
             "a decoded PNG whose data size is not its shape product");
      break;
    }
    default: {
      const llcjit::tool::NpyHeader header = llcjit::tool::parse_npy_header(bytes);
      for (std::ptrdiff_t extent : header.shape)
        expect(extent >= 0, "a parsed .npy header with a negative extent");
      break;
    }
    }
  } catch (const llcjit::UsageError &) {
    // Anything else escapes and libFuzzer reports it as a crash.
  }
  return 0;
}
