// The definitions of histogram_median.hpp. A tile is a block of output
// rows and columns; its keys (the elements' bytes, ordered as their type,
// the border filled by the mode) are gathered once, and its column
// histograms run down it:
//
//   column histograms H[t]: the box's h rows of key column t
//        t:  0   1   2  ...  w-1   w  ...
//           [h] [h] [h] ... [h]  [h]
//            |<-- window: K = H[0] + ... + H[w-1] -->|
//   one step right: K += H[w] - H[0]; one row down: H[t] drops the row
//   leaving the box and takes the one entering it, for every t.
#include "ndimage/histogram_median.hpp"

#include "ndimage/boundary.hpp"
#include "ndimage/convert.hpp"
#include "numeric/scipy_cast.hpp"

#include <tbb/enumerable_thread_specific.h>

#include <emmintrin.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

namespace llcjit::ndimage {

namespace {

// Output rows and columns per tile (at least; twice the box's width for
// wide ones, whose every row starts by summing w columns): a row's steps
// read the coarse counts of its columns in turn and the fine counts of one
// bucket of two of them, and going down a row touches each column's counts
// twice; the columns' set-up (h rows) is shared by the tile's rows.
constexpr std::ptrdiff_t kTileRows = 256;
constexpr std::ptrdiff_t kTileColumns = 128;

// 256 keys in 16 buckets of 16, each bucket's counts one vector.
constexpr int kLanes = 16;
constexpr int kBuckets = 16;
using Lanes = std::uint16_t __attribute__((vector_size(32)));

// A column's counts over the box's height: per key, and per bucket.
struct Column {
  std::uint16_t fine[kBuckets * kLanes];
  std::uint16_t coarse[kBuckets];

  void add(std::uint8_t key) {
    ++fine[key];
    ++coarse[key / kLanes];
  }
  void remove(std::uint8_t key) {
    --fine[key];
    --coarse[key / kLanes];
  }
};

// v (+|-)= 16 counts from `at` (vectors pass by reference: by value they
// would have a different ABI for each target).
[[gnu::always_inline]] inline void add_lanes(Lanes &v, const std::uint16_t *at) {
  Lanes counts;
  std::memcpy(&counts, at, sizeof counts);
  v += counts;
}
[[gnu::always_inline]] inline void subtract_lanes(Lanes &v, const std::uint16_t *at) {
  Lanes counts;
  std::memcpy(&counts, at, sizeof counts);
  v -= counts;
}

// Where the k-th (from 0) of the cells counted by `counts` lies: the lane,
// and the cells in the lanes before it. Without branches (on noise, where
// the answer moves by a lane or two from one step to the next, a walk to
// it mispredicted a branch or two per output), in SSE2, which every
// x86-64 has: its shifts and masks stay within 128 bits, where GCC's
// generic 16-lane shuffles crossed the AVX2 halves at three times the cost.
struct Place {
  unsigned lane;
  std::size_t before;
};
[[gnu::always_inline]] inline __m128i prefix_sums(__m128i v) {
  v = _mm_add_epi16(v, _mm_slli_si128(v, 2));
  v = _mm_add_epi16(v, _mm_slli_si128(v, 4));
  return _mm_add_epi16(v, _mm_slli_si128(v, 8));
}
// The lanes of `prefix` at most `limit`, twice (two mask bits a lane).
[[gnu::always_inline]] inline int at_most(__m128i prefix, __m128i limit) {
  const __m128i over = _mm_subs_epu16(prefix, limit);
  return __builtin_popcount(
      static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi16(over, _mm_setzero_si128()))));
}
[[gnu::always_inline]] inline Place place(const Lanes &counts, std::size_t k) {
  __m128i low, high;
  std::memcpy(&low, &counts, sizeof low);
  std::memcpy(&high, reinterpret_cast<const char *>(&counts) + sizeof low, sizeof high);
  low = prefix_sums(low);
  high = _mm_add_epi16(prefix_sums(high),
                       _mm_set1_epi16(static_cast<std::int16_t>(_mm_extract_epi16(low, 7))));
  const __m128i limit = _mm_set1_epi16(static_cast<std::int16_t>(k)); // k < 65,535
  const auto lane = static_cast<unsigned>(at_most(low, limit) + at_most(high, limit)) / 2;
  std::uint16_t prefix[2 * kLanes];
  std::memcpy(prefix + kLanes, &low, sizeof low);
  std::memcpy(prefix + kLanes + kLanes / 2, &high, sizeof high);
  prefix[kLanes - 1] = 0; // before lane 0
  return {lane, prefix[kLanes + lane - 1]};
}

