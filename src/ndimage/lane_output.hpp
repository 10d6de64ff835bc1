// Results that lie lane by lane, an output's eight rows together, as the
// passes along rows keep them (pair_rows.hpp), on their way into those
// eight rows of the output. Whole groups of eight outputs go by 8x8
// transposes (vectors.hpp), each group's row of doubles a cache line where
// the stores are streamed; the rest, and rows whose items are not
// contiguous, one item at a time.
#pragma once

#include "ndimage/cache_lines.hpp"
#include "ndimage/convert.hpp"
#include "ndimage/vectors.hpp"

#include <llcjit/dtype.hpp>
#include <llcjit/ndimage.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace llcjit::ndimage {

class LaneOutput {
public:
  /// Rows [r0, r0 + rows) of `output` (rows <= 8), outputs [c0, c0 +
  /// count) of each, through `buffer`, which will hold up to `batch`
  /// outputs given at once and the seven or fewer a group keeps waiting.
  /// `stream`: non-temporal stores, from each row's first 64-byte
  /// boundary, for aligned 8-byte items in contiguous rows whose
  /// boundaries fall at the same columns (their stride a multiple of 64
  /// bytes); elsewhere ordinary stores. Streaming rows of 6476 float64,
  /// whose boundaries differ, would gain at most a few percent (a 1x31
  /// moving range of 6476 rows: 61.5-65.7 ms 6472 wide, streamed,
  /// 66.3-67.2 ms 6476 wide).
  LaneOutput(const ArrayView &output, std::ptrdiff_t r0, std::ptrdiff_t rows, std::ptrdiff_t c0,
             std::ptrdiff_t count, bool stream, std::ptrdiff_t batch, std::vector<char> &buffer)
      : out_(static_cast<char *>(output.data) + r0 * output.strides[0] + c0 * output.strides[1]),
        row_stride_(output.strides[0]), step_(output.strides[1]),
        item_(static_cast<std::ptrdiff_t>(item_size(output.dtype))), rows_(rows), count_(count) {
    constexpr auto kDouble = static_cast<std::ptrdiff_t>(sizeof(double));
    // Doubles off their alignment go one at a time, through bytes: the
    // transposes store through pointers to double.
    groups_ = step_ == item_ && (item_ != kDouble || is_aligned(output));
    streamed_ = groups_ && item_ == kDouble && stream && row_stride_ % 64 == 0;
    if (streamed_)
      lead_ = items_before_line(out_, kDouble, count);
    buffer.resize(static_cast<std::size_t>((batch + kGroup) * kGroup * item_));
    lanes_ = buffer.data();
  }

  /// Where output o's eight rows go, o from the first output not stored.
  char *lanes_of(std::ptrdiff_t o) const { return lanes_ + kGroup * (o - stored_) * item_; }

  /// Stores the outputs before `end` but those that wait for the rest of
  /// their group of eight (none once `end` is the last).
  template <typename V> [[gnu::always_inline]] void store(std::ptrdiff_t end) {
    std::ptrdiff_t o = stored_;
    const std::ptrdiff_t lead = std::min(lead_, end);
    store_each(o, lead);
    o = std::max(o, lead);
    if (groups_)
      switch (item_) {
      case 1: transpose_groups<std::uint8_t>(o, end); break;
      case 2: transpose_groups<std::uint16_t>(o, end); break;
      case 4: transpose_groups<std::uint32_t>(o, end); break;
      default: transpose_doubles<V>(o, end);
      }
    if (end == count_ || !groups_) {
      store_each(o, end);
      o = end;
    }
    std::memmove(lanes_, lanes_of(o), static_cast<std::size_t>(kGroup * (end - o) * item_));
    stored_ = o;
  }

private:
  static constexpr std::ptrdiff_t kGroup = 8; // rows, and outputs per transpose

  template <typename V>
  [[gnu::always_inline]] void transpose_doubles(std::ptrdiff_t &o, std::ptrdiff_t end) {
    for (; o + kGroup <= end; o += kGroup) {
      const auto from = [&](std::ptrdiff_t p) {
        return reinterpret_cast<const double *>(lanes_of(o + p));
      };
      const auto to = [&](std::ptrdiff_t j) {
        return j < rows_ ? reinterpret_cast<double *>(out_ + j * row_stride_ + o * step_) : spare_;
      };
      if (streamed_)
        transpose8x8<V>(from, to, [](double *at, const V &v) __attribute__((always_inline)) {
          store_streaming(reinterpret_cast<char *>(at), v);
        });
      else
        transpose8x8<V>(from, to);
    }
  }

  // Eight outputs of narrower items, one vector of eight lanes each.
  template <typename T> struct Eight {
    typedef T type __attribute__((vector_size(kGroup * sizeof(T))));
  };
  template <typename T>
  [[gnu::always_inline]] void transpose_groups(std::ptrdiff_t &o, std::ptrdiff_t end) const {
    using Row = typename Eight<T>::type;
    for (; o + kGroup <= end; o += kGroup) {
      Row r[kGroup];
      for (std::ptrdiff_t p = 0; p < kGroup; ++p)
        std::memcpy(&r[p], lanes_of(o + p), sizeof(Row));
      transpose(r);
      for (std::ptrdiff_t j = 0; j < rows_; ++j)
        std::memcpy(out_ + j * row_stride_ + o * step_, &r[j], sizeof(Row));
    }
  }

  // Copies of a size known when compiled: of a size known only at run
  // time, each would be a call.
  template <std::size_t kItem> void store_items(std::ptrdiff_t begin, std::ptrdiff_t end) const {
    for (std::ptrdiff_t o = begin; o < end; ++o)
      for (std::ptrdiff_t j = 0; j < rows_; ++j)
        std::memcpy(out_ + j * row_stride_ + o * step_,
                    lanes_of(o) + j * static_cast<std::ptrdiff_t>(kItem), kItem);
  }

  void store_each(std::ptrdiff_t begin, std::ptrdiff_t end) const {
    switch (item_) {
    case 1: return store_items<1>(begin, end);
    case 2: return store_items<2>(begin, end);
    case 4: return store_items<4>(begin, end);
    default: return store_items<8>(begin, end);
    }
  }

  char *out_, *lanes_ = nullptr;
  std::ptrdiff_t row_stride_, step_, item_, rows_, count_;
  bool groups_ = false, streamed_ = false;
  std::ptrdiff_t lead_ = 0, stored_ = 0;
  // Where the lanes of rows past the array's end go (aligned for
  // streaming).
  alignas(64) double spare_[kGroup];
};

} // namespace llcjit::ndimage
