// The algorithm choice of generic_filter: a kernel made of whole
// reductions of its neighbourhood (kernel_form.hpp) runs through algorithms
// whose cost per output does not grow with the window, where they beat the
// fused brute-force loop; everything else runs that loop.
#pragma once

#include "ndimage/footprint_extremes.hpp"
#include "ndimage/line_bundles.hpp"
#include "ndimage/line_pairs.hpp"
#include "ndimage/slices.hpp"

#include <llcjit/callback.hpp>
#include <llcjit/kernel_form.hpp>
#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace llcjit::ndimage {

struct FastPlan {
  std::shared_ptr<const ReductionForm> form;
  bool box;                    // every cell of the footprint is in it
  std::vector<Window> windows; // per axis: the box, or the footprint's extent
  std::size_t cells;           // of the footprint
  std::size_t cost = 0;        // in the cost model's units (cost_model.hpp)
  std::size_t runs;            // along the last axis, over all its rows
  std::size_t column_runs = 0; // of a 2-d footprint, down its columns
  // A 2-d footprint that is not a box: its picks along rows.
  std::shared_ptr<const RowTerms> row_terms;
  // A single median or percentile of 8-bit elements: by histograms of
  // their values, not by ranks; over a 2-d box, column histograms where
  // histogram_order_applies.
  bool byte_histograms = false;
  bool column_histograms = false;
  // Sums and means of 8- and 16-bit integers: in 32-bit integers.
  bool integer_sums = false;
  // A footprint spanning two axes of a volume, or of one element along the
  // last of three: this plan runs on each 2-d slice where the slices pay
  // (slices.hpp), and `whole` (null: the fused loop) on the volume
  // elsewhere.
  std::shared_ptr<const Slicing> slicing;
  std::shared_ptr<const FastPlan> whole;
  // A 1-d array's plan as a 2-d one, for the array as an image of one row
  // (slices.hpp's Row).
  bool line_as_row = false;
  // A plan of slices across a colour image's channels that runs on them
  // at once where they interleave (slices.hpp's Interleaved): box extremes
  // in the input's own type, or integer sums and means (alone or in a
  // formula), whose strips take pixels of several elements.
  bool interleaves = false;
  // A plan of slices across channels that does not interleave, but costs
  // more than the fused loop where two or more channels interleave: there
  // the fused loop runs along rows of pixels (generic_filter.cpp), at about
  // its cost on a 2-d image, while each slice reads its channel elements
  // apart.
  bool fused_on_pixel_rows = false;
  // A formula of a float64 line's max and min (both NaN-ignoring or
  // neither): both from one pass where line_pair_applies (line_pairs.hpp),
  // the slots of the combiner's values they fill; elsewhere the two
  // extremes one after the other, or the fused loop where that costs less.
  std::optional<PairSlots> line_pair;
  bool fused_without_pair = false;
};

/// The plan for `kernel` over `footprint` (origin validated) from an array
/// of dtype `input` (into any dtype), or std::nullopt for the fused
/// brute-force loop.
std::optional<FastPlan> plan_fast_filter(const Callback &kernel, const Footprint &footprint,
                                         std::span<const std::ptrdiff_t> origin,
                                         const FilterOptions &options, DType input);

/// Whether the brute force had best run over `source` although a plan
/// exists: where the window is longer than twice the array along an axis
/// (plus 64), the algorithms' scratch grows with the window while most of
/// what it holds is the mode's reflections; when that scratch would pass
/// 64 MiB and the brute force visits at most 2^30 cells in all (with a
/// buffer of the window's size, as SciPy's), the latter runs.
bool brute_force_is_smaller(const Footprint &footprint, const ArrayView &source);

/// Runs `plan` (made for `footprint` and `origin`) from `source` into
/// `output`; false when this input needs the brute-force loop after all
/// (non-finite values for a running sum, a volume whose slices do not
/// pay and that has no plan of its own, a colour image whose fused loop
/// along rows of pixels costs less: FastPlan::fused_on_pixel_rows, or a
/// line's max and min that cannot run as a pair where the fused loop costs
/// less: FastPlan::fused_without_pair).
bool run_fast_filter(const FastPlan &plan, const Callback &kernel, std::span<const double> params,
                     const ArrayView &source, const ArrayView &output, const Footprint &footprint,
                     std::span<const std::ptrdiff_t> origin, const FilterOptions &options);

/// Whether `kernel` is made of whole reductions of its `cells` values, so
/// that its fused loop reads every cell (a formula such as `values[0] -
/// values[-1]` reads two).
bool reads_every_cell(const Callback &kernel, std::size_t cells);

/// The plan in words, for llcjit filter --explain.
std::string describe(const FastPlan &plan);

} // namespace llcjit::ndimage
