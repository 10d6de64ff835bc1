// What the tests that compare a filter's fast routes with the brute-force
// loop share (fast_filter_test.cpp, combined_reductions_test.cpp,
// line_pairs_test.cpp, skewed_rows_test.cpp, pixel_rows_test.cpp): the
// modes, an image of many ties with -0, NaN and infinities of both signs,
// where an extreme's bits tell the algorithms apart, and the comparison of
// bits.
#pragma once

#include <llcjit/ndimage.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string_view>
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
      x = INFINITY;
    else if (s == 10)
      x = -INFINITY;
  }
  return out;
}

// x's bits, to compare NaN and the signs of zeros.
inline std::uint64_t bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

// Whether got has want's bits, but for the sign of a NaN where the formula
// has a sum: inf - inf makes a NaN of the other sign than the data's, and
// which of two NaNs a sum keeps depends on its order of adds
// (docs/filters.md).
inline bool same(double got, double want, bool has_sum) {
  constexpr std::uint64_t kSign = std::uint64_t{1} << 63;
  if (has_sum && std::isnan(got) && std::isnan(want))
    return (bits(got) & ~kSign) == (bits(want) & ~kSign);
  return bits(got) == bits(want);
}

// Whether a formula holds a sum (of the reductions these tests use).
inline bool has_sum(std::string_view source) {
  for (std::string_view name : {"sum(", "mean(", "var("})
    if (source.find(name) != std::string_view::npos)
      return true;
  return false;
}

} // namespace extreme_images
