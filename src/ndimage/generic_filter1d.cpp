// generic_filter1d: each line along the axis copied into a buffer with its
// extension by the boundary mode (SciPy's NI_ExtendLine), handed to the
// kernel whole, and its output line stored back. Lines are shared among
// threads, each one task's own work.
#include <llcjit/engine.hpp>
#include <llcjit/errors.hpp>
#include <llcjit/ndimage.hpp>

#include "ndimage/boundary.hpp"
#include "ndimage/convert.hpp"
#include "ndimage/lines.hpp"
#include "numeric/scipy_cast.hpp"
#include "parallel/parallel_for.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

#include <fmt/format.h>

namespace llcjit {

namespace {

// Lines along a leading axis gathered at once: two cache lines of doubles
// from each row (8 lines were 10% slower on 2048^2, 32 lines 40%).
constexpr std::ptrdiff_t kLinesPerBlock = 16;
// ... as long as their extended lines fit this many bytes (their output
// lines, shorter, then fit too), as SciPy's line buffers keep to 256 kB:
// a window of millions makes each extended line tens of megabytes, and 16
// of them per thread were hundreds of megabytes.
constexpr std::size_t kBlockBytes = std::size_t{1} << 20;

// Window values (elements x filter size) up to which a formula runs once
// per line through its own entry point rather than compiled into a fused
// loop: about what the fused loop's compile costs.
constexpr std::size_t kDirectWork = std::size_t{1} << 18;

// Calls the kernel on one extended line; false when it refuses.
using LineKernel =
    std::function<bool(double *in, std::intptr_t in_length, double *out, std::intptr_t out_length)>;

// SciPy's checks of generic_filter1d's arguments, in its order, and the
// extended line's size; returns the axis, counted from the front.
std::size_t check_arguments(const ArrayView &input, const ArrayView &output,
                            std::ptrdiff_t filter_size, std::ptrdiff_t axis,
                            const Filter1DOptions &options) {
  ndimage::check_view(input);
  ndimage::check_view(output);
  if (input.strides.size() != input.shape.size() || output.shape != input.shape ||
      output.strides.size() != output.shape.size())
    throw UsageError("output shape not correct");
  if (filter_size < 1)
    throw UsageError("invalid filter size");
  const std::size_t along = ndimage::normalised_axis(axis, input.shape.size());
  // Whichever path runs, the line with its extension must be a size the
  // per-line buffers (kLinesPerBlock of them) can have.
  constexpr std::ptrdiff_t kMaxLength =
      std::numeric_limits<std::ptrdiff_t>::max() / kLinesPerBlock / sizeof(double);
  if (std::ptrdiff_t length;
      __builtin_add_overflow(input.shape[along], filter_size - 1, &length) || length > kMaxLength)
    throw UsageError(fmt::format("a line of {} extended for a window of {} is too long",
                                 input.shape[along], filter_size));
  // SciPy's filter_size // 2 + origin in [0, filter_size), without its sum.
  if (options.origin < -(filter_size / 2) || options.origin > (filter_size - 1) / 2)
    throw UsageError("invalid origin");
  if (static_cast<unsigned>(options.mode) > static_cast<unsigned>(Mode::Wrap))
    throw UsageError("boundary mode not supported");
  parallel::check_threads(options.threads);
  return along;
}

// Copies `lines` lines of n elements from `from` (steps in bytes: along
// a line, and from one line to the next) into rows of `to`, `pitch` apart.
// One line is a loop the compiler vectorises; several are read a few
// elements of each row at a time.
template <typename T>
void gather(const char *from, std::ptrdiff_t along, std::ptrdiff_t across, std::ptrdiff_t n,
            std::ptrdiff_t lines, double *to, std::ptrdiff_t pitch) {
  T element;
  if (lines == 1) {
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      std::memcpy(&element, from + i * along, sizeof element);
      to[i] = static_cast<double>(element);
    }
    return;
  }
  for (std::ptrdiff_t i = 0; i < n; ++i)
    for (std::ptrdiff_t j = 0; j < lines; ++j) {
      std::memcpy(&element, from + i * along + j * across, sizeof element);
      to[j * pitch + i] = static_cast<double>(element);
    }
}

// The inverse of gather, each value stored with C's conversion.
template <typename T>
void scatter(const double *from, std::ptrdiff_t pitch, std::ptrdiff_t n, std::ptrdiff_t lines,
             char *to, std::ptrdiff_t along, std::ptrdiff_t across) {
  if (lines == 1) {
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const T element = numeric::c_cast<T>(from[i]);
      std::memcpy(to + i * along, &element, sizeof element);
    }
    return;
  }
  for (std::ptrdiff_t i = 0; i < n; ++i)
    for (std::ptrdiff_t j = 0; j < lines; ++j) {
      const T element = numeric::c_cast<T>(from[j * pitch + i]);
      std::memcpy(to + i * along + j * across, &element, sizeof element);
    }
}

