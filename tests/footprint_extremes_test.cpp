// The extremes over 2-d footprints along whole rows
// (src/ndimage/footprint_extremes.hpp, and box_extremes.hpp for the boxes),
// called directly whatever the cost model would choose: at every vector
// level this CPU runs, with ordinary and streamed stores, in double,
// float, uint8 and int16, they are the brute-force kernel's bits for
// crosses, diamonds, disks, a ring (two runs per row), a footprint with an
// empty row, a single row with a hole and boxes; every mode, extreme
// origins, ties, -0, NaN and infinities; rows read in place between their
// copied ends, and inputs that cannot be (strided, reversed, misaligned);
// and the terms each footprint is cut into.
#include "ndimage/footprint_extremes.hpp"
#include "ndimage/running_extreme.hpp"
#include "ndimage/window.hpp"
#include "vector_levels.hpp"

#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using llcjit::ArrayView;
using llcjit::Footprint;
using llcjit::Mode;
using llcjit::ndimage::centred_window;
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

// How the input lies in memory: every `step`-th element of its rows
// (negative: from the row's end), from `offset` bytes into its buffer.
struct Layout {
  std::ptrdiff_t step = 1, offset = 0;
  unsigned threads = 1;
};

// A view of `values` (a C-order image of `shape`) laid out as `layout`
// says, in `buffer`.
template <typename T>
ArrayView laid_out(const std::vector<T> &values, std::vector<std::ptrdiff_t> shape, Layout layout,
                   std::vector<unsigned char> &buffer) {
  const std::ptrdiff_t rows = shape[0], columns = shape[1], item = sizeof(T);
  const std::ptrdiff_t step = layout.step * item, pitch = columns * std::abs(step);
  buffer.assign(static_cast<std::size_t>(layout.offset + rows * pitch), 0);
  unsigned char *first = buffer.data() + layout.offset + (step < 0 ? pitch - item : 0);
  for (std::ptrdiff_t r = 0; r < rows; ++r)
    for (std::ptrdiff_t c = 0; c < columns; ++c)
      std::memcpy(first + r * pitch + c * step, &values[r * columns + c], sizeof(T));
  return {first, shape, {pitch, step}, llcjit::dtype_of<T>()};
}

bool is_box(const Footprint &footprint) {
  return std::all_of(footprint.mask.begin(), footprint.mask.end(),
                     [](unsigned char on) { return on != 0; });
}

template <typename T>
void agree_with_the_brute_force(std::vector<std::ptrdiff_t> shape,
                                const std::vector<Footprint> &shapes = footprints(),
                                Layout layout = {}) {
  const std::vector<VectorLevel> levels = levels_here();
  const std::size_t size = static_cast<std::size_t>(shape[0] * shape[1]);
  std::vector<T> values = ties<T>(size, 7);
  std::vector<double> wide(values.begin(), values.end()), brute(size);
  std::vector<unsigned char> buffer;
  const ArrayView input = laid_out(values, shape, layout, buffer);
  std::vector<T> out(size);
  std::vector<Extreme> extremes = {Extreme::Min, Extreme::Max};
  if constexpr (std::is_floating_point_v<T>)
    extremes.insert(extremes.end(), {Extreme::NanMin, Extreme::NanMax});
  for (const Footprint &footprint : shapes)
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
          std::vector<llcjit::ndimage::Window> box;
          for (std::size_t axis = 0; axis < 2; ++axis)
            box.push_back(centred_window(footprint.shape[axis], origin[axis]));
          for (VectorLevel level : levels)
            for (int run = 0; run < (is_box(footprint) ? 4 : 2); ++run) {
              const bool stream = run % 2 == 1;
              const ArrayView output = ArrayView::contiguous(out.data(), shape);
              if (run < 2)
                llcjit::ndimage::footprint_extreme(input, output, footprint, origin, extreme, mode,
                                                   2, layout.threads, level, stream);
              else
                llcjit::ndimage::box_extreme(input, output, box, extreme, mode, 2, layout.threads,
                                             level, stream);
              for (std::size_t i = 0; i < size; ++i) {
                using Bits = std::array<unsigned char, sizeof(T)>;
                ASSERT_EQ(std::bit_cast<Bits>(out[i]),
                          std::bit_cast<Bits>(static_cast<T>(brute[i])))
                    << source_of(extreme) << ", footprint " << footprint.shape[0] << "x"
                    << footprint.shape[1] << ", mode " << static_cast<int>(mode) << ", origin "
                    << which << ", level " << static_cast<int>(level)
                    << (stream ? ", streamed" : "") << (run >= 2 ? ", as a box" : "") << ", step "
                    << layout.step << ", offset " << layout.offset << ", element size " << sizeof(T)
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

TEST(FootprintExtremes, ReadRowsInPlaceBetweenTheirCopiedEnds) {
  // Rows wide enough for a middle read in place at every level (64 uint8
  // lanes, so about 200 columns and more), and layouts that are copied
  // whole; boxes picked element by element and by doubling too.
  const std::vector<Footprint> shapes = {Footprint::cross(2, 1), Footprint::ball(2, 7),
                                         Footprint::box({3, 3}), Footprint::box({5, 11})};
  for (Layout layout : {Layout{}, Layout{.step = 2}, Layout{.step = -1}, Layout{.threads = 2}}) {
    agree_with_the_brute_force<double>({9, 500}, shapes, layout);
    agree_with_the_brute_force<float>({9, 500}, shapes, layout);
    agree_with_the_brute_force<std::uint8_t>({9, 500}, shapes, layout);
    agree_with_the_brute_force<std::int16_t>({9, 500}, shapes, layout);
  }
  // Elements off their alignment are read through the copy.
  agree_with_the_brute_force<std::int16_t>({9, 500}, shapes, Layout{.offset = 1});
  agree_with_the_brute_force<float>({9, 500}, shapes, Layout{.offset = 2});
}

TEST(FootprintExtremes, TermsCoverEachRunInOrder) {
  // A cross picks element by element: no doubling pays for runs of 3.
  const llcjit::ndimage::RowTerms cross = *llcjit::ndimage::row_terms(Footprint::cross(2, 1));
  EXPECT_EQ(cross.levels, 0);
  ASSERT_EQ(cross.terms.size(), 5U);
  EXPECT_EQ(cross.terms[0].row, 0);
  EXPECT_EQ(cross.terms[0].column, 1);
  EXPECT_EQ(cross.terms[1].column, 0);
  EXPECT_EQ(cross.terms[3].column, 2);
  EXPECT_EQ(cross.terms[4].row, 2);
  // A disk of radius 15: every run as at most two runs of a power of two,
  // so the terms grow with its 31 rows, not its 709 cells.
  const llcjit::ndimage::RowTerms disk = *llcjit::ndimage::row_terms(Footprint::ball(2, 15));
  EXPECT_GT(disk.levels, 2);
  EXPECT_LE(disk.terms.size(), 2U * 31);
  for (std::size_t t = 1; t < disk.terms.size(); ++t)
    EXPECT_LE(disk.terms[t - 1].row, disk.terms[t].row);
  // The thread's last answer is kept: asked again, the cross is the cross.
  EXPECT_EQ(llcjit::ndimage::row_terms(Footprint::cross(2, 1))->terms.size(), 5U);
  EXPECT_EQ(llcjit::ndimage::row_terms(Footprint::ball(2, 15))->terms.size(), disk.terms.size());
}

} // namespace
