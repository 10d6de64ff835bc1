// N-d filters over strided arrays with scipy.ndimage's semantics, running
// llcjit filter kernels.
#pragma once

#include <llcjit/callback.hpp>
#include <llcjit/dtype.hpp>
#include <llcjit/progress.hpp>
#include <llcjit/threads.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llcjit {

/// The number of elements of an array of `shape`, computed in checked
/// arithmetic. Throws UsageError naming the axis for a negative extent, and
/// for a count whose bytes as doubles would pass PTRDIFF_MAX (no such array
/// can exist in memory).
std::size_t element_count(std::span<const std::ptrdiff_t> shape);

/// An N-d array in NumPy's layout: a shape and strides in bytes (any sign),
/// so that NumPy arrays and their views pass without copying, and the
/// element type (native byte order).
struct ArrayView {
  void *data = nullptr;
  std::vector<std::ptrdiff_t> shape;
  std::vector<std::ptrdiff_t> strides; ///< in bytes
  DType dtype = DType::Float64;

  /// A C-contiguous view of `shape` over `data`, of the dtype of T's
  /// elements (dtype_of).
  template <typename T> static ArrayView contiguous(T *data, std::vector<std::ptrdiff_t> shape) {
    return contiguous(static_cast<void *>(data), std::move(shape), dtype_of<T>());
  }
  /// The same over untyped memory holding elements of `dtype`.
  static ArrayView contiguous(void *data, std::vector<std::ptrdiff_t> shape, DType dtype);
  /// element_count(shape): throws UsageError for an impossible shape.
  std::size_t size() const;
};

/// scipy.ndimage's boundary modes; the grid-* names are SciPy's aliases.
enum class Mode { Reflect, Constant, Nearest, Mirror, Wrap };
/// "reflect", "constant", "nearest", "mirror", "wrap", "grid-mirror",
/// "grid-constant", "grid-wrap"; std::nullopt for others.
std::optional<Mode> parse_mode(std::string_view name) noexcept;

/// Which neighbours a filter sees: a boolean mask in C order.
struct Footprint {
  std::vector<std::ptrdiff_t> shape;
  std::vector<unsigned char> mask; ///< C order, non-zero = in the footprint

  /// The full box of `shape`, as scipy.ndimage's `size`; UsageError for an
  /// extent below 1 or an impossible size.
  static Footprint box(std::vector<std::ptrdiff_t> shape);

  // The shaped footprints below span 2 * radius + 1 cells on each of `rank`
  // axes, centred; UsageError for a rank or radius below 1 (0 for radius)
  // or an impossible size.

  /// The centre and the cells up to `radius` away along one axis: at radius
  /// 1, scipy.ndimage.generate_binary_structure(rank, 1); in 2-d, OpenCV's
  /// MORPH_CROSS.
  static Footprint cross(std::size_t rank, std::ptrdiff_t radius = 1);
  /// The cells whose offsets' absolute values sum to at most `radius`:
  /// scipy.ndimage.iterate_structure(generate_binary_structure(rank, 1),
  /// radius); skimage.morphology's diamond (2-d) and octahedron (3-d).
  static Footprint diamond(std::size_t rank, std::ptrdiff_t radius);
  /// The cells within Euclidean distance `radius` of the centre:
  /// skimage.morphology's disk (2-d) and ball (3-d).
  static Footprint ball(std::size_t rank, std::ptrdiff_t radius);
};

