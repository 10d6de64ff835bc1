// geometric_transform and map_coordinates: the output's rows shared among
// threads; each row's input coordinates come in one batch from the mapping
// (a fused formula, a C function per point, or a coordinate array), then
// the interpolator evaluates the spline at them and the row is stored in
// the output's dtype.
#include "interpolation/bspline.hpp"
#include "interpolation/interpolator.hpp"
#include "interpolation/output_cast.hpp"
#include "interpolation/spline_filter.hpp"
#include "ndimage/cache.hpp"
#include "ndimage/cache_lines.hpp"
#include "ndimage/convert.hpp"
#include "ndimage/lines.hpp"
#include "ndimage/vectors.hpp"
#include "numeric/scipy_cast.hpp"

#include <llcjit/engine.hpp>
#include <llcjit/errors.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <type_traits>

#include <fmt/format.h>

namespace llcjit::interpolation {

namespace {

// Points per task and per batch of coordinates: long rows are split so that
// every core gets some, and the buffers stay in the L1 cache.
constexpr std::ptrdiff_t kPointsPerBatch = 512;

// Fills coordinates[k * count + i] with input coordinate k of the output
// point `start` advanced by i along the last axis, for i < count.
using CoordinateSource =
    std::function<void(const std::intptr_t *start, std::ptrdiff_t count, double *coordinates)>;

void check_arrays(const ArrayView &input, const ArrayView &output,
                  const InterpolationOptions &options) {
  if (options.order < 0 || options.order > kMaxOrder)
    throw UsageError("spline order not supported");
  if (input.shape.empty() || output.shape.empty())
    throw UsageError("input and output rank must be > 0");
  if (input.strides.size() != input.shape.size() || output.strides.size() != output.shape.size())
    throw UsageError("an array's strides must have one value per axis");
  if (static_cast<unsigned>(options.mode) > static_cast<unsigned>(InterpolationMode::GridWrap))
    throw UsageError("boundary mode not supported");
  parallel::check_threads(options.threads);
  ndimage::check_view(input); // negative extents and impossible sizes too
  ndimage::check_view(output);
  if (output.shape.size() > kMaxRank)
    throw UsageError(fmt::format("the output has {} axes; interpolation takes at most {}, as "
                                 "NumPy does",
                                 output.shape.size(), kMaxRank));
  if (input.shape.size() > kMaxRank)
    throw UsageError(fmt::format("the input has {} axes; interpolation takes at most {}, as "
                                 "NumPy does",
                                 input.shape.size(), kMaxRank));
  // SciPy pads a grid-constant input by cval in its dtype before the
  // prefilter, and np.pad converts it to signed integers through a C long:
  // it refuses a NaN, an infinity or a value past the long's range (empty
  // inputs too; unsigned ones take NumPy's cast).
  bool signed_integers = false;
  numeric::visit_element_type(input.dtype, [&]<typename T>(T) {
    signed_integers = std::is_integral_v<T> && std::is_signed_v<T>;
  });
  const double cval = options.cval;
  if (options.prefilter && options.order > 1 && options.mode == InterpolationMode::GridConstant &&
      signed_integers && !(cval >= -0x1p63 && cval < 0x1p63)) {
    const std::string why = std::isnan(cval)   ? "cannot convert float NaN to integer"
                            : std::isinf(cval) ? "cannot convert float infinity to integer"
                                               : fmt::format("cval {} does not fit a C long", cval);
    throw UsageError(fmt::format("{}: mode grid-constant pads the {} input with cval before the "
                                 "prefilter, as SciPy does",
                                 why, to_string(input.dtype)));
  }
  std::uint64_t taps = 1;
  for (std::size_t axis = 0; axis < input.shape.size() && taps <= kMaxTapsPerPoint; ++axis)
    taps *= static_cast<std::uint64_t>(options.order + 1);
  if (taps > kMaxTapsPerPoint)
    throw UsageError(fmt::format("a spline of order {} in {} axes reads {}^{} coefficients per "
                                 "point, more than the {} llcjit allows",
                                 options.order, input.shape.size(), options.order + 1,
                                 input.shape.size(), kMaxTapsPerPoint));
}

void store_row(DType type, const double *values, std::ptrdiff_t count, char *out,
               std::ptrdiff_t step) {
  if (type == DType::Bool) { // C's plain cast, not rounded (SciPy's CASE_INTERP_OUT)
    for (std::ptrdiff_t i = 0; i < count; ++i) {
      const auto element = numeric::c_cast<std::uint8_t>(values[i]);
      std::memcpy(out + i * step, &element, 1);
    }
    return;
  }
  numeric::visit_element_type(type, [&]<typename T>(T) {
    for (std::ptrdiff_t i = 0; i < count; ++i) {
      const T element = rounded_cast<T>(values[i]);
      std::memcpy(out + i * step, &element, sizeof element);
    }
  });
}

// A batch of float64 results, contiguous in an output row, stored around
// the cache from its first 64-byte boundary to its last, two doubles per
// SSE2 `movntdq` (a plain copy in the sanitized clang build, as
// ndimage::store_streaming), the partial lines at its ends as usual.
// Stored through the cache, a rotation's output waited on its lines' reads
// for ownership: 15 % of an order-1 rotation of 2048^2 went to the store
// loop (a perf profile).
void store_batch_streaming(const double *values, std::ptrdiff_t count, char *out) {
  constexpr std::ptrdiff_t kDouble = sizeof(double), kPerLine = ndimage::kCacheLine / kDouble;
  const std::ptrdiff_t head = ndimage::items_before_line(out, kDouble, count);
  const std::ptrdiff_t lines_end = head + (count - head) / kPerLine * kPerLine;
  std::memcpy(out, values, static_cast<std::size_t>(head * kDouble));
  for (std::ptrdiff_t i = head; i < lines_end; i += 2) {
    ndimage::Vec2 pair;
    std::memcpy(&pair, values + i, sizeof pair);
    ndimage::store_streaming(out + i * kDouble, pair);
  }
  std::memcpy(out + lines_end * kDouble, values + lines_end,
              static_cast<std::size_t>((count - lines_end) * kDouble));
}

// Orders streamed stores before whatever reads the output, also when a
// mapping throws.
class FenceOnExit {
public:
  explicit FenceOnExit(bool streamed) : streamed_(streamed) {}
  FenceOnExit(const FenceOnExit &) = delete;
  FenceOnExit &operator=(const FenceOnExit &) = delete;
  ~FenceOnExit() {
    if (streamed_)
      __builtin_ia32_sfence();
  }

private:
  bool streamed_;
};

// `source_bytes`: what `source` reads (map_coordinates' coordinates).
void run(const ArrayView &input, const ArrayView &output, const InterpolationOptions &options,
         const CoordinateSource &source, std::size_t source_bytes = 0) {
  const parallel::Workers workers(options.threads, options.progress);
  if (output.size() == 0)
    return;
  // An empty input has nothing to interpolate (SciPy reads past it).
  const bool empty_input = input.size() == 0;
  std::optional<Coefficients> filtered;
  std::vector<double> copy;
  Grid grid{static_cast<const char *>(input.data), input.shape, input.strides, input.dtype};
  if (!empty_input && options.prefilter && options.order > 1) {
    filtered = coefficients(input, options, workers);
    grid = filtered->grid;
  } else if (!empty_input) {
    // Every output point may read any input point.
    const ArrayView source = ndimage::unaliased(input, output, false, copy, workers.threads);
    grid = {static_cast<const char *>(source.data), source.shape, source.strides, source.dtype};
  }
  const Spline spline{options.order, options.mode, options.cval, filtered ? filtered->shift : 0.0};
  const std::size_t rank = output.shape.size();
  const std::ptrdiff_t width = output.shape[rank - 1];
  const std::ptrdiff_t batches_per_row = (width + kPointsPerBatch - 1) / kPointsPerBatch;
  const std::ptrdiff_t rows = static_cast<std::ptrdiff_t>(output.size()) / width;
  const std::size_t input_rank = input.shape.size();
  // Unset: from half the last-level cache on, counting what the loop
  // reads (the grid, the coefficients where prefiltered, and the source's
  // coordinates). The filters wait for the whole cache (ndimage/cache.hpp),
  // but a rotated scan reads its input all over, and an output kept out of
  // the cache leaves it to the input: a 30-degree rotation of 1024^2
  // float64 at order 1, 16 MiB in all, took 4.45 ms streamed against 4.57.
  std::size_t grid_elements = 1;
  for (const std::ptrdiff_t extent : grid.shape)
    grid_elements *= static_cast<std::size_t>(extent);
  const std::size_t bytes =
      (grid_elements * item_size(grid.dtype)) + source_bytes + (output.size() * sizeof(double));
  const bool stream = output.dtype == DType::Float64 &&
                      output.strides[rank - 1] == static_cast<std::ptrdiff_t>(sizeof(double)) &&
                      ndimage::is_aligned(output) &&
                      options.streaming.value_or(ndimage::outgrows_cache(2 * bytes));
  parallel::parallel_for(rows * batches_per_row, workers, [&](const auto &batches) {
    const FenceOnExit fence{stream};
    std::vector<double> coordinates(input_rank * kPointsPerBatch);
    std::vector<double> values(kPointsPerBatch, options.cval);
    std::vector<std::intptr_t> start(rank);
    for (std::ptrdiff_t b = batches.begin(); b != batches.end(); ++b) {
      const std::ptrdiff_t row = b / batches_per_row;
      const std::ptrdiff_t first = b % batches_per_row * kPointsPerBatch;
      const std::ptrdiff_t count = std::min(kPointsPerBatch, width - first);
      std::ptrdiff_t rest = row;
      for (std::size_t k = rank - 1; k-- > 0;) {
        start[k] = rest % output.shape[k];
        rest /= output.shape[k];
      }
      start[rank - 1] = first;
      if (!empty_input) {
        source(start.data(), count, coordinates.data());
        interpolate(grid, spline, coordinates.data(), count, values.data());
      }
      char *out = static_cast<char *>(output.data) +
                  ndimage::line_offset(output.shape, output.strides, rank - 1, row) +
                  first * output.strides[rank - 1];
      if (stream)
        store_batch_streaming(values.data(), count, out);
      else
        store_row(output.dtype, values.data(), count, out, output.strides[rank - 1]);
    }
  });
}

} // namespace

} // namespace llcjit::interpolation

