// The definitions of slices.hpp.
#include "ndimage/slices.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace llcjit::ndimage {

std::optional<Slicing> slicing_of(const Footprint &footprint,
                                  std::span<const std::ptrdiff_t> origin) {
  const std::size_t rank = footprint.shape.size();
  if (rank < 3 || std::ranges::count_if(footprint.shape, [](auto n) { return n > 1; }) != 2)
    return std::nullopt;
  Slicing slicing;
  for (std::size_t axis = 0; axis < rank; ++axis) {
    if (footprint.shape[axis] == 1) {
      slicing.across.push_back(axis);
    } else {
      slicing.footprint.shape.push_back(footprint.shape[axis]);
      slicing.origin.push_back(origin[axis]);
    }
  }
  // Axes of extent 1 leave the cells' C order as it is.
  slicing.footprint.mask = footprint.mask;
  return slicing;
}

bool slices_pay(const Slicing &slicing, const ArrayView &array) {
  std::ptrdiff_t elements = 1;
  std::ptrdiff_t nearest = std::numeric_limits<std::ptrdiff_t>::max(); // bytes
  for (std::size_t axis = 0; axis < array.shape.size(); ++axis)
    if (std::ranges::find(slicing.across, axis) == slicing.across.end()) {
      elements *= array.shape[axis];
      // An axis of one element, or a broadcast one, brings no two elements
      // closer together.
      if (array.shape[axis] > 1 && array.strides[axis] != 0)
        nearest = std::min(nearest, std::abs(array.strides[axis]));
    }
  const auto item = static_cast<std::ptrdiff_t>(item_size(array.dtype));
  return elements >= kMinSliceElements && nearest <= kMaxSliceSpacing * item;
}

Row row_of(const Footprint &line, std::span<const std::ptrdiff_t> origin) {
  return {Footprint{{1, line.shape[0]}, line.mask}, {0, origin[0]}};
}

ArrayView as_row(const ArrayView &line) {
  // The row axis's stride is 0, so that where a 2-d algorithm asks for the
  // next row's cache lines early it asks for this row's, not for memory
  // past the array.
  return {line.data, {1, line.shape[0]}, {0, line.strides[0]}, line.dtype};
}

bool across_channels(const Slicing &slicing) {
  return slicing.across == std::vector<std::size_t>{2};
}

std::optional<Slicing> pixel_slicing(const Footprint &footprint,
                                     std::span<const std::ptrdiff_t> origin) {
  if (footprint.shape.size() != 3 || footprint.shape[2] != 1)
    return std::nullopt;
  return Slicing{{2},
                 Footprint{{footprint.shape[0], footprint.shape[1]}, footprint.mask},
                 {origin[0], origin[1]}};
}

std::optional<Interleaved> interleaved_of(const Slicing &slicing, const ArrayView &input,
                                          const ArrayView &output, std::ptrdiff_t most_channels) {
  if (input.shape.size() != 3 || !across_channels(slicing))
    return std::nullopt;
  // The strips' rows take up to as many channels as slices pay for: a
  // row's border reaches (w - 1) channels elements, and so its scratch (a
  // 100,001-wide window over 200 bands would take 1.6 GB per thread).
  const std::ptrdiff_t channels = input.shape[2];
  if (channels < 1 || channels > most_channels)
    return std::nullopt;
  const auto rows_of_pixels = [&](const ArrayView &array) -> std::optional<ArrayView> {
    const auto item = static_cast<std::ptrdiff_t>(item_size(array.dtype));
    if (array.strides[2] != item || array.strides[1] != channels * item)
      return std::nullopt;
    return ArrayView{array.data,
                     {array.shape[0], array.shape[1] * channels},
                     {array.strides[0], item},
                     array.dtype};
  };
  const std::optional<ArrayView> in = rows_of_pixels(input), out = rows_of_pixels(output);
  if (!in || !out)
    return std::nullopt;
  return Interleaved{*in, *out, channels};
}

ArrayView slice_at(const ArrayView &array, std::span<const std::size_t> across,
                   std::span<const std::ptrdiff_t> index) {
  ArrayView slice{array.data, {}, {}, array.dtype};
  char *data = static_cast<char *>(array.data);
  std::size_t k = 0;
  for (std::size_t axis = 0; axis < array.shape.size(); ++axis) {
    if (k < across.size() && across[k] == axis) {
      data += index[k++] * array.strides[axis];
    } else {
      slice.shape.push_back(array.shape[axis]);
      slice.strides.push_back(array.strides[axis]);
    }
  }
  slice.data = data;
  return slice;
}

} // namespace llcjit::ndimage