void run(const ArrayView &input, const ArrayView &output, std::ptrdiff_t filter_size,
         std::size_t axis, const Filter1DOptions &options, const LineKernel &kernel) {
  const std::ptrdiff_t n = input.shape[axis];
  const auto count = static_cast<std::ptrdiff_t>(input.size());
  if (count == 0)
    return;
  const std::ptrdiff_t before = filter_size / 2 + options.origin;
  const std::ptrdiff_t after = filter_size - 1 - before;
  const std::ptrdiff_t length = n + filter_size - 1; // check_arguments bounds it
  // A line is read whole before it is written, so output may be input
  // itself; other overlaps read from a copy.
  std::vector<double> copy;
  const ArrayView source = ndimage::unaliased(input, output, true, copy, options.threads);
  // Along any axis but the last, lines next to each other along the last
  // axis are gathered together, a few elements of each row at a time,
  // rather than one element per row and line.
  const std::size_t last = input.shape.size() - 1;
  const std::ptrdiff_t width = axis == last ? 1 : input.shape[last];
  const std::ptrdiff_t block =
      std::clamp(static_cast<std::ptrdiff_t>(kBlockBytes / sizeof(double)) / length,
                 std::ptrdiff_t{1}, std::min(kLinesPerBlock, width));
  const std::ptrdiff_t blocks_per_row = (width + block - 1) / block;
  const std::ptrdiff_t rows = count / n / width;
  const std::ptrdiff_t in_step = source.strides[axis];
  const std::ptrdiff_t out_step = output.strides[axis];
  const std::ptrdiff_t in_across = source.strides[last];
  const std::ptrdiff_t out_across = output.strides[last];
  parallel::parallel_for(
      rows * blocks_per_row, {options.threads, options.progress}, [&](const auto &blocks) {
        std::vector<double> in(static_cast<std::size_t>(length * block));
        std::vector<double> out(static_cast<std::size_t>(n * block));
        for (std::ptrdiff_t b = blocks.begin(); b != blocks.end(); ++b) {
          const std::ptrdiff_t first = b / blocks_per_row * width + b % blocks_per_row * block;
          const std::ptrdiff_t lines = std::min(block, width - b % blocks_per_row * block);
          const char *from = static_cast<const char *>(source.data) +
                             ndimage::line_offset(source.shape, source.strides, axis, first);
          numeric::visit_element_type(source.dtype, [&]<typename T>(T) {
            gather<T>(from, in_step, in_across, n, lines, in.data() + before, length);
          });
          for (std::ptrdiff_t j = 0; j < lines; ++j) {
            double *line = in.data() + j * length;
            double *middle = line + before;
            auto extended = [&](std::ptrdiff_t i) {
              const std::optional<std::ptrdiff_t> at = ndimage::extend(i, n, options.mode);
              return at ? middle[*at] : options.cval;
            };
            for (std::ptrdiff_t k = 0; k < before; ++k)
              line[k] = extended(k - before);
            for (std::ptrdiff_t k = 0; k < after; ++k)
              middle[n + k] = extended(n + k);
            if (!kernel(line, length, out.data() + j * n, n))
              throw Error("unknown error in line processing function");
          }
          char *to = static_cast<char *>(output.data) +
                     ndimage::line_offset(output.shape, output.strides, axis, first);
          numeric::visit_element_type(output.dtype, [&]<typename T>(T) {
            scatter<T>(out.data(), n, n, lines, to, out_step, out_across);
          });
        }
      });
}

} // namespace

