// spline_filter and spline_filter1d, and the coefficients the
// interpolation drivers read: lines along each axis in turn, filtered in
// parallel (each line is one task's own work, so results do not depend on
// the number of threads).
#include "interpolation/spline_filter.hpp"

#include "interpolation/bspline.hpp"
#include "ndimage/convert.hpp"
#include "ndimage/huge_pages.hpp"
#include "ndimage/lines.hpp"
#include "numeric/scipy_cast.hpp"

#include <llcjit/errors.hpp>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace llcjit::interpolation {

namespace {

// SciPy pads these modes by 12 samples before prefiltering, enough for the
// poles' influence to fade below double precision.
constexpr std::ptrdiff_t kPrepad = 12;

void check_order(int order, int lowest) {
  if (order < lowest || order > kMaxOrder)
    throw UsageError("spline order not supported");
}

// Filters every line along `axis` of C-contiguous float64 `data` in place.
void filter_axis(double *data, std::span<const std::ptrdiff_t> shape, std::size_t axis, int order,
                 InterpolationMode mode, parallel::Workers workers) {
  const std::ptrdiff_t n = shape[axis];
  const auto count = static_cast<std::ptrdiff_t>(element_count(shape));
  if (n <= 1 || count == 0)
    return;
  // The array as `planes` of n rows of `inner` elements; lines run down
  // the rows. Along the last axis (inner 1), blocks of lines are copied
  // side by side first.
  std::ptrdiff_t outer = 1;
  for (std::size_t k = 0; k < axis; ++k)
    outer *= shape[k];
  const std::ptrdiff_t inner = count / n / outer;
  if (inner == 1) {
    parallel::parallel_for((outer + kMaxLines - 1) / kMaxLines, workers, [&](const auto &blocks) {
      std::vector<double> lines(static_cast<std::size_t>(kMaxLines * n));
      for (std::ptrdiff_t b = blocks.begin(); b != blocks.end(); ++b) {
        const std::ptrdiff_t width = std::min(kMaxLines, outer - b * kMaxLines);
        double *first = data + b * kMaxLines * n;
        // Sample i of line j, a cache line of each line at a time, so
        // that the side-by-side copy's lines stay in the L1 cache.
        const auto each_sample = [&](auto &&visit) {
          constexpr std::ptrdiff_t kTile = 8;
          for (std::ptrdiff_t tile = 0; tile < n; tile += kTile)
            for (std::ptrdiff_t j = 0; j < width; ++j)
              for (std::ptrdiff_t i = tile; i < std::min(n, tile + kTile); ++i)
                visit(lines[i * kMaxLines + j], first[j * n + i]);
        };
        each_sample([](double &side_by_side, double sample) { side_by_side = sample; });
        prefilter_lines(lines.data(), n, kMaxLines, width, order, mode);
        each_sample([](double side_by_side, double &sample) { sample = side_by_side; });
      }
    });
    return;
  }
  const std::ptrdiff_t blocks_per_plane = (inner + kMaxLines - 1) / kMaxLines;
  parallel::parallel_for(outer * blocks_per_plane, workers, [&](const auto &blocks) {
    for (std::ptrdiff_t b = blocks.begin(); b != blocks.end(); ++b) {
      const std::ptrdiff_t first = b % blocks_per_plane * kMaxLines;
      prefilter_lines(data + b / blocks_per_plane * n * inner + first, n, inner,
                      std::min(kMaxLines, inner - first), order, mode);
    }
  });
}

// np.pad's constant for an array of `type`: cval as an element of it
// (geometric_transform.cpp refuses what NumPy refuses).
double pad_value(DType type, double cval) {
  if (type == DType::Bool)
    return cval != 0 ? 1.0 : 0.0;
  double value = 0.0;
  numeric::visit_element_type(
      type, [&]<typename T>(T) { value = static_cast<double>(numeric::c_cast<T>(cval)); });
  return value;
}

// input as float64 in C order, padded by `pad` on every side with its edge
// (Nearest) or `fill` (GridConstant), as np.pad pads it.
ndimage::HugePageArray<double> padded_copy(const ArrayView &input, std::ptrdiff_t pad, bool edge,
                                           double fill, std::vector<std::ptrdiff_t> &shape,
                                           parallel::Workers workers) {
  const std::size_t rank = input.shape.size();
  shape = input.shape;
  for (std::ptrdiff_t &extent : shape)
    if (__builtin_add_overflow(extent, 2 * pad, &extent))
      throw UsageError("the padded input is too large");
  const std::size_t count = element_count(shape);
  // Every element is written below, so none is zeroed first.
  auto values = ndimage::huge_page_array<double>(count);
  const std::ptrdiff_t width = shape[rank - 1];
  const auto *data = static_cast<const char *>(input.data);
  parallel::parallel_for(static_cast<std::ptrdiff_t>(count) / width, workers,
                         [&](const auto &rows) {
                           for (std::ptrdiff_t row = rows.begin(); row != rows.end(); ++row) {
                             double *out = values.get() + row * width;
                             std::ptrdiff_t offset = 0, rest = row;
                             bool outside = false;
                             for (std::size_t k = rank - 1; k-- > 0;) {
                               std::ptrdiff_t i = rest % shape[k] - pad;
                               rest /= shape[k];
                               outside = outside || i < 0 || i >= input.shape[k];
                               i = std::clamp<std::ptrdiff_t>(i, 0, input.shape[k] - 1);
                               offset += i * input.strides[k];
                             }
                             const std::ptrdiff_t n = input.shape[rank - 1];
                             const std::ptrdiff_t step = input.strides[rank - 1];
                             if (outside && !edge) {
                               std::fill(out, out + width, fill);
                               continue;
                             }
                             numeric::visit_element_type(input.dtype, [&]<typename T>(T) {
                               const auto at = [&](std::ptrdiff_t i, std::ptrdiff_t stride) {
                                 T element;
                                 std::memcpy(&element, data + offset + i * stride, sizeof element);
                                 return static_cast<double>(element);
                               };
                               std::fill(out, out + pad, edge ? at(0, step) : fill);
                               // A constant stride where the row is contiguous, for the
                               // compiler to vectorise.
                               constexpr auto contiguous = static_cast<std::ptrdiff_t>(sizeof(T));
                               if (step == contiguous)
                                 for (std::ptrdiff_t i = 0; i < n; ++i)
                                   out[pad + i] = at(i, contiguous);
                               else
                                 for (std::ptrdiff_t i = 0; i < n; ++i)
                                   out[pad + i] = at(i, step);
                               std::fill(out + pad + n, out + width, edge ? at(n - 1, step) : fill);
                             });
                           }
                         });
  return values;
}

} // namespace

