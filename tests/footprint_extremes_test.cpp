// The extremes over 2-d footprints that are not boxes, along whole rows
// (src/ndimage/footprint_extremes.hpp), called directly whatever the cost
// model would choose: at every vector level this CPU runs, with ordinary
// and streamed stores, in double,
// float, uint8 and int16, they are the brute-force kernel's bits for
// crosses, diamonds, disks, a ring (two runs per row), a footprint with an
// empty row and a single row with a hole; every mode, extreme origins,
// ties, -0, NaN and infinities; and the terms each footprint is cut into.
#include "ndimage/footprint_extremes.hpp"
#include "ndimage/running_extreme.hpp"
#include "vector_levels.hpp"

#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using llcjit::ArrayView;
using llcjit::Footprint;
using llcjit::Mode;
using llcjit::ndimage::Extreme;
using llcjit::ndimage::VectorLevel;

constexpr Mode kModes[] = {Mode::Reflect, Mode::Constant, Mode::Nearest, Mode::Mirror, Mode::Wrap};

// Small integers (many ties) as T; floats also get -0, NaN and infinities.
template <typename T> std::vector<T> ties(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> value(0, 6), special(0, 19);
  std::vector<T> values(n);
  for (T &x : values) {
    x = static_cast<T>(std::is_signed_v<T> ? value(rng) - 3 : value(rng));
    if constexpr (std::is_floating_point_v<T>) {
      const int s = special(rng);
      if (s < 2)
        x = T(-0.0);
      else if (s == 2)
        x = std::numeric_limits<T>::quiet_NaN();
      else if (s == 3)
        x = s % 2 ? std::numeric_limits<T>::infinity() : -std::numeric_limits<T>::infinity();
    }
  }
  return values;
}

Footprint from_rows(std::vector<std::string> rows) {
  Footprint footprint{
      {static_cast<std::ptrdiff_t>(rows.size()), static_cast<std::ptrdiff_t>(rows[0].size())}, {}};
  for (const std::string &row : rows)
    for (char c : row)
      footprint.mask.push_back(c == '#');
  return footprint;
}

std::vector<Footprint> footprints() {
  return {
      Footprint::cross(2, 1),
      Footprint::cross(2, 4),
      Footprint::diamond(2, 3),
      Footprint::ball(2, 7),
      from_rows({"..###..", ".#...#.", "#.....#", "#.....#", ".#...#.", "..###.."}), // a ring
      from_rows({".#.", "...", "###", ".#."}),                                       // an empty row
      from_rows({"###.#####"}), // one row, two runs
  };
}

const char *source_of(Extreme extreme) {
  switch (extreme) {
  case Extreme::Min: return "min(values)";
  case Extreme::Max: return "max(values)";
  case Extreme::NanMin: return "nanmin(values)";
  case Extreme::NanMax: return "nanmax(values)";
  }
  return "";
}

template <typename T> void agree_with_the_brute_force(std::vector<std::ptrdiff_t> shape) {
  const std::vector<VectorLevel> levels = levels_here();
  const std::size_t size = static_cast<std::size_t>(shape[0] * shape[1]);
  std::vector<T> input = ties<T>(size, 7);
  std::vector<double> wide(input.begin(), input.end()), brute(size);
  std::vector<T> out(size);
  std::vector<Extreme> extremes = {Extreme::Min, Extreme::Max};
  if constexpr (std::is_floating_point_v<T>)
    extremes.insert(extremes.end(), {Extreme::NanMin, Extreme::NanMax});
  for (const Footprint &footprint : footprints())
    for (Extreme extreme : extremes) {
      const llcjit::Callback kernel =
          llcjit::compile(source_of(extreme), {.kind = llcjit::Kind::Filter});
      for (Mode mode : kModes)
        for (int which = 0; which < 3; ++which) {
          std::vector<std::ptrdiff_t> origin;
          for (std::ptrdiff_t n : footprint.shape)
            origin.push_back(which == 0 ? 0 : which == 1 ? -(n / 2) : (n - 1) / 2);
          const llcjit::FilterOptions options{
              .mode = mode, .cval = 2, .origin = origin, .fuse = false};
          llcjit::generic_filter(ArrayView::contiguous(wide.data(), shape),
                                 ArrayView::contiguous(brute.data(), shape), kernel, {}, footprint,
                                 options);
          for (VectorLevel level : levels)
            for (bool stream : {false, true}) {
              llcjit::ndimage::footprint_extreme(ArrayView::contiguous(input.data(), shape),
                                                 ArrayView::contiguous(out.data(), shape),
                                                 footprint, origin, extreme, mode, 2, 1, level,
                                                 stream);
              for (std::size_t i = 0; i < size; ++i) {
                using Bits = std::array<unsigned char, sizeof(T)>;
                ASSERT_EQ(std::bit_cast<Bits>(out[i]),
                          std::bit_cast<Bits>(static_cast<T>(brute[i])))
                    << source_of(extreme) << ", footprint " << footprint.shape[0] << "x"
                    << footprint.shape[1] << ", mode " << static_cast<int>(mode) << ", origin "
                    << which << ", level " << static_cast<int>(level)
                    << (stream ? ", streamed" : "") << ", element size " << sizeof(T)
                    << ", element " << i << ": " << +out[i] << " vs " << brute[i];
              }
            }
        }
    }
}

TEST(FootprintExtremes, AreTheBruteForceBitsAtEveryLevel) {
  agree_with_the_brute_force<double>({37, 61});
  agree_with_the_brute_force<float>({37, 61});
  agree_with_the_brute_force<std::uint8_t>({37, 61});
  agree_with_the_brute_force<std::int16_t>({37, 61});
}

TEST(FootprintExtremes, StripsOfColumnsMeetWithoutSeams) {
  // Doubles in strips of at most 512 columns, rows in strips per thread.
  agree_with_the_brute_force<double>({9, 1100});
}

TEST(FootprintExtremes, TermsCoverEachRunInOrder) {
  // A cross picks element by element: no doubling pays for runs of 3.
  const llcjit::ndimage::RowTerms cross = llcjit::ndimage::row_terms(Footprint::cross(2, 1));
  EXPECT_EQ(cross.levels, 0);
  ASSERT_EQ(cross.terms.size(), 5U);
  EXPECT_EQ(cross.terms[0].row, 0);
  EXPECT_EQ(cross.terms[0].column, 1);
  EXPECT_EQ(cross.terms[1].column, 0);
  EXPECT_EQ(cross.terms[3].column, 2);
  EXPECT_EQ(cross.terms[4].row, 2);
  // A disk of radius 15: every run as at most two runs of a power of two,
  // so the terms grow with its 31 rows, not its 709 cells.
  const llcjit::ndimage::RowTerms disk = llcjit::ndimage::row_terms(Footprint::ball(2, 15));
  EXPECT_GT(disk.levels, 2);
  EXPECT_LE(disk.terms.size(), 2U * 31);
  for (std::size_t t = 1; t < disk.terms.size(); ++t)
    EXPECT_LE(disk.terms[t - 1].row, disk.terms[t].row);
}

} // namespace
