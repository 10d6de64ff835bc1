// Doubling along a row for the 2-d box extremes (box_extremes.cpp): the
// extremes of runs of 2, 4, 8 ... elements, each level picked from two
// runs of the level below. A pass over the row per level stores each
// level; these keep the levels within a vector's lanes, and up to two
// more, in registers and pick two levels a pass beyond them (the two more
// in registers: docs/performance.md). Measured in a model of these passes
// along 2048 rows of 2048 float64 (AVX-512, a 63-wide window, best of
// 20): 2.2 ms with a pass per level, 1.4 with both; in a slower run, 2.8,
// 2.0 with the lanes' levels alone, 1.76 with both (docs/performance.md).
#pragma once

#include "ndimage/row_strips.hpp"

#include <bit>
#include <cstddef>
#include <cstring>
#include <utility>

namespace llcjit::ndimage {

/// Doubling along a row in RowPicks<kExtreme, T, kBytes>'s vectors.
template <Extreme kExtreme, typename T, std::size_t kBytes> struct Doubling {
  using R = RowPicks<kExtreme, T, kBytes>;
  using V = typename R::V;
  static constexpr std::ptrdiff_t kCount = R::kCount;
  /// The levels of doubling within one vector: log2(kCount).
  static constexpr int kLaneLevels = std::countr_zero(static_cast<std::size_t>(kCount));
  /// The levels past the lanes' that lane_runs may climb as well: those
  /// pick from consecutive vectors of the lanes' runs (of kCount), so up to
  /// two (one `twice`) stay in registers.
  static constexpr int kMaxMoreLevels = 2;
  /// How far past a vector's first column lane_runs reads when it climbs
  /// `more` levels past the lanes (an ExtendedRows reach): each of the
  /// lanes' levels' vectors is made from two of the level below, the
  /// second one vector on, and the levels past them read up to 2^more - 1
  /// vectors on.
  static constexpr std::ptrdiff_t lane_runs_reach(int more) {
    return (kLaneLevels + (std::ptrdiff_t{1} << more)) * kCount - 1;
  }
  /// The farthest, whatever the window.
  static constexpr std::ptrdiff_t kLaneRunsReach = lane_runs_reach(kMaxMoreLevels);

  /// out[k] = the pick over x[k, k + (kCount << more)) in doubling's
  /// order, for k in [0, count) rounded up to vectors. Each of the lanes'
  /// levels' vectors is the pick of one of the level below and a shuffle
  /// of it with the next one: a shuffle and a pick per level; the `more`
  /// levels past them (0 to kMaxMoreLevels) pick consecutive vectors of
  /// the lanes' runs, paired as `twice` pairs them; then one store.
  [[gnu::always_inline]] static void lane_runs(T *out, const T *x, std::ptrdiff_t count, int more,
                                               bool nan) {
    if (nan)
      lane_runs<true>(out, x, count, more);
    else
      lane_runs<false>(out, x, count, more);
  }

  /// Two levels in one pass: out[k] = the pick over a's runs at k,
  /// k + distance, k + 2 distance and k + 3 distance, paired as two passes
  /// would pair them, for k in [0, count) rounded up to vectors.
  [[gnu::always_inline]] static void twice(T *out, const T *a, std::ptrdiff_t distance,
                                           std::ptrdiff_t count, bool nan) {
    for (std::ptrdiff_t k = 0; k < count; k += kCount) {
      const V low = R::pick_lanes(R::load(a + k), R::load(a + k + distance), nan);
      const V high =
          R::pick_lanes(R::load(a + k + 2 * distance), R::load(a + k + 3 * distance), nan);
      const V picked = R::pick_lanes(low, high, nan);
      std::memcpy(out + k, &picked, sizeof picked);
    }
  }

private:
  template <bool kNaN>
  [[gnu::always_inline]] static void lane_runs(T *out, const T *x, std::ptrdiff_t count, int more) {
    if (more == 2)
      lane_runs<kNaN, 2>(out, x, count);
    else if (more == 1)
      lane_runs<kNaN, 1>(out, x, count);
    else
      lane_runs<kNaN, 0>(out, x, count);
  }
  template <bool kNaN, int kMore>
  [[gnu::always_inline]] static void lane_runs(T *out, const T *x, std::ptrdiff_t count) {
    static_assert(kMore <= kMaxMoreLevels);
    // below[j]: level j (runs of 2^j) at vector f + kLaneLevels - 1 - j
    // as climb_to(f) starts; it loads level 0 at f + kLaneLevels and
    // returns level kLaneLevels (the lanes' runs) at f.
    V below[kLaneLevels] = {};
    const auto climb_to = [&](std::ptrdiff_t f) __attribute__((always_inline)) {
      return climb_all<kNaN>(below, R::load(x + (f + kLaneLevels) * kCount),
                             std::make_index_sequence<kLaneLevels>{});
    };
    const auto store = [&](std::ptrdiff_t f, const V &picked) __attribute__((always_inline)) {
      std::memcpy(out + f * kCount, &picked, sizeof picked);
    };
    // The vectors before the first fill `below`: of their lanes, those at
    // non-negative positions (all the first output reads) come from x.
    for (std::ptrdiff_t f = -kLaneLevels; f < 0; ++f)
      climb_to(f);
    if constexpr (kMore == 0) {
      for (std::ptrdiff_t f = 0; f * kCount < count; ++f)
        store(f, climb_to(f));
    } else if constexpr (kMore == 1) {
      // Output f: the lanes' runs at f and f + 1.
      V run = climb_to(0);
      for (std::ptrdiff_t f = 0; f * kCount < count; ++f) {
        const V next = climb_to(f + 1);
        store(f, R::pick_lanes(run, next, kNaN));
        run = next;
      }
    } else {
      // Output f: the pairs of runs at f and f + 2, a pair at g being the
      // runs at g and g + 1. Before output f: pairs f and f + 1, run f + 2.
      V run = climb_to(0);
      V pairs[2];
      for (int g = 0; g < 2; ++g) {
        const V next = climb_to(g + 1);
        pairs[g] = R::pick_lanes(run, next, kNaN);
        run = next;
      }
      for (std::ptrdiff_t f = 0; f * kCount < count; ++f) {
        const V next = climb_to(f + 3);
        const V pair = R::pick_lanes(run, next, kNaN);
        store(f, R::pick_lanes(pairs[0], pair, kNaN));
        pairs[0] = pairs[1];
        pairs[1] = pair;
        run = next;
      }
    }
  }
  // Lanes kShift on of the two vectors (low, high), as one vector.
  template <std::size_t kShift, std::size_t... kLane>
  [[gnu::always_inline]] static V lanes_on(const V &low, const V &high,
                                           std::index_sequence<kLane...>) {
    return __builtin_shufflevector(low, high, (kShift + kLane)...);
  }
  // Level kLevel + 1 at below's vector, from below (level kLevel there,
  // which then becomes `level`) and `level` (level kLevel one vector on).
  template <bool kNaN, std::size_t kLevel>
  [[gnu::always_inline]] static V climb(V &below, const V &level) {
    const V shifted = lanes_on<std::size_t{1} << kLevel>(
        below, level, std::make_index_sequence<static_cast<std::size_t>(kCount)>{});
    const V up = R::pick_lanes(below, shifted, kNaN);
    below = level;
    return up;
  }
  template <bool kNaN, std::size_t... kLevel>
  [[gnu::always_inline]] static V climb_all(V *below, V level, std::index_sequence<kLevel...>) {
    ((level = climb<kNaN, kLevel>(below[kLevel], level)), ...);
    return level;
  }
};

} // namespace llcjit::ndimage
