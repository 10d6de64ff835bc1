// The definitions of running_rank.hpp: ranks by radix sort, and a bitset of
// ranks per sliding window.
#include "ndimage/running_rank.hpp"

#include <llcjit/errors.hpp>

#include "ndimage/boundary.hpp"
#include "ndimage/convert.hpp"
#include "ndimage/footprint_rows.hpp"
#include "ndimage/rank_sets.hpp"
#include "ndimage/window.hpp"
#include "numeric/scipy_cast.hpp"
#include "parallel/parallel_for.hpp"

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace llcjit::ndimage {

namespace {

// Output lines per stripe along the second-to-last axis: the stripe's
// values are ranked together, so that the rows its windows share are
// sorted once.
constexpr std::ptrdiff_t kStripe = 32;

// Output columns per tile (at least; four windows for wide ones). The
// select walks the bitset from the last answer to the next, and on noisy
// data the answer's rank jumps by a share of all the ranks: a tile of a few
// hundred columns keeps that walk a few words long and the bitset in L1,
// where a stripe of whole 2048-wide rows ranked 82,000 values.
constexpr std::ptrdiff_t kTile = 256;

// A key whose unsigned order is the doubles' order, every NaN last.
std::uint64_t order_key(double value) {
  if (value != value)
    return std::numeric_limits<std::uint64_t>::max();
  const auto bits = std::bit_cast<std::uint64_t>(value);
  return bits >> 63 ? ~bits : bits | (std::uint64_t{1} << 63);
}

// A cell and its order key, moved together by the radix sort so that every
// pass reads and writes sequentially.
struct Keyed {
  std::uint64_t key;
  std::uint32_t cell;
};

// Sorts `items` by key: an LSD radix sort of 11-bit digits (wider ones
// scatter to more places than the cache holds), skipping the digits all
// keys share. One reading of the keys counts every digit.
void radix_sort(std::vector<Keyed> &items, std::vector<Keyed> &scratch) {
  const std::size_t n = items.size();
  scratch.resize(n);
  constexpr int kBits = 11;
  constexpr int kDigits = (64 + kBits - 1) / kBits;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  std::array<std::array<std::uint32_t, kBuckets>, kDigits> counts{};
  for (const Keyed &item : items)
    for (int digit = 0; digit < kDigits; ++digit)
      ++counts[digit][(item.key >> (digit * kBits)) & (kBuckets - 1)];
  for (int digit = 0; digit < kDigits; ++digit) {
    std::array<std::uint32_t, kBuckets> &count = counts[digit];
    if (std::any_of(count.begin(), count.end(), [n](std::uint32_t c) { return c == n; }))
      continue; // every key has this digit
    std::uint32_t total = 0;
    for (std::uint32_t &c : count)
      total += std::exchange(c, total);
    for (const Keyed &item : items)
      scratch[count[(item.key >> (digit * kBits)) & (kBuckets - 1)]++] = item;
    items.swap(scratch);
  }
}

// The cells of doubles: ranked by a radix sort, their ranks the keys.
class DoubleCells {
public:
  using Cell = double;
  using Set = RankSet;

  static Cell cell(const char *element) {
    double value;
    std::memcpy(&value, element, sizeof value);
    return value;
  }
  static Cell border(double cval) { return cval; }
  std::vector<Cell> &cells() { return values_; }

  // Ranks every cell once.
  void rank() {
    const std::size_t total = values_.size();
    keyed_.resize(total);
    for (std::size_t c = 0; c < total; ++c)
      keyed_[c] = {order_key(values_[c]), static_cast<std::uint32_t>(c)};
    radix_sort(keyed_, sorting_);
    rank_.resize(total);
    by_rank_.resize(total);
    first_nan_ = static_cast<std::uint32_t>(total);
    for (std::size_t position = total; position-- > 0;) {
      const std::uint32_t cell = keyed_[position].cell;
      rank_[cell] = static_cast<std::uint32_t>(position);
      by_rank_[position] = values_[cell];
      if (values_[cell] != values_[cell])
        first_nan_ = static_cast<std::uint32_t>(position);
    }
  }
  // Empties `set` for the ranks.
  void empty(Set &set) const { set.reset(rank_.size(), first_nan_); }
  const Set::Key *keys() const { return rank_.data(); }
  bool has_nan() const { return first_nan_ < rank_.size(); }
  double value(Set::Key key) const { return by_rank_[key]; }

private:
  std::vector<double> values_;         // the tile's extended lines
  std::vector<Keyed> keyed_, sorting_; // cells by key, and the sort's buffer
  std::vector<std::uint32_t> rank_;    // ranks by cell
  std::vector<double> by_rank_;        // values by rank
  std::uint32_t first_nan_ = 0;
};

// The cells of an 8-bit type T: their bytes, in an order whose unsigned
// order is T's, are the keys, with no sort.
template <typename T> class ByteCells {
public:
  using Cell = std::uint8_t;
  using Set = ByteHistogram;

  static Cell cell(const char *element) {
    T value;
    std::memcpy(&value, element, sizeof value);
    return key_of(value);
  }
  static Cell border(double cval) { return key_of(numeric::cast_from_double<T>(cval)); }
  std::vector<Cell> &cells() { return keys_; }
  static void rank() {}
  static void empty(Set &set) { set.reset(); }
  const Cell *keys() const { return keys_.data(); }
  static bool has_nan() { return false; }
  static double value(Cell key) { return byte_value(key, std::is_signed_v<T>); }

private:
  static Cell key_of(T value) {
    return byte_key(static_cast<std::uint8_t>(value), std::is_signed_v<T>);
  }
  std::vector<Cell> keys_; // the tile's extended lines
};

// A thread's buffers, reused across its tiles.
template <typename Cells> struct Scratch {
  Cells cells;
  std::vector<RunKeys<typename Cells::Set::Key>> runs; // the footprint's runs on a line
  typename Cells::Set window;
  std::vector<double> results; // a line's, converted to the output's dtype at once
};

// footprint_order over the cells of `Cells`, into an output of any dtype.
template <typename Cells>
void order_over(const ArrayView &input, const ArrayView &output, const Footprint &footprint,
                std::span<const std::ptrdiff_t> origin, OrderStatistic kind, double q, Mode mode,
                double cval, parallel::Workers threads) {
  const std::size_t rank = input.shape.size();
  const std::size_t last = rank - 1;
  const std::ptrdiff_t width = input.shape[last];
  const std::vector<FootprintRow> rows = footprint_rows(footprint, origin);
  std::size_t cells = 0;
  for (const FootprintRow &row : rows)
    for (const Run &run : row.runs)
      cells += static_cast<std::size_t>(run.size);
  const std::ptrdiff_t line_low = centred_window(footprint.shape[last], origin[last]).low;
  const std::ptrdiff_t tile = std::max(kTile, 4 * footprint.shape[last]);
  const std::ptrdiff_t tiles = (width + tile - 1) / tile;
  const Statistic statistic{kind, q};

  // Stripes run along `stripe_axis` (the second-to-last; none for 1-d). A
  // stripe's lines are those of every footprint row, for each output line.
  const bool striped = rank >= 2;
  const std::size_t stripe_axis = striped ? rank - 2 : 0;
  const std::ptrdiff_t stripe_extent = striped ? input.shape[stripe_axis] : 1;
  const std::ptrdiff_t per_outer = (stripe_extent + kStripe - 1) / kStripe;
  std::ptrdiff_t outer = 1; // index combinations of the axes before it
  for (std::size_t axis = 0; striped && axis < stripe_axis; ++axis)
    outer *= input.shape[axis];
  std::ptrdiff_t lowest = 0, highest = 0; // the rows' offsets along it
  // Rows that differ only along the stripe axis read the same lines: one
  // plane of lines for each distinct offset on the axes before it.
  std::vector<std::vector<std::ptrdiff_t>> planes;
  std::vector<std::size_t> plane_of;
  for (const FootprintRow &row : rows) {
    if (striped) {
      lowest = std::min(lowest, row.offset[stripe_axis]);
      highest = std::max(highest, row.offset[stripe_axis]);
    }
    const std::vector<std::ptrdiff_t> before(row.offset.begin(), row.offset.begin() + stripe_axis);
    const auto found = std::find(planes.begin(), planes.end(), before);
    plane_of.push_back(static_cast<std::size_t>(found - planes.begin()));
    if (found == planes.end())
      planes.push_back(before);
  }
  const char *in = reinterpret_cast<const char *>(input.data);
  char *out = reinterpret_cast<char *>(output.data);

  // Each thread's buffers, kept across its tiles (fresh ones per tile
  // would cost their page faults again).
  tbb::enumerable_thread_specific<Scratch<Cells>> scratches;
  const typename Cells::Cell border = Cells::border(cval);
  parallel::parallel_for(
      outer * per_outer * tiles, threads, [&](const tbb::blocked_range<std::ptrdiff_t> &tasks) {
        Scratch<Cells> &s = scratches.local();
        std::vector<typename Cells::Cell> &values = s.cells.cells();
        std::vector<std::ptrdiff_t> index(rank, 0);
        for (std::ptrdiff_t task = tasks.begin(); task != tasks.end(); ++task) {
          // The outer index, this stripe's output lines [first, end) and
          // the tile's output columns [left, right).
          const std::ptrdiff_t left = task % tiles * tile;
          const std::ptrdiff_t right = std::min(width, left + tile);
          const std::ptrdiff_t stripe = task / tiles;
          std::ptrdiff_t rest = stripe / per_outer;
          for (std::size_t axis = stripe_axis; striped && axis-- > 0;) {
            index[axis] = rest % input.shape[axis];
            rest /= input.shape[axis];
          }
          const std::ptrdiff_t first = stripe % per_outer * kStripe;
          const std::ptrdiff_t end = std::min(stripe_extent, first + kStripe);
          // The tile's part of the stripe's lines: per plane, every line its
          // rows reach along the stripe axis (the mode maps them; nullopt: a
          // line of cval), from the first column the tile's windows read.
          const std::ptrdiff_t extended = right - left + footprint.shape[last] - 1;
          const std::ptrdiff_t span = end - first + highest - lowest; // lines per plane
          const std::size_t line_count = planes.size() * static_cast<std::size_t>(span);
          values.resize(line_count * static_cast<std::size_t>(extended));
          if (values.size() >= std::numeric_limits<std::uint32_t>::max())
            throw UsageError("the lines are too long for the running median (2^32 values per "
                             "stripe)");
          for (std::size_t p = 0; p < planes.size(); ++p)
            for (std::ptrdiff_t j = 0; j < span; ++j) {
              std::optional<std::ptrdiff_t> at = 0;
              for (std::size_t axis = 0; axis < last && at; ++axis) {
                const std::ptrdiff_t position =
                    axis == stripe_axis ? first + lowest + j : index[axis] + planes[p][axis];
                const auto mapped = extend(position, input.shape[axis], mode);
                at = mapped ? std::optional(*at + *mapped * input.strides[axis]) : std::nullopt;
              }
              auto *line = &values[(p * static_cast<std::size_t>(span) + j) * extended];
              for (std::ptrdiff_t t = 0; t < extended; ++t) {
                const auto column = at ? extend(left + t + line_low, width, mode) : std::nullopt;
                line[t] = column ? Cells::cell(in + *at + *column * input.strides[last]) : border;
              }
            }
          s.cells.rank();
          const auto *keys = s.cells.keys();
          const auto value = [&cells = s.cells](auto key) { return cells.value(key); };
          // Slide each output line's window along its part of the line.
          for (std::ptrdiff_t y = first; y < end; ++y) {
            std::ptrdiff_t offset = 0;
            for (std::size_t axis = 0; axis < last; ++axis)
              offset += (axis == stripe_axis ? y : index[axis]) * output.strides[axis];
            s.runs.clear();
            for (std::size_t r = 0; r < rows.size(); ++r) {
              const std::ptrdiff_t dy = striped ? rows[r].offset[stripe_axis] : 0;
              const std::ptrdiff_t line =
                  static_cast<std::ptrdiff_t>(plane_of[r]) * span + (y - first) + dy - lowest;
              for (const Run &run : rows[r].runs)
                s.runs.push_back({&keys[line * extended + run.start], run.size});
            }
            s.cells.empty(s.window);
            for (const auto &run : s.runs)
              for (std::ptrdiff_t t = 0; t < run.size; ++t)
                s.window.insert(run.keys[t]);
            s.results.resize(static_cast<std::size_t>(right - left));
            const auto slide = [&]<bool kNaN>() {
              for (std::ptrdiff_t x = 0;; ++x) {
                s.results[static_cast<std::size_t>(x)] = statistic(s.window, value, cells);
                if (left + x + 1 == right)
                  break;
                s.window.template step<kNaN>(s.runs, x);
              }
            };
            if (s.cells.has_nan())
              slide.template operator()<true>();
            else
              slide.template operator()<false>();
            convert_line(DType::Float64, output.dtype,
                         reinterpret_cast<const char *>(s.results.data()), sizeof(double),
                         out + offset + left * output.strides[last], output.strides[last],
                         right - left);
          }
        }
      });
}

} // namespace

bool order_in_element_type(DType input, Mode mode, double cval) {
  const bool bytes = input == DType::UInt8 || input == DType::Int8 || input == DType::Bool;
  return input == DType::Float64 || (bytes && border_held(input, mode, cval));
}

void footprint_order(const ArrayView &input, const ArrayView &output, const Footprint &footprint,
                     std::span<const std::ptrdiff_t> origin, OrderStatistic kind, double q,
                     Mode mode, double cval, parallel::Workers threads) {
  const auto over = [&]<typename Cells>() {
    order_over<Cells>(input, output, footprint, origin, kind, q, mode, cval, threads);
  };
  switch (input.dtype) {
  case DType::Float64: return over.template operator()<DoubleCells>();
  case DType::UInt8:
  case DType::Bool: // SciPy's npy_bool is a byte
    return over.template operator()<ByteCells<std::uint8_t>>();
  case DType::Int8: return over.template operator()<ByteCells<std::int8_t>>();
  default:
    throw UsageError("running ranks read float64 or 8-bit elements, not " +
                     std::string(to_string(input.dtype)));
  }
}

} // namespace llcjit::ndimage