void generic_filter1d(const ArrayView &input, const ArrayView &output, const Callback &kernel,
                      std::span<const double> params, std::ptrdiff_t filter_size,
                      std::ptrdiff_t axis, const Filter1DOptions &options) {
  if (kernel.kind() != Kind::Filter1D && kernel.kind() != Kind::Filter)
    throw UsageError(fmt::format("generic_filter1d takes filter kernels (formulas of values); "
                                 "this callback is a {} callback",
                                 to_string(kernel.kind())));
  if (params.size() != kernel.parameters().size())
    throw UsageError(fmt::format("expected {} parameter values, got {}", kernel.parameters().size(),
                                 params.size()));
  const std::size_t along = check_arguments(input, output, filter_size, axis, options);
  if (const std::optional<std::size_t> compiled_for = kernel.options().values_size;
      compiled_for && *compiled_for != static_cast<std::size_t>(filter_size))
    throw UsageError(fmt::format("the kernel was compiled for {} values; the window has {}",
                                 *compiled_for, filter_size));
  // Small work runs the kernel's own entry point once per line: a fused
  // loop is compiled anew for each window, origin and layout (tens of
  // milliseconds), which only large arrays repay.
  std::size_t work;
  const bool small =
      !__builtin_mul_overflow(input.size(), static_cast<std::size_t>(filter_size), &work) &&
      work <= kDirectWork;
  if (!small && output.dtype != DType::UInt64) {
    // A formula of each point's window is generic_filter's kernel over a
    // footprint that is a line along the axis, with the same extension and
    // origin, the window's values in the same order, and the same stores
    // but for values at or below -2^63 into uint64: the fused loop, and the
    // window-independent algorithms that are exact, give SciPy's bits.
    std::vector<std::ptrdiff_t> extents(input.shape.size(), 1);
    extents[along] = filter_size;
    std::vector<std::ptrdiff_t> origins(input.shape.size(), 0);
    origins[along] = options.origin;
    Options as_filter = kernel.options();
    as_filter.kind = Kind::Filter;
    const Callback filter_kernel =
        kernel.kind() == Kind::Filter ? kernel : compile(kernel.source(), as_filter);
    generic_filter(input, output, filter_kernel, params, Footprint::box(extents),
                   {.mode = options.mode,
                    .cval = options.cval,
                    .origin = origins,
                    .threads = options.threads,
                    .progress = options.progress,
                    .exact = true});
    return;
  }
  // Large work into uint64: compiled again for this window size,
  // optimised. The engine keeps what it compiles for the calls that follow.
  Options compiled_options = kernel.options();
  compiled_options.kind = Kind::Filter1D;
  compiled_options.filter_layout.reset();
  if (!small) {
    compiled_options.values_size = static_cast<std::size_t>(filter_size);
    compiled_options.tier = Tier::Optimised;
  }
  const Callback compiled = kernel.kind() == Kind::Filter1D && small
                                ? kernel
                                : compile(kernel.source(), compiled_options);
  auto *function = compiled.as<Filter1DFunction>();
  void *user_data = const_cast<double *>(params.data());
  run(input, output, filter_size, along, options,
      [&](double *in, std::intptr_t in_length, double *out, std::intptr_t out_length) {
        return function(in, in_length, out, out_length, user_data) != 0;
      });
}

void generic_filter1d(const ArrayView &input, const ArrayView &output, Filter1DFunction *function,
                      void *user_data, std::ptrdiff_t filter_size, std::ptrdiff_t axis,
                      const Filter1DOptions &options) {
  if (function == nullptr)
    throw UsageError("the filter function is null");
  const std::size_t along = check_arguments(input, output, filter_size, axis, options);
  run(input, output, filter_size, along, options,
      [&](double *in, std::intptr_t in_length, double *out, std::intptr_t out_length) {
        return function(in, in_length, out, out_length, user_data) != 0;
      });
}

} // namespace llcjit
