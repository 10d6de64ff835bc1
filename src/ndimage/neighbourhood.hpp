// The footprint seen from an output element: its cells as offsets along each
// axis and in bytes, the interior where every cell lies inside the array,
// and the gathering of a border element's neighbourhood under a boundary
// mode.
#pragma once

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace llcjit::ndimage {

class Neighbourhood {
public:
  /// The footprint's true cells in C order (SciPy's order of `values`),
  /// shifted by `origin` (one value per axis, already validated), over the
  /// array `source`. `channels` > 1: the last axis of `source` is a row of
  /// pixels of that many interleaved elements (a colour image's rows), along
  /// which the footprint counts pixels and the mode maps them.
  Neighbourhood(const Footprint &footprint, std::span<const std::ptrdiff_t> origin,
                const ArrayView &source, std::ptrdiff_t channels = 1);

  /// The elements of a pixel along the last axis.
  std::ptrdiff_t channels() const noexcept { return channels_; }

  std::size_t size() const noexcept { return byte_offsets_.size(); }
  /// Where each cell lies from the centre element of `source`, in bytes.
  const std::vector<std::ptrdiff_t> &byte_offsets() const noexcept { return byte_offsets_; }
  /// Cell k's offset from the centre along `axis`, in elements.
  std::ptrdiff_t cell_offset(std::size_t k, std::size_t axis) const noexcept {
    return cells_[k * source_.shape.size() + axis];
  }
  /// Each cell's offset in bytes along every axis but the last.
  const std::vector<std::ptrdiff_t> &outer_byte_offsets() const noexcept {
    return outer_byte_offsets_;
  }
  /// The indices of `axis` whose whole neighbourhood lies inside the array
  /// along it: [interior_begin, interior_end), empty when the footprint is
  /// wider than the axis.
  std::ptrdiff_t interior_begin(std::size_t axis) const noexcept { return begin_[axis]; }
  std::ptrdiff_t interior_end(std::size_t axis) const noexcept { return end_[axis]; }

  /// The neighbourhood of an interior element, read at the fixed offsets.
  void gather_interior(const char *centre, double *values) const noexcept;
  /// Where the cells of the line through `point` lie along every axis but
  /// the last (whose coordinate is ignored): for each cell, a byte offset
  /// from the array's start, or kOutside where the mode puts it outside.
  /// Done once per line, this leaves gather() only the last axis to map.
  void locate_line(std::span<const std::ptrdiff_t> point, Mode mode,
                   std::vector<std::ptrdiff_t> &line) const;
  static constexpr std::ptrdiff_t kOutside = PTRDIFF_MIN;
  /// The neighbourhood of the element at `column` of a located line, cells
  /// outside the array read as the boundary mode says (cval for
  /// Mode::Constant), as SciPy fills its buffer.
  void gather(std::span<const std::ptrdiff_t> line, std::ptrdiff_t column, Mode mode, double cval,
              double *values) const noexcept;

private:
  const ArrayView &source_;
  std::ptrdiff_t channels_;
  std::vector<std::ptrdiff_t> cells_; // size() rows of one offset per axis
  std::vector<std::ptrdiff_t> byte_offsets_;
  // Each cell's offset in bytes along every axis but the last: a line
  // inside the array along those axes needs no mode.
  std::vector<std::ptrdiff_t> outer_byte_offsets_;
  std::vector<std::ptrdiff_t> begin_, end_;
};

} // namespace llcjit::ndimage
