// Sums and means over a 2-d box of float64 as exact sums of integers: each
// value is cut into two multiples of fixed powers of two (the grids), whose
// sums are exact in any order, and the bits below the finer grid are
// dropped. Exactness frees the order of the additions, so rows run as
// plain running sums down the columns and the rows are summed by prefix
// sums inside each vector: the input is read once, with no transposes.
#pragma once

#include "ndimage/line_bundles.hpp"
#include "ndimage/pair_sums.hpp"
#include "ndimage/vectors.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <span>

namespace llcjit::ndimage {

/// The sum or mean (Moment::Sum or Moment::Mean) of a 2-d float64 input
/// over a box, at `level`, which the CPU must run; false (nothing to rely
/// on in `output`) where a value or `cval` is NaN, infinite or too large
/// for the box sums (|x| >= 2^magnitude_exponent). Cost per output: about
/// 40 flops in vectors, whatever the window, and one reading of the input
/// (three, and the flops twice, when some value exceeds four times the
/// largest of every 16th row, which sets the grids: the true largest is
/// read and the sums run again); memory per thread: the window's rows.
/// The bits do not depend on `level` or the number of threads.
bool grid_box_sum_2d(const ArrayView &input, const ArrayView &output,
                     std::span<const Window> windows, Moment moment, Mode mode, double cval,
                     parallel::Workers threads, VectorLevel level);

} // namespace llcjit::ndimage
