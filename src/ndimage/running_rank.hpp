// Medians and percentiles (and their NaN-ignoring forms) of every window,
// whose cost per output grows with the footprint's runs, not its area. The
// values a tile of output lines can see (32 lines, 256 columns or four
// windows) are ranked once (an LSD radix sort); each window then slides
// along its line as a bitset of ranks, two updates per run per step, and a
// cursor walks to the k-th rank (rank_sets.hpp). A tile's few thousand
// ranks keep that walk short even where the answer jumps (noise) and the
// bitset in L1. 8-bit elements need no ranks: their window is a histogram
// of their 256 values, read in place. Results are those of the brute-force
// kernel, bit for bit (NumPy's median and linear percentile of the same
// values).
#pragma once

#include "ndimage/rank_sets.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <span>

namespace llcjit::ndimage {

/// Whether footprint_order reads `input` in place, without a float64 copy:
/// float64, and the 8-bit types where the border holds cval itself.
bool order_in_element_type(DType input, Mode mode, double cval);

/// output (of any dtype, SciPy's conversion) = the statistic (q for the
/// percentiles, in [0, 100]) over the footprint (origin validated) of
/// input, whose dtype order_in_element_type accepts.
void footprint_order(const ArrayView &input, const ArrayView &output, const Footprint &footprint,
                     std::span<const std::ptrdiff_t> origin, OrderStatistic statistic, double q,
                     Mode mode, double cval, parallel::Workers threads);

} // namespace llcjit::ndimage
