// Minimum and maximum filters whose cost per output does not grow with the
// window: van Herk/Gil-Werman running extremes, separable over the axes of
// a box, and over the runs of any other footprint. The results are those
// of the brute-force kernel bit for bit: NaN when the neighbourhood has
// one (NumPy's NaN), else the extreme, the first of equal ones in the
// footprint's C order (which tells -0 from +0); for nanmin and nanmax the
// extreme of the non-NaN values, NaN when there are none.
#pragma once

#include "ndimage/line_bundles.hpp"
#include "ndimage/picks.hpp"
#include "ndimage/vectors.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <span>

namespace llcjit::ndimage {

/// Whether the functions below run on the arrays' own elements: the same
/// type in and out, one that double holds exactly (not int64, uint64), and
/// a border that can hold cval. Otherwise they take float64 arrays: copies
/// for other types. Either way the results are the double kernel's bits.
/// Both functions take arrays of one dtype, float64 or one this accepts.
bool extreme_in_element_type(DType input, DType output, Mode mode, double cval);

/// output = the extreme over the box `windows` (one per axis) of input.
/// Cost: about three comparisons per element per axis, whatever the size;
/// a 2-d box runs along whole rows in `level`'s vectors (which the CPU must
/// run; box_extremes.hpp), with the same results at every level.
/// `stream`: write the output with non-temporal stores (row_strips.hpp's
/// streams() decides), in 2-d; elsewhere ignored. `channels`: 2-d arrays'
/// rows hold interleaved pixels of that many elements, over which the
/// box's columns run (box_extremes.hpp); UsageError in other ranks.
void box_extreme(const ArrayView &input, const ArrayView &output, std::span<const Window> windows,
                 Extreme extreme, Mode mode, double cval, parallel::Workers threads,
                 VectorLevel level = host_vector_level(), bool stream = false,
                 std::ptrdiff_t channels = 1);

/// The same over any footprint (origin already validated). Cost: about
/// four comparisons per element per run of the footprint along its last
/// axis, so it grows with the footprint's rows, not its area; a 2-d
/// footprint runs along whole rows in `level`'s vectors
/// (footprint_extremes.hpp), a few comparisons per run.
void footprint_extreme(const ArrayView &input, const ArrayView &output, const Footprint &footprint,
                       std::span<const std::ptrdiff_t> origin, Extreme extreme, Mode mode,
                       double cval, parallel::Workers threads,
                       VectorLevel level = host_vector_level(), bool stream = false);

} // namespace llcjit::ndimage
