// The maximum and the minimum of a window along one axis of a 2-d float64
// array from one van Herk/Gil-Werman pass that keeps both, handed to the
// formula that combines them (a moving range, `max(values) -
// min(values)`) while they are still in the cache. Run as two extremes,
// each through its own passes and their results through the tiles of
// combined_reductions.hpp, a moving range of 31 values along the rows of
// 2048^2 took 13 ms, seven times the copy of the image, most of it picking
// along each row by doubling; as a pair 5.5.
//
// Along rows, eight rows at a time are transposed into the lanes of a
// sequence of vectors, so that the pass runs along the row as van Herk
// runs down columns; down columns, the vectors are the rows' own.
// Results are the brute-force kernel's bits: picks keep its NaN and tie
// rules (picks.hpp), at every vector level.
#pragma once

#include "ndimage/combined_reductions.hpp"
#include "ndimage/vectors.hpp"
#include "ndimage/window.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <span>
#include <string_view>

namespace llcjit::ndimage {

/// Where the combiner finds the pair among its values.
struct PairSlots {
  std::size_t max, min;
};

/// Windows along rows longer than this run as two extremes: the pass
/// keeps a window's worth of vectors for each lane.
inline constexpr std::ptrdiff_t kLongestPairWindow = 4096;

/// Whether a 2-d box of `windows` is a line that line_pair takes: one
/// element along one axis, 2 to kLongestPairWindow along the rows or 2 to
/// 128 down the columns.
bool line_pair_windows(std::span<const Window> windows);

/// Whether line_pair runs a line of `windows` (line_pair_windows) over
/// `source`: a 2-d float64 array with contiguous rows, at least eight of
/// them along rows, at least eight columns down columns.
bool line_pair_applies(const ArrayView &source, std::span<const Window> windows);

/// The formula `combiner` of a pair's values (values[0] and values[1],
/// the slots) compiled as line_pair hands it the pairs over `source` and
/// stores into `output`: along rows into a buffer lane by lane, an output's
/// eight rows together, transposed from there into the output; down
/// columns into the output's rows.
Combiner compile_pair_combiner(std::string_view combiner, const Options &kernel_options,
                               const ArrayView &source, const ArrayView &output,
                               std::span<const Window> windows);

/// output = combiner(the window's max, its min) where line_pair_applies,
/// the combiner from compile_pair_combiner; `ignore_nan`: nanmax and
/// nanmin, else max and min. Cost: about three picks per element per
/// extreme along rows, four down columns, and one reading of the input;
/// the combiner over a few KiB at a time, in the cache. `stream`: the
/// output's stores go around the cache where its layout allows, from each
/// line's first 64-byte boundary (down columns where the combiner has its
/// streaming entry; along rows for 8-byte items in rows a multiple of 64
/// bytes apart, LaneOutput).
void line_pair(const ArrayView &source, const ArrayView &output, std::span<const Window> windows,
               bool ignore_nan, PairSlots slots, Mode mode, double cval, const Combiner &combiner,
               bool stream, const double *params, parallel::Workers workers,
               VectorLevel level = host_vector_level());

} // namespace llcjit::ndimage
