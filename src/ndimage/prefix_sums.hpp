// Sums of windows along a row of 32-bit integer sums (integer_sums.cpp's
// column sums of a box's rows) as differences of prefix sums, for rows of
// single elements and of interleaved pixels.
#pragma once

#include <emmintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace llcjit::ndimage {

/// prefix[t + step] = prefix[t] + sums[t] for t in [0, extended), a
/// multiple of `step`, and prefix[0, step) = 0: the prefix sums of each
/// channel of interleaved pixels of `step` elements. Up to 4 channels keep
/// their running sums in registers (through memory, each add waited for a
/// store: a fifth of a 3-channel uint8 mean).
template <std::ptrdiff_t kStep>
void channel_prefix(const std::int32_t *sums, std::ptrdiff_t extended, std::uint32_t *prefix) {
  std::uint32_t running[kStep] = {};
  std::fill(prefix, prefix + kStep, 0U);
  for (std::ptrdiff_t t = 0; t < extended; t += kStep)
    for (std::ptrdiff_t c = 0; c < kStep; ++c) {
      running[c] += static_cast<std::uint32_t>(sums[t + c]);
      prefix[t + kStep + c] = running[c];
    }
}

inline void channel_prefix(const std::int32_t *sums, std::ptrdiff_t extended, std::ptrdiff_t step,
                           std::uint32_t *prefix) {
  switch (step) {
  case 2: return channel_prefix<2>(sums, extended, prefix);
  case 3: return channel_prefix<3>(sums, extended, prefix);
  case 4: return channel_prefix<4>(sums, extended, prefix);
  default:
    std::fill(prefix, prefix + step, 0U);
    for (std::ptrdiff_t t = 0; t < extended; ++t)
      prefix[t + step] = prefix[t] + static_cast<std::uint32_t>(sums[t]);
  }
}

/// out[x] = sums[x] + sums[x + step] + ... + sums[x + (w - 1) step] for x
/// in [0, extended - (w - 1) step): as differences of prefix sums of each
/// `step`-th element (`prefix`, extended + step of them), which wrap around
/// 2^32 where they outgrow it and leave the differences exact. With a step
/// of 1 the prefix sums run 4 lanes at a time in SSE2 (shifted adds, and
/// the last lane carried on); a running sum along the row took a third of a
/// mean. Interleaved pixels (a step above 1) run channel_prefix.
inline void box_sums_along(const std::int32_t *sums, std::ptrdiff_t extended, std::ptrdiff_t w,
                           std::ptrdiff_t step, std::uint32_t *prefix, std::int32_t *out) {
  const std::ptrdiff_t count = extended - (w - 1) * step;
  if (step > 1) {
    channel_prefix(sums, extended, step, prefix);
    for (std::ptrdiff_t x = 0; x < count; ++x)
      out[x] = static_cast<std::int32_t>(prefix[x + w * step] - prefix[x]);
    return;
  }
  prefix[0] = 0;
  __m128i carry = _mm_setzero_si128();
  std::ptrdiff_t t = 0;
  for (; t + 4 <= extended; t += 4) {
    __m128i v;
    std::memcpy(&v, sums + t, sizeof v);
    v = _mm_add_epi32(v, _mm_slli_si128(v, 4));
    v = _mm_add_epi32(v, _mm_slli_si128(v, 8));
    v = _mm_add_epi32(v, carry);
    std::memcpy(prefix + t + 1, &v, sizeof v);
    carry = _mm_shuffle_epi32(v, 0xFF);
  }
  for (; t < extended; ++t)
    prefix[t + 1] = prefix[t] + static_cast<std::uint32_t>(sums[t]);
  for (std::ptrdiff_t x = 0; x < count; ++x)
    out[x] = static_cast<std::int32_t>(prefix[x + w] - prefix[x]);
}

} // namespace llcjit::ndimage
