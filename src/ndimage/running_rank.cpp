// The definitions of running_rank.hpp: ranks by radix sort, and a bitset of
// ranks per sliding window.
#include "ndimage/running_rank.hpp"

#include <llcjit/errors.hpp>

#include "ndimage/boundary.hpp"
#include "ndimage/footprint_rows.hpp"
#include "ndimage/window.hpp"
#include "numeric/numpy_order.hpp"
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

// A run of the footprint on an output line: the ranks of the cells it
// covers at the line's first output, and its length. One step along the
// line drops ranks[x] and takes ranks[x + size].
struct RunRanks {
  const std::uint32_t *ranks;
  std::ptrdiff_t size;
};

// The window as a set of ranks: a bitset with a count of the ranks in each
// word, and a cursor (word `word_`, `below_` ranks in the words before it)
// kept where the last answer was, so that a select walks only as far as
// the answer moved.
class RankSet {
public:
  void reset(std::size_t ranks, std::uint32_t first_nan) {
    bits_.assign((ranks + 63) / 64 + 1, 0); // a spare word ends every walk
    counts_.assign(bits_.size(), 0);
    word_ = 0;
    below_ = 0;
    nan_ = 0;
    first_nan_ = first_nan;
  }
  void insert(std::uint32_t rank) {
    bits_[rank >> 6] |= std::uint64_t{1} << (rank & 63);
    ++counts_[rank >> 6];
    below_ += (rank >> 6) < word_;
    nan_ += rank >= first_nan_;
  }
  // One step of the window along its line: each run drops ranks[x] and
  // takes ranks[x + size]. The hot loop of the median: the state is held in
  // locals (stores to the bitset would otherwise reload it), and the NaN
  // count is kept only where the values have NaN.
  template <bool kNaN> void step(std::span<const RunRanks> runs, std::ptrdiff_t x) {
    std::uint64_t *const bits = bits_.data();
    std::uint16_t *const counts = counts_.data();
    const std::size_t word = word_;
    std::size_t below = below_, nan = nan_;
    for (const RunRanks &run : runs) {
      const std::uint32_t leaving = run.ranks[x], entering = run.ranks[x + run.size];
      bits[leaving >> 6] &= ~(std::uint64_t{1} << (leaving & 63));
      --counts[leaving >> 6];
      bits[entering >> 6] |= std::uint64_t{1} << (entering & 63);
      ++counts[entering >> 6];
      below += (entering >> 6) < word;
      below -= (leaving >> 6) < word;
      if constexpr (kNaN) {
        nan += entering >= first_nan_;
        nan -= leaving >= first_nan_;
      }
    }
    below_ = below;
    nan_ = nan;
  }
  std::size_t nan_count() const { return nan_; }

  // The k-th smallest rank in the set (k from 0; the set holds more).
  std::uint32_t select(std::size_t k) {
    while (below_ + counts_[word_] <= k)
      below_ += counts_[word_++];
    while (below_ > k)
      below_ -= counts_[--word_];
    std::uint64_t word = bits_[word_];
    for (std::size_t skip = k - below_; skip > 0; --skip)
      word &= word - 1;
    return static_cast<std::uint32_t>(word_ * 64 + std::countr_zero(word));
  }
  // The smallest rank in the set above `rank` (there is one).
  std::uint32_t next(std::uint32_t rank) const {
    std::size_t w = (rank + 1) >> 6;
    std::uint64_t word =
        (rank + 1) & 63 ? bits_[w] & (~std::uint64_t{0} << ((rank + 1) & 63)) : bits_[w];
    while (word == 0)
      word = bits_[++w];
    return static_cast<std::uint32_t>(w * 64 + std::countr_zero(word));
  }

private:
  std::vector<std::uint64_t> bits_;
  // Set bits per word, at most 64; not 8-bit, whose stores may alias
  // everything and would make the compiler reload the rest after each.
  std::vector<std::uint16_t> counts_;
  std::size_t word_ = 0, below_ = 0, nan_ = 0;
  std::uint32_t first_nan_ = 0;
};

// A thread's buffers, reused across its tiles.
struct Scratch {
  std::vector<double> values;        // the tile's extended lines
  std::vector<Keyed> keyed, sorting; // cells by key, and the sort's buffer
  std::vector<std::uint32_t> rank;   // ranks by cell
  std::vector<double> by_rank;       // values by rank
  std::vector<RunRanks> runs;        // the footprint's runs on a line
  RankSet window;
};

