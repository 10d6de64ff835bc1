// What the tests of extremes through their fast algorithms
// (fast_filter_test.cpp) and of formulas of several reductions tile by
// tile (combined_reductions_test.cpp) share: the modes, and an image of
// many ties with -0, NaN and the infinities, where an extreme's bits tell
// the algorithms apart, and the bits.
#pragma once

#include <llcjit/ndimage.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

namespace extreme_images {

inline constexpr llcjit::Mode kModes[] = {llcjit::Mode::Reflect, llcjit::Mode::Constant,
                                          llcjit::Mode::Nearest, llcjit::Mode::Mirror,
                                          llcjit::Mode::Wrap};

// Integers in [-3, 3] (many ties), with -0, NaN and infinities sprinkled.
inline std::vector<double> image(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> value(-3, 3), special(0, 99);
  std::vector<double> out(n);
  for (double &x : out) {
    x = value(rng);
    const int s = special(rng);
    if (s < 8)
      x = -0.0;
    else if (s == 8)
      x = std::nan("");
    else if (s == 9)
      x = s % 2 ? INFINITY : -INFINITY;
  }
  return out;
}

// x's bits, to compare NaN and the signs of zeros.
inline std::uint64_t bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

} // namespace extreme_images
