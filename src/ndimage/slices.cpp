// The definitions of slices.hpp.
#include "ndimage/slices.hpp"

#include <algorithm>

namespace llcjit::ndimage {

std::optional<Slicing> slicing_of(const Footprint &footprint,
                                  std::span<const std::ptrdiff_t> origin) {
  const std::size_t rank = footprint.shape.size();
  Slicing slicing;
  for (std::size_t axis = 0; axis < rank; ++axis) {
    if (footprint.shape[axis] == 1) {
      slicing.across.push_back(axis);
    } else {
      slicing.footprint.shape.push_back(footprint.shape[axis]);
      slicing.origin.push_back(origin[axis]);
    }
  }
  if (rank < 3 || slicing.footprint.shape.size() != 2)
    return std::nullopt;
  // Axes of extent 1 leave the cells' C order as it is.
  slicing.footprint.mask = footprint.mask;
  return slicing;
}

bool slices_pay(const Slicing &slicing, std::span<const std::ptrdiff_t> shape) {
  std::ptrdiff_t elements = 1, spacing = 1;
  bool after = true; // among the axes after the slice's last
  for (std::size_t axis = shape.size(); axis-- > 0;) {
    if (std::ranges::find(slicing.across, axis) == slicing.across.end()) {
      elements *= shape[axis];
      after = false;
    } else if (after) {
      spacing *= shape[axis];
    }
  }
  return elements >= kMinSliceElements && spacing <= kMaxSliceSpacing;
}

ArrayView slice_at(const ArrayView &array, const Slicing &slicing,
                   std::span<const std::ptrdiff_t> index) {
  ArrayView slice{array.data, {}, {}, array.dtype};
  char *data = static_cast<char *>(array.data);
  std::size_t k = 0;
  for (std::size_t axis = 0; axis < array.shape.size(); ++axis) {
    if (k < slicing.across.size() && slicing.across[k] == axis) {
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
