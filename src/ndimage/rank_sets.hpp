// The window of a running median or percentile (running_rank.hpp) as a set
// of keys it slides along its line: each step drops the key of the cell
// leaving each run of the footprint and takes the key of the cell
// entering it, and a cursor, kept where the last answer was, walks to the
// k-th smallest key, only as far as the answer moved.
//  - RankSet: distinct ranks (doubles ranked by a sort), a bitset.
//  - ByteHistogram: bytes, which need no sort, a count per value (Huang's
//    histogram): the 8-bit types' own values are their keys.
// Both answer select(k), the k-th smallest key, and following(k, key), the
// (k+1)-th given the k-th, from which Statistic computes NumPy's median or
// percentile. (histogram_median.cpp has a third such set.)
#pragma once

#include "numeric/numpy_order.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace llcjit::ndimage {

enum class OrderStatistic { Median, Percentile, NanMedian, NanPercentile };

/// A run of the footprint on an output line: the keys of the cells it
/// covers at the line's first output, and its length. One step along the
/// line drops keys[x] and takes keys[x + size].
template <typename Key> struct RunKeys {
  const Key *keys;
  std::ptrdiff_t size;
};

/// Distinct ranks, those of NaN from `first_nan` on: a bitset with a count
/// of the ranks in each word, and a cursor (word `word_`, `below_` ranks in
/// the words before it).
class RankSet {
public:
  using Key = std::uint32_t;

  void reset(std::size_t ranks, Key first_nan) {
    bits_.assign((ranks + 63) / 64 + 1, 0); // a spare word ends every walk
    counts_.assign(bits_.size(), 0);
    word_ = 0;
    below_ = 0;
    nan_ = 0;
    first_nan_ = first_nan;
  }
  void insert(Key rank) {
    bits_[rank >> 6] |= std::uint64_t{1} << (rank & 63);
    ++counts_[rank >> 6];
    below_ += (rank >> 6) < word_;
    nan_ += rank >= first_nan_;
  }
  // The hot loop of the median: the state is held in locals (stores to the
  // bitset would otherwise reload it), and the NaN count is kept only
  // where the values have NaN.
  template <bool kNaN> void step(std::span<const RunKeys<Key>> runs, std::ptrdiff_t x) {
    std::uint64_t *const bits = bits_.data();
    std::uint16_t *const counts = counts_.data();
    const std::size_t word = word_;
    std::size_t below = below_, nan = nan_;
    for (const RunKeys<Key> &run : runs) {
      const Key leaving = run.keys[x], entering = run.keys[x + run.size];
      bits[leaving >> 6] &= ~(std::uint64_t{1} << (leaving & 63));
      --counts[leaving >> 6];
      bits[entering >> 6] |= std::uint64_t{1} << (entering & 63);
      ++counts[entering >> 6];
      below += (entering >> 6) < word;
      below -= (leaving >> 6) < word;
      if constexpr (kNaN) {
        nan += entering >= first_nan_;
        nan -= leaving >= first_nan_;
      }
    }
    below_ = below;
    nan_ = nan;
  }
  std::size_t nan_count() const { return nan_; }

  // The k-th smallest rank in the set (k from 0; the set holds more).
  Key select(std::size_t k) {
    while (below_ + counts_[word_] <= k)
      below_ += counts_[word_++];
    while (below_ > k)
      below_ -= counts_[--word_];
    std::uint64_t word = bits_[word_];
    for (std::size_t skip = k - below_; skip > 0; --skip)
      word &= word - 1;
    return static_cast<Key>(word_ * 64 + std::countr_zero(word));
  }
  // The (k+1)-th given the k-th, `rank`: the next rank in the set.
  Key following(std::size_t /*k*/, Key rank) const {
    std::size_t w = (rank + 1) >> 6;
    std::uint64_t word =
        (rank + 1) & 63 ? bits_[w] & (~std::uint64_t{0} << ((rank + 1) & 63)) : bits_[w];
    while (word == 0)
      word = bits_[++w];
    return static_cast<Key>(w * 64 + std::countr_zero(word));
  }

private:
  std::vector<std::uint64_t> bits_;
  // Set bits per word, at most 64; not 8-bit, whose stores may alias
  // everything and would make the compiler reload the rest after each.
  std::vector<std::uint16_t> counts_;
  std::size_t word_ = 0, below_ = 0, nan_ = 0;
  Key first_nan_ = 0;
};

