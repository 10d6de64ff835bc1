// A line's border elements (whose neighbourhoods reach past the array, or
// lie on a line outside it along another axis) through the fused kernel:
// their neighbourhoods, as the mode maps them, are copied into a scratch
// laid out with the source's strides, so that the kernel reads them at the
// offsets it was compiled for. Gathering each neighbourhood into doubles
// for the one-point kernel took a sixth of a 2048^2 uint16 5x5 median
// (6.4 ms against 5.3 through the fused loop) and a tenth of a 512^2
// float64 one.
#pragma once

#include "ndimage/neighbourhood.hpp"
#include "ndimage/tiles.hpp"

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace llcjit::ndimage {

class BorderBand {
public:
  /// For a kernel that reads at `hood`'s byte offsets: `source`'s, or those
  /// of a copy whose rows lie elsewhere but whose columns lie as the
  /// source's (skewed_rows.hpp). Unusable
  /// (usable() false) under Mode::Constant with a cval that the source's
  /// dtype does not hold bit for bit, which the kernel would read rounded,
  /// and along a last axis whose stride is less than an element.
  BorderBand(const ArrayView &source, const Neighbourhood &hood, Mode mode, double cval);

  bool usable() const noexcept { return usable_; }

  /// How the columns [first, last) of any line are laid out: whether they
  /// fit, the band's bytes from the centre [low, low + span), and where
  /// each column read, from first + the least column offset on, reads as
  /// the mode maps it.
  struct Plan {
    std::ptrdiff_t first = 0, last = 0;
    bool fits = false;
    std::ptrdiff_t low = 0, span = 0;
    ColumnMap columns;
  };

  /// A thread's scratch, kept across lines.
  struct Scratch {
    std::unique_ptr<std::byte[]> bytes;
    std::size_t size = 0;
  };

  /// Copies the neighbourhoods of columns [first, last) of the located line
  /// (Neighbourhood::locate_line) into `scratch` and returns where the
  /// kernel reads column `first`; nullptr where they do not fit apart in
  /// at most kMaxScratchBytes (then gather them one by one).
  const char *fill(std::span<const std::ptrdiff_t> line, std::ptrdiff_t first, std::ptrdiff_t last,
                   Scratch &scratch) const;

private:
  // Bounds the scratch of lines whose footprint rows lie far apart in
  // memory (planes of a large volume): beyond it, element by element.
  static constexpr std::ptrdiff_t kMaxScratchBytes = std::ptrdiff_t{8} << 20;

  struct Row {
    std::ptrdiff_t offset; // in bytes from the centre, along every axis but the last
    std::size_t cell;      // one of its cells, whose located offset says where it reads
  };

  Plan plan_columns(std::ptrdiff_t first, std::ptrdiff_t last) const;

  const ArrayView &source_;
  Mode mode_;
  std::ptrdiff_t channels_; // of a pixel along the last axis (Neighbourhood::channels)
  bool usable_ = false;
  std::vector<char> cval_;            // one element of the source's dtype
  std::vector<Row> rows_;             // by offset
  std::ptrdiff_t low_ = 0, high_ = 0; // the least and greatest column offsets, and 0
  // The border columns before and after the interior, and the interior
  // of a line outside the array along another axis.
  Plan left_, middle_, right_;
};

} // namespace llcjit::ndimage
