// The fused loop reads a neighbourhood's rows at fixed offsets, one stream
// per row of the footprint. Where an image's rows lie a multiple of 4 KiB
// apart (widths of 512, 1024, 2048 ... float64), every row's element at a
// column falls in the same set of the L1 cache, whose 8 ways then cannot
// hold a tall footprint's rows: a 15x1 moving range of 2048^2 float64 took
// 21.8 ms fused, 9.3 on an image 2000 wide of as many elements. Such an
// image's rows are read from a buffer whose rows lie a few cache lines
// further apart, each input row copied into it once as the footprint
// slides down (12.0-12.4 ms). Each thread keeps its buffer, at most about
// 17 MiB, across calls.
#pragma once

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <vector>

namespace llcjit::ndimage {

/// Whether the fused loop over 2-d `source` with a footprint `height` rows
/// tall, whose every cell the kernel reads, had better read skewed rows:
/// the rows lie a multiple of 4 KiB apart, and the footprint has enough of
/// them to pay for the copy and fits the buffer's budget.
bool rows_alias(const ArrayView &source, std::ptrdiff_t height);

/// The bytes between a skewed buffer's rows for rows like `source`'s.
std::ptrdiff_t skewed_pitch(const ArrayView &source);

/// The rows of 2-d `source` that a footprint of `height` rows from `low`
/// (row i's footprint: rows [i + low, i + low + height)) reads, copied into
/// `storage` (kept by the caller across calls) at skewed_pitch apart.
class SkewedRows {
public:
  SkewedRows(const ArrayView &source, std::ptrdiff_t low, std::ptrdiff_t height,
             std::vector<std::byte> &storage);

  /// Where row i's element 0 lies, with the rows row i's footprint reads
  /// (all inside the array) in place around it. Cost: each row is copied
  /// once while the rows asked for go down one at a time, and every
  /// `capacity - height` rows the footprint's are moved to the top.
  const char *row(std::ptrdiff_t i);

private:
  void append(std::ptrdiff_t r);

  const ArrayView &source_;
  std::ptrdiff_t low_, height_, pitch_, capacity_;
  char *rows_;
  // Slot k holds source row top_ + k, for k in [0, count_).
  std::ptrdiff_t top_ = 0, count_ = 0;
};

} // namespace llcjit::ndimage
