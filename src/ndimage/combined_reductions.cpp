// The definitions of combined_reductions.hpp. A tile is a block of rows (the
// first axis) and of columns (the last axis); its reductions read the
// source from the rows and columns its window reaches around it (at an
// edge, also what the mode mirrors back in from there), so that its own
// elements see exactly the neighbours they see in the whole array, and
// those it reads around them are computed and thrown away. The results of
// one line of a tile lie one after another, `pitch` elements apart, where
// the combiner's fused kernel finds its values:
//
//   scratch: | line 0: reduction 0, reduction 1 | line 1: reduction 0, ...
//                      |<----- pitch ----->|
//
// A source of another dtype is widened a tile at a time into float64
// after the results, so that what the reductions need beside the arrays
// grows with a tile, not with the image. A 1-d array is a single row of
// columns.
#include "ndimage/combined_reductions.hpp"

#include "ndimage/convert.hpp"
#include "ndimage/huge_pages.hpp"
#include "ndimage/lines.hpp"

#include <llcjit/engine.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <new>
#include <vector>

namespace llcjit::ndimage {

namespace {

// The source a tile reads and its results, in bytes, at most about: they
// stay in the last-level cache until the combination has read them. (A
// constant, not the machine's cache: the tiles, which decide where a
// variance's running sums start, are the same on every machine.)
constexpr std::size_t kTileBytes = std::size_t{8} << 20;
// The most tiles across a row (each reads its window's columns again).
constexpr std::ptrdiff_t kMostTilesAcross = 16;
// The scratch a thread keeps for its next call, at most.
constexpr std::size_t kKeptElements = (std::size_t{16} << 20) / sizeof(double);

// A thread's scratch, kept between calls up to kKeptElements.
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
  void trim() {
    if (capacity > kKeptElements) {
      data.reset();
      capacity = 0;
    }
  }
};

// Trims a scratch when its use ends, by an exception too.
class Trimmed {
public:
  explicit Trimmed(Scratch &scratch) : scratch_(scratch) {}
  Trimmed(const Trimmed &) = delete;
  Trimmed &operator=(const Trimmed &) = delete;
  ~Trimmed() { scratch_.trim(); }

private:
  Scratch &scratch_;
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

// A tile's own rows and columns.
struct Tiling {
  std::ptrdiff_t rows, columns;
};

// How an axis of `extent` may be cut for a window: anywhere, but not at
// all under Mode::Wrap, whose edge reads the far end of the axis.
struct Cut {
  std::ptrdiff_t extent, extra, shortest; // shortest: of a tile's own run
};
Cut cut_of(std::ptrdiff_t extent, const Window &window, Mode mode) {
  const std::ptrdiff_t extra = reach_before(window) + reach_after(window);
  return {extent, extra, mode == Mode::Wrap && extra > 0 ? extent : 1};
}

// The tiling that reads the fewest elements in all, among those whose tile
// reads about `cells` elements per line across the middle axes (more
// where an axis may not be cut).
Tiling choose_tiling(const Cut &down, const Cut &along, std::ptrdiff_t cells) {
  Tiling best{down.extent, along.extent};
  double fewest = HUGE_VAL;
  for (std::ptrdiff_t across = 1; across <= std::min(along.extent, kMostTilesAcross); ++across) {
    const std::ptrdiff_t columns = (along.extent + across - 1) / across;
    if (columns < along.shortest)
      break;
    const std::ptrdiff_t read_columns = std::min(along.extent, columns + along.extra);
    const std::ptrdiff_t rows =
        std::clamp<std::ptrdiff_t>(cells / read_columns - down.extra, down.shortest, down.extent);
    const std::ptrdiff_t read_rows = std::min(down.extent, rows + down.extra);
    const double read = static_cast<double>(read_rows) * static_cast<double>(read_columns) /
                        (static_cast<double>(rows) * static_cast<double>(columns));
    if (read < fewest) {
      fewest = read;
      best = {rows, columns};
    }
  }
  return best;
}

} // namespace

std::ptrdiff_t tile_elements(std::size_t count) {
  return static_cast<std::ptrdiff_t>(kTileBytes / sizeof(double) / (count + 1));
}

bool combine_by_tiles(const ArrayView &source, const ArrayView &output,
                      std::span<const Window> windows, Mode mode, std::size_t count,
                      std::ptrdiff_t elements, std::string_view combiner,
                      const Options &kernel_options, std::span<const double> params,
                      TileTypes types, parallel::Workers workers, const ReduceTile &reduce) {
  const std::size_t rank = source.shape.size();
  const std::size_t size = source.size();
  if (size == 0)
    return true;
  // A 1-d array as one row.
  const bool rows_axis = rank > 1;
  const std::ptrdiff_t height = rows_axis ? source.shape[0] : 1;
  const std::ptrdiff_t width = source.shape[rank - 1];
  const Window down = rows_axis ? windows[0] : Window{0, 1}, along = windows[rank - 1];
  const auto lines_per_row = static_cast<std::ptrdiff_t>(size) / height / width;
  const Cut rows_cut = cut_of(height, down, mode), columns_cut = cut_of(width, along, mode);
  const Tiling tiling =
      choose_tiling(rows_cut, columns_cut, std::max<std::ptrdiff_t>(1, elements / lines_per_row));
  const std::ptrdiff_t pitch = std::min(width, tiling.columns + columns_cut.extra);
  const std::ptrdiff_t read_rows = std::min(height, tiling.rows + rows_cut.extra);
  // A tile's results, then its widened source (as many elements as one
  // reduction's results) when the reductions read float64 and the source
  // is not.
  const DType results_type = types.results;
  const bool widen = types.reads != source.dtype;
  const std::size_t result_size = item_size(results_type);
  const std::size_t tile_source = checked_product(
      static_cast<std::size_t>(pitch), checked_product(static_cast<std::size_t>(read_rows),
                                                       static_cast<std::size_t>(lines_per_row)));
  const std::size_t results_bytes = checked_product(count * result_size, tile_source);
  const std::size_t scratch_elements =
      (results_bytes + sizeof(double) - 1) / sizeof(double) + (widen ? tile_source : 0);

  Options options = kernel_options;
  options.values_size = count;
  const auto step = static_cast<std::ptrdiff_t>(result_size);
  FilterLayout layout{{}, step, output.strides[rank - 1], results_type, output.dtype};
  for (std::size_t k = 0; k < count; ++k)
    layout.offsets.push_back(static_cast<std::ptrdiff_t>(k) * pitch * step);
  options.filter_layout = std::move(layout);
  const Callback compiled = compile(combiner, options);
  using RowsFunction = void(const void *, void *, std::intptr_t, const double *);
  auto *combine = reinterpret_cast<RowsFunction *>(compiled.address(Entry::FilterRows));

  const std::ptrdiff_t down_tiles = (height + tiling.rows - 1) / tiling.rows;
  const std::ptrdiff_t across_tiles = (width + tiling.columns - 1) / tiling.columns;
  const std::ptrdiff_t line_elements = static_cast<std::ptrdiff_t>(count) * pitch;
  std::atomic<bool> fits = true;
  const auto run_tile = [&](std::ptrdiff_t tile, char *rows) {
    const Span r = span_of(tile / across_tiles, tiling.rows, height, down);
    const Span c = span_of(tile % across_tiles, tiling.columns, width, along);
    ArrayView part = source;
    part.data = static_cast<char *>(source.data) + c.from * source.strides[rank - 1] +
                (rows_axis ? r.from * source.strides[0] : 0);
    part.shape[rank - 1] = c.to - c.from;
    if (rows_axis)
      part.shape[0] = r.to - r.from;
    if (widen) {
      const ArrayView wide = ArrayView::contiguous(
          reinterpret_cast<double *>(rows) + (results_bytes + sizeof(double) - 1) / sizeof(double),
          part.shape);
      convert(part, wide, parallel::Workers(1));
      part = wide;
    }
    std::vector<std::ptrdiff_t> strides(rank, step);
    std::ptrdiff_t bytes = line_elements * step;
    for (std::size_t axis = rank - 1; axis-- > 0;) {
      strides[axis] = bytes;
      bytes *= part.shape[axis];
    }
    for (std::size_t k = 0; k < count; ++k)
      if (!reduce(k, part,
                  ArrayView{rows + static_cast<std::ptrdiff_t>(k) * pitch * step, part.shape,
                            strides, results_type}))
        return false;
    char *out = static_cast<char *>(output.data) + c.first * output.strides[rank - 1];
    for (std::ptrdiff_t line = r.first * lines_per_row; line < r.last * lines_per_row; ++line)
      combine(rows + ((line - r.from * lines_per_row) * line_elements + (c.first - c.from)) * step,
              out + (rows_axis ? line_offset(output.shape, output.strides, rank - 1, line) : 0),
              c.last - c.first, params.data());
    return true;
  };
  parallel::parallel_for(
      down_tiles * across_tiles, workers, [&](const tbb::blocked_range<std::ptrdiff_t> &range) {
        thread_local Scratch scratch;
        const Trimmed trimmed(scratch);
        char *rows = reinterpret_cast<char *>(scratch.reserve(scratch_elements));
        for (std::ptrdiff_t tile = range.begin(); tile != range.end() && fits.load(); ++tile)
          if (!run_tile(tile, rows))
            fits = false;
      });
  return fits.load();
}

} // namespace llcjit::ndimage
