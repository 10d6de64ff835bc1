// The definitions of neighbourhood.hpp: the footprint seen from an output
// element.
#include "ndimage/neighbourhood.hpp"

#include "ndimage/boundary.hpp"
#include "ndimage/c_order.hpp"
#include "ndimage/window.hpp"
#include "numeric/scipy_cast.hpp"

#include <algorithm>
#include <cstring>

namespace llcjit::ndimage {

Neighbourhood::Neighbourhood(const Footprint &footprint, std::span<const std::ptrdiff_t> origin,
                             const ArrayView &source, std::ptrdiff_t channels)
    : source_(source), channels_(channels) {
  const std::size_t rank = source.shape.size();
  std::vector<std::ptrdiff_t> lowest(rank, 0), highest(rank, 0), cell(rank, 0);
  for (unsigned char on : footprint.mask) {
    if (on) {
      std::ptrdiff_t bytes = 0;
      for (std::size_t axis = 0; axis < rank; ++axis) {
        const std::ptrdiff_t offset =
            (cell[axis] + centred_window(footprint.shape[axis], origin[axis]).low) *
            (axis + 1 == rank ? channels : 1);
        cells_.push_back(offset);
        // In wrapping arithmetic: on an axis shorter than the footprint
        // (NumPy leaves the stride of a one-element axis arbitrary) the
        // product may not fit, but then the interior is empty and the
        // offset is never used.
        bytes = static_cast<std::ptrdiff_t>(static_cast<std::size_t>(bytes) +
                                            static_cast<std::size_t>(offset) *
                                                static_cast<std::size_t>(source.strides[axis]));
        lowest[axis] = std::min(lowest[axis], offset);
        highest[axis] = std::max(highest[axis], offset);
      }
      byte_offsets_.push_back(bytes);
      outer_byte_offsets_.push_back(static_cast<std::ptrdiff_t>(
          static_cast<std::size_t>(bytes) - static_cast<std::size_t>(cells_.back()) *
                                                static_cast<std::size_t>(source.strides.back())));
    }
    next_in_c_order(cell, footprint.shape);
  }
  for (std::size_t axis = 0; axis < rank; ++axis) {
    begin_.push_back(-lowest[axis]);
    end_.push_back(std::max(begin_[axis], source.shape[axis] - highest[axis]));
  }
}

void Neighbourhood::gather_interior(const char *centre, double *values) const noexcept {
  numeric::visit_element_type(source_.dtype, [&]<typename T>(T) {
    for (std::size_t k = 0; k < byte_offsets_.size(); ++k) {
      T element;
      std::memcpy(&element, centre + byte_offsets_[k], sizeof element);
      values[k] = static_cast<double>(element);
    }
  });
}

void Neighbourhood::locate_line(std::span<const std::ptrdiff_t> point, Mode mode,
                                std::vector<std::ptrdiff_t> &line) const {
  const std::size_t rank = point.size();
  bool inside = true;
  std::ptrdiff_t start = 0;
  for (std::size_t axis = 0; axis + 1 < rank; ++axis) {
    inside = inside && point[axis] >= begin_[axis] && point[axis] < end_[axis];
    start += point[axis] * source_.strides[axis];
  }
  if (inside) { // most lines: only the last axis needs the mode
    line.resize(size());
    for (std::size_t k = 0; k < size(); ++k)
      line[k] = start + outer_byte_offsets_[k];
    return;
  }
  line.assign(size(), 0);
  for (std::size_t k = 0; k < size(); ++k) {
    for (std::size_t axis = 0; axis + 1 < rank; ++axis) {
      const auto mapped = extend(point[axis] + cells_[k * rank + axis], source_.shape[axis], mode);
      if (!mapped) {
        line[k] = kOutside;
        break;
      }
      line[k] += *mapped * source_.strides[axis];
    }
  }
}

void Neighbourhood::gather(std::span<const std::ptrdiff_t> line, std::ptrdiff_t column, Mode mode,
                           double cval, double *values) const noexcept {
  const std::size_t rank = source_.shape.size();
  const std::ptrdiff_t pixels = source_.shape[rank - 1] / channels_;
  const std::ptrdiff_t stride = source_.strides[rank - 1];
  const char *start = static_cast<const char *>(source_.data);
  numeric::visit_element_type(source_.dtype, [&]<typename T>(T) {
    for (std::size_t k = 0; k < size(); ++k) {
      std::optional<std::ptrdiff_t> at;
      if (line[k] != kOutside)
        at = extend_pixel(column + cells_[k * rank + rank - 1], pixels, channels_, mode);
      if (at) {
        T element;
        std::memcpy(&element, start + line[k] + *at * stride, sizeof element);
        values[k] = static_cast<double>(element);
      } else {
        values[k] = cval;
      }
    }
  });
}

} // namespace llcjit::ndimage
