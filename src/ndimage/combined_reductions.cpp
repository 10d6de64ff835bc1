// The definitions of combined_reductions.hpp. A tile is a block of the
// array (choose_tiling says along which axes); its reductions read the
// source from the elements its window reaches around it (at an edge, also
// what the mode mirrors back in from there), so that its own elements see
// exactly the neighbours they see in the whole array, and those it reads
// around them are computed and thrown away. The results of one line of a
// tile lie one after another, `pitch` elements apart, where the combiner's
// fused kernel finds its values:
//
//   scratch: | line 0: reduction 0, reduction 1 | line 1: reduction 0, ...
//                      |<----- pitch ----->|
//
// A source of another dtype is widened a tile at a time into float64
// after the results, so that what the reductions need beside the arrays
// grows with a tile, not with the image.
#include "ndimage/combined_reductions.hpp"

#include "ndimage/c_order.hpp"
#include "ndimage/convert.hpp"
#include "ndimage/huge_pages.hpp"

#include <llcjit/engine.hpp>

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <new>
#include <utility>
#include <vector>

namespace llcjit::ndimage {

namespace {

// The source a tile reads and its results, in bytes, at most about: they
// stay in the last-level cache until the combination has read them. (A
// constant, not the machine's cache: the tiles, which decide where a
// variance's running sums start, are the same on every machine.)
constexpr std::size_t kTileBytes = std::size_t{8} << 20;
// A volume's tiles read the window's planes around their own, so they
// are larger. A 9x9x9 moving range of float64, one thread, in tiles of
// 32 MiB, 64 MiB and the whole volume at once (which takes the volume's
// size again for each reduction): 256^3 0.31-0.36, 0.35-0.37 and
// 0.34-0.36 s; 48x1024^2 0.92-1.02, 0.86-0.94 and 0.82-1.23 s; 24x2048^2
// 2.15-2.31, 1.80-1.82 and 1.80-1.84 s.
constexpr std::size_t kVolumeTileBytes = std::size_t{64} << 20;
// The most tiles across a row (each reads its window's columns again).
constexpr std::ptrdiff_t kMostTilesAcross = 16;
// The scratch a thread keeps for its next call, at most; larger scratch
// (a volume's tiles) lasts the call.
constexpr std::size_t kKeptElements = (std::size_t{16} << 20) / sizeof(double);

// A thread's scratch.
struct Scratch {
  HugePageArray<double> data;
  std::size_t capacity = 0;

