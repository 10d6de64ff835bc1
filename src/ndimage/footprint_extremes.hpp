// The minimum and maximum over a 2-d footprint that is not a box (a cross,
// a disk, a ring), along whole rows in the input's own element type, in
// vectors as wide as the CPU's. Each input row is read once, extended by
// the footprint's width and the mode, and doubled: level k holds the
// extreme of every run of 2^k elements. An output element then picks, in
// the footprint's C order, over a few terms per run of the footprint along
// its rows: a run of s cells is ceil(s / 2^k) runs of level k (the last
// overlapping the one before), read from a ring of the footprint's height
// in rows. So the cost grows with the footprint's rows, not its area, and
// short runs (a cross) pick element by element with no stores between.
// Picks are exact and keep the brute-force kernel's order (picks.hpp): the
// results are its bits at every vector width, strip and thread count.
#pragma once

#include "ndimage/line_bundles.hpp"
#include "ndimage/picks.hpp"
#include "ndimage/vectors.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/ndimage.hpp>

#include <memory>
#include <span>
#include <vector>

namespace llcjit::ndimage {

/// One term of an output element's pick: the run of 2^level elements of
/// level `level` that starts at column `column` of the footprint's row
/// `row` (both counted from the footprint's first).
struct RowTerm {
  std::ptrdiff_t row, level, column;
};

/// The terms of a 2-d footprint in its C order, and how many levels of
/// doubling they read (0: the input rows alone).
struct RowTerms {
  std::ptrdiff_t levels = 0;
  std::vector<RowTerm> terms;
};

/// The cost of `plan` per element, in terms: its terms, and each level of
/// doubling (which reads a row twice and stores it once) as two.
std::size_t row_terms_cost(const RowTerms &plan);

/// The terms of `footprint` that cost least (each thread keeps its last
/// answer: small images ask for the same footprint call after call).
std::shared_ptr<const RowTerms> row_terms(const Footprint &footprint);

/// output = the extreme over the 2-d `footprint` (origin validated) of
/// input, both arrays of element type T (cval held by T), in `level`'s
/// vectors (which the CPU must run); `stream`: with non-temporal stores.
template <Extreme kExtreme, typename T>
void footprint_extremes_2d(const ArrayView &input, const ArrayView &output,
                           const Footprint &footprint, std::span<const std::ptrdiff_t> origin,
                           Mode mode, T cval, parallel::Workers threads, VectorLevel level,
                           bool stream);

} // namespace llcjit::ndimage
