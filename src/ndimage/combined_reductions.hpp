// A formula of several reductions (`max(values) - min(values)`, a mean and
// a standard deviation) runs each reduction through its own algorithm and
// then combines their results element by element. It does so tile by tile
// (blocks of the array), so that the combination reads a tile's
// results back from the cache: run over the whole image at once, they went
// out to memory and back, and their fresh pages cost the kernel's zeroing
// (12 of the 27 ms of a 31x1 moving range of 2048^2 float64, whose one min
// takes 7.6).
// A single reduction of other dtypes runs this way too, its tiles widened
// to float64 one at a time instead of the whole image. Extremes, which are
// exact in the element type, skip the widening: their results stay in the
// source's type, whose vectors hold 8 uint8 values for each double (a 15x15
// moving range of 2048^2 uint8 took 22 ms through doubles, one erosion 0.9).
#pragma once

#include "ndimage/line_bundles.hpp"
#include "parallel/parallel_for.hpp"

#include <llcjit/callback.hpp>
#include <llcjit/ndimage.hpp>
#include <llcjit/options.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

namespace llcjit::ndimage {

/// The dtypes a tile's reductions read and write: each the source's own or
/// float64 (the source widened tile by tile before they read it).
struct TileTypes {
  DType reads, results;
};

/// Writes reduction `k` of `source` into `results` (an array of its shape)
/// on `threads` threads (0: all); false when the input needs the
/// brute-force loop.
using ReduceTile = std::function<bool(std::size_t k, const ArrayView &source,
                                      const ArrayView &results, unsigned threads)>;

/// The elements a tile of `count` reductions over an array of `rank` axes
/// reads, about: its source and its results take about 8 MiB, which stay
/// in the last-level cache, or 64 MiB for a volume (whose tiles read the
/// window's planes again around their own).
std::ptrdiff_t tile_elements(std::size_t count, std::size_t rank);

/// A combiner compiled for lines of results of dtype `results`, value k
/// of output i at element k * pitch + i of its line, into `output`'s dtype
/// and last stride; `rows` is its FilterRows entry, `streaming_rows` the
/// same with non-temporal stores from a 64-byte aligned output element
/// (null where the output's items are misaligned or its last stride is not
/// its item size), valid while `compiled` lives.
struct Combiner {
  using Rows = void(const void *results, void *out, std::intptr_t count, const double *params);
  Callback compiled;
  Rows *rows;
  Rows *streaming_rows;
};
Combiner compile_combiner(std::string_view combiner, const Options &kernel_options,
                          std::size_t count, std::ptrdiff_t pitch, DType results,
                          const ArrayView &output);

/// Runs `count` reductions (`reduce`, over a footprint whose extent per axis
/// is `windows`, under `mode`) and then `combiner`, a filter kernel of
/// `count` values compiled with `kernel_options` and called with `params`,
/// from `source` into `output` (any dtypes; the combiner stores in the
/// output's), in tiles that read about `elements` source elements each,
/// the reductions reading and writing the dtypes `types` says. The tiles depend on the shapes
/// alone, not on the threads. Each reduction gives an element the bits it gives it over the whole
/// array, unless its rounding depends on where it starts (a variance's running sums, which stay
/// within their bound). `channels` > 1: the arrays are 2-d rows of pixels of that many
/// interleaved elements (slices.hpp's Interleaved), `windows` count pixels across, and tiles
/// hold whole pixels, whose channels `reduce` filters each on its own.
bool combine_by_tiles(const ArrayView &source, const ArrayView &output,
                      std::span<const Window> windows, Mode mode, std::size_t count,
                      std::ptrdiff_t elements, std::string_view combiner,
                      const Options &kernel_options, std::span<const double> params,
                      TileTypes types, parallel::Workers workers, const ReduceTile &reduce,
                      std::ptrdiff_t channels = 1);

} // namespace llcjit::ndimage
