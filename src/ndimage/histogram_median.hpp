// Medians and percentiles over a 2-d box of 8-bit elements in constant
// time per output, whatever the box (Perreault and Hebert's median
// filter): each column of a tile keeps a histogram of its 256 values over
// the box's height, per value and per bucket of 16 values, updated by two
// counts each per row; the window's bucket counts slide along the row by
// adding the entering column's and subtracting the leaving one's (one
// vector of 16 lanes), and its counts per value, for the bucket the answer
// lies in only, catch up when it is asked for. Results are those of the
// brute-force kernel, bit for bit (NumPy's median and linear percentile of
// the same values).
#pragma once

#include "ndimage/line_bundles.hpp"
#include "ndimage/rank_sets.hpp"
#include "ndimage/vectors.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <span>

namespace llcjit::ndimage {

/// The most cells a box may have: the histograms count in 16 bits.
inline constexpr std::ptrdiff_t kMostHistogramCells = 65535;
/// The widest box: a tile keeps the counts of twice its columns and more
/// (544 bytes a column, 835 KiB at this width), and every output row
/// starts by summing w of them. Wider boxes take a histogram per window.
inline constexpr std::ptrdiff_t kMostHistogramColumns = 512;

/// The shortest box: below 3 rows the histogram per window, which updates
/// 2 counts per row per step, is faster (2048^2 uint8: a 2x40 median 82 ms
/// against 148, 3x31 121 against 115, 9x9 182 against 125).
inline constexpr std::ptrdiff_t kFewestHistogramRows = 3;

/// Whether box_order_bytes runs a 2-d box `windows` over an input of dtype
/// `input`: 8-bit elements (bool, int8, uint8) whose type holds cval, and
/// at least kFewestHistogramRows rows, at most kMostHistogramCells cells and
/// kMostHistogramColumns columns.
bool histogram_order_applies(DType input, std::span<const Window> windows, Mode mode, double cval);

/// output (of any dtype, SciPy's conversion) = the statistic (q for the
/// percentiles, in [0, 100]; the NaN-ignoring forms are the plain ones for
/// integers) over the 2-d box `windows` of input, which
/// histogram_order_applies accepts, in `level`'s vectors.
void box_order_bytes(const ArrayView &input, const ArrayView &output,
                     std::span<const Window> windows, OrderStatistic statistic, double q, Mode mode,
                     double cval, parallel::Workers threads, VectorLevel level);

} // namespace llcjit::ndimage
