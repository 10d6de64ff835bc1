// scipy.ndimage's spline interpolation in process: geometric_transform with
// a mapping formula fused into the loop, map_coordinates, and the B-spline
// prefilter (spline_filter, spline_filter1d), with SciPy's modes, edges and
// conversions (docs/interpolation.md).
#pragma once

#include <llcjit/callback.hpp>
#include <llcjit/ndimage.hpp>
#include <llcjit/progress.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace llcjit {

/// How interpolation extends the input past its edges: SciPy's seven modes
/// (its `grid-mirror` is Reflect). Unlike the filters' modes, Wrap and
/// GridWrap differ (Wrap's period is the extent minus one), as do Constant
/// (cval past the edge, the input's own values up to it) and GridConstant
/// (cval for every spline tap outside the input).
enum class InterpolationMode { Constant, GridConstant, Nearest, Reflect, Mirror, Wrap, GridWrap };

/// SciPy's names: "constant", "grid-constant", "nearest", "reflect",
/// "grid-mirror", "mirror", "wrap", "grid-wrap"; std::nullopt for others.
std::optional<InterpolationMode> parse_interpolation_mode(std::string_view name) noexcept;

struct InterpolationOptions {
  /// The B-spline's order, 0 to 5.
  int order = 3;
  InterpolationMode mode = InterpolationMode::Constant;
  double cval = 0.0;
  /// For orders above 1, interpolate the input's B-spline coefficients
  /// (spline_filter with `mode`) rather than the input itself.
  bool prefilter = true;
  /// Threads sharing the output's rows; 0: all cores. The result does not
  /// depend on it.
  unsigned threads = 0;
  /// Reports the work done (the prefilter's lines, then batches of output
  /// points) and stops when asked to (Cancelled).
  Progress *progress = nullptr;
  /// Write a float64 output whose rows are contiguous and aligned with
  /// non-temporal stores, which go around the cache (other outputs never
  /// are): faster when the arrays do not fit in it anyway, slower when the
  /// output is read again soon. Unset: when what the loop reads and the
  /// output together take half the last-level cache or more (sooner than
  /// FilterOptions::streaming: a rotated scan reads its input all over the
  /// cache). The results are the same.
  std::optional<bool> streaming;
};

/// scipy.ndimage.geometric_transform's mapping callback: the input
/// coordinates of an output point; returns 0 on failure.
using MappingFunction = int(std::intptr_t *output_coordinates, double *input_coordinates,
                            int output_rank, int input_rank, void *user_data);

/// scipy.ndimage.geometric_transform: every element of `output` (its shape
/// is the output shape) is the spline interpolation of `input` at the input
/// coordinates `mapping` gives for its index, stored as SciPy stores it
/// (rounded and clamped for integer outputs). `mapping` is a Transform
/// formula of as many variables as output has axes and as many results as
/// input has; its loop runs fused, a row of points per call. Input and
/// output may overlap (the input is then read from a copy). Throws
/// UsageError for ranks that differ, an order outside 0..5, more than 32
/// axes, or more than 2^20 spline taps per point.
void geometric_transform(const ArrayView &input, const ArrayView &output, const Callback &mapping,
                         std::span<const double> params, const InterpolationOptions &options = {});

/// The same with any C function of SciPy's signature, called once per
/// output element, from several threads at once unless options.threads is
/// 1 (SciPy calls it from one); Error ("unknown error in mapping
/// function", SciPy's RuntimeError) when it returns 0.
void geometric_transform(const ArrayView &input, const ArrayView &output, MappingFunction *mapping,
                         void *user_data, const InterpolationOptions &options = {});

/// scipy.ndimage.map_coordinates: output[j...] interpolates input at
/// (coordinates[0, j...], ..., coordinates[rank-1, j...]); coordinates has
/// one more axis than output, of input's rank, and any real dtype.
void map_coordinates(const ArrayView &input, const ArrayView &coordinates, const ArrayView &output,
                     const InterpolationOptions &options = {});

/// scipy.ndimage.spline_filter1d: the B-spline coefficients of order 2..5
/// along `axis` (negative counts from the end), with the boundary condition
/// of `mode`; orders 0 and 1 copy. `output` has input's shape (it may be
/// input itself).
void spline_filter1d(const ArrayView &input, const ArrayView &output, int order = 3,
                     std::ptrdiff_t axis = -1, InterpolationMode mode = InterpolationMode::Mirror,
                     unsigned threads = 0);

/// scipy.ndimage.spline_filter: spline_filter1d along every axis in turn,
/// the intermediate results in output's dtype.
void spline_filter(const ArrayView &input, const ArrayView &output, int order = 3,
                   InterpolationMode mode = InterpolationMode::Mirror, unsigned threads = 0);

} // namespace llcjit
