// Medians and percentiles (and their NaN-ignoring forms) of every window,
// whose cost per output grows with the footprint's runs, not its area. The
// values a tile of output lines can see (32 lines, 256 columns or four
// windows) are ranked once (an LSD radix sort); each window then slides
// along its line as a bitset of ranks, two updates per run per step, and a
// cursor walks to the k-th rank. A tile's few thousand ranks keep that walk
// short even where the answer jumps (noise) and the bitset in L1. Results
// are those of the brute-force kernel, bit for bit (NumPy's median and
// linear percentile of the same values).
#pragma once

#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <span>

namespace llcjit::ndimage {

enum class OrderStatistic { Median, Percentile, NanMedian, NanPercentile };

/// output = the statistic (q for the percentiles, in [0, 100]) over the
/// footprint (origin validated) of input.
void footprint_order(const ArrayView &input, const ArrayView &output, const Footprint &footprint,
                     std::span<const std::ptrdiff_t> origin, OrderStatistic statistic, double q,
                     Mode mode, double cval, parallel::Workers threads);

} // namespace llcjit::ndimage