// The window's histogram as it slides along a row of columns: per bucket
// always (one vector, two more per step), per key only for the buckets
// the answers fall in, brought up to the window's place when one is
// needed (Perreault and Hebert's lazy fine counts: the answer's bucket
// seldom changes, so a step costs a few vectors whatever the box). The
// k-th key is found in the bucket counts, then in that bucket's: select
// for Statistic, as rank_sets.hpp's sets.
class WindowHistogram {
public:
  // A row starts: the window over the first `width` of `columns`.
  [[gnu::always_inline]] void start(const Column *columns, std::ptrdiff_t width) {
    columns_ = columns;
    width_ = width;
    x_ = 0;
    Lanes coarse{};
    for (std::ptrdiff_t t = 0; t < width; ++t)
      add_lanes(coarse, columns[t].coarse);
    coarse_ = coarse;
    for (std::ptrdiff_t &fresh : fresh_)
      fresh = kStale;
  }
  // One step right: the column at the window's left out, the next in.
  [[gnu::always_inline]] void slide() {
    add_lanes(coarse_, columns_[x_ + width_].coarse);
    subtract_lanes(coarse_, columns_[x_].coarse);
    ++x_;
  }
  static std::size_t nan_count() { return 0; }

  // The k-th smallest key (k from 0; the window holds more).
  [[gnu::always_inline]] std::uint8_t select(std::size_t k) {
    const Place bucket = place(coarse_, k);
    const Place key = place(fine_counts(bucket.lane), k - bucket.before);
    return static_cast<std::uint8_t>(bucket.lane * kLanes + key.lane);
  }
  // The (k+1)-th given the k-th.
  [[gnu::always_inline]] std::uint8_t following(std::size_t k, std::uint8_t /*key*/) {
    return select(k + 1);
  }

private:
  static constexpr std::ptrdiff_t kStale = -1;

  // Bucket b's counts per key for the window where it is now: caught up
  // step by step from where they were last asked for, or summed afresh
  // when that is further than the window is wide.
  [[gnu::always_inline]] const Lanes &fine_counts(unsigned b) {
    Lanes &fine = fine_[b];
    std::ptrdiff_t &fresh = fresh_[b];
    if (fresh == x_)
      return fine;
    if (fresh == kStale || x_ - fresh >= width_) {
      Lanes sum{};
      for (std::ptrdiff_t t = x_; t < x_ + width_; ++t)
        add_lanes(sum, columns_[t].fine + b * kLanes);
      fine = sum;
    } else {
      for (std::ptrdiff_t t = fresh; t < x_; ++t) {
        add_lanes(fine, columns_[t + width_].fine + b * kLanes);
        subtract_lanes(fine, columns_[t].fine + b * kLanes);
      }
    }
    fresh = x_;
    return fine;
  }

  const Column *columns_ = nullptr;
  std::ptrdiff_t width_ = 0, x_ = 0;
  Lanes coarse_{};
  std::array<Lanes, kBuckets> fine_{};
  std::array<std::ptrdiff_t, kBuckets> fresh_{}; // x where fine_[b] holds
};

// What every tile shares.
struct Job {
  const ArrayView &input, &output;
  Window down, along;
  Mode mode;
  std::uint8_t border; // cval's key
  bool is_signed;      // int8 (byte_key)
  Statistic statistic;
};

struct Scratch {
  std::vector<std::uint8_t> keys;
  std::vector<Column> columns;
  std::vector<double> results; // a row of the tile
  WindowHistogram window;
};

// The tile of output rows [top, bottom) and columns [left, right).
[[gnu::always_inline]] inline void run_tile(const Job &job, std::ptrdiff_t top,
                                            std::ptrdiff_t bottom, std::ptrdiff_t left,
                                            std::ptrdiff_t right, Scratch &s) {
  const ArrayView &in = job.input;
  const std::ptrdiff_t h = job.down.size, w = job.along.size;
  const std::ptrdiff_t rows = bottom - top, columns = right - left;
  const std::ptrdiff_t lines = rows + h - 1, extended = columns + w - 1;
  s.keys.resize(static_cast<std::size_t>(lines * extended));
  for (std::ptrdiff_t i = 0; i < lines; ++i) {
    std::uint8_t *line = &s.keys[static_cast<std::size_t>(i * extended)];
    const auto row = extend(top + i + job.down.low, in.shape[0], job.mode);
    const char *from = static_cast<const char *>(in.data) + (row ? *row * in.strides[0] : 0);
    for (std::ptrdiff_t t = 0; t < extended; ++t) {
      const auto column =
          row ? extend(left + t + job.along.low, in.shape[1], job.mode) : std::nullopt;
      std::uint8_t byte;
      if (column)
        std::memcpy(&byte, from + *column * in.strides[1], 1);
      line[t] = column ? byte_key(byte, job.is_signed) : job.border;
    }
  }
  s.columns.assign(static_cast<std::size_t>(extended), Column{});
  for (std::ptrdiff_t i = 0; i < h; ++i)
    for (std::ptrdiff_t t = 0; t < extended; ++t)
      s.columns[static_cast<std::size_t>(t)].add(
          s.keys[static_cast<std::size_t>(i * extended + t)]);
  s.results.resize(static_cast<std::size_t>(columns));
  const std::ptrdiff_t cells = h * w;
  const auto value = [&job](std::uint8_t key) { return byte_value(key, job.is_signed); };
  for (std::ptrdiff_t y = 0; y < rows; ++y) {
    if (y > 0) {
      const std::uint8_t *leaving = &s.keys[static_cast<std::size_t>((y - 1) * extended)];
      const std::uint8_t *entering = &s.keys[static_cast<std::size_t>((y + h - 1) * extended)];
      for (std::ptrdiff_t t = 0; t < extended; ++t) {
        Column &column = s.columns[static_cast<std::size_t>(t)];
        column.remove(leaving[t]);
        column.add(entering[t]);
      }
    }
    s.window.start(s.columns.data(), w);
    for (std::ptrdiff_t x = 0;; ++x) {
      s.results[static_cast<std::size_t>(x)] =
          job.statistic(s.window, value, static_cast<std::size_t>(cells));
      if (x + 1 == columns)
        break;
      s.window.slide();
    }
    const ArrayView &out = job.output;
    convert_line(DType::Float64, out.dtype, reinterpret_cast<const char *>(s.results.data()),
                 sizeof(double),
                 static_cast<char *>(out.data) + (top + y) * out.strides[0] + left * out.strides[1],
                 out.strides[1], columns);
  }
}