struct FilterOptions {
  Mode mode = Mode::Reflect;
  double cval = 0.0;
  /// Per axis, or one value for every axis; empty: 0.
  std::vector<std::ptrdiff_t> origin;
  /// Threads sharing the lines of the array; 0: all cores, at most
  /// kMaxThreads. The result does not depend on it.
  unsigned threads = 0;
  /// Reports the lines done, and stops the filter (Cancelled) when asked
  /// to. Not owned; null: none.
  Progress *progress = nullptr;
  /// Run a formula's kernel fused: compiled once more with the footprint's
  /// offsets and the arrays' strides as constants, so that the interior is
  /// one vectorised loop per line. false: call it through SciPy's signature
  /// once per element, as SciPy does. The results are the same.
  ///
  /// Fused, a kernel made only of whole reductions of `values` (min, max,
  /// nanmin, nanmax, sum, mean, var, std, median, percentile, nanmedian,
  /// nanpercentile, and formulas of them such as max(values) - min(values))
  /// runs through algorithms whose cost does not grow with the window where
  /// they are faster (docs/filters.md): bit for bit the same results for
  /// the extremes, medians and percentiles; for sums, means and variances
  /// of large boxes and large 2-d footprints, running sums within one
  /// rounding of the exact value instead of NumPy's pairwise sums, unless
  /// `exact`.
  bool fuse = true;
  /// With `fuse`: compile the fused loop on the first call whatever its
  /// compile costs. Unset, a loop estimated to take more than a tenth of a
  /// second to compile (it unrolls much code: medians of 7x7 and 8x8
  /// windows, chains of two 5x5 ones) is compiled once the work of the calls so far would
  /// have paid for it, and until then the kernel runs through its SciPy
  /// entry point; already compiled (in this process or the disk cache), it
  /// runs at once. The results are the same.
  bool fuse_now = false;
  /// Keep every result bit-identical to NumPy's reductions (the fused loop)
  /// at any window size: sums, means and variances never run as running
  /// sums.
  bool exact = false;
  /// For a fused kernel and the 2-d extremes along rows: write a contiguous
  /// output with non-temporal stores, which go around the cache (and for a
  /// fused kernel prefetch the input ahead of it).
  /// Faster when the arrays do not fit in the cache anyway, slower when the
  /// output is read again soon. Unset: when input and output together take
  /// the last-level cache or more (and for a fused kernel, when the
  /// output's elements are 8 bytes wide: narrower ones were slower
  /// streamed). The results are the same.
  std::optional<bool> streaming;
};

/// Copies `from` into `to`, of the same shape and any dtypes (the two may
/// overlap), each element read as a double and stored as generic_filter
/// stores its results (docs/filters.md, "Dtypes"): like NumPy's astype, but
/// with scipy.ndimage's conversions (a bool byte of 2 reads as 2.0, NaN
/// becomes 0 in uint8). Throws UsageError for shapes that differ.
void convert(const ArrayView &from, const ArrayView &to, unsigned threads = 0);

/// scipy.ndimage.generic_filter's callback: the neighbourhood and its size,
/// where the result goes, and the caller's data; returns 0 on failure.
using FilterFunction = int(double *values, std::intptr_t size, double *result, void *user_data);

/// scipy.ndimage.generic_filter: for every element of `input`, gathers the
/// footprint's neighbours in C order (out-of-range ones by the boundary
/// mode) into `values` as doubles and stores the kernel's result in
/// `output`, which has input's shape (and may be input itself or overlap
/// it), converted to output's dtype as SciPy converts it (docs/filters.md). The kernel is a
/// filter formula, fused into the driver's loops unless options.fuse is
/// false; `params` are its parameter values. Compiled fused kernels are kept
/// for the next call with the same formula, footprint and strides.
/// Throws UsageError with SciPy's wording for a footprint of another rank,
/// an empty footprint, an origin out of range or shapes that differ.
void generic_filter(const ArrayView &input, const ArrayView &output, const Callback &kernel,
                    std::span<const double> params, const Footprint &footprint,
                    const FilterOptions &options = {});

/// The same with any C function of SciPy's signature (never fused):
/// `function(values, size, &result, user_data)` for every element, from
/// several threads at once unless options.threads is 1. Throws Error
/// ("unknown error in filter function", SciPy's RuntimeError) when it
/// returns 0.
void generic_filter(const ArrayView &input, const ArrayView &output, FilterFunction *function,
                    void *user_data, const Footprint &footprint, const FilterOptions &options = {});