struct Statistic {
  OrderStatistic kind;
  double q;

  // NumPy's answer for the window, with `cells` values of which the set's
  // nan_count() are NaN.
  double operator()(RankSet &set, const std::vector<double> &by_rank, std::size_t cells) const {
    const bool ignore_nan =
        kind == OrderStatistic::NanMedian || kind == OrderStatistic::NanPercentile;
    if (!ignore_nan && set.nan_count() > 0)
      return std::numeric_limits<double>::quiet_NaN();
    const std::size_t count = cells - set.nan_count();
    if (count == 0)
      return std::numeric_limits<double>::quiet_NaN();
    const auto add = [](double a, double b) { return a + b; };
    if (kind == OrderStatistic::Median || kind == OrderStatistic::NanMedian) {
      // np.mean of the middle one or two: a pairwise sum from 0.0.
      const std::uint32_t low = set.select((count - 1) / 2);
      if (count % 2 == 1) {
        const double middle[1] = {by_rank[low]};
        return numpy::pairwise_sum<double>(middle, add, 0.0) / 1.0;
      }
      const double middle[2] = {by_rank[low], by_rank[set.next(low)]};
      return numpy::pairwise_sum<double>(middle, add, 0.0) / 2.0;
    }
    const numpy::PercentilePoint at = numpy::percentile_point(count, q);
    const std::uint32_t below = set.select(at.below);
    const double a = by_rank[below];
    const double b = at.above == at.below ? a : by_rank[set.next(below)];
    return numpy::lerp(
        a, b, at.t, [](double x, double y) { return x - y; }, add,
        [](double x, double s) { return x * s; });
  }
};

} // namespace

void footprint_order(const ArrayView &input, const ArrayView &output, const Footprint &footprint,
                     std::span<const std::ptrdiff_t> origin, OrderStatistic kind, double q,
                     Mode mode, double cval, parallel::Workers threads) {
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
  tbb::enumerable_thread_specific<Scratch> scratches;
  parallel::parallel_for(
      outer * per_outer * tiles, threads, [&](const tbb::blocked_range<std::ptrdiff_t> &tasks) {
        Scratch &s = scratches.local();
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
          s.values.resize(line_count * static_cast<std::size_t>(extended));
          if (s.values.size() >= std::numeric_limits<std::uint32_t>::max())
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
              double *line = &s.values[(p * static_cast<std::size_t>(span) + j) * extended];
              for (std::ptrdiff_t t = 0; t < extended; ++t) {
                const auto column = at ? extend(left + t + line_low, width, mode) : std::nullopt;
                if (column)
                  std::memcpy(&line[t], in + *at + *column * input.strides[last], sizeof(double));
                else
                  line[t] = cval;
              }
            }
          // Rank every cell once.
          const std::size_t total = s.values.size();
          s.keyed.resize(total);
          for (std::size_t c = 0; c < total; ++c)
            s.keyed[c] = {order_key(s.values[c]), static_cast<std::uint32_t>(c)};
          radix_sort(s.keyed, s.sorting);
          s.rank.resize(total);
          s.by_rank.resize(total);
          std::uint32_t first_nan = static_cast<std::uint32_t>(total);
          for (std::size_t position = total; position-- > 0;) {
            const std::uint32_t cell = s.keyed[position].cell;
            s.rank[cell] = static_cast<std::uint32_t>(position);
            s.by_rank[position] = s.values[cell];
            if (s.values[cell] != s.values[cell])
              first_nan = static_cast<std::uint32_t>(position);
          }
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
                s.runs.push_back({&s.rank[line * extended + run.start], run.size});
            }
            s.window.reset(total, first_nan);
            for (const RunRanks &run : s.runs)
              for (std::ptrdiff_t t = 0; t < run.size; ++t)
                s.window.insert(run.ranks[t]);
            const auto slide = [&]<bool kNaN>() {
              for (std::ptrdiff_t x = 0;; ++x) {
                const double value = statistic(s.window, s.by_rank, cells);
                std::memcpy(out + offset + (left + x) * output.strides[last], &value, sizeof value);
                if (left + x + 1 == right)
                  break;
                s.window.step<kNaN>(s.runs, x);
              }
            };
            if (first_nan < total)
              slide.template operator()<true>();
            else
              slide.template operator()<false>();
          }
        }
      });
}

} // namespace llcjit::ndimage
