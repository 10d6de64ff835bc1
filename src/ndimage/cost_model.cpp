// The definitions of cost_model.hpp, and the measurements behind them.
#include "ndimage/cost_model.hpp"

#include "ndimage/footprint_extremes.hpp"
#include "ndimage/integer_sums.hpp"
#include "ndimage/window.hpp"

#include <optional>

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
//    two per level of doubling) plus 8 cells for 8-byte elements (float64:
//    a cross 1.73 ms fused against 2.81 along rows, a disk of radius 2
//    4.24 against 5.04, radius 3, 29 cells, 10.0 against 7.5); three
//    quarters of a cell per term and nothing fixed for 2- and 4-byte ones
//    (uint16: a cross 0.69 against 0.44, an X of 5 cells 0.70 against
//    0.50, a disk of radius 2 1.46 against 1.03; float32: 1.62 against
//    1.22, 1.51 against 1.46, 2.77 against 2.52); 1-byte elements ahead at
//    every footprint (a uint8 cross 0.74 ms fused against 0.49). Two builds
//    alternated in one process by `llcjit-ab-libraries cross-T`,
//    `saltire-T` and `diskR-T`, 2026-12-07;
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
// (in uint8 every box and footprint does); a float64 disk of radius 2
// stays brute force and radius 3 does not, while a cross of narrower
// elements runs along rows; a 4x5 mean stays NumPy's pairwise sums and 5x5
// runs on the grids; a 6x6 variance and nanmean run as running sums; means and
// variances over disks run as running sums from radius 5.
constexpr std::size_t kImageExtremeCost = 9;
constexpr std::size_t kNarrowImageExtremeCost = 1;
constexpr std::size_t kRowTermsCost8Bytes = 8;
constexpr std::size_t kNarrowRowTermQuarters = 3;
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
// A box's sum or mean of 8- and 16-bit integers (integer_sums.hpp)
// costs about 5 cells of the fused loop's (a 3x3 uint8 mean 10.3 ms fused
// against 5.6, which does not grow with the box).
constexpr std::size_t kIntegerSumCost = 5;
// Medians and percentiles sort up to 64 values with a network in the fused
// loop, which beats ranking; above that the fused loop selects per element
// and the running ranks win at once.
constexpr std::size_t kMaxNetworkCells = 64;

} // namespace

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
      const std::size_t terms = row_terms_cost(*plan.row_terms);
      if (bytes < 8)
        return (terms * kNarrowRowTermQuarters + 3) / 4;
      return kRowTermsCost8Bytes + terms;
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

} // namespace llcjit::ndimage
