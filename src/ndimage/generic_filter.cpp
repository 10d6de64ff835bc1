// scipy.ndimage.generic_filter over strided N-d arrays. The array is walked
// line by line along its last axis (a colour image's along its rows of
// pixels, fused_grid.hpp); where a line's neighbourhoods all lie
// inside the array, a fused kernel computes that stretch in one vectorised
// call, and the border too over a copy laid out as the input
// (border_band.hpp) where that copy can hold it. Every other element is
// gathered under the boundary mode and passed to the kernel through SciPy's
// signature.
#include <llcjit/engine.hpp>
#include <llcjit/errors.hpp>
#include <llcjit/ndimage.hpp>

#include "ndimage/border_band.hpp"
#include "ndimage/c_order.hpp"
#include "ndimage/cache.hpp"
#include "ndimage/convert.hpp"
#include "ndimage/fast_filter.hpp"
#include "ndimage/fused_grid.hpp"
#include "ndimage/fused_kernel.hpp"
#include "ndimage/fusion_credit.hpp"
#include "ndimage/neighbourhood.hpp"
#include "ndimage/skewed_rows.hpp"
#include "ndimage/slices.hpp"
#include "ndimage/window.hpp"
#include "numeric/scipy_cast.hpp"
#include "parallel/parallel_for.hpp"

#include <tbb/blocked_range.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <optional>

#include <fmt/format.h>

