// The van Herk/Gil-Werman pass that keeps a window's maximum and minimum
// together, over a sequence of elements of eight doubles (line_pairs.cpp:
// eight rows in the lanes of vectors), written once for any vector width
// (vectors.hpp) and inlined into each level's build.
#pragma once

#include "ndimage/picks.hpp"
#include "ndimage/vectors.hpp"

#include <algorithm>
#include <cstddef>

namespace llcjit::ndimage {

/// The doubles of an element: eight rows in the lanes along rows, eight
/// columns down them.
inline constexpr std::ptrdiff_t kEight = 8;

/// The picks of the pair: of numbers where no lane holds NaN.
template <Extreme kHigh, Extreme kLow, bool kNaN> struct PairPicks {
  template <typename V> [[gnu::always_inline]] static V high(V x, V y) {
    if constexpr (kNaN)
      return pick<kHigh>(x, y);
    else
      return pick_numbers<kHigh>(x, y);
  }
  template <typename V> [[gnu::always_inline]] static V low(V x, V y) {
    if constexpr (kNaN)
      return pick<kLow>(x, y);
    else
      return pick_numbers<kLow>(x, y);
  }
};

/// Whether any lane of a comparison's mask is set.
template <typename M> [[gnu::always_inline]] inline bool any_lane(const M &mask) {
  for (std::size_t i = 0; i < sizeof mask / sizeof mask[0]; ++i)
    if (mask[i] != 0)
      return true;
  return false;
}

/// The pair over windows of k elements of a sequence of elements of eight
/// doubles, for outputs o in [0, count) with count <= k: each such window
/// holds element count - 1, so its extremes are those of a suffix of [0,
/// count) and of a prefix of [count, o + k). `suffix` holds 16 * count
/// doubles; output o's max goes to high + 8 * o, its min to low + 8 * o.
template <Extreme kHigh, Extreme kLow, bool kNaN, typename V>
[[gnu::always_inline]] inline void block_pair(const double *sequence, std::ptrdiff_t count,
                                              std::ptrdiff_t k, double *suffix, double *high,
                                              double *low) {
  using Picks = PairPicks<kHigh, kLow, kNaN>;
  constexpr std::ptrdiff_t kW = kWidth<V>, kGroups = kEight / kW;
  // The suffixes stay in registers from element to element (read back
  // from memory, each waited for its store).
  V suffix_high[kGroups]{}, suffix_low[kGroups]{};
  for (std::ptrdiff_t t = count; t-- > 0;) {
    double *to = suffix + 2 * kEight * t;
#pragma GCC unroll 8
    for (std::ptrdiff_t g = 0; g < kGroups; ++g) {
      V x;
      load_lanes(x, sequence + t * kEight + g * kW);
      if (t + 1 < count) {
        suffix_high[g] = Picks::high(x, suffix_high[g]);
        suffix_low[g] = Picks::low(x, suffix_low[g]);
      } else {
        suffix_high[g] = suffix_low[g] = x;
      }
      store_lanes(to + g * kW, suffix_high[g]);
      store_lanes(to + kEight + g * kW, suffix_low[g]);
    }
  }
  if (count == k) {
    std::copy_n(suffix, kEight, high);
    std::copy_n(suffix + kEight, kEight, low);
  }
  V prefix_high[kGroups]{}, prefix_low[kGroups]{};
#pragma GCC unroll 8
  for (std::ptrdiff_t g = 0; g < kGroups; ++g) {
    load_lanes(prefix_high[g], sequence + count * kEight + g * kW);
    prefix_low[g] = prefix_high[g];
  }
  for (std::ptrdiff_t t = count; t < count + k - 1; ++t) {
    const std::ptrdiff_t o = t - k + 1;
#pragma GCC unroll 8
    for (std::ptrdiff_t g = 0; g < kGroups; ++g) {
      V x;
      load_lanes(x, sequence + t * kEight + g * kW);
      prefix_high[g] = Picks::high(prefix_high[g], x);
      prefix_low[g] = Picks::low(prefix_low[g], x);
      if (o >= 0) {
        V earlier_high, earlier_low;
        load_lanes(earlier_high, suffix + 2 * kEight * o + g * kW);
        load_lanes(earlier_low, suffix + 2 * kEight * o + kEight + g * kW);
        store_lanes(high + kEight * o + g * kW, Picks::high(earlier_high, prefix_high[g]));
        store_lanes(low + kEight * o + g * kW, Picks::low(earlier_low, prefix_low[g]));
      }
    }
  }
}

} // namespace llcjit::ndimage
