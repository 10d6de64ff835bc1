// The definitions of fast_filter.hpp: which reductions run through which
// window-independent algorithm, and the element-wise combination of their
// results by the rest of the formula.
#include "ndimage/fast_filter.hpp"

#include "ndimage/box_extremes.hpp"
#include "ndimage/combined_reductions.hpp"
#include "ndimage/convert.hpp"
#include "ndimage/footprint_sums.hpp"
#include "ndimage/histogram_median.hpp"
#include "ndimage/integer_sums.hpp"
#include "ndimage/reduction_algorithms.hpp"
#include "ndimage/row_strips.hpp"
#include "ndimage/running_extreme.hpp"
#include "ndimage/running_rank.hpp"
#include "ndimage/running_sum.hpp"
#include "ndimage/window.hpp"
#include "parallel/parallel_for.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

namespace llcjit::ndimage {

namespace {

// The cost model that picks the algorithm, in units of the fused
// brute-force loop's cost per footprint cell (it reads every cell of every
// neighbourhood, eight at a time with AVX-512). Measured on 2048^2 float64
// images, one thread (docs/performance.md, "Window-independent filters"):
//  - a 2-d box's extremes along whole rows (box_extremes.hpp) about 9
//    cells in all in float64 (ahead of the fused loop from 4x4, behind at
//    3x3, where the fused loop streams its stores), and ahead at every box
//    in the narrower element types (a 3x3 uint8 minimum 0.46 ms against
//    0.67); in other ranks van Herk about 27 per axis the box spans; about 10
//    per run of another footprint along its last axis;
//  - another 2-d footprint's extremes along whole rows
//    (footprint_extremes.hpp) about one cell per term of its picks (and
//    two per level of doubling), plus a fixed cost by the element's size:
//    20 cells for 8 bytes (a float64 disk of radius 3, 29 cells: 11.1 ms
//    fused against 11.7 along rows; radius 4, 49 cells: 21.1 against
//    14.1), 12 for 4 (float32: a disk of radius 2 4.7 against 5.3, radius
//    3 6.8 against 6.2), 2 for 2 (uint16: a cross 1.25 against 1.44,
//    radius 3 4.9 against 3.5); 1-byte elements ahead at every footprint
//    (a uint8 cross 0.74 ms fused against 0.49);
//  - a 2-d box's sums and means on exact grids (grid_sums.hpp) about 20
//    cells in all (a 4x5 mean 7.2 ms fused against about 7, 5x5 9.6
//    against about 7), and the pair sums in vectors (box_sums.cpp) 30 for
//    a variance or a NaN-ignoring moment (whose fused loops cost twice a
//    mean's per cell, or more);
//  - in other ranks, a double-double running sum about 72 per axis a
//    box spans, and a variance (two of them, against the fused loop's two
//    pairwise sums) about 64;
//  - another 2-d footprint's sums down its column runs
//    (footprint_sums.hpp) about 19 cells and 4 per run for a sum or mean,
//    12 and 6 per run for a variance or a NaN-ignoring moment (a mean over
//    a disk of radius 4, 49 cells and 9 runs: 16.0 ms against 15.4 fused;
//    radius 5, 81 cells and 11 runs: 18.3 against 24.3; a variance at
//    radius 5: 35.9 against 42.9, at radius 4: 32.6 against 22.5).
// So a 3x3 float64 minimum stays brute force and 4x4 runs along whole rows
// (in uint8 every box and footprint does); a float64 disk of radius 3
// stays brute force and radius 4 does not; a 4x5 mean stays NumPy's pairwise sums and 5x5
// runs on the grids; a 6x6 variance and nanmean run as running sums; means and
// variances over disks run as running sums from radius 5.
constexpr std::size_t kImageExtremeCost = 9;
constexpr std::size_t kNarrowImageExtremeCost = 1;
constexpr std::size_t kRowTermsCost2Bytes = 2;
constexpr std::size_t kRowTermsCost4Bytes = 12;
constexpr std::size_t kRowTermsCost8Bytes = 20;
constexpr std::size_t kExtremeCostPerAxis = 27;
constexpr std::size_t kExtremeCostPerRun = 10;
constexpr std::size_t kImageSumCost = 20;
constexpr std::size_t kImageVarianceCost = 30;
constexpr std::size_t kSumCostPerAxis = 72;
constexpr std::size_t kVarianceCostPerAxis = 64;
constexpr std::size_t kFootprintSumCost = 19;
constexpr std::size_t kFootprintSumCostPerRun = 4;
constexpr std::size_t kFootprintVarianceCost = 12;
constexpr std::size_t kFootprintVarianceCostPerRun = 6;
// A formula of several reductions runs them tile by tile and then
// combines their results (combined_reductions.hpp): about 2 cells more
// than the reductions alone (a moving range max - min of 2048^2 float64,
// 5x5: 18.0-18.7 ms so against 19.2 fused; 1x15 15.1-16.2 against 12.7-13.0;
// 1x21 16.3-17.2 against 19.9). Where the rows lie a multiple of 4 KiB
// apart, the fused loop reads windows of 11 rows and more from skewed
// rows (skewed_rows.hpp), whose copy the model leaves out: a 15x1 range of
// 2048^2 takes 12.0-12.4 ms so (21.8 read in place; 9.3 fused 2000 wide).
// Shorter windows stay in place, and pay a little for the shared sets.
constexpr std::size_t kCombineCost = 2;
// A box's sum or mean of 8- and 16-bit integers (integer_sums.hpp)
// costs about 5 cells of the fused loop's (a 3x3 uint8 mean 10.3 ms fused
// against 5.6, which does not grow with the box).
constexpr std::size_t kIntegerSumCost = 5;
// Medians and percentiles sort up to 64 values with a network in the fused
// loop, which beats ranking; above that the fused loop selects per element
// and the running ranks win at once.
constexpr std::size_t kMaxNetworkCells = 64;

// What a reduction costs through its window-independent algorithm, in the
// cost model's units; std::nullopt where that algorithm cannot run it.
// `element`: the type the reductions read (the input's, or float64).
std::optional<std::size_t> fast_cost(const Algorithm &algorithm, const FastPlan &plan,
                                     const FilterOptions &options, DType element) {
  const std::size_t axes = plan.windows.size();
  // In other ranks than 2, one pass per axis the box spans.
  const auto passes = [&] { return box_passes(plan.windows).size(); };
  switch (algorithm.family) {
  case Family::Extreme:
    if (!plan.box && axes == 2) {
      const std::size_t bytes = item_size(element);
      if (bytes == 1)
        return 0;
      const std::size_t fixed = bytes == 2   ? kRowTermsCost2Bytes
                                : bytes == 4 ? kRowTermsCost4Bytes
                                             : kRowTermsCost8Bytes;
      return fixed + row_terms_cost(*plan.row_terms);
    }
    if (!plan.box)
      return kExtremeCostPerRun * plan.runs;
    if (axes == 2)
      return element == DType::Float64 ? kImageExtremeCost : kNarrowImageExtremeCost;
    return kExtremeCostPerAxis * passes();
  case Family::Moment: {
    // Sums stay NumPy's pairwise sums, bit for bit, unless the running sums
    // are cheaper and exactness was not asked for. Variances are two of
    // them (of the values and of their squares) against the fused loop's
    // two pairwise sums and the squares; the NaN-ignoring forms add a count
    // of the numbers, and cost about a variance's (their fused loops cost
    // more per cell too).
    // Sums and means of 8- and 16-bit integers are exact in 32-bit
    // integers, NumPy's bits at any size.
    if (plan.box && plain_moment(algorithm) &&
        integer_sums_apply(element, plan.windows, options.mode, options.cval))
      return kIntegerSumCost;
    if (options.exact || (!plan.box && axes != 2))
      return std::nullopt;
    const bool plain = plain_sum(algorithm.moment, algorithm.ignore_nan);
    if (!plan.box)
      return (plain ? kFootprintSumCost : kFootprintVarianceCost) +
             (plain ? kFootprintSumCostPerRun : kFootprintVarianceCostPerRun) * plan.column_runs;
    return axes == 2 ? (plain ? kImageSumCost : kImageVarianceCost)
                     : (plain ? kSumCostPerAxis : kVarianceCostPerAxis) * passes();
  }
  case Family::Order:
    return plan.cells > kMaxNetworkCells ? std::optional<std::size_t>(0) : std::nullopt;
  }
  return std::nullopt;
}

// The reduction form of `kernel` over `cells` values. Finding it parses
// and analyses the formula again, which cost a fifth of a 3x3 erosion of
// an 8x8 image; small images come call after call with the same kernel, so
// each thread keeps its last answer.
std::shared_ptr<const ReductionForm> reduction_form_of(const Callback &kernel, std::size_t cells) {
  struct Last {
    std::string source;
    Options options;
    std::size_t cells = 0;
    std::shared_ptr<const ReductionForm> form; // null: not made of reductions
  };
  thread_local std::optional<Last> last;
  if (last && last->cells == cells && last->source == kernel.source() &&
      last->options == kernel.options())
    return last->form;
  Options analysed = kernel.options();
  analysed.values_size = cells;
  std::optional<ReductionForm> form = reduction_form(kernel.source(), analysed);
  last = Last{std::string(kernel.source()), kernel.options(), cells,
              form ? std::make_shared<const ReductionForm>(std::move(*form)) : nullptr};
  return last->form;
}

bool run_reduction(const Algorithm &algorithm, double q, const FastPlan &plan,
                   const ArrayView &source, const ArrayView &output, const Footprint &footprint,
                   std::span<const std::ptrdiff_t> origin, const FilterOptions &options) {
  const parallel::Workers workers(options.threads, options.progress);
  switch (algorithm.family) {
  case Family::Extreme: {
    const bool stream = streams(source, output, options.streaming);
    if (plan.box)
      box_extreme(source, output, plan.windows, algorithm.extreme, options.mode, options.cval,
                  workers, host_vector_level(), stream);
    else
      footprint_extreme(source, output, footprint, origin, algorithm.extreme, options.mode,
                        options.cval, workers, host_vector_level(), stream);
    return true;
  }
  case Family::Moment:
    if (plan.box && plain_moment(algorithm) &&
        integer_sums_apply(source.dtype, plan.windows, options.mode, options.cval)) {
      box_integer_sums(source, output, plan.windows, algorithm.moment == Moment::Mean, options.mode,
                       options.cval, workers, host_vector_level());
      return true;
    }
    if (!plan.box)
      return footprint_moment_2d(source, output, footprint, origin, algorithm.moment,
                                 algorithm.ignore_nan, options.mode, options.cval, workers,
                                 host_vector_level());
    return box_moment(source, output, plan.windows, algorithm.moment, algorithm.ignore_nan,
                      options.mode, options.cval, workers);
  case Family::Order:
    if (plan.box && histogram_order_applies(source.dtype, plan.windows, options.mode, options.cval))
      box_order_bytes(source, output, plan.windows, algorithm.order, q, options.mode, options.cval,
                      workers, host_vector_level());
    else
      footprint_order(source, output, footprint, origin, algorithm.order, q, options.mode,
                      options.cval, workers);
    return true;
  }
  return false;
}

// The dtypes a formula's reductions read and write when they are combined
// tile by tile: the input's own both ways when all are extremes exact in
// it (the combiner widens them as it reads them); the input's into float64
// when all are sums or means of integers over a box; float64 both ways
// otherwise, each tile widened first.
TileTypes tile_types(const ReductionForm &form, bool box, std::span<const Window> windows,
                     DType input, const FilterOptions &options) {
  const auto all = [&form](auto is) { return std::ranges::all_of(form.reductions, is); };
  if (all([](Reduction r) { return algorithm_for(r).family == Family::Extreme; }) &&
      extreme_in_element_type(input, input, options.mode, options.cval))
    return {input, input};
  if (box && all([](Reduction r) { return plain_moment(algorithm_for(r)); }) &&
      integer_sums_apply(input, windows, options.mode, options.cval))
    return {input, DType::Float64};
  return {DType::Float64, DType::Float64};
}

// A formula of several reductions, tile by tile (combined_reductions.hpp).
bool run_combined(const FastPlan &plan, const Callback &kernel, std::span<const double> params,
                  const ArrayView &source, const ArrayView &output, const Footprint &footprint,
                  std::span<const std::ptrdiff_t> origin, const FilterOptions &options) {
  // A tile's results are read back at once; the tiles say its threads.
  FilterOptions tile_options = options;
  tile_options.progress = nullptr;
  tile_options.streaming = false;
  const ReductionForm &form = *plan.form;
  const TileTypes types = tile_types(form, plan.box, plan.windows, source.dtype, options);
  return combine_by_tiles(
      source, output, plan.windows, options.mode, form.reductions.size(),
      tile_elements(form.reductions.size(), source.shape.size()), form.combiner, kernel.options(),
      params, types, parallel::Workers(options.threads, options.progress),
      [&](std::size_t k, const ArrayView &part, const ArrayView &results, unsigned threads) {
        FilterOptions reduce_options = tile_options; // tiles run in parallel
        reduce_options.threads = threads;
        return run_reduction(algorithm_for(form.reductions[k]), form.q[k], plan, part, results,
                             footprint, origin, reduce_options);
      });
}

// A line runs as an image of one row (slices.hpp's Row) for windows up to
// this long: the 2-d algorithms' strips read the window's reach again for
// each strip, so their cost grows with the window, while the per-axis
// passes' does not (2^20 float64, one thread: a minimum over 101 elements
// 1.7 ms as a row against 2.5 along the line, over 1001 2.5 against 2.5,
// over 10,001 6.4; a mean over 2047 4.1 ms against 7.1, over 100,001 111).
constexpr std::ptrdiff_t kRowWindow = 2048;

// Whether a line's plan as a row (`row`) beats the line's own, for a
// window of `size`: not for variances and NaN-ignoring moments, whose
// pair sums would fill one lane of eight on a single row, nor for longer
// windows than kRowWindow.
bool row_pays(const FastPlan &row, std::ptrdiff_t size) {
  return size <= kRowWindow && std::ranges::none_of(row.form->reductions, [](Reduction r) {
           const Algorithm algorithm = algorithm_for(r);
           return algorithm.family == Family::Moment &&
                  !plain_sum(algorithm.moment, algorithm.ignore_nan);
         });
}

// The plan over the whole array, as it is.
std::optional<FastPlan> plan_whole(const Callback &kernel, const Footprint &footprint,
                                   std::span<const std::ptrdiff_t> origin,
                                   const FilterOptions &options, DType input) {
  FastPlan plan;
  plan.cells = static_cast<std::size_t>(
      std::count_if(footprint.mask.begin(), footprint.mask.end(), [](auto on) { return on; }));
  plan.box = plan.cells == footprint.mask.size();
  for (std::size_t axis = 0; axis < footprint.shape.size(); ++axis)
    plan.windows.push_back(centred_window(footprint.shape[axis], origin[axis]));
  const std::ptrdiff_t width = footprint.shape.back();
  plan.runs = 0;
  for (std::size_t row = 0; row < footprint.mask.size(); row += width)
    for (std::ptrdiff_t c = 0; c < width; ++c)
      if (footprint.mask[row + c] && (c == 0 || !footprint.mask[row + c - 1]))
        ++plan.runs;
  std::shared_ptr<const ReductionForm> form = reduction_form_of(kernel, plan.cells);
  if (!form || form->reductions.empty())
    return std::nullopt;
  if (footprint.shape.size() == 2 && !plan.box) {
    plan.row_terms = row_terms(footprint);
    plan.column_runs = column_runs(footprint).size();
  }
  const DType element = tile_types(*form, plan.box, plan.windows, input, options).reads;
  // The fused loop computes all the reductions in one reading of each
  // neighbourhood; the algorithms run one after another.
  std::size_t cost = form->reductions.size() > 1 ? kCombineCost : 0;
  for (Reduction reduction : form->reductions) {
    const auto one = fast_cost(algorithm_for(reduction), plan, options, element);
    if (!one)
      return std::nullopt;
    cost += *one;
  }
  if (cost >= plan.cells)
    return std::nullopt;
  plan.integer_sums =
      std::ranges::all_of(form->reductions,
                          [](Reduction r) { return plain_moment(algorithm_for(r)); }) &&
      plan.box && integer_sums_apply(element, plan.windows, options.mode, options.cval);
  plan.byte_histograms =
      form->single && algorithm_for(form->reductions[0]).family == Family::Order &&
      input != DType::Float64 && order_in_element_type(input, options.mode, options.cval);
  plan.column_histograms = plan.byte_histograms && plan.box &&
                           histogram_order_applies(input, plan.windows, options.mode, options.cval);
  plan.form = std::move(form);
  return plan;
}

} // namespace

std::optional<FastPlan> plan_fast_filter(const Callback &kernel, const Footprint &footprint,
                                         std::span<const std::ptrdiff_t> origin,
                                         const FilterOptions &options, DType input) {
  // A 0-d footprint (of a 0-d array) has one cell: nothing to speed up.
  if (!options.fuse || footprint.shape.empty())
    return std::nullopt;
  std::optional<FastPlan> whole = plan_whole(kernel, footprint, origin, options, input);
  // A line's 8- and 16-bit sums and means run along it in stretches in
  // parallel (integer_sums.hpp); the rest as an image of one row where
  // that pays.
  if (footprint.shape.size() == 1 && !(whole && whole->integer_sums)) {
    const Row row = row_of(footprint, origin);
    std::optional<FastPlan> plan = plan_whole(kernel, row.footprint, row.origin, options, input);
    if (!plan || !row_pays(*plan, footprint.shape[0]))
      return whole;
    plan->line_as_row = true;
    return plan;
  }
  std::optional<Slicing> slicing = slicing_of(footprint, origin);
  if (!slicing)
    return whole;
  std::optional<FastPlan> plan =
      plan_whole(kernel, slicing->footprint, slicing->origin, options, input);
  if (!plan)
    return whole;
  plan->slicing = std::make_shared<const Slicing>(std::move(*slicing));
  if (whole)
    plan->whole = std::make_shared<const FastPlan>(std::move(*whole));
  return plan;
}

bool run_fast_filter(const FastPlan &plan, const Callback &kernel, std::span<const double> params,
                     const ArrayView &source, const ArrayView &output, const Footprint &footprint,
                     std::span<const std::ptrdiff_t> origin, const FilterOptions &options) {
  if (plan.line_as_row) {
    FastPlan row_plan = plan;
    row_plan.line_as_row = false;
    const Row row = row_of(footprint, origin);
    return run_fast_filter(row_plan, kernel, params, as_row(source), as_row(output), row.footprint,
                           row.origin, options);
  }
  if (plan.slicing) {
    if (!slices_pay(*plan.slicing, source))
      return plan.whole && run_fast_filter(*plan.whole, kernel, params, source, output, footprint,
                                           origin, options);
    FastPlan slice_plan = plan;
    slice_plan.slicing = nullptr;
    const Slicing &slicing = *plan.slicing;
    return for_each_slice(slicing, source, output, options.threads,
                          [&](const ArrayView &from, const ArrayView &to, unsigned threads) {
                            FilterOptions slice_options = options; // slices run in parallel
                            slice_options.threads = threads;
                            return run_fast_filter(slice_plan, kernel, params, from, to,
                                                   slicing.footprint, slicing.origin,
                                                   slice_options);
                          });
  }
  const Algorithm single = algorithm_for(plan.form->reductions[0]);
  const bool in_element_type =
      plan.form->single &&
      ((single.family == Family::Extreme &&
        extreme_in_element_type(source.dtype, output.dtype, options.mode, options.cval)) ||
       (single.family == Family::Order &&
        order_in_element_type(source.dtype, options.mode, options.cval)));
  // The running sums and ranks read and write doubles, and so do extremes
  // in other cases. Other dtypes run tile by tile, as formulas of several
  // reductions do, each tile's source widened to float64 and the combiner
  // storing in the output's dtype, so that memory grows with a tile and
  // not with the array (a float64 copy of a 2 GiB uint8 image and one of
  // its results took 34 GiB). A sum or mean of integers over a box
  // into float64, or a mean into their own dtype (which holds it), needs
  // no combiner at all.
  const bool integer_sums =
      plan.form->single && plan.box && plain_moment(single) &&
      integer_sums_apply(source.dtype, plan.windows, options.mode, options.cval) &&
      (output.dtype == DType::Float64 ||
       (single.moment == Moment::Mean && output.dtype == source.dtype));
  // Running sums over a volume keep up to five arrays of its size between
  // their passes (+2 GiB for a 9x9x9 mean of 512^3 float64); in tiles,
  // of a tile's size.
  const bool doubles = source.dtype == DType::Float64 && output.dtype == DType::Float64 &&
                       !(single.family == Family::Moment && source.shape.size() > 2);
  if (plan.form->single && (in_element_type || integer_sums || doubles))
    return run_reduction(algorithm_for(plan.form->reductions[0]), plan.form->q[0], plan, source,
                         output, footprint, origin, options);
  return run_combined(plan, kernel, params, source, output, footprint, origin, options);
}

bool reads_every_cell(const Callback &kernel, std::size_t cells) {
  const std::shared_ptr<const ReductionForm> form = reduction_form_of(kernel, cells);
  return form && !form->reductions.empty();
}

} // namespace llcjit::ndimage
