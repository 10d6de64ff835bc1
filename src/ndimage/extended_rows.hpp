// A 2-d filter's output cut into strips, and a strip's input rows extended
// along the row by the window and the mode, as the extremes along whole
// rows read them (row_strips.hpp).
#pragma once

#include "ndimage/boundary.hpp"
#include "ndimage/line_bundles.hpp"

#include <llcjit/ndimage.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace llcjit::ndimage {

/// Output rows [r0, r1) and columns [c0, c1).
struct Strip {
  std::ptrdiff_t r0, r1, c0, c1;
};

/// A filter of 2-d arrays of element type T over a window of `down` rows
/// and `across` columns (the footprint's bounding box). With `channels`
/// above 1 each row is a row of pixels of that many elements (an
/// interleaved colour image as a (height, width * channels) array): a
/// column is then a pixel, the window across reads every channels-th
/// element, and the mode maps pixels; strips' columns are elements, whole
/// pixels.
template <typename T> struct StripJob {
  const ArrayView &input, &output;
  Window down, across;
  Mode mode;
  T cval;
  bool stream; // write whole vectors of output with non-temporal stores
  std::ptrdiff_t channels = 1;
};

/// Asks the CPU for the cache line at `address`, an address rather than a
/// pointer: it may lie past the array (a row below the last), where a
/// prefetch does nothing.
inline void prefetch_line(std::uintptr_t address) {
#if defined(__x86_64__)
  // An instruction of its own: GCC 12 deleted a loop of
  // __builtin_prefetch inlined here as dead code.
  asm volatile("prefetcht0 (%0)" : : "r"(address));
#else
  __builtin_prefetch(reinterpret_cast<const void *>(address), 0, 3);
#endif
}

