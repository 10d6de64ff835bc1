// The definitions of fast_filter.hpp: which reductions run through which
// window-independent algorithm, and the element-wise combination of their
// results by the rest of the formula.
#include "ndimage/fast_filter.hpp"

#include "ndimage/box_extremes.hpp"
#include "ndimage/combined_reductions.hpp"
#include "ndimage/convert.hpp"
#include "ndimage/cost_model.hpp"
#include "ndimage/footprint_sums.hpp"
#include "ndimage/histogram_median.hpp"
#include "ndimage/integer_sums.hpp"
#include "ndimage/kernel_memo.hpp"
#include "ndimage/reduction_algorithms.hpp"
#include "ndimage/row_strips.hpp"
#include "ndimage/running_extreme.hpp"
#include "ndimage/running_rank.hpp"
#include "ndimage/running_sum.hpp"
#include "ndimage/window.hpp"
#include "parallel/parallel_for.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace llcjit::ndimage {

namespace {

// The reduction form of `kernel` over `cells` values; null where the
// formula is not made of reductions.
std::shared_ptr<const ReductionForm> reduction_form_of(const Callback &kernel, std::size_t cells) {
  return per_thread_memo(kernel, cells, [&]() -> std::shared_ptr<const ReductionForm> {
    Options analysed = kernel.options();
    analysed.values_size = cells;
    std::optional<ReductionForm> form = reduction_form(kernel.source(), analysed);
    return form ? std::make_shared<const ReductionForm>(std::move(*form)) : nullptr;
  });
}

// Runs one reduction. `channels`: the arrays are rows of interleaved
// pixels (slices.hpp's Interleaved), which only the box extremes and the
// integer sums take (can_interleave).
bool run_reduction(const Algorithm &algorithm, double q, const FastPlan &plan,
                   const ArrayView &source, const ArrayView &output, const Footprint &footprint,
                   std::span<const std::ptrdiff_t> origin, const FilterOptions &options,
                   std::ptrdiff_t channels = 1) {
  const parallel::Workers workers(options.threads, options.progress);
  switch (algorithm.family) {
  case Family::Extreme: {
    const bool stream = streams(source, output, options.streaming);
    if (plan.box)
      box_extreme(source, output, plan.windows, algorithm.extreme, options.mode, options.cval,
                  workers, host_vector_level(), stream, channels);
    else
      footprint_extreme(source, output, footprint, origin, algorithm.extreme, options.mode,
                        options.cval, workers, host_vector_level(), stream);
    return true;
  }
  case Family::Moment:
    if (plan.box && plain_moment(algorithm) &&
        integer_sums_apply(source.dtype, plan.windows, options.mode, options.cval)) {
      box_integer_sums(source, output, plan.windows, algorithm.moment == Moment::Mean, options.mode,
                       options.cval, workers, host_vector_level(), channels);
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

// Whether a plan of one reduction runs on these arrays by itself
// (run_reduction), not tile by tile (run_combined).
bool runs_alone(const FastPlan &plan, const ArrayView &source, const ArrayView &output,
                const FilterOptions &options) {
  if (!plan.form->single)
    return false;
  const Algorithm single = algorithm_for(plan.form->reductions[0]);
  const bool in_element_type =
      (single.family == Family::Extreme &&
       extreme_in_element_type(source.dtype, output.dtype, options.mode, options.cval)) ||
      (single.family == Family::Order &&
       order_in_element_type(source.dtype, options.mode, options.cval));
  // The running sums and ranks read and write doubles, and so do extremes
  // in other cases. Other dtypes run tile by tile, as formulas of several
  // reductions do, each tile's source widened to float64 and the combiner
  // storing in the output's dtype, so that memory grows with a tile and
  // not with the array (a float64 copy of a 2 GiB uint8 image and one of
  // its results took 34 GiB). A sum or mean of integers over a box
  // into float64, or a mean into their own dtype (which holds it), needs
  // no combiner at all.
  const bool integer_sums =
      plan.box && plain_moment(single) &&
      integer_sums_apply(source.dtype, plan.windows, options.mode, options.cval) &&
      (output.dtype == DType::Float64 ||
       (single.moment == Moment::Mean && output.dtype == source.dtype));
  // Running sums over a volume keep up to five arrays of its size between
  // their passes (+2 GiB for a 9x9x9 mean of 512^3 float64); in tiles,
  // of a tile's size.
  const bool doubles = source.dtype == DType::Float64 && output.dtype == DType::Float64 &&
                       !(single.family == Family::Moment && source.shape.size() > 2);
  return in_element_type || integer_sums || doubles;
}

// Whether a 2-d plan of slices across channels (FastPlan::interleaves)
// can run on them at once from an array of dtype `input`: box extremes
// held in its type, or integer sums, whose strips take pixels.
bool can_interleave(const FastPlan &plan, DType input, const FilterOptions &options) {
  const bool extremes = std::ranges::all_of(plan.form->reductions, [](Reduction r) {
    return algorithm_for(r).family == Family::Extreme;
  });
  return plan.box &&
         ((extremes && extreme_in_element_type(input, input, options.mode, options.cval)) ||
          plan.integer_sums);
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

// A formula of several reductions, tile by tile (combined_reductions.hpp);
// `channels` as run_reduction's.
bool run_combined(const FastPlan &plan, const Callback &kernel, std::span<const double> params,
                  const ArrayView &source, const ArrayView &output, const Footprint &footprint,
                  std::span<const std::ptrdiff_t> origin, const FilterOptions &options,
                  std::ptrdiff_t channels = 1) {
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
                             footprint, origin, reduce_options, channels);
      },
      channels);
}

// The slots of a formula of max and min, both NaN-ignoring or neither,
// among its values.
std::optional<PairSlots> extremes_pair(const ReductionForm &form) {
  const std::vector<Reduction> &r = form.reductions;
  if (r.size() != 2)
    return std::nullopt;
  for (const auto &[high, low] :
       {std::pair{Reduction::Max, Reduction::Min}, {Reduction::NanMax, Reduction::NanMin}}) {
    if (r[0] == high && r[1] == low)
      return PairSlots{0, 1};
    if (r[0] == low && r[1] == high)
      return PairSlots{1, 0};
  }
  return std::nullopt;
}

// A formula of a line's max and min in one pass (FastPlan::line_pair).
void run_line_pair(const FastPlan &plan, PairSlots slots, const Callback &kernel,
                   std::span<const double> params, const ArrayView &source, const ArrayView &output,
                   const FilterOptions &options) {
  const ReductionForm &form = *plan.form;
  const Combiner combiner =
      compile_pair_combiner(form.combiner, kernel.options(), source, output, plan.windows);
  const bool ignore_nan =
      form.reductions[0] == Reduction::NanMax || form.reductions[0] == Reduction::NanMin;
  // Unless the options say, as the fused loop's: narrower outputs were
  // slower streamed (generic_filter.cpp).
  const bool stream = options.streaming.value_or(item_size(output.dtype) >= sizeof(double) &&
                                                 streams(source, output, std::nullopt));
  line_pair(source, output, plan.windows, ignore_nan, slots, options.mode, options.cval, combiner,
            stream, params.data(), parallel::Workers(options.threads, options.progress));
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
// std::nullopt unless the plan costs less than the fused loop on an array
// of that footprint's rank. `pairs`: whether a line's max and min may run
// as a pair (not on the channels of a colour image, whose rows of one
// channel are not contiguous, nor along a 1-d array's one row).
std::optional<FastPlan> plan_whole(const Callback &kernel, const Footprint &footprint,
                                   std::span<const std::ptrdiff_t> origin,
                                   const FilterOptions &options, DType input, bool pairs = true) {
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
  plan.cost = form->reductions.size() > 1 ? kCombineCost : 0;
  for (Reduction reduction : form->reductions) {
    const auto one = fast_cost(algorithm_for(reduction), plan, options, element);
    if (!one)
      return std::nullopt;
    plan.cost += *one;
  }
  if (pairs && input == DType::Float64 && plan.box && line_pair_windows(plan.windows)) {
    plan.line_pair = extremes_pair(*form);
    if (plan.line_pair) {
      plan.fused_without_pair = plan.cost >= plan.cells;
      plan.cost = kLinePairCost;
    }
  }
  if (plan.cost >= plan.cells)
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

bool brute_force_is_smaller(const Footprint &footprint, const ArrayView &source) {
  // The scratch the window-independent algorithms keep grows with the
  // window: two ring rows of a page or more per window row down the
  // columns, the extended row at its doubling levels per element along a
  // row (50,000 rows: 570 MB; 4,000,000 along a row of 9: 670 MB).
  constexpr std::size_t kBytesPerWindowRow = std::size_t{9} << 10;
  constexpr std::size_t kBytesPerRowElement = 256;
  constexpr std::size_t kLargeScratch = std::size_t{64} << 20;
  constexpr std::size_t kFewVisits = std::size_t{1} << 30;
  const std::size_t rank = std::min(footprint.shape.size(), source.shape.size());
  bool outgrows = false;
  std::size_t scratch = 0; // (extents hold in memory: far from overflowing)
  for (std::size_t axis = 1; axis <= rank; ++axis) {
    const std::ptrdiff_t extent = footprint.shape[footprint.shape.size() - axis];
    outgrows = outgrows || extent > 2 * source.shape[source.shape.size() - axis] + 64;
    scratch +=
        static_cast<std::size_t>(extent) * (axis == 1 ? kBytesPerRowElement : kBytesPerWindowRow);
  }
  // (Each factor below 2^30, their product stays far inside size_t.)
  const std::size_t cells = footprint.mask.size(), elements = source.size();
  return outgrows && scratch >= kLargeScratch && cells < kFewVisits && elements < kFewVisits &&
         cells * elements <= kFewVisits;
}

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
    // One row would fill one lane of a pair's eight (line_pairs.hpp).
    std::optional<FastPlan> plan =
        plan_whole(kernel, row.footprint, row.origin, options, input, /*pairs=*/false);
    if (!plan || !row_pays(*plan, footprint.shape[0]))
      return whole;
    plan->line_as_row = true;
    return plan;
  }
  // A line along either of a colour image's first two axes slices as its
  // boxes do: per-axis passes over the volume read its lines across the
  // channels (a 1x31x1 minimum of 1024^2x3 uint8 took 11 ms, 25 times a
  // 2-d image's).
  std::optional<Slicing> slicing = slicing_of(footprint, origin);
  if (!slicing)
    slicing = pixel_slicing(footprint, origin);
  if (!slicing)
    return whole;
  const bool channels = across_channels(*slicing);
  std::optional<FastPlan> plan =
      plan_whole(kernel, slicing->footprint, slicing->origin, options, input, !channels);
  if (!plan)
    return whole;
  plan->interleaves = channels && can_interleave(*plan, input, options);
  plan->fused_on_pixel_rows =
      channels && !plan->interleaves && kSlicesCostFactor * plan->cost >= plan->cells;
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
    // A 2048^2x3 uint8 minimum over 9x9 took 15.3 ms channel by channel,
    // 2.4 at once; a 1024^2x3 uint8 moving range over 3x3 6.5 and 1.8.
    const std::optional<Interleaved> image =
        interleaved_of(*plan.slicing, source, output, PTRDIFF_MAX);
    if (image && image->channels <= kMaxSliceSpacing && plan.interleaves) {
      const Footprint &pixels = plan.slicing->footprint;
      const std::vector<std::ptrdiff_t> &pixel_origin = plan.slicing->origin;
      if (runs_alone(plan, image->input, image->output, options))
        return run_reduction(algorithm_for(plan.form->reductions[0]), plan.form->q[0], plan,
                             image->input, image->output, pixels, pixel_origin, options,
                             image->channels);
      return run_combined(plan, kernel, params, image->input, image->output, pixels, pixel_origin,
                          options, image->channels);
    }
    if (image && image->channels > 1 && plan.fused_on_pixel_rows)
      return false;
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
  if (const std::optional<PairSlots> slots = plan.line_pair) {
    if (line_pair_applies(source, plan.windows)) {
      run_line_pair(plan, *slots, kernel, params, source, output, options);
      return true;
    }
    if (plan.fused_without_pair)
      return false;
  }
  if (runs_alone(plan, source, output, options))
    return run_reduction(algorithm_for(plan.form->reductions[0]), plan.form->q[0], plan, source,
                         output, footprint, origin, options);
  return run_combined(plan, kernel, params, source, output, footprint, origin, options);
}

bool reads_every_cell(const Callback &kernel, std::size_t cells) {
  const std::shared_ptr<const ReductionForm> form = reduction_form_of(kernel, cells);
  return form && !form->reductions.empty();
}

} // namespace llcjit::ndimage
