// Two, four or eight doubles as one GCC vector, for the running filters
// that keep eight rows (or eight columns) in the lanes of vectors: Vec2 for
// SSE2, Vec4 for AVX2, Vec8 for AVX-512, each lane rounding as a scalar
// would. Eight rows take 4, 2 or 1 vectors; code written for any V gives
// the same bits at every width.
#pragma once

#include <cstddef>
#include <cstring>
#include <initializer_list>

namespace llcjit::ndimage {

/// The vector instructions the running filters are compiled for: each has
/// a build of its own, picked at run time, and all give the same bits.
enum class VectorLevel { Sse2, Avx2, Avx512 };

/// The widest level this CPU (and its operating system) runs: x86-64-v4
/// (AVX-512 F, BW, CD, DQ, VL), x86-64-v3 (AVX2, FMA) or baseline SSE2.
inline VectorLevel host_vector_level() noexcept {
  if (__builtin_cpu_supports("x86-64-v4"))
    return VectorLevel::Avx512;
  if (__builtin_cpu_supports("x86-64-v3"))
    return VectorLevel::Avx2;
  return VectorLevel::Sse2;
}

using Vec2 = double __attribute__((vector_size(16)));
using Vec4 = double __attribute__((vector_size(32)));
using Vec8 = double __attribute__((vector_size(64)));

/// How many doubles a vector type holds.
template <typename V> inline constexpr std::ptrdiff_t kWidth = sizeof(V) / sizeof(double);

/// v = the doubles at `at`, which need only a double's alignment: the
/// default target aligns wide vectors to 16 bytes only, where code for AVX
/// would assume their size. (Vectors pass by reference: by value they
/// would have a different ABI for each target.)
template <typename V> [[gnu::always_inline]] inline void load_lanes(V &v, const double *at) {
  std::memcpy(&v, at, sizeof v);
}

template <typename V> [[gnu::always_inline]] inline void store_lanes(double *at, const V &v) {
  std::memcpy(at, &v, sizeof v);
}

/// Transposes the square block r (as many vectors as a vector has lanes)
/// in rounds of two-vector shuffles (__builtin_shufflevector, which GCC
/// and Clang both have): afterwards r[k][j] is what r[j][k] was.
[[gnu::always_inline]] inline void transpose(Vec2 *r) {
  const Vec2 a = r[0], b = r[1];
  r[0] = __builtin_shufflevector(a, b, 0, 2);
  r[1] = __builtin_shufflevector(a, b, 1, 3);
}

[[gnu::always_inline]] inline void transpose(Vec4 *r) {
  for (int i = 0; i < 4; i += 2) {
    const Vec4 a = r[i], b = r[i + 1];
    r[i] = __builtin_shufflevector(a, b, 0, 4, 2, 6);
    r[i + 1] = __builtin_shufflevector(a, b, 1, 5, 3, 7);
  }
  for (int i = 0; i < 2; ++i) {
    const Vec4 a = r[i], b = r[i + 2];
    r[i] = __builtin_shufflevector(a, b, 0, 1, 4, 5);
    r[i + 2] = __builtin_shufflevector(a, b, 2, 3, 6, 7);
  }
}

[[gnu::always_inline]] inline void transpose(Vec8 *r) {
  for (int i = 0; i < 8; i += 2) {
    const Vec8 a = r[i], b = r[i + 1];
    r[i] = __builtin_shufflevector(a, b, 0, 8, 2, 10, 4, 12, 6, 14);
    r[i + 1] = __builtin_shufflevector(a, b, 1, 9, 3, 11, 5, 13, 7, 15);
  }
  for (int i : {0, 1, 4, 5}) {
    const Vec8 a = r[i], b = r[i + 2];
    r[i] = __builtin_shufflevector(a, b, 0, 1, 8, 9, 4, 5, 12, 13);
    r[i + 2] = __builtin_shufflevector(a, b, 2, 3, 10, 11, 6, 7, 14, 15);
  }
  for (int i = 0; i < 4; ++i) {
    const Vec8 a = r[i], b = r[i + 4];
    r[i] = __builtin_shufflevector(a, b, 0, 1, 2, 3, 8, 9, 10, 11);
    r[i + 4] = __builtin_shufflevector(a, b, 4, 5, 6, 7, 12, 13, 14, 15);
  }
}

/// Transposes an 8x8 block of doubles in square blocks of V: to(j)[k] =
/// from(k)[j], where from(k) and to(j) give the rows' first doubles.
template <typename V, typename From, typename To>
[[gnu::always_inline]] inline void transpose8x8(From from, To to) {
  constexpr std::ptrdiff_t kW = kWidth<V>;
  // Unrolled, so that the blocks stay in registers.
#pragma GCC unroll 8
  for (std::ptrdiff_t p = 0; p < 8; p += kW) // rows of from
#pragma GCC unroll 8
    for (std::ptrdiff_t q = 0; q < 8; q += kW) { // columns of from
      V block[kW];
#pragma GCC unroll 8
      for (std::ptrdiff_t i = 0; i < kW; ++i)
        load_lanes(block[i], from(p + i) + q);
      transpose(block);
#pragma GCC unroll 8
      for (std::ptrdiff_t j = 0; j < kW; ++j)
        store_lanes(to(q + j) + p, block[j]);
    }
}

} // namespace llcjit::ndimage
