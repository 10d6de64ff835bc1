// Copies an array into another of the same shape and any dtype, element by
// element, converting as scipy.ndimage does: for drivers whose algorithms
// run on doubles only, and for llcjit::convert.
#pragma once

#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <vector>

namespace llcjit::ndimage {

/// to[i] = from[i] for every index, read as double and stored in to's
/// dtype (numeric/scipy_cast.hpp). The arrays must not overlap.
void convert(const ArrayView &from, const ArrayView &to, parallel::Workers workers);

/// The same for `count` elements of dtype `from`, `in_step` bytes apart,
/// into elements of dtype `to`, `out_step` bytes apart: a line, as the
/// running filters store theirs.
void convert_line(DType from, DType to, const char *in, std::ptrdiff_t in_step, char *out,
                  std::ptrdiff_t out_step, std::ptrdiff_t count);

/// Whether under `mode` the border of an array of dtype `type` is one of
/// its elements: always, but under Mode::Constant only for a cval the type
/// holds bit for bit (not -0.0 in the integers, nor a NaN whose payload
/// float32 cuts), so that an algorithm may run on the elements themselves.
bool border_held(DType type, Mode mode, double cval);

/// Throws UsageError for a view whose dtype is not one of DType's values,
/// or whose elements would lie outside the address space (checked
/// arithmetic on its extents and strides).
void check_view(const ArrayView &array);

/// Whether the bytes the two views span intersect (views check_view
/// accepts).
bool overlap(const ArrayView &a, const ArrayView &b);

/// Whether every element of `array` lies at a multiple of its size, as
/// NumPy's `aligned` flag says: a streaming kernel's peeled start then
/// reaches a 64-byte boundary on every line.
bool is_aligned(const ArrayView &array);

/// What a driver reads while it writes `output`: `input` itself, or a
/// float64 copy of it in C order (kept in `copy`) when the two overlap and
/// a write could change what is still to be read. `line_by_line`: the
/// driver reads each line whole before writing it, so the very same view
/// (same data, strides and dtype) needs no copy.
ArrayView unaliased(const ArrayView &input, const ArrayView &output, bool line_by_line,
                    std::vector<double> &copy, parallel::Workers workers);

} // namespace llcjit::ndimage
