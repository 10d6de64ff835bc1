// The definitions of convert.hpp.
#include "ndimage/convert.hpp"

#include "numeric/scipy_cast.hpp"

#include <llcjit/errors.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace llcjit::ndimage {

namespace {

// The bytes an array view spans, [first, last), as offsets from its first
// element; std::nullopt where they overflow.
std::optional<std::pair<std::ptrdiff_t, std::ptrdiff_t>> extent(const ArrayView &array) {
  std::ptrdiff_t first = 0, last = static_cast<std::ptrdiff_t>(item_size(array.dtype));
  for (std::size_t axis = 0; axis < array.shape.size(); ++axis) {
    std::ptrdiff_t span;
    if (array.shape[axis] == 0)
      return std::pair{first, first};
    if (__builtin_mul_overflow(array.shape[axis] - 1, array.strides[axis], &span) ||
        __builtin_add_overflow(span < 0 ? first : last, span, span < 0 ? &first : &last))
      return std::nullopt;
  }
  return std::pair{first, last};
}

} // namespace

// The types chosen once, so that the loop is typed and the compiler can
// vectorise it.
void convert_line(DType from, DType to, const char *in, std::ptrdiff_t in_step, char *out,
                  std::ptrdiff_t out_step, std::ptrdiff_t count) {
  numeric::visit_element_type(from, [&]<typename From>(From) {
    numeric::visit_element_type(to, [&]<typename To>(To) {
      for (std::ptrdiff_t i = 0; i < count; ++i) {
        From element;
        std::memcpy(&element, in + i * in_step, sizeof element);
        const To converted = numeric::cast_from_double<To>(static_cast<double>(element));
        std::memcpy(out + i * out_step, &converted, sizeof converted);
      }
    });
  });
}

bool border_held(DType type, Mode mode, double cval) {
  if (mode != Mode::Constant)
    return true;
  // Bit for bit: -0.0 comes back from an integer as +0.0 (1 / min(values)
  // then turned -inf into inf), and a NaN's payload shrinks in float32.
  bool held = false;
  numeric::visit_element_type(type, [&]<typename T>(T) {
    held = std::bit_cast<std::uint64_t>(static_cast<double>(numeric::cast_from_double<T>(cval))) ==
           std::bit_cast<std::uint64_t>(cval);
  });
  return held;
}

void check_view(const ArrayView &array) {
  if (static_cast<unsigned>(array.dtype) > static_cast<unsigned>(DType::UInt64))
    throw UsageError("an array's dtype is not one of DType's values");
  element_count(array.shape); // negative extents and impossible sizes, first
  if (array.strides.size() == array.shape.size() && !extent(array))
    throw UsageError("an array's strides reach past the address space");
}

bool is_aligned(const ArrayView &array) {
  const auto item = static_cast<std::ptrdiff_t>(item_size(array.dtype));
  return reinterpret_cast<std::uintptr_t>(array.data) % static_cast<std::uintptr_t>(item) == 0 &&
         std::all_of(array.strides.begin(), array.strides.end(),
                     [item](std::ptrdiff_t stride) { return stride % item == 0; });
}

bool overlap(const ArrayView &a, const ArrayView &b) {
  const auto a_extent = extent(a), b_extent = extent(b);
  if (!a_extent || !b_extent) // check_view refuses such views first
    return true;
  const auto start = [](const ArrayView &array, std::ptrdiff_t offset) {
    return reinterpret_cast<std::uintptr_t>(array.data) + static_cast<std::uintptr_t>(offset);
  };
  return start(a, a_extent->first) < start(b, b_extent->second) &&
         start(b, b_extent->first) < start(a, a_extent->second);
}

void convert(const ArrayView &from, const ArrayView &to, parallel::Workers workers) {
  const std::size_t rank = from.shape.size();
  if (rank == 0) {
    numeric::store_as(to.dtype, numeric::load_as_double(from.dtype, static_cast<char *>(from.data)),
                      static_cast<char *>(to.data));
    return;
  }
  const std::ptrdiff_t width = from.shape[rank - 1];
  if (width == 0)
    return;
  const auto lines = static_cast<std::ptrdiff_t>(from.size()) / width;
  parallel::parallel_for(lines, workers, [&](const tbb::blocked_range<std::ptrdiff_t> &range) {
    for (std::ptrdiff_t line = range.begin(); line != range.end(); ++line) {
      const char *in = static_cast<const char *>(from.data);
      char *out = static_cast<char *>(to.data);
      std::ptrdiff_t rest = line;
      for (std::size_t axis = rank - 1; axis-- > 0;) {
        const std::ptrdiff_t index = rest % from.shape[axis];
        rest /= from.shape[axis];
        in += index * from.strides[axis];
        out += index * to.strides[axis];
      }
      convert_line(from.dtype, to.dtype, in, from.strides[rank - 1], out, to.strides[rank - 1],
                   width);
    }
  });
}

ArrayView unaliased(const ArrayView &input, const ArrayView &output, bool line_by_line,
                    std::vector<double> &copy, parallel::Workers workers) {
  const bool same =
      input.data == output.data && input.strides == output.strides && input.dtype == output.dtype;
  if ((line_by_line && same) || !overlap(input, output))
    return input;
  copy.resize(input.size());
  const ArrayView copied = ArrayView::contiguous(copy.data(), input.shape);
  convert(input, copied, workers);
  return copied;
}

} // namespace llcjit::ndimage

namespace llcjit {

void convert(const ArrayView &from, const ArrayView &to, unsigned threads) {
  if (from.shape != to.shape || from.strides.size() != from.shape.size() ||
      to.strides.size() != to.shape.size())
    throw UsageError("convert: the arrays' shapes differ");
  ndimage::check_view(from); // negative extents and impossible sizes too
  ndimage::check_view(to);
  parallel::check_threads(threads);
  if (from.size() == 0)
    return;
  // Through a copy where the two overlap: elements of other widths or
  // strides would be overwritten before they are read.
  std::vector<double> copy;
  ndimage::convert(ndimage::unaliased(from, to, false, copy, threads), to, threads);
}

} // namespace llcjit