namespace llcjit {

void geometric_transform(const ArrayView &input, const ArrayView &output, const Callback &mapping,
                         std::span<const double> params, const InterpolationOptions &options) {
  interpolation::check_arrays(input, output, options);
  if (mapping.kind() != Kind::Transform)
    throw UsageError(fmt::format("geometric_transform takes transforms (formulas of the output "
                                 "coordinates o0, o1, ...); this formula was compiled as a {}",
                                 to_string(mapping.kind())));
  if (mapping.variables().size() != output.shape.size())
    throw UsageError(fmt::format("the mapping is a function of {} output coordinates, but the "
                                 "output has {} axes",
                                 mapping.variables().size(), output.shape.size()));
  if (mapping.result_arity() != input.shape.size())
    throw UsageError(fmt::format("the mapping returns {} input coordinates, but the input has "
                                 "{} axes",
                                 mapping.result_arity(), input.shape.size()));
  if (params.size() != mapping.parameters().size())
    throw UsageError(fmt::format("expected {} parameter values, got {}",
                                 mapping.parameters().size(), params.size()));
  // The rows entry is the driver's hot loop: optimised code, compiled once
  // per formula and kept by the engine, when the mapping is still quick.
  Callback optimised = mapping;
  if (mapping.tier() != Tier::Optimised) {
    Options options_optimised = mapping.options();
    options_optimised.tier = Tier::Optimised;
    optimised = compile(mapping.source(), options_optimised);
  }
  auto *rows = optimised.as<void(const std::intptr_t *, std::intptr_t, double *, const double *)>();
  interpolation::run(input, output, options,
                     [&](const std::intptr_t *start, std::ptrdiff_t count, double *coordinates) {
                       rows(start, count, coordinates, params.data());
                     });
}

void geometric_transform(const ArrayView &input, const ArrayView &output, MappingFunction *mapping,
                         void *user_data, const InterpolationOptions &options) {
  interpolation::check_arrays(input, output, options);
  if (mapping == nullptr)
    throw UsageError("the mapping function is null");
  const int output_rank = static_cast<int>(output.shape.size());
  const int input_rank = static_cast<int>(input.shape.size());
  interpolation::run(input, output, options,
                     [&](const std::intptr_t *start, std::ptrdiff_t count, double *coordinates) {
                       std::vector<std::intptr_t> at(start, start + output_rank);
                       std::vector<double> point(static_cast<std::size_t>(input_rank));
                       for (std::ptrdiff_t i = 0; i < count; ++i) {
                         at[output_rank - 1] = start[output_rank - 1] + i;
                         if (mapping(at.data(), point.data(), output_rank, input_rank, user_data) ==
                             0)
                           throw Error("unknown error in mapping function");
                         for (int k = 0; k < input_rank; ++k)
                           coordinates[k * count + i] = point[k];
                       }
                     });
}

void map_coordinates(const ArrayView &input, const ArrayView &coordinates, const ArrayView &output,
                     const InterpolationOptions &options) {
  interpolation::check_arrays(input, output, options);
  ndimage::check_view(coordinates);
  const std::size_t rank = output.shape.size();
  if (coordinates.shape.size() != rank + 1 || coordinates.strides.size() != rank + 1 ||
      coordinates.shape[0] != static_cast<std::ptrdiff_t>(input.shape.size()))
    throw UsageError("invalid shape for coordinate array");
  if (!std::equal(output.shape.begin(), output.shape.end(), coordinates.shape.begin() + 1))
    throw UsageError("output shape not correct");
  // Batches of points run in parallel: coordinates that the output
  // overlaps are read from a copy.
  std::vector<double> copy;
  const ArrayView points = ndimage::unaliased(coordinates, output, false, copy, options.threads);
  const std::ptrdiff_t axis_step = points.strides[0];
  const std::ptrdiff_t step = points.strides[rank];
  const auto *base = static_cast<const char *>(points.data);
  interpolation::run(
      input, output, options,
      [&](const std::intptr_t *start, std::ptrdiff_t count, double *values) {
        std::ptrdiff_t offset = 0;
        for (std::size_t k = 0; k < rank; ++k)
          offset += start[k] * points.strides[k + 1];
        numeric::visit_element_type(points.dtype, [&]<typename T>(T) {
          for (std::size_t k = 0; k < input.shape.size(); ++k) {
            const char *at = base + offset + static_cast<std::ptrdiff_t>(k) * axis_step;
            for (std::ptrdiff_t i = 0; i < count; ++i) {
              T element;
              std::memcpy(&element, at + i * step, sizeof element);
              values[static_cast<std::ptrdiff_t>(k) * count + i] = static_cast<double>(element);
            }
          }
        });
      },
      points.size() * item_size(points.dtype));
}

} // namespace llcjit