/// scipy.ndimage.generic_filter1d's callback: the input line extended past
/// both ends and its length, the output line and its length, and the
/// caller's data; returns 0 on failure.
using Filter1DFunction = int(double *input_line, std::intptr_t input_length, double *output_line,
                             std::intptr_t output_length, void *user_data);

struct Filter1DOptions {
  Mode mode = Mode::Reflect;
  double cval = 0.0;
  /// SciPy's origin: output point j reads the window of filter_size values
  /// starting filter_size / 2 + origin before it; from -(filter_size / 2)
  /// to (filter_size - 1) / 2.
  std::ptrdiff_t origin = 0;
  /// Threads sharing the lines; 0: all cores. The result does not depend
  /// on it.
  unsigned threads = 0;
  /// Reports the work done (blocks of lines, or generic_filter's units),
  /// and stops the filter (Cancelled) when asked.
  Progress *progress = nullptr;
};

/// scipy.ndimage.generic_filter1d: every line of `input` along `axis`
/// (negative counts from the end) is extended past its ends by the mode
/// (filter_size / 2 + origin values before it, the rest of filter_size - 1
/// after), and output point j of the line is `kernel`, a formula of
/// `values`, over the window of the extended line from j: filter_size
/// values. The kernel (of kind filter1d, or filter) runs once per line
/// through its own entry point for small work (elements x window up to
/// 2^18); beyond, as generic_filter runs it over a footprint that is a line
/// along the axis (fused, exact), or into uint64 compiled for the window's
/// size and called once per line. `output` has
/// input's shape (and may be input itself); results are stored as SciPy's
/// line buffers store them (C's conversion). Throws UsageError with
/// SciPy's wording for a filter size below 1, an origin out of range or an
/// axis past the rank.
void generic_filter1d(const ArrayView &input, const ArrayView &output, const Callback &kernel,
                      std::span<const double> params, std::ptrdiff_t filter_size,
                      std::ptrdiff_t axis = -1, const Filter1DOptions &options = {});

/// The same with any C function of SciPy's signature, called once per line
/// with the extended line, from several threads at once unless
/// options.threads is 1 (SciPy calls it from one); Error ("unknown error in
/// line processing function", SciPy's RuntimeError) when it returns 0.
void generic_filter1d(const ArrayView &input, const ArrayView &output, Filter1DFunction *function,
                      void *user_data, std::ptrdiff_t filter_size, std::ptrdiff_t axis = -1,
                      const Filter1DOptions &options = {});

/// The algorithm generic_filter runs for `kernel` over `footprint` with
/// `options` from an array of dtype `input` into one of dtype `output`, in
/// words: the fused loop, the per-element SciPy call, or the
/// window-independent algorithm of each reduction. (Where the window is
/// longer than twice the array plus 64 along an axis and that algorithm's
/// scratch would pass 64 MiB, generic_filter runs the brute force instead
/// if it visits at most 2^30 cells in all.) Throws as generic_filter does
/// for a footprint or origin it refuses.
std::string filter_algorithm(const Callback &kernel, const Footprint &footprint,
                             const FilterOptions &options = {}, DType input = DType::Float64,
                             DType output = DType::Float64);

/// The options generic_filter compiles `kernel` with when it runs the fused
/// loop over a C-contiguous array of `shape` and dtype `input` into one of
/// dtype `output` (filter_algorithm says whether it does): give them to
/// Engine::ir or Engine::assembly to read the loop's code. Throws as
/// generic_filter does for a footprint or origin it refuses, and UsageError
/// for a kernel of another kind.
Options fused_kernel_options(const Callback &kernel, const Footprint &footprint,
                             std::span<const std::ptrdiff_t> shape,
                             const FilterOptions &options = {}, DType input = DType::Float64,
                             DType output = DType::Float64);

} // namespace llcjit
