// The definitions of running_extreme.hpp: van Herk/Gil-Werman running
// extremes over bundles of lines.
#include "ndimage/running_extreme.hpp"
#include "parallel/parallel_for.hpp"

#include "ndimage/box_extremes.hpp"
#include "ndimage/convert.hpp"
#include "ndimage/footprint_extremes.hpp"
#include "ndimage/footprint_rows.hpp"
#include "ndimage/window.hpp"
#include "numeric/scipy_cast.hpp"

#include <llcjit/errors.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <type_traits>
#include <vector>

namespace llcjit::ndimage {

namespace {

// Lanes as one GCC vector of up to 16 bytes (SSE2, which every x86-64 has):
// the compiler keeps the picks branch-free. Eight lanes at most, so that a
// bundle's eight lines make whole vectors: T is double, or the input's own
// narrower type (extreme_in_element_type), whose vectors then hold more.
template <typename T>
constexpr std::ptrdiff_t kVectorLanes = std::min<std::ptrdiff_t>(kLanes, 16 / sizeof(T));
template <typename T> using Vector = Lanes<T, kVectorLanes<T>>;

// out = pick(a, b) over `width` lanes (picks.hpp).
template <Extreme kExtreme, typename T>
[[gnu::always_inline]] inline void pick_row(T *out, const T *a, const T *b, std::ptrdiff_t width) {
  using V = Vector<T>;
  for (std::ptrdiff_t k = 0; k < width; k += kVectorLanes<T>) {
    V x, y;
    std::memcpy(&x, a + k, sizeof x);
    std::memcpy(&y, b + k, sizeof y);
    const V picked = pick<kExtreme>(x, y);
    std::memcpy(out + k, &picked, sizeof picked);
  }
}

// out[i] = the extreme of in[i .. i + size) for i in [0, count), lane by
// lane (`width` lanes per row), where `in` holds count + size - 1 rows. The
// rows fall into blocks of `size`; output i picks between the suffix
// extreme of its block from i (h) and the prefix extreme of the next block
// up to i + size - 1 (g). Block by block, so that g and h stay in the cache.
template <Extreme kExtreme, typename T>
void sliding(const std::vector<T> &in, std::ptrdiff_t count, std::ptrdiff_t size,
             std::ptrdiff_t width, std::vector<T> &g, std::vector<T> &h, T *out) {
  const std::ptrdiff_t extended = count + size - 1;
  const std::size_t row_bytes = sizeof(T) * width;
  g.resize(static_cast<std::size_t>(size * width));
  h.resize(static_cast<std::size_t>(size * width));
  const T *x = in.data();
  for (std::ptrdiff_t start = 0; start < count; start += size) {
    // h over this block, [start, start + size) (within the extended rows).
    const std::ptrdiff_t end = std::min(start + size, extended);
    T *hb = h.data() - start * width;
    std::memcpy(hb + (end - 1) * width, x + (end - 1) * width, row_bytes);
    for (std::ptrdiff_t t = end - 1; t-- > start;)
      pick_row<kExtreme>(hb + t * width, x + t * width, hb + (t + 1) * width, width);
    // g over the next block, as far as this block's outputs reach.
    const std::ptrdiff_t next = start + size;
    const std::ptrdiff_t reach = std::min(next + size - 1, extended);
    T *gb = g.data() - next * width;
    const std::ptrdiff_t outputs = std::min(size, count - start);
    if (next < reach)
      std::memcpy(gb + next * width, x + next * width, row_bytes);
    for (std::ptrdiff_t t = next + 1; t < reach; ++t)
      pick_row<kExtreme>(gb + t * width, gb + (t - 1) * width, x + t * width, width);
    // Output start covers its whole block: h alone.
    std::memcpy(out + start * width, hb + start * width, row_bytes);
    for (std::ptrdiff_t i = start + 1; i < start + outputs; ++i)
      pick_row<kExtreme>(out + i * width, hb + i * width, gb + (i + size - 1) * width, width);
  }
}

// NaN as NumPy's NaN (the brute-force kernel's), in `count` elements.
template <typename T> void canonical_nan(T *values, std::ptrdiff_t count) {
  if constexpr (std::is_floating_point_v<T>)
    for (std::ptrdiff_t n = 0; n < count; n += kVectorLanes<T>) {
      using V = Vector<T>;
      V value;
      std::memcpy(&value, values + n, sizeof value);
      value = canonical<T>(value);
      std::memcpy(values + n, &value, sizeof value);
    }
}

// Writes a bundle's results.
template <typename T> void store(const Bundle &bundle, char *base, T *rows) {
  const std::ptrdiff_t length = bundle.length, width = bundle.width;
  canonical_nan(rows, length * width);
  char *line = base + bundle.to;
  if (bundle.to_lane == sizeof(T)) { // a row's lanes are contiguous
    for (std::ptrdiff_t i = 0; i < length; ++i)
      std::memcpy(line + i * bundle.to_step, rows + i * width, sizeof(T) * bundle.lanes);
    return;
  }
  std::ptrdiff_t i = 0;
  // Lines contiguous along the axis are written a tile at a time.
  if (bundle.to_step == sizeof(T))
    for (; i + kLanes <= length; i += kLanes)
      for (std::ptrdiff_t k = 0; k < bundle.lanes; ++k) {
        T tile[kLanes];
        for (std::ptrdiff_t j = 0; j < kLanes; ++j)
          tile[j] = rows[(i + j) * width + k];
        std::memcpy(line + k * bundle.to_lane + i * sizeof(T), tile, sizeof tile);
      }
  for (; i < length; ++i)
    for (std::ptrdiff_t k = 0; k < bundle.lanes; ++k)
      std::memcpy(line + i * bundle.to_step + k * bundle.to_lane, &rows[i * width + k], sizeof(T));
}

// A task's buffers: an extended line, the prefix and suffix extremes, one
// run's results, and the bundle's.
template <typename T> struct Scratch {
  std::vector<T> line, g, h, run, result;
};

template <Extreme kExtreme, typename T>
void box_pass(const ArrayView &from, const ArrayView &to, std::size_t axis, Window window,
              Mode mode, T cval, parallel::Workers threads) {
  const char *in = static_cast<const char *>(from.data);
  char *out = static_cast<char *>(to.data);
  for_each_bundle<Scratch<T>>(
      from.shape, from.strides, to.strides, axis, window.size - 1,
      /*in_place=*/from.data == to.data, threads, [&](const Bundle &bundle, Scratch<T> &s) {
        auto &[line, g, h, run, result] = s;
        extend_bundle(bundle, in, window, mode, cval, load<T>, line);
        result.resize(static_cast<std::size_t>(bundle.length * bundle.width));
        sliding<kExtreme>(line, bundle.length, window.size, bundle.width, g, h, result.data());
        store(bundle, out, result.data());
      });
}

template <Extreme kExtreme, typename T>
void run_footprint(const ArrayView &input, const ArrayView &output, const Footprint &footprint,
                   std::span<const std::ptrdiff_t> origin, Mode mode, T cval,
                   parallel::Workers threads) {
  const std::size_t rank = input.shape.size();
  const std::size_t last = rank - 1;
  const std::vector<FootprintRow> rows = footprint_rows(footprint, origin);
  const Window line_window = centred_window(footprint.shape[last], origin[last]);
  const char *in = static_cast<const char *>(input.data);
  char *out = static_cast<char *>(output.data);
  for_each_bundle<Scratch<T>>(
      input.shape, input.strides, output.strides, last, line_window.size - 1,
      /*in_place=*/false, threads, [&](const Bundle &b, Scratch<T> &s) {
        auto &[line, g, h, run, result] = s;
        const std::ptrdiff_t width = b.length;
        const std::ptrdiff_t extended = width + line_window.size - 1;
        line.resize(static_cast<std::size_t>(extended * kLanes));
        run.resize(static_cast<std::size_t>((extended - 0) * kLanes));
        result.resize(static_cast<std::size_t>(width * kLanes));
        bool first = true;
        for (const FootprintRow &row : rows) {
          // Lane k reads the input line at its index plus the row's offset, as
          // the mode maps it on each axis (nullopt: a line of cval).
          std::array<std::optional<std::ptrdiff_t>, kLanes> at;
          bool consecutive = true; // lane k at lane 0's line + k lines, all inside
          for (std::ptrdiff_t k = 0; k < kLanes; ++k) {
            at[k] = 0;
            for (std::size_t axis = 0; axis < last && at[k]; ++axis) {
              const std::ptrdiff_t lane = axis == b.lane_axis ? std::min(k, b.lanes - 1) : 0;
              const auto mapped =
                  extend(b.index[axis] + lane + row.offset[axis], input.shape[axis], mode);
              at[k] = mapped ? std::optional(*at[k] + *mapped * input.strides[axis]) : std::nullopt;
            }
            consecutive = consecutive && at[k] && *at[k] == *at[0] + k * b.from_line_step();
          }
          if (consecutive) {
            Bundle shifted = b;
            shifted.from = *at[0] + b.start * b.from_step;
            extend_bundle(shifted, in, line_window, mode, cval, load<T>, line);
          } else {
            for (std::ptrdiff_t k = 0; k < kLanes; ++k)
              for (std::ptrdiff_t t = 0; t < extended; ++t) {
                const auto index = at[k] ? extend(b.start + k * b.segment + t + line_window.low,
                                                  b.line_length, mode)
                                         : std::nullopt;
                line[t * kLanes + k] =
                    index ? load<T>(in + *at[k] + *index * input.strides[last]) : cval;
              }
          }
          for (const Run &r : row.runs) {
            const std::ptrdiff_t count = extended - r.size + 1;
            sliding<kExtreme>(line, count, r.size, kLanes, g, h, run.data());
            const T *shifted = run.data() + r.start * kLanes;
            if (first)
              std::memcpy(result.data(), shifted, sizeof(T) * width * kLanes);
            else
              for (std::ptrdiff_t i = 0; i < width; ++i)
                pick_row<kExtreme>(&result[i * kLanes], &result[i * kLanes], shifted + i * kLanes,
                                   kLanes);
            first = false;
          }
        }
        store(b, out, result.data());
      });
}

// The box's passes in element type T: the last axis first, then towards
// the first, so that the first of equal values is the first in C order, as
// the brute-force kernel finds it; a 2-d box along whole rows
// (box_extremes.hpp).
template <Extreme kExtreme, typename T>
void box(const ArrayView &input, const ArrayView &output, std::span<const Window> windows,
         Mode mode, T cval, parallel::Workers threads, VectorLevel level, bool stream,
         std::ptrdiff_t channels) {
  const std::size_t rank = input.shape.size();
  if (rank == 2 && channels >= 1 && input.shape[1] % channels == 0)
    return box_extremes_2d<kExtreme, T>(input, output, windows, mode, cval, threads, level, stream,
                                        channels);
  if (channels != 1)
    throw UsageError("interleaved channels apply to 2-d rows of whole pixels only");
  const std::vector<std::size_t> passes = box_passes(windows);
  for (std::size_t axis : passes)
    box_pass<kExtreme, T>(axis == passes.front() ? input : output, output, axis, windows[axis],
                          mode, cval, threads);
}

// run(T{}, extreme constant) with T the arrays' element type and the
// extreme a compile-time constant; the arrays are float64 unless
// extreme_in_element_type holds. Integers hold no NaN: their nanmin and
// nanmax run as min and max (half the instantiations).
template <typename Run> void dispatch(DType type, Extreme extreme, Run &&run) {
  numeric::visit_element_type(type, [&]<typename T>(T) {
    if constexpr (sizeof(T) == 8 && !std::is_same_v<T, double>) {
      // 64-bit integers always come here as float64 tiles.
    } else {
      constexpr bool kFloat = std::is_floating_point_v<T>;
      switch (extreme) {
      case Extreme::Min: return run(T{}, std::integral_constant<Extreme, Extreme::Min>{});
      case Extreme::Max: return run(T{}, std::integral_constant<Extreme, Extreme::Max>{});
      case Extreme::NanMin:
        return run(T{}, std::integral_constant<Extreme, kFloat ? Extreme::NanMin : Extreme::Min>{});
      case Extreme::NanMax:
        return run(T{}, std::integral_constant<Extreme, kFloat ? Extreme::NanMax : Extreme::Max>{});
      }
    }
  });
}

} // namespace

bool extreme_in_element_type(DType input, DType output, Mode mode, double cval) {
  // The border must hold cval itself: a cval the type cannot hold stays a
  // double, so the arrays go through float64 tiles.
  return input == output && numeric::exact_in_double(input) && border_held(input, mode, cval);
}

void box_extreme(const ArrayView &input, const ArrayView &output, std::span<const Window> windows,
                 Extreme extreme, Mode mode, double cval, parallel::Workers threads,
                 VectorLevel level, bool stream, std::ptrdiff_t channels) {
  dispatch(input.dtype, extreme, [&]<typename T, typename E>(T, E) {
    box<E::value, T>(input, output, windows, mode, numeric::cast_from_double<T>(cval), threads,
                     level, stream, channels);
  });
}

void footprint_extreme(const ArrayView &input, const ArrayView &output, const Footprint &footprint,
                       std::span<const std::ptrdiff_t> origin, Extreme extreme, Mode mode,
                       double cval, parallel::Workers threads, VectorLevel level, bool stream) {
  dispatch(input.dtype, extreme, [&]<typename T, typename E>(T, E) {
    const T held = numeric::cast_from_double<T>(cval);
    if (input.shape.size() == 2)
      footprint_extremes_2d<E::value, T>(input, output, footprint, origin, mode, held, threads,
                                         level, stream);
    else
      run_footprint<E::value, T>(input, output, footprint, origin, mode, held, threads);
  });
}

} // namespace llcjit::ndimage
