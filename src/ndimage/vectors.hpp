// Two, four or eight doubles as one GCC vector, for the running filters
// that keep eight rows (or eight columns) in the lanes of vectors: Vec2 for
// SSE2, Vec4 for AVX2, Vec8 for AVX-512, each lane rounding as a scalar
// would. Eight rows take 4, 2 or 1 vectors; code written for any V gives
// the same bits at every width.
#pragma once

#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <utility>

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

/// Any vector of eight lanes, Vec8 or eight narrower items, in three.
template <typename V>
  requires(sizeof(V) == 8 * sizeof(std::declval<V>()[0]))
[[gnu::always_inline]] inline void transpose(V *r) {
  for (int i = 0; i < 8; i += 2) {
    const V a = r[i], b = r[i + 1];
    r[i] = __builtin_shufflevector(a, b, 0, 8, 2, 10, 4, 12, 6, 14);
    r[i + 1] = __builtin_shufflevector(a, b, 1, 9, 3, 11, 5, 13, 7, 15);
  }
  for (int i : {0, 1, 4, 5}) {
    const V a = r[i], b = r[i + 2];
    r[i] = __builtin_shufflevector(a, b, 0, 1, 8, 9, 4, 5, 12, 13);
    r[i + 2] = __builtin_shufflevector(a, b, 2, 3, 10, 11, 6, 7, 14, 15);
  }
  for (int i = 0; i < 4; ++i) {
    const V a = r[i], b = r[i + 4];
    r[i] = __builtin_shufflevector(a, b, 0, 1, 2, 3, 8, 9, 10, 11);
    r[i + 4] = __builtin_shufflevector(a, b, 4, 5, 6, 7, 12, 13, 14, 15);
  }
}

/// *at = v with a non-temporal store (at aligned to the vector), which goes
/// around the cache. GCC has no generic form (its intrinsics would need
/// each caller compiled for the level), so there in assembly.
template <typename V> [[gnu::always_inline]] inline void store_streaming(char *at, const V &v) {
#if defined(__clang__)
  // Clang builds the sanitized tests only, which store as usual (the bits
  // are the same): its __builtin_nontemporal_store was in the build whose
  // vectors crossed a call between targets (row_strips.hpp), and was not
  // retried.
  std::memcpy(at, &v, sizeof v);
#else
  auto &to = *reinterpret_cast<char(*)[sizeof(V)]>(at);
  if constexpr (sizeof(V) == 16)
    asm("movntdq %1, %0" : "=m"(to) : "x"(v));
  else
    asm("vmovntdq %1, %0" : "=m"(to) : "v"(v));
#endif
}

/// Transposes an 8x8 block of doubles in square blocks of V: to(j)[k] =
/// from(k)[j], where from(k) and to(j) give the rows' first doubles, each
/// vector stored by store(at, v).
template <typename V, typename From, typename To, typename Store>
[[gnu::always_inline]] inline void transpose8x8(From from, To to, Store store) {
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
        store(to(q + j) + p, block[j]);
    }
}

template <typename V, typename From, typename To>
[[gnu::always_inline]] inline void transpose8x8(From from, To to) {
  transpose8x8<V>(
      from, to, [](double *at, const V &v) __attribute__((always_inline)) { store_lanes(at, v); });
}

} // namespace llcjit::ndimage