using TileFunction = void (*)(const Job &, std::ptrdiff_t, std::ptrdiff_t, std::ptrdiff_t,
                              std::ptrdiff_t, Scratch &);

// run_tile for each level, everything inlined so that it is all compiled
// for the level's instructions (vectors.hpp).
[[gnu::target("arch=x86-64-v4"), gnu::flatten]] void tile_avx512(const Job &job, std::ptrdiff_t top,
                                                                 std::ptrdiff_t bottom,
                                                                 std::ptrdiff_t left,
                                                                 std::ptrdiff_t right, Scratch &s) {
  run_tile(job, top, bottom, left, right, s);
}
[[gnu::target("arch=x86-64-v3"), gnu::flatten]] void tile_avx2(const Job &job, std::ptrdiff_t top,
                                                               std::ptrdiff_t bottom,
                                                               std::ptrdiff_t left,
                                                               std::ptrdiff_t right, Scratch &s) {
  run_tile(job, top, bottom, left, right, s);
}
[[gnu::flatten]] void tile_sse2(const Job &job, std::ptrdiff_t top, std::ptrdiff_t bottom,
                                std::ptrdiff_t left, std::ptrdiff_t right, Scratch &s) {
  run_tile(job, top, bottom, left, right, s);
}

} // namespace

bool histogram_order_applies(DType input, std::span<const Window> windows, Mode mode, double cval) {
  if (windows.size() != 2 || windows[0].size < kFewestHistogramRows ||
      windows[0].size > kMostHistogramCells / windows[1].size ||
      windows[1].size > kMostHistogramColumns)
    return false;
  return (input == DType::UInt8 || input == DType::Int8 || input == DType::Bool) &&
         border_held(input, mode, cval);
}

void box_order_bytes(const ArrayView &input, const ArrayView &output,
                     std::span<const Window> windows, OrderStatistic statistic, double q, Mode mode,
                     double cval, parallel::Workers threads, VectorLevel level) {
  const bool is_signed = input.dtype == DType::Int8;
  std::uint8_t border = 0;
  numeric::visit_element_type(input.dtype, [&]<typename T>(T) {
    const T held = numeric::cast_from_double<T>(cval);
    std::memcpy(&border, &held, 1);
  });
  const Job job{input,     output,        windows[0], windows[1], mode, byte_key(border, is_signed),
                is_signed, {statistic, q}};
  const TileFunction run = level == VectorLevel::Avx512 ? tile_avx512
                           : level == VectorLevel::Avx2 ? tile_avx2
                                                        : tile_sse2;
  const std::ptrdiff_t height = input.shape[0], width = input.shape[1];
  if (height == 0 || width == 0)
    return;
  const std::ptrdiff_t down = (height + kTileRows - 1) / kTileRows;
  const std::ptrdiff_t tile_columns = std::max(kTileColumns, 2 * windows[1].size);
  const std::ptrdiff_t across = (width + tile_columns - 1) / tile_columns;
  tbb::enumerable_thread_specific<Scratch> scratches;
  parallel::parallel_for(down * across, threads,
                         [&](const tbb::blocked_range<std::ptrdiff_t> &tiles) {
                           Scratch &s = scratches.local();
                           for (std::ptrdiff_t tile = tiles.begin(); tile != tiles.end(); ++tile) {
                             const std::ptrdiff_t top = tile / across * kTileRows;
                             const std::ptrdiff_t left = tile % across * tile_columns;
                             run(job, top, std::min(height, top + kTileRows), left,
                                 std::min(width, left + tile_columns), s);
                           }
                         });
}

} // namespace llcjit::ndimage
