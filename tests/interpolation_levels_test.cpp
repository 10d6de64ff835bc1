// The 2-d and 3-d float64 interpolation of points inside the grid, built
// per vector level (src/interpolation/inside_vectors.hpp), at every level
// this CPU runs: the same bits as the scalar path (SSE2) for every order
// and mode, on grids read forwards and backwards, at points well inside,
// next to the edges (where a group of lanes falls back to the scalar
// path), outside and NaN (alone, and in whole groups), in batches that are
// not a whole number of groups. And the prefilter's blocks of lines, built
// per level too (src/interpolation/bspline.hpp): each line's bits alone.
#include "interpolation/bspline.hpp"
#include "interpolation/interpolator.hpp"

#include "vector_levels.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace {

using llcjit::InterpolationMode;
using llcjit::interpolation::Grid;
using llcjit::interpolation::Spline;

std::vector<double> interpolated(const Grid &grid, const Spline &spline,
                                 const std::vector<double> &coordinates,
                                 llcjit::ndimage::VectorLevel level) {
  const auto count = static_cast<std::ptrdiff_t>(coordinates.size() / grid.shape.size());
  std::vector<double> values(static_cast<std::size_t>(count));
  llcjit::interpolation::interpolate(grid, spline, coordinates.data(), count, values.data(), level);
  return values;
}

// Every level against the scalar path on `data` of `shape` (C order), read
// forwards and backwards: 1,003 points (axis-major), mostly inside, a band
// around each edge, some far outside, some NaN; then the first 13 alone.
void expect_scalar_bits(const std::vector<double> &data, const std::vector<std::ptrdiff_t> &shape) {
  const std::size_t rank = shape.size();
  std::vector<std::ptrdiff_t> strides(rank), reversed(rank);
  std::ptrdiff_t stride = sizeof(double);
  for (std::size_t axis = rank; axis-- > 0;) {
    strides[axis] = stride;
    reversed[axis] = -stride;
    stride *= shape[axis];
  }
  const Grid forwards{reinterpret_cast<const char *>(data.data()), shape, strides};
  const Grid backwards{reinterpret_cast<const char *>(&data.back()), shape, reversed};
  constexpr std::ptrdiff_t kPoints = 1003;
  std::mt19937 rng(static_cast<unsigned>(rank));
  std::uniform_real_distribution<double> inside(0.0, 1.0), edge(-3.0, 3.0);
  std::vector<double> coordinates(rank * kPoints);
  for (std::ptrdiff_t i = 0; i < kPoints; ++i)
    for (std::size_t axis = 0; axis < rank; ++axis) {
      const auto n = static_cast<double>(shape[axis]);
      double &x = coordinates[axis * kPoints + i];
      switch (i % 16) {
      case 0: x = edge(rng); break;
      case 1: x = n - 1 + edge(rng); break;
      case 2: x = i % 32 == 2 ? std::nan("") : 1e6; break;
      default: x = inside(rng) * (n - 1);
      }
    }
  // Whole groups whose points each lie outside on one axis (mode Constant
  // gives them cval in vectors), every kind of outside, with now and then
  // a point inside at an edge that sends its group to the scalar path.
  for (std::ptrdiff_t i = 400; i < 496; ++i) {
    const std::size_t axis = static_cast<std::size_t>(i) % rank;
    const auto n = static_cast<double>(shape[axis]);
    const double outside[] = {-0.5,     -1e-300,      n - 1 + 1e-9,  n,     -INFINITY,
                              INFINITY, std::nan(""), -std::nan(""), 1e300, -2.5};
    coordinates[axis * kPoints + i] = i % 37 == 0 ? -0.0 : i % 41 == 0 ? n - 1 : outside[i % 10];
  }
  for (const Grid &grid : {forwards, backwards})
    for (int order = 0; order <= 5; ++order)
      for (InterpolationMode mode :
           {InterpolationMode::Constant, InterpolationMode::Nearest, InterpolationMode::Mirror,
            InterpolationMode::Wrap, InterpolationMode::GridConstant}) {
        const Spline spline{order, mode, 0.25, order > 1 ? 0.5 : 0.0};
        const std::vector<double> scalar =
            interpolated(grid, spline, coordinates, llcjit::ndimage::VectorLevel::Sse2);
        for (auto level : levels_here())
          for (std::ptrdiff_t count : {kPoints, std::ptrdiff_t{13}}) {
            std::vector<double> first;
            for (std::size_t axis = 0; axis < rank; ++axis)
              first.insert(first.end(), coordinates.begin() + axis * kPoints,
                           coordinates.begin() + axis * kPoints + count);
            const std::vector<double> got = interpolated(grid, spline, first, level);
            for (std::ptrdiff_t i = 0; i < count; ++i)
              ASSERT_EQ(std::bit_cast<std::uint64_t>(got[i]),
                        std::bit_cast<std::uint64_t>(scalar[i]))
                  << rank << "-d, order " << order << " mode " << static_cast<int>(mode)
                  << " level " << static_cast<int>(level) << " point " << i << ": " << got[i]
                  << " vs " << scalar[i];
          }
      }
}

std::vector<double> samples(std::size_t count) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> sample(-1e3, 1e3);
  std::vector<double> data(count);
  for (double &x : data)
    x = sample(rng);
  return data;
}

TEST(InterpolationLevels, EveryLevelGivesTheScalarBitsIn2d) {
  expect_scalar_bits(samples(37 * 53), {37, 53});
}

TEST(InterpolationLevels, EveryLevelGivesTheScalarBitsIn3d) {
  expect_scalar_bits(samples(13 * 11 * 17), {13, 11, 17});
}

// The prefilter of a full block of lines side by side, at every level,
// against each line filtered alone, for every order and boundary rule.
TEST(InterpolationLevels, EveryLevelPrefiltersEachLineAsAlone) {
  using llcjit::interpolation::kMaxLines;
  using llcjit::interpolation::prefilter_lines;
  constexpr std::ptrdiff_t kN = 45, kStep = kMaxLines + 3;
  const std::vector<double> data = samples(kN * kStep);
  for (int order = 2; order <= 5; ++order)
    for (InterpolationMode mode :
         {InterpolationMode::Mirror, InterpolationMode::Reflect, InterpolationMode::GridWrap}) {
      std::vector<std::vector<double>> alone(kMaxLines);
      for (std::ptrdiff_t j = 0; j < kMaxLines; ++j) {
        for (std::ptrdiff_t i = 0; i < kN; ++i)
          alone[j].push_back(data[i * kStep + j]);
        prefilter_lines(alone[j].data(), kN, 1, 1, order, mode);
      }
      for (auto level : levels_here()) {
        std::vector<double> block = data;
        prefilter_lines(block.data(), kN, kStep, kMaxLines, order, mode, level);
        for (std::ptrdiff_t j = 0; j < kStep; ++j)
          for (std::ptrdiff_t i = 0; i < kN; ++i) {
            const double want = j < kMaxLines ? alone[j][i] : data[i * kStep + j];
            ASSERT_EQ(std::bit_cast<std::uint64_t>(block[i * kStep + j]),
                      std::bit_cast<std::uint64_t>(want))
                << "order " << order << " mode " << static_cast<int>(mode) << " level "
                << static_cast<int>(level) << " line " << j << " sample " << i;
          }
      }
    }
}

} // namespace
