// Sums, means, variances and standard deviations (and their NaN-ignoring
// forms) over a 2-d footprint that is not a box (a disk, a cross, a ring),
// at a cost that grows with the footprint's columns, not its area. The
// footprint is cut into runs down its columns; moving an output element
// down one row, each run gains the input row below it and loses the one at
// its top. So a running pair sum per output column, stepping down a tile
// of rows, adds two terms per run: a disk of radius r costs about 2(2r + 1)
// pair additions per element where the fused loop adds its ~3r^2 cells.
// Lanes lie along the rows (eight output columns per AVX-512 vector), so
// nothing is transposed; every vector level gives the same bits.
#pragma once

#include "ndimage/pair_sums.hpp"
#include "ndimage/vectors.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <span>
#include <vector>

namespace llcjit::ndimage {

/// Cells [row, row + length) of the footprint's column `column`.
struct ColumnRun {
  std::ptrdiff_t column, row, length;
};

/// The runs of a 2-d footprint down its columns, column by column.
std::vector<ColumnRun> column_runs(const Footprint &footprint);

/// output = the moment over the 2-d `footprint` (origin validated) of
/// input, both float64, in `level`'s vectors (which the CPU must run); with
/// `ignore_nan`, of the non-NaN values as numpy.nansum, nanmean, nanvar and
/// nanstd compute them. The running sums are box_moment's: double-double,
/// with the error bound docs/filters.md derives. Cost per output: a dozen
/// flops per column run and sum, in vectors; memory: per thread, the
/// footprint's rows of pairs for a strip of 256 columns.
/// False, with output unspecified, where box_moment is (an infinity, NaN
/// unless ignored, or a value so large that a window's sum could overflow).
bool footprint_moment_2d(const ArrayView &input, const ArrayView &output,
                         const Footprint &footprint, std::span<const std::ptrdiff_t> origin,
                         Moment moment, bool ignore_nan, Mode mode, double cval,
                         parallel::Workers threads, VectorLevel level);

} // namespace llcjit::ndimage