  double *reserve(std::size_t elements) {
    if (elements > capacity) {
      data = huge_page_array<double>(elements);
      capacity = elements;
    }
    return data.get();
  }
};

std::size_t checked_product(std::size_t a, std::size_t b) {
  std::size_t product = 0;
  if (__builtin_mul_overflow(a, b, &product))
    throw std::bad_alloc();
  return product;
}

// How far a window reaches before and after its element.
std::ptrdiff_t reach_before(const Window &window) {
  return std::max<std::ptrdiff_t>(0, -window.low);
}
std::ptrdiff_t reach_after(const Window &window) {
  return std::max<std::ptrdiff_t>(0, window.low + window.size - 1);
}

// The `index`-th run of `own` indices of an axis of `extent`, [first,
// last), and those its window reads, [from, to): at an edge, also what the
// mode reads beyond it, mirrored back in by up to the window's reach.
struct Span {
  std::ptrdiff_t first, last, from, to;
};
Span span_of(std::ptrdiff_t index, std::ptrdiff_t own, std::ptrdiff_t extent,
             const Window &window) {
  const std::ptrdiff_t before = reach_before(window), after = reach_after(window);
  const std::ptrdiff_t first = index * own, last = std::min(extent, first + own);
  std::ptrdiff_t from = std::max<std::ptrdiff_t>(0, first - before);
  std::ptrdiff_t to = std::min(extent, last + after);
  if (first < before)
    to = std::max(to, std::min(extent, before + 1));
  if (last > extent - after)
    from = std::min(from, std::max<std::ptrdiff_t>(0, extent - 1 - after));
  return {first, last, from, to};
}

// How an axis of `extent` may be cut for a window: anywhere, but not at
// all under Mode::Wrap, whose edge reads the far end of the axis.
struct Cut {
  std::ptrdiff_t extent, extra, shortest; // shortest: of a tile's own run
};
Cut cut_of(std::ptrdiff_t extent, const Window &window, Mode mode) {
  const std::ptrdiff_t extra = reach_before(window) + reach_after(window);
  return {extent, extra, mode == Mode::Wrap && extra > 0 ? extent : 1};
}

// The elements a tile whose own run along `cut` is `own` reads along it.
std::ptrdiff_t read_of(const Cut &cut, std::ptrdiff_t own) {
  return std::min(cut.extent, own + cut.extra);
}

// The own run along each axis of the cheapest tiling among those whose
// tile reads about `cells` elements. A tile cuts the first axis, the last,
// and the second of three or more; any axes between those stay whole,
// which keeps the search small. (A volume cut
// along its first axis alone read its window's planes again for every few
// planes of its own: a 9x9x9 moving range of 256^3 float64 took 1.2 s,
// nine times its two minima.)
std::vector<std::ptrdiff_t> choose_tiling(std::span<const Cut> cuts, std::ptrdiff_t cells) {
  const std::size_t rank = cuts.size(), last = rank - 1;
  std::vector<std::ptrdiff_t> own(rank), best(rank);
  std::ptrdiff_t whole = 1; // the elements of a line across the axes left whole
  for (std::size_t axis = 0; axis < rank; ++axis) {
    best[axis] = own[axis] = cuts[axis].extent;
    if (axis >= 2 && axis < last)
      whole *= cuts[axis].extent;
  }
  // The tiling with own[] along its cut axes, own[0] as many as the budget
  // leaves, is worth: in 2-d, the elements its tile reads per own one; in
  // a volume, the same times one pass per axis that also reads each line's
  // window, among tilings within the budget (a window one plane deep
  // leaves the first axis whole, and only the second axis's cuts keep a
  // tile of 8192^2 planes from taking 1.5 GiB), else the smallest tile.
  std::pair<bool, double> cheapest{true, HUGE_VAL}; // over the budget, cost
  const auto consider = [&](std::ptrdiff_t read_across) {
    if (rank > 1) {
      const std::ptrdiff_t lines = cells / std::max<std::ptrdiff_t>(1, read_across * whole);
      own[0] = std::clamp<std::ptrdiff_t>(lines - cuts[0].extra, cuts[0].shortest, cuts[0].extent);
    }
    double read = 1, passes = 0, elements = 1;
    for (std::size_t axis = 0; axis < rank; ++axis) {
      const auto line = static_cast<double>(read_of(cuts[axis], own[axis]));
      read *= line / static_cast<double>(own[axis]);
      passes += 1 + static_cast<double>(cuts[axis].extra) / line;
      elements *= line;
    }
    const bool over = rank > 2 && elements > static_cast<double>(cells);
    const std::pair<bool, double> cost{over, over ? elements : rank > 2 ? read * passes : read};
    if (cost < cheapest) {
      cheapest = cost;
      best = own;
    }
  };
  // A volume's tiles keep whole rows: the passes along its first axes run
  // across a row's elements, and a 9x9x9 moving range of 256^3 float64 cut
  // into rows of 94 took 0.63-0.70 s against 0.35-0.47 with whole rows.
  const Cut &along = cuts[last];
  const std::ptrdiff_t most_across = rank > 2 ? 1 : kMostTilesAcross;
  for (std::ptrdiff_t across = 1; across <= std::min(along.extent, most_across); ++across) {
    own[last] = (along.extent + across - 1) / across;
    if (own[last] < along.shortest)
      break;
    const std::ptrdiff_t read_last = read_of(along, own[last]);
    if (rank < 3) {
      consider(read_last);
      continue;
    }
    // The second axis cut into 1, 2, ... tiles, an eighth more each time
    // past eight (about 90 tilings for an axis of 100,000).
    const Cut &second = cuts[1];
    for (std::ptrdiff_t tiles = 1; tiles <= second.extent;
         tiles += std::max<std::ptrdiff_t>(1, tiles / 8)) {
      own[1] = (second.extent + tiles - 1) / tiles;
      if (own[1] < second.shortest)
        break;
      consider(read_last * read_of(second, own[1]));
    }
  }
  return best;
}

} // namespace

std::ptrdiff_t tile_elements(std::size_t count, std::size_t rank) {
  const std::size_t bytes = rank > 2 ? kVolumeTileBytes : kTileBytes;
  return static_cast<std::ptrdiff_t>(bytes / sizeof(double) / (count + 1));
}

Combiner compile_combiner(std::string_view combiner, const Options &kernel_options,
                          std::size_t count, std::ptrdiff_t pitch, DType results,
                          const ArrayView &output) {
  Options options = kernel_options;
  options.values_size = count;
  const auto step = static_cast<std::ptrdiff_t>(item_size(results));
  FilterLayout layout{{}, step, output.strides.back(), results, output.dtype};
  for (std::size_t k = 0; k < count; ++k)
    layout.offsets.push_back(static_cast<std::ptrdiff_t>(k) * pitch * step);
  options.filter_layout = std::move(layout);
  Callback compiled = compile(combiner, options);
  auto *rows = reinterpret_cast<Combiner::Rows *>(compiled.address(Entry::FilterRows));
  auto *streaming_rows =
      is_aligned(output) && compiled.has(Entry::FilterRowsStreaming)
          ? reinterpret_cast<Combiner::Rows *>(compiled.address(Entry::FilterRowsStreaming))
          : nullptr;
  return {std::move(compiled), rows, streaming_rows};
}

bool combine_by_tiles(const ArrayView &source, const ArrayView &output,
                      std::span<const Window> windows, Mode mode, std::size_t count,
                      std::ptrdiff_t elements, std::string_view combiner,
                      const Options &kernel_options, std::span<const double> params,
                      TileTypes types, parallel::Workers workers, const ReduceTile &reduce,
                      std::ptrdiff_t channels) {
  const std::size_t rank = source.shape.size(), last = rank - 1;
  if (source.size() == 0)
    return true;
  // The tiles are cut in pixels: along the last axis, `channels` elements
  // each.
  std::vector<std::ptrdiff_t> extents = source.shape;
  extents[last] /= channels;
  std::vector<Cut> cuts;
  for (std::size_t axis = 0; axis < rank; ++axis)
    cuts.push_back(cut_of(extents[axis], windows[axis], mode));
  const std::vector<std::ptrdiff_t> own = choose_tiling(cuts, elements / channels);
  // A tile's results, then its widened source (as many elements as one
  // reduction's results) when the reductions read float64 and the source
  // is not. A line of results is `pitch` elements long, the most a tile
  // reads along the last axis.
  const std::ptrdiff_t pitch = read_of(cuts[last], own[last]) * channels;
  const DType results_type = types.results;
  const bool widen = types.reads != source.dtype;
  const std::size_t result_size = item_size(results_type);
  std::size_t tile_source = static_cast<std::size_t>(pitch);
  for (std::size_t axis = 0; axis < last; ++axis)
    tile_source =
        checked_product(tile_source, static_cast<std::size_t>(read_of(cuts[axis], own[axis])));
  const std::size_t results_bytes = checked_product(count * result_size, tile_source);
  const std::size_t scratch_elements =
      (results_bytes + sizeof(double) - 1) / sizeof(double) + (widen ? tile_source : 0);

  const auto step = static_cast<std::ptrdiff_t>(result_size);
  const Combiner compiled =
      compile_combiner(combiner, kernel_options, count, pitch, results_type, output);
  auto *combine = compiled.rows;

  std::vector<std::ptrdiff_t> tiles_along(rank);
  std::ptrdiff_t tiles = 1;
  for (std::size_t axis = 0; axis < rank; ++axis) {
    tiles_along[axis] = (extents[axis] + own[axis] - 1) / own[axis];
    tiles *= tiles_along[axis];
  }
  const std::ptrdiff_t line_elements = static_cast<std::ptrdiff_t>(count) * pitch;
  // A single tile's reductions take every thread; several tiles take one
  // each.
  const unsigned tile_threads = tiles == 1 ? workers.threads : 1;
  std::atomic<bool> fits = true;
  const auto run_tile = [&](std::ptrdiff_t tile, char *rows) {
    std::vector<Span> spans(rank);
    ArrayView part = source;
    char *from = static_cast<char *>(source.data);
    for (std::size_t axis = rank; axis-- > 0;) {
      const std::ptrdiff_t elements_each = axis == last ? channels : 1;
      spans[axis] = span_of(tile % tiles_along[axis], own[axis], extents[axis], windows[axis]);
      tile /= tiles_along[axis];
      from += spans[axis].from * elements_each * source.strides[axis];
      part.shape[axis] = (spans[axis].to - spans[axis].from) * elements_each;
    }
    part.data = from;
    if (widen) {
      const ArrayView wide = ArrayView::contiguous(
          reinterpret_cast<double *>(rows) + (results_bytes + sizeof(double) - 1) / sizeof(double),
          part.shape);
      convert(part, wide, parallel::Workers(1));
      part = wide;
    }
    std::vector<std::ptrdiff_t> strides(rank, step);
    std::ptrdiff_t bytes = line_elements * step;
    for (std::size_t axis = last; axis-- > 0;) {
      strides[axis] = bytes;
      bytes *= part.shape[axis];
    }
    for (std::size_t k = 0; k < count; ++k)
      if (!reduce(k, part,
                  ArrayView{rows + static_cast<std::ptrdiff_t>(k) * pitch * step, part.shape,
                            strides, results_type},
                  tile_threads))
        return false;
    // The tile's own lines, in C order of the axes before the last.
    const Span &columns = spans[last];
    std::vector<std::ptrdiff_t> own_lines(last), at(last, 0);
    std::ptrdiff_t lines = 1;
    for (std::size_t axis = 0; axis < last; ++axis) {
      own_lines[axis] = spans[axis].last - spans[axis].first;
      lines *= own_lines[axis];
    }
    for (std::ptrdiff_t line = 0; line < lines; ++line, next_in_c_order(at, own_lines)) {
      std::ptrdiff_t results = (columns.first - columns.from) * channels * step;
      std::ptrdiff_t out = columns.first * channels * output.strides[last];
      for (std::size_t axis = 0; axis < last; ++axis) {
        const std::ptrdiff_t i = spans[axis].first + at[axis];
        results += (i - spans[axis].from) * strides[axis];
        out += i * output.strides[axis];
      }
      combine(rows + results, static_cast<char *>(output.data) + out,
              (columns.last - columns.first) * channels, params.data());
    }
    return true;
  };
  const bool kept = scratch_elements <= kKeptElements;
  tbb::enumerable_thread_specific<Scratch> call_scratch;
  parallel::parallel_for(tiles, workers, [&](const tbb::blocked_range<std::ptrdiff_t> &range) {
    thread_local Scratch kept_scratch;
    Scratch &scratch = kept ? kept_scratch : call_scratch.local();
    char *rows = reinterpret_cast<char *>(scratch.reserve(scratch_elements));
    for (std::ptrdiff_t tile = range.begin(); tile != range.end() && fits.load(); ++tile)
      if (!run_tile(tile, rows))
        fits = false;
  });
  return fits.load();
}

} // namespace llcjit::ndimage