/// Byte keys, repeated: a count per key and a cursor (key `at_`, `below_`
/// cells with smaller keys). Bytes hold no NaN.
class ByteHistogram {
public:
  using Key = std::uint8_t;

  void reset() {
    counts_.fill(0);
    at_ = 0;
    below_ = 0;
  }
  void insert(Key key) {
    ++counts_[key];
    below_ += key < at_;
  }
  // kNaN changes nothing: bytes hold no NaN.
  template <bool kNaN> void step(std::span<const RunKeys<Key>> runs, std::ptrdiff_t x) {
    std::uint32_t *const counts = counts_.data();
    const unsigned at = at_;
    std::size_t below = below_;
    for (const RunKeys<Key> &run : runs) {
      const Key leaving = run.keys[x], entering = run.keys[x + run.size];
      --counts[leaving];
      ++counts[entering];
      below += entering < at;
      below -= leaving < at;
    }
    below_ = below;
  }
  std::size_t nan_count() const { return 0; }

  // The k-th smallest key in the window (k from 0; it holds more).
  Key select(std::size_t k) {
    while (below_ + counts_[at_] <= k)
      below_ += counts_[at_++];
    while (below_ > k)
      below_ -= counts_[--at_];
    return static_cast<Key>(at_);
  }
  // The (k+1)-th given the k-th, `key` (the cursor's, select's answer).
  Key following(std::size_t k, Key key) const {
    if (below_ + counts_[key] > k + 1)
      return key;
    unsigned next = key + 1U;
    while (counts_[next] == 0)
      ++next;
    return static_cast<Key>(next);
  }

private:
  // 32-bit counts: a footprint may have 65,536 cells and more.
  std::array<std::uint32_t, 256> counts_{};
  unsigned at_ = 0;
  std::size_t below_ = 0;
};

/// 8-bit elements as byte keys whose unsigned order is their own order:
/// int8's bits with the sign bit flipped, uint8's and bool's as they are;
/// and a key's value.
inline std::uint8_t byte_key(std::uint8_t bits, bool is_signed) {
  return static_cast<std::uint8_t>(bits ^ (is_signed ? 0x80U : 0U));
}
inline double byte_value(std::uint8_t key, bool is_signed) {
  return is_signed ? static_cast<std::int8_t>(key ^ 0x80U) : key;
}

/// An order statistic, answered from a set of keys.
struct Statistic {
  OrderStatistic kind;
  double q;

  // NumPy's answer for the window of `set`, with `cells` values of which
  // the set's nan_count() are NaN; `value` turns a key into its value.
  template <typename Set, typename Value>
  double operator()(Set &set, const Value &value, std::size_t cells) const {
    const bool ignore_nan =
        kind == OrderStatistic::NanMedian || kind == OrderStatistic::NanPercentile;
    if (!ignore_nan && set.nan_count() > 0)
      return std::numeric_limits<double>::quiet_NaN();
    const std::size_t count = cells - set.nan_count();
    if (count == 0)
      return std::numeric_limits<double>::quiet_NaN();
    const auto add = [](double a, double b) { return a + b; };
    if (kind == OrderStatistic::Median || kind == OrderStatistic::NanMedian) {
      // np.mean of the middle one or two: a pairwise sum from 0.0.
      const std::size_t k = (count - 1) / 2;
      const auto low = set.select(k);
      if (count % 2 == 1) {
        const double middle[1] = {value(low)};
        return numpy::pairwise_sum<double>(middle, add, 0.0) / 1.0;
      }
      const double middle[2] = {value(low), value(set.following(k, low))};
      return numpy::pairwise_sum<double>(middle, add, 0.0) / 2.0;
    }
    const numpy::PercentilePoint at = numpy::percentile_point(count, q);
    const auto below = set.select(at.below);
    const double a = value(below);
    const double b = at.above == at.below ? a : value(set.following(at.below, below));
    return numpy::lerp(
        a, b, at.t, [](double x, double y) { return x - y; }, add,
        [](double x, double s) { return x * s; });
  }
};

} // namespace llcjit::ndimage
