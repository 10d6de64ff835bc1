// The definitions of skewed_rows.hpp.
#include "ndimage/skewed_rows.hpp"

#include "ndimage/row_strips.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace llcjit::ndimage {

namespace {

constexpr std::ptrdiff_t kPage = 4096;
constexpr std::ptrdiff_t kCacheLine = 64;
// Footprints of fewer rows read in place: copying the rows costs about
// 1.5 ms of a 2048^2 float64 image, which the L1's 8 ways save only from
// about 11 rows (a 9x1 mean took 6.0-6.2 ms in place against 6.8-7.3
// skewed; 11x1 8.4 against 8.0-8.9; a 10x1 moving range 8.7-8.9 against
// 7.7-8.7; a 15x1 range 21.8-22.3 against 12.0-12.4).
constexpr std::ptrdiff_t kMinRows = 11;
// The buffer holds the footprint's rows and at least kSlackRows times as
// many more, or kSlackBytes more: the footprint's rows move to the top of
// it once every so many rows. (With a slack of 1 MiB alone, 8192-wide
// rows moved every 15 rows of a 15x1 mean, which then lost 4-16 % to
// reading in place.)
constexpr std::ptrdiff_t kSlackRows = 3;
constexpr std::ptrdiff_t kSlackBytes = std::ptrdiff_t{1} << 20;
// Footprints whose rows take more than this are left alone, so that the
// buffer a thread keeps stays within 4 (1 + kSlackRows) MiB and the slack.
constexpr std::ptrdiff_t kMaxRowsBytes = std::ptrdiff_t{4} << 20;

} // namespace

// The strips' pitch for rows of scratch (row_strips.hpp): whole pages and
// kRowSkew, 17 cache lines, which is odd, so 64 rows in a row fall in 64
// different sets.
std::ptrdiff_t skewed_pitch(const ArrayView &source) {
  return scratch_pitch<std::byte>(
      source.shape[1] * static_cast<std::ptrdiff_t>(item_size(source.dtype)), 0);
}

bool rows_alias(const ArrayView &source, std::ptrdiff_t height) {
  if (source.shape.size() != 2 || height < kMinRows || source.shape[0] < height)
    return false;
  const std::ptrdiff_t apart = source.strides[0];
  // The view passed check_view, so a row's bytes fit; the budget divides
  // rather than multiplies.
  return apart != 0 && apart % kPage == 0 && skewed_pitch(source) <= kMaxRowsBytes / height;
}

SkewedRows::SkewedRows(const ArrayView &source, std::ptrdiff_t low, std::ptrdiff_t height,
                       std::vector<std::byte> &storage)
    : source_(source), low_(low), height_(height), pitch_(skewed_pitch(source)),
      capacity_(height + std::max(kSlackRows * height, kSlackBytes / pitch_)) {
  storage.resize(static_cast<std::size_t>(capacity_ * pitch_ + kCacheLine));
  const auto address = reinterpret_cast<std::uintptr_t>(storage.data());
  rows_ = reinterpret_cast<char *>(storage.data()) +
          static_cast<std::ptrdiff_t>((kCacheLine - address % kCacheLine) % kCacheLine);
}

const char *SkewedRows::row(std::ptrdiff_t i) {
  const std::ptrdiff_t first = i + low_, last = first + height_; // rows [first, last)
  if (count_ == 0 || first < top_ || first > top_ + count_) {
    top_ = first;
    count_ = 0;
  } else if (last > top_ + capacity_) {
    // The rows from `first` on move to the top.
    const std::ptrdiff_t kept = top_ + count_ - first;
    std::memmove(rows_, rows_ + (first - top_) * pitch_, static_cast<std::size_t>(kept * pitch_));
    top_ = first;
    count_ = kept;
  }
  while (top_ + count_ < last)
    append(top_ + count_);
  return rows_ + (i - top_) * pitch_;
}

void SkewedRows::append(std::ptrdiff_t r) {
  const auto item = static_cast<std::ptrdiff_t>(item_size(source_.dtype));
  const char *from = static_cast<const char *>(source_.data) + r * source_.strides[0];
  char *to = rows_ + count_ * pitch_;
  const std::ptrdiff_t columns = source_.shape[1], step = source_.strides[1];
  if (step == item)
    std::memcpy(to, from, static_cast<std::size_t>(columns * item));
  else
    for (std::ptrdiff_t c = 0; c < columns; ++c)
      std::memcpy(to + c * item, from + c * step, static_cast<std::size_t>(item));
  ++count_;
}

} // namespace llcjit::ndimage