/// A strip's input rows, extended along the row by the window and the
/// mode: `extended()` elements from pixel c0 / channels + across.low, and
/// `lanes` - 1 more that a row's last vector reads (garbage, never
/// stored). Below, "columns" are elements.
///
/// A row is read in vectors: the one at position p reads columns
/// [p, p + reach]. Positions from which every column read lies inside a
/// contiguous input row (the middle) read it in place; the others read a
/// caller's buffer, in which only the columns they reach are written, as
/// the mode maps them. So a row is not copied whole for the sake of its
/// ends: on a 2048^2 uint8 image that copy was a quarter of a 3x3
/// erosion (0.31 ms, 0.24 without it). A strided or misaligned input, or
/// a strip too narrow for a middle, is read from the buffer, written whole.
template <typename T> class ExtendedRows {
public:
  /// Where row q is read: `edges` at position 0 of the buffer, `middle` at
  /// position middle_begin in place (or in the buffer).
  struct Row {
    const T *edges, *middle;
  };

  /// `columns` is scratch kept across strips. With `prefetch_rows`,
  /// row() asks for the next input row's columns as it hands out a row
  /// (every line of 1- and 2-byte rows, each page's first of wider ones); a caller
  /// that reads a row from start to end had best ask for the next one a
  /// line at a time as it goes (grid_sums.cpp).
  ExtendedRows(const StripJob<T> &job, const Strip &strip, std::ptrdiff_t lanes,
               std::ptrdiff_t reach, std::vector<std::ptrdiff_t> &columns,
               bool prefetch_rows = true)
      : job_(job), strip_(strip), columns_(columns), prefetch_rows_(prefetch_rows),
        extended_(strip.c1 - strip.c0 + (job.across.size - 1) * job.channels),
        first_column_(strip.c0 + job.across.low * job.channels),
        in_(static_cast<const char *>(job.input.data)), step_(job.input.strides[1]), reach_(reach) {
    const ArrayView &input = job.input;
    const std::ptrdiff_t width = input.shape[1];
    inside_begin_ = std::clamp<std::ptrdiff_t>(-first_column_, 0, extended_);
    inside_end_ = std::clamp<std::ptrdiff_t>(width - first_column_, inside_begin_, extended_);
    const bool readable = step_ == sizeof(T) &&
                          reinterpret_cast<std::uintptr_t>(in_) % alignof(T) == 0 &&
                          input.strides[0] % static_cast<std::ptrdiff_t>(alignof(T)) == 0;
    // Vectors from the middle's ends keep the grid of vectors from 0.
    middle_begin_ = (inside_begin_ + lanes - 1) / lanes * lanes;
    const std::ptrdiff_t end = width - first_column_ - reach; // the first position past it
    middle_end_ = end >= extended_ + lanes ? end : std::max<std::ptrdiff_t>(end, 0) / lanes * lanes;
    if (!readable || middle_end_ - middle_begin_ < 2 * lanes)
      middle_begin_ = middle_end_ = 0; // no middle: one run from the buffer
    if (middle_begin_ > 0 || middle_end_ < extended_) {
      columns_.resize(static_cast<std::size_t>(extended_));
      for (std::ptrdiff_t t = 0; t < extended_; ++t)
        columns_[t] = source_column(first_column_ + t);
    }
  }

  std::ptrdiff_t extended() const { return extended_; }

  /// Extended row q of the strip's band (input row r0 + down.low + q as the
  /// mode maps it), its ends written into `buffer` (all of it, without a
  /// middle).
  Row row(std::ptrdiff_t q, T *buffer) const {
    // Rows inside tested here: an inlined extend() merged its optional
    // through the stack, whose reload waited for the two stores (a
    // store-forwarding stall per row, 7 % of a 2048^2 uint8 cross).
    std::ptrdiff_t mapped_row = strip_.r0 + job_.down.low + q;
    if (mapped_row < 0 || mapped_row >= job_.input.shape[0]) {
      const auto outside = extend_outside(mapped_row, job_.input.shape[0], job_.mode);
      if (!outside) {
        std::fill(buffer, buffer + extended_, job_.cval);
        return {buffer, buffer + middle_begin_};
      }
      mapped_row = *outside;
    }
    const char *start = in_ + mapped_row * job_.input.strides[0];
    if (prefetch_rows_)
      prefetch(mapped_row + 1);
    // The columns that the runs before and after the middle reach.
    const std::ptrdiff_t left = middle_begin_ > 0 ? std::min(extended_, middle_begin_ + reach_) : 0;
    if (middle_end_ <= left) {
      write(start, buffer, 0, extended_);
      return {buffer, buffer + middle_begin_};
    }
    write(start, buffer, 0, left);
    write(start, buffer, middle_end_, extended_);
    return {buffer, reinterpret_cast<const T *>(start) + (first_column_ + middle_begin_)};
  }

  /// f(begin, end, in_middle) for the runs of positions [0, count) in
  /// order: at most one before the middle, the middle, one after it.
  template <typename F> void for_each_run(std::ptrdiff_t count, const F &f) const {
    const std::ptrdiff_t begin = std::min(middle_begin_, count);
    const std::ptrdiff_t end = std::clamp(middle_end_, begin, count);
    if (begin > 0)
      f(std::ptrdiff_t{0}, begin, false);
    if (end > begin)
      f(begin, end, true);
    if (count > end)
      f(end, count, false);
  }

  /// Where `row` is read at position p of a run in or out of the middle.
  const T *at(const Row &row, std::ptrdiff_t p, bool in_middle) const {
    return in_middle ? row.middle + (p - middle_begin_) : row.edges + p;
  }

private:
  // Asks for input row r's columns of the strip, which the next row() call
  // most likely reads. The CPU's own prefetchers stop at each 4 KiB page,
  // and a row starts a page as often as not: waiting for memory at each
  // page took a third of a float32 3x3 minimum of 2048^2. Rows of 4- and
  // 8-byte elements ask only for the first line and each page's first, and
  // the prefetchers follow on: every line at once stalled on the prefetches
  // themselves (a quarter of a float64 63x63 minimum), and asking per page
  // took the float32 3x3 minimum of 2048^2 from 1.82 to 1.59 ms, of 6476^2
  // from 29.3 to 25.4, and the float64 63x63 of 6476^2 from 98.5 to 83.0. Rows
  // of 1- and 2-byte elements, a page or two long, keep asking for every
  // line (per page, a uint8 cross took 0.32 ms against 0.29).
  void prefetch(std::ptrdiff_t r) const {
    if (r >= job_.input.shape[0] || step_ != sizeof(T))
      return;
    const char *first = in_ + r * job_.input.strides[0] + (first_column_ + inside_begin_) * step_;
    const char *last = first + (inside_end_ - inside_begin_) * step_;
    if constexpr (sizeof(T) >= 4) {
      if (first >= last)
        return;
      const auto begin = reinterpret_cast<std::uintptr_t>(first);
      const auto end = reinterpret_cast<std::uintptr_t>(last);
      prefetch_line(begin);
      for (std::uintptr_t page = (begin / kPage + 1) * kPage; page < end; page += kPage)
        prefetch_line(page);
    } else {
      for (const char *line = first; line < last; line += kCacheLine)
        prefetch_line(reinterpret_cast<std::uintptr_t>(line));
    }
  }

  static constexpr std::ptrdiff_t kCacheLine = 64;
  static constexpr std::uintptr_t kPage = 4096;

  // The element that extended column `column` reads as the mode maps its
  // pixel (-1: cval).
  std::ptrdiff_t source_column(std::ptrdiff_t column) const {
    const std::ptrdiff_t channels = job_.channels, width = job_.input.shape[1];
    return extend_pixel(column, width / channels, channels, job_.mode).value_or(-1);
  }

  // buffer[a, b) = the extended columns [a, b) of the row at `start`.
  void write(const char *start, T *buffer, std::ptrdiff_t a, std::ptrdiff_t b) const {
    if (a >= b)
      return;
    const auto mapped = [&](std::ptrdiff_t t) {
      buffer[t] = columns_[t] < 0 ? job_.cval : load<T>(start + columns_[t] * step_);
    };
    const std::ptrdiff_t inside_a = std::clamp(inside_begin_, a, b);
    const std::ptrdiff_t inside_b = std::clamp(inside_end_, inside_a, b);
    for (std::ptrdiff_t t = a; t < inside_a; ++t)
      mapped(t);
    if (step_ == sizeof(T))
      std::memcpy(buffer + inside_a, start + (first_column_ + inside_a) * step_,
                  sizeof(T) * (inside_b - inside_a));
    else
      for (std::ptrdiff_t t = inside_a; t < inside_b; ++t)
        mapped(t);
    for (std::ptrdiff_t t = inside_b; t < b; ++t)
      mapped(t);
  }

  const StripJob<T> &job_;
  const Strip &strip_;
  std::vector<std::ptrdiff_t> &columns_; // per extended column, its source (-1: cval)
  bool prefetch_rows_;
  std::ptrdiff_t extended_, first_column_;
  const char *in_;
  std::ptrdiff_t step_, reach_;
  std::ptrdiff_t inside_begin_, inside_end_; // the row's own columns, in order
  std::ptrdiff_t middle_begin_, middle_end_; // positions read in place
};

} // namespace llcjit::ndimage
