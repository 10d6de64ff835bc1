// The minimum and maximum over a 2-d box, along whole rows in the input's
// own element type: no transposes, and vectors as wide as the CPU's (64
// uint8 lanes with AVX-512). Each input row's extremes along the row come
// from doubling (runs of 2, 4, 8 ... elements, then two overlapping runs
// of the largest power of two for the window's width: about log2(w) picks
// per element); down the columns a van Herk/Gil-Werman pass over those
// rows (three picks per element whatever the height). Short windows pick
// element by element instead. Picks are exact and
// keep the brute-force kernel's order (picks.hpp), so the results are its
// bits at every vector width, tiling and thread count.
#pragma once

#include "ndimage/line_bundles.hpp"
#include "ndimage/picks.hpp"
#include "ndimage/vectors.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <span>

namespace llcjit::ndimage {

/// Windows up to this long along an axis pick element by element (a run of
/// w - 1 picks in registers, one store); longer ones by doubling along the
/// rows and van Herk down the columns, whose passes each store a row.
inline constexpr std::ptrdiff_t kShortRun = 8;

/// output = the extreme over the 2-d box `windows` (rows, then columns) of
/// input, both arrays of element type T (cval held by T), in `level`'s
/// vectors (which the CPU must run); `stream`: with non-temporal stores.
/// With `channels` above 1 the arrays are rows of interleaved pixels of
/// that many elements (StripJob), and the box's columns are pixels.
template <Extreme kExtreme, typename T>
void box_extremes_2d(const ArrayView &input, const ArrayView &output,
                     std::span<const Window> windows, Mode mode, T cval, parallel::Workers threads,
                     VectorLevel level, bool stream, std::ptrdiff_t channels);

} // namespace llcjit::ndimage
