// Comparator networks that sort a fixed number of values: straight-line
// code with no branches, so a fused filter kernel can run one in every lane
// of a vector (median and percentile of a small footprint).
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace llcjit::codegen {

/// Batcher's odd-even merge sort for n values: after every comparator (i, j),
/// i < j, has put the smaller of its two values at i, positions 0..n-1 hold
/// the values in ascending order. Built for the next power of two with the
/// comparators that touch the (infinite) padding left out.
std::vector<std::pair<std::size_t, std::size_t>> sorting_network(std::size_t n);

} // namespace llcjit::codegen
