// The definitions of largest_magnitude.hpp: with the sign bit cleared, a
// double's bits order as its magnitude does, so the largest is an unsigned
// integer maximum, a vector's worth at a time.
#include "ndimage/largest_magnitude.hpp"

#include "ndimage/picks.hpp"

#include <algorithm>
#include <cstring>

namespace llcjit::ndimage {

namespace {

constexpr std::uint64_t kMagnitude = ~std::uint64_t{0} >> 1;

template <typename V>
[[gnu::always_inline]] inline std::uint64_t largest_in_rows(const ArrayView &input,
                                                            std::ptrdiff_t step) {
  constexpr std::ptrdiff_t kW = kWidth<V>;
  using B = Lanes<std::uint64_t, kW>;
  const std::ptrdiff_t width = input.shape[1];
  const bool contiguous = input.strides[1] == sizeof(double);
  B seen{};
  std::uint64_t largest = 0;
  for (std::ptrdiff_t r = 0; r < input.shape[0]; r += step) {
    const char *row = static_cast<const char *>(input.data) + r * input.strides[0];
    std::ptrdiff_t k = 0;
    if (contiguous)
      for (; k + kW <= width; k += kW) {
        B bits;
        std::memcpy(&bits, row + k * sizeof(double), sizeof bits);
        bits &= kMagnitude;
        seen = bits > seen ? bits : seen;
      }
    for (; k < width; ++k) {
      std::uint64_t bits;
      std::memcpy(&bits, row + k * input.strides[1], sizeof bits);
      largest = std::max(largest, bits & kMagnitude);
    }
  }
  for (std::ptrdiff_t k = 0; k < kW; ++k)
    largest = std::max<std::uint64_t>(largest, seen[k]);
  return largest;
}

// Each level's build, everything inlined into it so that it is all
// compiled for the level's instructions (vectors.hpp).
[[gnu::target("arch=x86-64-v4"), gnu::flatten]] std::uint64_t largest_avx512(const ArrayView &input,
                                                                             std::ptrdiff_t step) {
  return largest_in_rows<Vec8>(input, step);
}
[[gnu::target("arch=x86-64-v3"), gnu::flatten]] std::uint64_t largest_avx2(const ArrayView &input,
                                                                           std::ptrdiff_t step) {
  return largest_in_rows<Vec4>(input, step);
}
[[gnu::flatten]] std::uint64_t largest_sse2(const ArrayView &input, std::ptrdiff_t step) {
  return largest_in_rows<Vec2>(input, step);
}

} // namespace

std::uint64_t largest_magnitude_bits(const ArrayView &input, std::ptrdiff_t step,
                                     VectorLevel level) {
  switch (level) {
  case VectorLevel::Avx512: return largest_avx512(input, step);
  case VectorLevel::Avx2: return largest_avx2(input, step);
  case VectorLevel::Sse2: break;
  }
  return largest_sse2(input, step);
}

} // namespace llcjit::ndimage
