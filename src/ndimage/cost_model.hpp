// The cost model that picks a filter's algorithm: what each
// window-independent algorithm costs, in units of the fused brute-force
// loop's cost per footprint cell (cost_model.cpp says what was measured).
#pragma once

#include "ndimage/fast_filter.hpp"
#include "ndimage/reduction_algorithms.hpp"

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <optional>

namespace llcjit::ndimage {

/// A formula of several reductions runs them tile by tile and then
/// combines their results (combined_reductions.hpp): about 2 cells more
/// than the reductions alone (a moving range max - min of 2048^2 float64,
/// 5x5: 18.0-18.7 ms so against 19.2 fused; before lines ran as pairs,
/// below, 1x15 15.1-16.2 against 12.7-13.0 and 1x21 16.3-17.2 against
/// 19.9). Where the rows lie a multiple of 4 KiB
/// apart, the fused loop reads windows of 11 rows and more from skewed
/// rows (skewed_rows.hpp), whose copy the model leaves out: a 15x1 range of
/// 2048^2 takes 12.0-12.4 ms so (21.8 read in place; 9.3 fused 2000 wide).
/// Shorter windows stay in place, and pay a little for the shared sets.
inline constexpr std::size_t kCombineCost = 2;

/// A float64 line's max and min from one pass, combined as they come
/// (line_pairs.hpp), cost about as much as 11 cells of the fused loop
/// whatever the line's length: a moving range of 2048^2, one thread, the
/// two alternated in one process: along rows 5.3-6.2 ms as a pair from 10
/// to 13 values, where the fused loop took 4.5 over 10, 4.9 over 11 and
/// 7.2 over 12 and 13; down columns 6.7 and 6.8 as a pair over 11 and 13,
/// the fused loop 6.3 and 7.2.
inline constexpr std::size_t kLinePairCost = 11;

/// A plan run slice by slice across a colour image's interleaved channels
/// costs about twice as much per element as on a 2-d image, since each
/// slice reads its channel elements apart, while the fused loop runs along
/// the rows of pixels at its 2-d cost. A 1024^2x3 float64 image, one thread:
/// a 5x5 mean 11.4 ms by slices against 6.1 fused (a 2-d image of as many
/// elements: 4.6 by the exact grids), a 9x9 mean 11.3 against 24.6; a
/// 5x5 float64 moving range by slices 22.0 against 7.5 fused.
inline constexpr std::size_t kSlicesCostFactor = 2;

/// What a reduction costs through its window-independent algorithm, in the
/// cost model's units; std::nullopt where that algorithm cannot run it.
/// `element`: the type the reductions read (the input's, or float64).
std::optional<std::size_t> fast_cost(const Algorithm &algorithm, const FastPlan &plan,
                                     const FilterOptions &options, DType element);

} // namespace llcjit::ndimage