namespace llcjit {

namespace {

using ndimage::Kernel;
using ndimage::run_interior;
using RowsFunction = ndimage::Kernel::Rows;

// Columns of one line given to one task: lines are the unit of work, but a
// long line (a 1-d array) is split so that every core gets some.
constexpr std::ptrdiff_t kColumnsPerTask = 4096;

std::vector<std::ptrdiff_t> origins(const FilterOptions &options, std::size_t rank) {
  if (options.origin.empty())
    return std::vector<std::ptrdiff_t>(rank, 0);
  if (options.origin.size() == 1)
    return std::vector<std::ptrdiff_t>(rank, options.origin[0]);
  if (options.origin.size() != rank)
    throw UsageError("origin must have one value or one per axis");
  return options.origin;
}

void validate_footprint(const Footprint &footprint, std::size_t rank,
                        std::span<const std::ptrdiff_t> origin) {
  if (footprint.shape.size() != rank)
    throw UsageError("filter footprint array has incorrect shape.");
  for (std::ptrdiff_t extent : footprint.shape)
    if (extent < 1)
      throw UsageError("filter footprint array has incorrect shape.");
  if (footprint.mask.size() != element_count(footprint.shape))
    throw UsageError("the footprint mask does not match its shape");
  if (std::none_of(footprint.mask.begin(), footprint.mask.end(),
                   [](unsigned char on) { return on != 0; }))
    throw UsageError("footprint array has only zeros");
  for (std::size_t axis = 0; axis < rank; ++axis) {
    const std::ptrdiff_t n = footprint.shape[axis];
    if (!(-(n / 2) <= origin[axis] && origin[axis] <= (n - 1) / 2))
      throw UsageError("invalid origin");
  }
}

void validate(const ArrayView &input, const ArrayView &output, const Footprint &footprint,
              std::span<const std::ptrdiff_t> origin) {
  const std::size_t rank = input.shape.size();
  if (rank == 0)
    throw UsageError("the input must have at least one dimension");
  if (input.strides.size() != rank || output.shape != input.shape || output.strides.size() != rank)
    throw UsageError("output shape must equal input shape");
  validate_footprint(footprint, rank, origin);
  ndimage::check_view(input); // negative extents and impossible sizes too
  ndimage::check_view(output);
}

// A C-contiguous copy of `array`'s elements, for an output that overlaps
// its input.
std::vector<std::byte> contiguous_copy(const ArrayView &array) {
  const std::size_t item = item_size(array.dtype);
  std::vector<std::byte> copy(array.size() * item);
  const std::size_t rank = array.shape.size();
  std::vector<std::ptrdiff_t> index(rank, 0);
  for (std::size_t done = 0; done < copy.size(); done += item) {
    const char *at = static_cast<const char *>(array.data);
    for (std::size_t axis = 0; axis < rank; ++axis)
      at += index[axis] * array.strides[axis];
    std::memcpy(&copy[done], at, item);
    ndimage::next_in_c_order(index, array.shape);
  }
  return copy;
}

// Computes every element of `output`. Each one depends only on `source`, so
// any split of the work among threads gives the same result.
// `layout`: the neighbourhood whose offsets a fused kernel reads (`hood`'s,
// or those of skewed rows).
void run(const ArrayView &source, const ArrayView &output, const ndimage::Neighbourhood &hood,
         const ndimage::Neighbourhood &layout, const Kernel &kernel, const FilterOptions &options) {
  const std::size_t rank = source.shape.size();
  const std::size_t last_axis = rank - 1;
  const std::ptrdiff_t columns = source.shape[last_axis];
  std::ptrdiff_t lines = 1;
  for (std::size_t axis = 0; axis < last_axis; ++axis)
    lines *= source.shape[axis];
  const std::ptrdiff_t blocks = (columns + kColumnsPerTask - 1) / kColumnsPerTask;
  std::atomic<bool> refused = false;
  // A fused kernel computes the border too where the band, laid out as the
  // kernel reads, holds it; over skewed rows, where their columns lie as
  // the source's. (The border of a 1024^2x3 float64 mean over 31x1x1,
  // gathered element by element, took 30 of its 38 ms once it ran along the
  // rows of pixels.)
  std::optional<ndimage::BorderBand> band;
  if (kernel.rows && (kernel.skew_height == 0 || source.strides[last_axis] == kernel.input_item)) {
    band.emplace(source, layout, options.mode, options.cval);
    if (!band->usable())
      band.reset();
  }

  auto work = [&](const tbb::blocked_range<std::ptrdiff_t> &tasks) {
    std::vector<double> values(hood.size());
    thread_local ndimage::BorderBand::Scratch band_scratch;
    std::vector<std::ptrdiff_t> point(rank), line_cells;
    thread_local std::vector<std::byte> skew_storage;
    std::optional<ndimage::SkewedRows> skewed;
    if (kernel.skew_height > 0)
      skewed.emplace(source, kernel.skew_low, kernel.skew_height, skew_storage);
    for (std::ptrdiff_t task = tasks.begin(); task != tasks.end() && !refused; ++task) {
      // Which line, and which of its columns.
      std::ptrdiff_t line = task / blocks;
      const char *in = static_cast<const char *>(source.data);
      char *out = static_cast<char *>(output.data);
      bool inside = true;
      for (std::size_t axis = last_axis; axis-- > 0;) {
        point[axis] = line % source.shape[axis];
        line /= source.shape[axis];
        in += point[axis] * source.strides[axis];
        out += point[axis] * output.strides[axis];
        inside = inside && point[axis] >= hood.interior_begin(axis) &&
                 point[axis] < hood.interior_end(axis);
      }
      const std::ptrdiff_t first = task % blocks * kColumnsPerTask;
      const std::ptrdiff_t end = std::min(columns, first + kColumnsPerTask);
      // [first, end) = border [first, interior_first), interior (border
      // too on a line outside along another axis), border.
      const std::ptrdiff_t interior_first = std::clamp(hood.interior_begin(last_axis), first, end);
      const std::ptrdiff_t interior_end =
          std::clamp(hood.interior_end(last_axis), interior_first, end);
      const std::ptrdiff_t in_step = source.strides[last_axis];
      const std::ptrdiff_t out_step = output.strides[last_axis];

      auto compute = [&](std::ptrdiff_t column) {
        double result = 0.0; // stored, unused, if the kernel refuses
        if (!kernel.function(values.data(), static_cast<std::intptr_t>(values.size()), &result,
                             kernel.user_data))
          refused = true;
        numeric::store_as(output.dtype, result, out + column * out_step);
      };
      if (!inside || interior_first > first || interior_end < end)
        hood.locate_line(point, options.mode, line_cells);
      // Border columns [from, to): through the fused kernel over the band
      // where it holds them, else element by element.
      auto border = [&](std::ptrdiff_t from, std::ptrdiff_t to) {
        if (from >= to)
          return;
        // Plain stores: the border is a small part of the output.
        const char *centre = band ? band->fill(line_cells, from, to, band_scratch) : nullptr;
        if (centre) {
          kernel.rows(centre, out + from * out_step, to - from, kernel.params);
          return;
        }
        for (std::ptrdiff_t column = from; column < to; ++column) {
          hood.gather(line_cells, column, options.mode, options.cval, values.data());
          compute(column);
        }
      };
      border(first, interior_first);
      if (!inside) {
        border(interior_first, interior_end);
      } else if (kernel.rows && interior_end > interior_first) {
        // Only with an interior: an axis of one element may have any
        // stride, and a pointer past it is undefined even unused.
        // Skewed rows are contiguous.
        const char *from = skewed ? skewed->row(point[0]) : in;
        const std::ptrdiff_t step = skewed ? kernel.input_item : in_step;
        run_interior(kernel, from + interior_first * step, out + interior_first * out_step,
                     interior_end - interior_first, step);
      } else if (!kernel.rows) {
        for (std::ptrdiff_t column = interior_first; column < interior_end; ++column) {
          hood.gather_interior(in + column * in_step, values.data());
          compute(column);
        }
      }
      border(interior_end, end);
    }
    // Non-temporal stores are weakly ordered: make them visible before the
    // task reports itself done.
    if (kernel.streaming_rows)
      std::atomic_thread_fence(std::memory_order_seq_cst);
  };
  parallel::parallel_for(lines * blocks, {options.threads, options.progress}, work);
  if (refused)
    throw Error("unknown error in filter function"); // SciPy's RuntimeError
}

void require_filter_kernel(const Callback &kernel, std::string_view function) {
  if (kernel.kind() != Kind::Filter)
    throw UsageError(fmt::format("{} takes filter kernels (formulas of values); this "
                                 "callback is a {} callback",
                                 function, to_string(kernel.kind())));
}

// The kernel's options with the layout of its fused loop over `source`
// into `output`: the footprint's offsets and the last axis's steps.
Options fused_options(const Callback &kernel, const ndimage::Neighbourhood &hood,
                      const ArrayView &source, const ArrayView &output) {
  Options options = kernel.options();
  options.filter_layout = {hood.byte_offsets(), source.strides.back(), output.strides.back(),
                           source.dtype, output.dtype};
  return options;
}

// Validates, takes a copy of the input where the output overlaps it, and
// hands the array to read and its neighbourhood to `compute`.
template <typename Compute>
void filter(const ArrayView &input, const ArrayView &output, const Footprint &footprint,
            const FilterOptions &options, Compute compute) {
  const std::vector<std::ptrdiff_t> origin = origins(options, input.shape.size());
  validate(input, output, footprint, origin);
  parallel::check_threads(options.threads);
  if (input.size() == 0)
    return;
  std::vector<std::byte> copy;
  ArrayView source = input;
  if (ndimage::overlap(input, output)) {
    copy = contiguous_copy(input);
    source = ArrayView::contiguous(copy.data(), input.shape, input.dtype);
  }
  const ndimage::Neighbourhood hood(footprint, origin, source);
  compute(source, hood, origin);
}

} // namespace

void generic_filter(const ArrayView &input, const ArrayView &output, const Callback &kernel,
                    std::span<const double> params, const Footprint &footprint,
                    const FilterOptions &options) {
  require_filter_kernel(kernel, "generic_filter");
  if (params.size() != kernel.parameters().size())
    throw UsageError(fmt::format("expected {} parameter values, got {}", kernel.parameters().size(),
                                 params.size()));
  filter(input, output, footprint, options,
         [&](const ArrayView &source, const ndimage::Neighbourhood &hood,
             std::span<const std::ptrdiff_t> origin) {
           if (const auto size = kernel.options().values_size; size && *size != hood.size())
             throw UsageError(fmt::format("the kernel was compiled for {} values; the "
                                          "footprint has {}",
                                          *size, hood.size()));
           void *user_data = const_cast<double *>(params.data());
           if (!options.fuse) {
             run(source, output, hood, hood, {kernel.as<FilterFunction>(), user_data}, options);
             return;
           }
           if (const auto plan =
                   ndimage::plan_fast_filter(kernel, footprint, origin, options, source.dtype);
               plan && !ndimage::brute_force_is_smaller(footprint, source) &&
               ndimage::run_fast_filter(*plan, kernel, params, source, output, footprint, origin,
                                        options))
             return;
           const ndimage::FusedGrid grid = ndimage::fused_grid(source, output, footprint, origin);
           const ndimage::Neighbourhood grid_hood(grid.footprint, grid.origin, grid.source,
                                                  grid.channels);
           const std::optional<ArrayView> skewed = ndimage::skewed_read(kernel, grid, hood.size());
           const ArrayView &read = skewed ? *skewed : grid.source;
           std::optional<ndimage::Neighbourhood> skewed_hood;
           if (skewed)
             skewed_hood.emplace(grid.footprint, grid.origin, read, grid.channels);
           const ndimage::Neighbourhood &layout = skewed_hood ? *skewed_hood : grid_hood;
           // The formula compiled once more for this footprint and these
           // strides, once that pays (fusion_credit.hpp); the engine keeps
           // it for the calls that follow.
           const Options fused_with = fused_options(kernel, layout, read, grid.output);
           if (!options.fuse_now &&
               !ndimage::fusion_pays(ndimage::fused_operations(kernel, hood.size()), output.size(),
                                     options.threads, kernel.source(), fused_with)) {
             run(source, output, hood, hood, {kernel.as<FilterFunction>(), user_data}, options);
             return;
           }
           const Callback fused = compile(kernel.source(), fused_with);
           Kernel compiled{fused.as<FilterFunction>(), user_data, fused.as<RowsFunction>(),
                           params.data()};
           compiled.input_item = static_cast<std::ptrdiff_t>(item_size(source.dtype));
           compiled.output_item = static_cast<std::ptrdiff_t>(item_size(output.dtype));
           if (skewed_hood) {
             compiled.skew_low =
                 ndimage::centred_window(grid.footprint.shape[0], grid.origin[0]).low;
             compiled.skew_height = grid.footprint.shape[0];
           }
           // Streaming pays off for 8-byte outputs once the arrays outgrow
           // the cache (a float64 cross of 6476^2: 36-38 ms against 39-42).
           // Narrower ones won only at some widths whose rows lie a
           // multiple of 4 KiB apart (by about 10 %), and lost elsewhere:
           // the cross erosion of 6476^2 in uint16 took 15.0-15.6 ms
           // streamed against 10.5-10.7, in float32 23.5-24.3 against
           // 20.9-22.3, and in uint8 at every size.
           const std::size_t bytes =
               input.size() * static_cast<std::size_t>(compiled.input_item + compiled.output_item);
           if (fused.has(Entry::FilterRowsStreaming) && ndimage::is_aligned(grid.output) &&
               options.streaming.value_or(compiled.output_item >= 8 &&
                                          ndimage::outgrows_cache(bytes))) {
             compiled.streaming_rows =
                 reinterpret_cast<RowsFunction *>(fused.address(Entry::FilterRowsStreaming));
             compiled.leading_offset = layout.byte_offsets().back();
           }
           run(grid.source, grid.output, grid_hood, layout, compiled, options);
         });
}

void generic_filter(const ArrayView &input, const ArrayView &output, FilterFunction *function,
                    void *user_data, const Footprint &footprint, const FilterOptions &options) {
  if (function == nullptr)
    throw UsageError("the filter function is null");
  filter(input, output, footprint, options,
         [&](const ArrayView &source, const ndimage::Neighbourhood &hood,
             std::span<const std::ptrdiff_t>) {
           run(source, output, hood, hood, {function, user_data}, options);
         });
}

std::string filter_algorithm(
    const Callback &kernel, const Footprint &footprint, const FilterOptions &options, DType input,
    DType /*output: the plan does not depend on it; its text says where the route does*/) {
  require_filter_kernel(kernel, "filter_algorithm");
  const std::vector<std::ptrdiff_t> origin = origins(options, footprint.shape.size());
  validate_footprint(footprint, footprint.shape.size(), origin);
  if (!options.fuse)
    return "the kernel's SciPy entry point, called once per element (fuse off)";
  if (const auto plan = ndimage::plan_fast_filter(kernel, footprint, origin, options, input))
    return ndimage::describe(*plan);
  const auto cells = static_cast<std::size_t>(std::count_if(
      footprint.mask.begin(), footprint.mask.end(), [](unsigned char on) { return on != 0; }));
  std::string text = fmt::format(
      "the fused loop: the formula on every neighbourhood of {} cells, "
      "vectorised along {}",
      cells,
      ndimage::pixel_slicing(footprint, origin)
          ? fmt::format("its rows of pixels {}; else along the last axis", ndimage::kPackedPixels)
          : std::string("the last axis"));
  const double compile = ndimage::fused_compile_seconds(ndimage::fused_operations(kernel, cells));
  if (!options.fuse_now && compile > ndimage::kFreeCompileSeconds)
    text += fmt::format(", compiled (about {:.2g} s) once the work of its calls pays for "
                        "that (at once where compiled before); until then the SciPy entry "
                        "point per element",
                        compile);
  return text;
}

Options fused_kernel_options(const Callback &kernel, const Footprint &footprint,
                             std::span<const std::ptrdiff_t> shape, const FilterOptions &options,
                             DType input, DType output) {
  require_filter_kernel(kernel, "fused_kernel_options");
  const std::vector<std::ptrdiff_t> origin = origins(options, shape.size());
  validate_footprint(footprint, shape.size(), origin);
  // Only the strides matter: the neighbourhood's offsets never read data.
  const ArrayView source = ArrayView::contiguous(nullptr, {shape.begin(), shape.end()}, input);
  const ArrayView target = ArrayView::contiguous(nullptr, {shape.begin(), shape.end()}, output);
  ndimage::check_view(source);
  ndimage::check_view(target);
  // The layout generic_filter's fused loop compiles for these arrays.
  const ndimage::FusedGrid grid = ndimage::fused_grid(source, target, footprint, origin);
  const ndimage::Neighbourhood hood(grid.footprint, grid.origin, grid.source, grid.channels);
  const std::optional<ArrayView> skewed = ndimage::skewed_read(kernel, grid, hood.size());
  if (!skewed)
    return fused_options(kernel, hood, grid.source, grid.output);
  return fused_options(kernel,
                       ndimage::Neighbourhood(grid.footprint, grid.origin, *skewed, grid.channels),
                       *skewed, grid.output);
}

} // namespace llcjit
