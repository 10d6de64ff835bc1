// The definitions of integer_sums.hpp. The column sums of the box's rows
// of the extended image (columns mapped by the mode once) take the row
// entering the box and give back the one leaving it, both read again from
// the input (a ring of the box's rows would grow with its height); each
// output row is then a difference of prefix sums along them:
//
//   row y-1+low      <- leaves     column sums c[t], t over the extended
//   row y+low ...                  row (width + w - 1); output row y:
//   row y+low+h-1    <- enters     c[x] + ... + c[x+w-1] = P[x+w] - P[x]
#include "ndimage/integer_sums.hpp"

#include "ndimage/boundary.hpp"
#include "ndimage/convert.hpp"
#include "ndimage/lines.hpp"
#include "ndimage/prefix_sums.hpp"
#include "ndimage/slices.hpp"
#include "numeric/scipy_cast.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/errors.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <type_traits>
#include <vector>

namespace llcjit::ndimage {

namespace {

// What widen does with each element: store it, or add it to or subtract
// it from what is there.
enum class Into { Store, Add, Subtract };

// line[0, count) =, += or -= the elements of T `step` bytes apart from
// `row`.
template <typename T, Into kInto = Into::Store>
[[gnu::always_inline]] inline void widen(const char *row, std::ptrdiff_t step, std::int32_t *line,
                                         std::ptrdiff_t count) {
  for (std::ptrdiff_t t = 0; t < count; ++t) {
    T value;
    std::memcpy(&value, row + t * step, sizeof value);
    // NOLINTBEGIN(bugprone-signed-char-misuse): int8 elements, sign-extended
    if constexpr (kInto == Into::Store)
      line[t] = value;
    else if constexpr (kInto == Into::Add)
      line[t] += value;
    else
      line[t] -= value;
    // NOLINTEND(bugprone-signed-char-misuse)
  }
}

// out = sums / divisor, each correctly rounded (Out double), or those
// quotients truncated as C casts them (Out int32: exact, for |sums| < 2^31
// keeps a quotient k - 1/divisor, whose half ulp is at most 2^-22/divisor,
// from rounding up to k). The divisions take most of a mean's time, and
// AVX2's vectors hold twice SSE2's: a build for each level (vectors.hpp).
template <typename Out>
[[gnu::always_inline]] inline void divide(const std::int32_t *sums, Out *out, std::ptrdiff_t count,
                                          double divisor) {
  for (std::ptrdiff_t x = 0; x < count; ++x)
    out[x] = static_cast<Out>(static_cast<double>(sums[x]) / divisor);
}
template <typename Out>
using Divide = void (*)(const std::int32_t *, Out *, std::ptrdiff_t, double);
template <typename Out>
[[gnu::target("arch=x86-64-v3")]] void divide_avx2(const std::int32_t *sums, Out *out,
                                                   std::ptrdiff_t count, double divisor) {
  divide(sums, out, count, divisor);
}
template <typename Out>
void divide_sse2(const std::int32_t *sums, Out *out, std::ptrdiff_t count, double divisor) {
  divide(sums, out, count, divisor);
}

// Stores a row of `count` values of From into Out elements `step` bytes
// apart from `out`.
template <typename Out, typename From>
[[gnu::always_inline]] inline void store_row(const From *row, char *out, std::ptrdiff_t step,
                                             std::ptrdiff_t count) {
  for (std::ptrdiff_t x = 0; x < count; ++x) {
    const auto value = static_cast<Out>(row[x]);
    std::memcpy(out + x * step, &value, sizeof value);
  }
}

// The quotients of a row, in buffers kept from one row to the next.
struct Divided {
  std::vector<double> doubles;
  std::vector<std::int32_t> quotients;
};

// Writes `count` sums to Out elements `step` bytes apart from `out`: exact
// in double, or a mean (the sums divided by `cells`) as one correctly
// rounded division, NumPy's of the exact sum; Out the input's type, that
// truncated as SciPy casts it.
template <typename Out>
void write_sums(const std::int32_t *sums, std::ptrdiff_t count, char *out, std::ptrdiff_t step,
                bool mean, double cells, VectorLevel level, Divided &divided) {
  using Quotient = std::conditional_t<std::is_same_v<Out, double>, double, std::int32_t>;
  const Divide<Quotient> divide_row =
      level == VectorLevel::Sse2 ? divide_sse2<Quotient> : divide_avx2<Quotient>;
  if constexpr (std::is_same_v<Out, double>) {
    divided.doubles.resize(static_cast<std::size_t>(count));
    divide_row(sums, divided.doubles.data(), count, mean ? cells : 1.0);
    if (step == sizeof(double))
      std::memcpy(out, divided.doubles.data(), sizeof(double) * count);
    else
      store_row<double>(divided.doubles.data(), out, step, count);
  } else {
    divided.quotients.resize(static_cast<std::size_t>(count));
    divide_row(sums, divided.quotients.data(), count, cells);
    if (step == sizeof(Out))
      store_row<Out>(divided.quotients.data(), out, sizeof(Out), count);
    else
      store_row<Out>(divided.quotients.data(), out, step, count);
  }
}

// Outputs [first, last) of a line's (a 1-d array's) sums or means of T:
// the elements their windows read, mapped by the mode, then differences of
// prefix sums.
template <typename T, typename Out>
void line_sums(const ArrayView &input, const ArrayView &output, const Window &along, bool mean,
               double cells, Mode mode, T cval, std::ptrdiff_t first, std::ptrdiff_t last,
               VectorLevel level) {
  const std::ptrdiff_t length = input.shape[0], step = input.strides[0];
  const std::ptrdiff_t count = last - first, extended = count + along.size - 1;
  const std::ptrdiff_t low = first + along.low; // the index of line[0]
  std::vector<std::int32_t> line(static_cast<std::size_t>(extended));
  std::vector<std::uint32_t> prefix(static_cast<std::size_t>(extended) + 1);
  std::vector<std::int32_t> sums(static_cast<std::size_t>(count));
  const char *from = static_cast<const char *>(input.data);
  // line[inside, outside) reads the input in order.
  const std::ptrdiff_t inside = std::clamp<std::ptrdiff_t>(-low, 0, extended);
  const std::ptrdiff_t outside = std::clamp<std::ptrdiff_t>(length - low, inside, extended);
  const auto mapped = [&](std::ptrdiff_t t) {
    T value = cval;
    if (const auto index = extend(low + t, length, mode))
      std::memcpy(&value, from + *index * step, sizeof value);
    line[static_cast<std::size_t>(t)] = value; // NOLINT(bugprone-signed-char-misuse): int8
  };
  for (std::ptrdiff_t t = 0; t < inside; ++t)
    mapped(t);
  if (step == sizeof(T))
    widen<T>(from + (low + inside) * step, sizeof(T), line.data() + inside, outside - inside);
  else
    widen<T>(from + (low + inside) * step, step, line.data() + inside, outside - inside);
  for (std::ptrdiff_t t = outside; t < extended; ++t)
    mapped(t);
  box_sums_along(line.data(), extended, along.size, 1, prefix.data(), sums.data());
  Divided divided;
  write_sums<Out>(sums.data(), count, static_cast<char *>(output.data) + first * output.strides[0],
                  output.strides[0], mean, cells, level, divided);
}

// Output rows [first, last) of the sums or means of T; Out: double, or the
// input's type for means, which lie within its range. A mean divides by
// `cells`, the box's. Rows of interleaved pixels of `channels` elements
// (box_integer_sums) sum each channel over the pixels `along` spans.
template <typename T, typename Out>
void sums_of(const ArrayView &input, const ArrayView &output, const Window &down,
             const Window &along, bool mean, double cells, Mode mode, T cval, std::ptrdiff_t first,
             std::ptrdiff_t last, VectorLevel level, std::ptrdiff_t channels) {
  const std::ptrdiff_t height = input.shape[0], width = input.shape[1];
  const std::ptrdiff_t h = down.size, w = along.size;
  const std::ptrdiff_t extended = width + (w - 1) * channels, low = along.low * channels;
  // Where each column (element) of the extended row reads from, in bytes
  // (of any sign: the columns may run backwards), its pixel as the mode
  // maps it; kBorder: cval.
  constexpr std::ptrdiff_t kBorder = std::numeric_limits<std::ptrdiff_t>::min();
  std::vector<std::ptrdiff_t> columns(static_cast<std::size_t>(extended));
  for (std::ptrdiff_t t = 0; t < extended; ++t) {
    const auto column = extend_pixel(t + low, width / channels, channels, mode);
    columns[static_cast<std::size_t>(t)] = column ? *column * input.strides[1] : kBorder;
  }
  std::vector<std::int32_t> entering(static_cast<std::size_t>(extended));
  std::vector<std::int32_t> leaving(static_cast<std::size_t>(extended));
  std::vector<std::int32_t> column_sums(static_cast<std::size_t>(extended), 0);
  std::vector<std::int32_t> row_sums(static_cast<std::size_t>(width));
  std::vector<std::uint32_t> prefix(static_cast<std::size_t>(extended + channels));
  Divided divided;
  // The extended row's columns [inside, outside) read the row's own, in
  // order: a loop the compiler vectorises where they are contiguous.
  const std::ptrdiff_t inside = std::clamp<std::ptrdiff_t>(-low, 0, extended);
  const std::ptrdiff_t outside = std::clamp<std::ptrdiff_t>(width - low, inside, extended);
  const std::ptrdiff_t step = input.strides[1];
  const auto load = [&](std::ptrdiff_t y, std::int32_t *line) {
    const auto mapped = extend(y, height, mode);
    if (!mapped) {
      std::fill(line, line + extended, static_cast<std::int32_t>(cval));
      return;
    }
    const char *from = static_cast<const char *>(input.data) + *mapped * input.strides[0];
    const auto mapped_column = [&](std::ptrdiff_t t) {
      const std::ptrdiff_t at = columns[static_cast<std::size_t>(t)];
      T value = cval;
      if (at != kBorder)
        std::memcpy(&value, from + at, sizeof value);
      line[t] = value; // NOLINT(bugprone-signed-char-misuse): int8 elements, sign-extended
    };
    for (std::ptrdiff_t t = 0; t < inside; ++t)
      mapped_column(t);
    const char *row = from + (inside + low) * step;
    if (step == sizeof(T))
      widen<T>(row, sizeof(T), line + inside, outside - inside);
    else
      widen<T>(row, step, line + inside, outside - inside);
    for (std::ptrdiff_t t = outside; t < extended; ++t)
      mapped_column(t);
  };
  for (std::ptrdiff_t i = 0; i < h; ++i) {
    load(first + down.low + i, entering.data());
    for (std::ptrdiff_t t = 0; t < extended; ++t)
      column_sums[static_cast<std::size_t>(t)] += entering[static_cast<std::size_t>(t)];
  }
  for (std::ptrdiff_t y = first; y < last; ++y) {
    if (y > first) {
      load(y - 1 + down.low, leaving.data());
      load(y - 1 + down.low + h, entering.data());
      // In 32 bits modulo 2^32: the rows of a volume's plane sums may
      // differ by more than int32 holds, their column sums may not.
      std::int32_t *sums = column_sums.data();
      const std::int32_t *in = entering.data(), *out = leaving.data();
      for (std::ptrdiff_t t = 0; t < extended; ++t)
        sums[t] = static_cast<std::int32_t>(static_cast<std::uint32_t>(sums[t]) +
                                            static_cast<std::uint32_t>(in[t]) -
                                            static_cast<std::uint32_t>(out[t]));
    }
    box_sums_along(column_sums.data(), extended, w, channels, prefix.data(), row_sums.data());
    write_sums<Out>(row_sums.data(), width,
                    static_cast<char *>(output.data) + y * output.strides[0], output.strides[1],
                    mean, cells, level, divided);
  }
}

// sums (contiguous, of plane's shape) += or -= plane's elements, a line
// along the last axis at a time: a loop the compiler vectorises where the
// line is contiguous.
template <typename T, Into kInto> void add_plane(const ArrayView &plane, std::int32_t *sums) {
  const std::size_t last = plane.shape.size() - 1;
  const std::ptrdiff_t width = plane.shape[last], step = plane.strides[last];
  const auto lines = static_cast<std::ptrdiff_t>(plane.size()) / width;
  for (std::ptrdiff_t line = 0; line < lines; ++line) {
    const char *from =
        static_cast<const char *>(plane.data) + line_offset(plane.shape, plane.strides, last, line);
    if (step == sizeof(T))
      widen<T, kInto>(from, sizeof(T), sums + line * width, width);
    else
      widen<T, kInto>(from, step, sums + line * width, width);
  }
}

// view without its first axis, at `index` along it.
ArrayView slice(const ArrayView &view, std::ptrdiff_t index) {
  constexpr std::size_t kFirst[] = {0};
  return slice_at(view, kFirst, std::span(&index, 1));
}

// Output planes [first, last) of a volume's (3 axes or more) sums or means
// of T: the sums of the planes the window spans along the first axis (one
// entering and one leaving per output plane) are an array of the other
// axes whose box sums are the volume's, each of its border elements the
// sum of as many border elements (`cval` times the planes).
template <typename T, typename Out>
void volume_sums(const ArrayView &input, const ArrayView &output, std::span<const Window> windows,
                 bool mean, double cells, Mode mode, T cval, std::ptrdiff_t first,
                 std::ptrdiff_t last, VectorLevel level) {
  const std::ptrdiff_t depth = input.shape[0];
  const Window &planes = windows[0];
  const ArrayView plane = slice(input, 0);
  std::vector<std::int32_t> sums(plane.size(), 0);
  const ArrayView summed = ArrayView::contiguous(sums.data(), plane.shape);
  const auto slide = [&]<bool kAdd>(std::ptrdiff_t p) {
    const auto mapped = extend(p, depth, mode);
    if (!mapped) {
      const std::int32_t border = kAdd ? cval : -static_cast<std::int32_t>(cval);
      for (std::int32_t &sum : sums)
        sum += border;
    } else {
      add_plane<T, kAdd ? Into::Add : Into::Subtract>(slice(input, *mapped), sums.data());
    }
  };
  const auto border = static_cast<std::int32_t>(static_cast<std::int32_t>(cval) * planes.size);
  for (std::ptrdiff_t z = first; z < last; ++z) {
    if (z == first) {
      for (std::ptrdiff_t i = 0; i < planes.size; ++i)
        slide.template operator()<true>(first + planes.low + i);
    } else {
      slide.template operator()<false>(z - 1 + planes.low);
      slide.template operator()<true>(z - 1 + planes.low + planes.size);
    }
    const ArrayView to = slice(output, z);
    if (plane.shape.size() == 2)
      sums_of<std::int32_t, Out>(summed, to, windows[1], windows[2], mean, cells, mode, border, 0,
                                 plane.shape[0], level, 1);
    else
      volume_sums<std::int32_t, Out>(summed, to, windows.subspan(1), mean, cells, mode, border, 0,
                                     plane.shape[0], level);
  }
}

// Output rows per task: each starts by summing the box's h rows; output
// planes of a volume, each task summing the window's planes first; and a
// line's elements.
constexpr std::ptrdiff_t kBandRows = 128;
constexpr std::ptrdiff_t kBandPlanes = 16;
constexpr std::ptrdiff_t kBandElements = 16384;

} // namespace

bool integer_sums_apply(DType input, std::span<const Window> windows, Mode mode, double cval) {
  if (windows.empty())
    return false;
  const double cells = box_cells(windows);
  bool fits = false;
  numeric::visit_element_type(input, [&]<typename T>(T) {
    if constexpr (std::is_integral_v<T> && sizeof(T) <= 2) {
      // Every element and the border at most `largest` in magnitude.
      constexpr double largest = std::max(-static_cast<double>(std::numeric_limits<T>::min()),
                                          static_cast<double>(std::numeric_limits<T>::max()));
      fits = border_held(input, mode, cval) &&
             cells * largest <= std::numeric_limits<std::int32_t>::max();
    }
  });
  return fits;
}

void box_integer_sums(const ArrayView &input, const ArrayView &output,
                      std::span<const Window> windows, bool mean, Mode mode, double cval,
                      parallel::Workers threads, VectorLevel level, std::ptrdiff_t channels) {
  if (input.size() == 0)
    return;
  if (output.dtype != DType::Float64 && !(mean && output.dtype == input.dtype))
    throw UsageError("integer sums write float64, or a mean in the input's dtype");
  if (channels != 1 && (input.shape.size() != 2 || channels < 1 || input.shape[1] % channels != 0))
    throw UsageError("interleaved channels apply to 2-d rows of whole pixels only");
  const double cells = box_cells(windows);
  const std::ptrdiff_t height = input.shape[0];
  const std::size_t rank = input.shape.size();
  const std::ptrdiff_t band = std::max(rank == 1   ? kBandElements
                                       : rank == 2 ? kBandRows
                                                   : kBandPlanes,
                                       4 * windows[0].size);
  numeric::visit_element_type(input.dtype, [&]<typename T>(T) {
    if constexpr (std::is_integral_v<T> && sizeof(T) <= 2) {
      const T held = numeric::cast_from_double<T>(cval);
      const auto run = [&]<typename Out>(Out) {
        parallel::parallel_for(
            (height + band - 1) / band, threads,
            [&](const tbb::blocked_range<std::ptrdiff_t> &bands) {
              for (std::ptrdiff_t b = bands.begin(); b != bands.end(); ++b) {
                const std::ptrdiff_t first = b * band, last = std::min(height, first + band);
                if (rank == 1)
                  line_sums<T, Out>(input, output, windows[0], mean, cells, mode, held, first, last,
                                    level);
                else if (rank == 2)
                  sums_of<T, Out>(input, output, windows[0], windows[1], mean, cells, mode, held,
                                  first, last, level, channels);
                else
                  volume_sums<T, Out>(input, output, windows, mean, cells, mode, held, first, last,
                                      level);
              }
            });
      };
      if (output.dtype == DType::Float64)
        run(0.0);
      else
        run(T{});
    }
  });
}

} // namespace llcjit::ndimage