Coefficients coefficients(const ArrayView &input, const InterpolationOptions &options,
                          parallel::Workers workers) {
  const bool pads =
      options.mode == InterpolationMode::Nearest || options.mode == InterpolationMode::GridConstant;
  Coefficients result;
  result.shift = pads ? static_cast<double>(kPrepad) : 0.0;
  std::vector<std::ptrdiff_t> shape;
  result.values = padded_copy(
      input, pads ? kPrepad : 0, options.mode == InterpolationMode::Nearest,
      options.mode == InterpolationMode::GridConstant ? pad_value(input.dtype, options.cval) : 0.0,
      shape, workers);
  for (std::size_t axis = 0; axis < shape.size(); ++axis)
    filter_axis(result.values.get(), shape, axis, options.order, options.mode, workers);
  result.grid.data = reinterpret_cast<const char *>(result.values.get());
  result.grid.strides.resize(shape.size());
  std::ptrdiff_t stride = sizeof(double);
  for (std::size_t k = shape.size(); k-- > 0;) {
    result.grid.strides[k] = stride;
    stride *= shape[k];
  }
  result.grid.shape = std::move(shape);
  return result;
}

} // namespace llcjit::interpolation

namespace llcjit {

void spline_filter1d(const ArrayView &input, const ArrayView &output, int order,
                     std::ptrdiff_t axis, InterpolationMode mode, unsigned threads) {
  interpolation::check_order(order, 0);
  parallel::check_threads(threads);
  ndimage::check_view(input);
  ndimage::check_view(output);
  if (output.shape != input.shape || input.strides.size() != input.shape.size() ||
      output.strides.size() != output.shape.size())
    throw UsageError("output shape not correct");
  const std::size_t along = ndimage::normalised_axis(axis, input.shape.size());
  const std::ptrdiff_t n = input.shape[along];
  const auto count = static_cast<std::ptrdiff_t>(input.size());
  if (count == 0)
    return;
  std::vector<double> copy;
  const ArrayView source =
      ndimage::unaliased(input, output, true, copy, parallel::Workers(threads));
  // Into C-ordered doubles (the default output): the input converted in,
  // then filtered in place as the interpolation drivers filter, many lines
  // in lockstep. The same bits as line by line.
  if (output.dtype == DType::Float64 &&
      output.strides == ArrayView::contiguous(output.data, output.shape, DType::Float64).strides) {
    if (source.data != output.data)
      ndimage::convert(source, output, parallel::Workers(threads));
    if (order >= 2)
      interpolation::filter_axis(static_cast<double *>(output.data), output.shape, along, order,
                                 mode, parallel::Workers(threads));
    return;
  }
  parallel::parallel_for(count / n, parallel::Workers(threads), [&](const auto &lines) {
    std::vector<double> line(static_cast<std::size_t>(n));
    for (std::ptrdiff_t l = lines.begin(); l != lines.end(); ++l) {
      const char *in = static_cast<const char *>(source.data) +
                       ndimage::line_offset(source.shape, source.strides, along, l);
      char *out = static_cast<char *>(output.data) +
                  ndimage::line_offset(output.shape, output.strides, along, l);
      for (std::ptrdiff_t i = 0; i < n; ++i)
        line[i] = numeric::load_as_double(source.dtype, in + i * source.strides[along]);
      if (order >= 2)
        interpolation::prefilter_lines(line.data(), n, 1, 1, order, mode);
      numeric::visit_element_type(output.dtype, [&]<typename T>(T) {
        for (std::ptrdiff_t i = 0; i < n; ++i) {
          const T element = numeric::c_cast<T>(line[i]);
          std::memcpy(out + i * output.strides[along], &element, sizeof element);
        }
      });
    }
  });
}

void spline_filter(const ArrayView &input, const ArrayView &output, int order,
                   InterpolationMode mode, unsigned threads) {
  interpolation::check_order(order, 2);
  if (input.shape.empty()) {
    ndimage::check_view(input);
    ndimage::check_view(output);
    if (!output.shape.empty())
      throw UsageError("output shape not correct");
    convert(input, output, threads);
    return;
  }
  for (std::size_t axis = 0; axis < input.shape.size(); ++axis)
    spline_filter1d(axis == 0 ? input : output, output, order, static_cast<std::ptrdiff_t>(axis),
                    mode, threads);
}

} // namespace llcjit
