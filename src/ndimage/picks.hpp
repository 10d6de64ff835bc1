// The pick of the running extremes, written once for any GCC vector: which
// of two values (or lanes of values) the minimum or maximum keeps, with the
// brute-force kernel's NaN and tie semantics.
#pragma once

#include <cstddef>
#include <limits>
#include <type_traits>

namespace llcjit::ndimage {

enum class Extreme { Min, Max, NanMin, NanMax };

/// A GCC vector of kCount lanes of T.
template <typename T, std::size_t kCount> struct LanesOf {
  typedef T type // NOLINT(modernize-use-using): GCC takes vector_size on a dependent typedef only
      __attribute__((vector_size(kCount * sizeof(T))));
};
template <typename T, std::size_t kCount> using Lanes = typename LanesOf<T, kCount>::type;

/// The extreme of x (earlier in the footprint's C order) and y, lane by
/// lane: y only where strictly better or NaN, so the first of equal values
/// is kept (which tells -0 from +0) and a NaN anywhere wins; ignoring NaN,
/// y where strictly better or where x is NaN.
template <Extreme kExtreme, typename V> [[gnu::always_inline]] inline V pick(V x, V y) {
  constexpr bool kMin = kExtreme == Extreme::Min || kExtreme == Extreme::NanMin;
  constexpr bool kIgnoreNaN = kExtreme == Extreme::NanMin || kExtreme == Extreme::NanMax;
  // Each select has one comparison of its own (GCC 12 compares lane by
  // lane in scalar registers when a select's mask combines comparisons or
  // it selects from another select), and NaN (the one value unequal to
  // itself; none among integers) enters by arithmetic: x - NaN is NaN, and
  // x - +0 is x, -0 included.
  if constexpr (kIgnoreNaN)
    x = x != x ? y : x; // NOLINT(misc-redundant-expression): a NaN x loses to y
  V picked;
  if constexpr (kMin)
    picked = y < x ? y : x;
  else
    picked = y > x ? y : x;
  if constexpr (!kIgnoreNaN)
    picked -= y != y ? y : V{}; // NOLINT(misc-redundant-expression): a NaN y wins
  return picked;
}

/// pick(x, y) for lanes that hold no NaN: one comparison.
template <Extreme kExtreme, typename V> [[gnu::always_inline]] inline V pick_numbers(V x, V y) {
  if constexpr (kExtreme == Extreme::Min || kExtreme == Extreme::NanMin)
    return y < x ? y : x;
  else
    return y > x ? y : x;
}

/// v with every NaN made NumPy's NaN (the brute-force kernel's); integers
/// as they are.
template <typename T, typename V> [[gnu::always_inline]] inline V canonical(V v) {
  if constexpr (std::is_floating_point_v<T>)
    return v != v ? V{} + std::numeric_limits<T>::quiet_NaN() : v; // NOLINT: true for NaN only
  else
    return v;
}

} // namespace llcjit::ndimage
