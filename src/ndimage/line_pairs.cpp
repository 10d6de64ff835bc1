// The definitions of line_pairs.hpp: the tasks (pair_job.hpp) along rows
// (pair_rows.hpp) or down columns (pair_columns.hpp), each direction
// compiled for every vector level and picked at run time.
#include "ndimage/line_pairs.hpp"

#include "ndimage/pair_columns.hpp"
#include "ndimage/pair_job.hpp"
#include "ndimage/pair_rows.hpp"

#include <algorithm>

namespace llcjit::ndimage {

namespace {

using pairs::Geometry;
using pairs::Job;
using pairs::Scratch;

template <Extreme kHigh, Extreme kLow, typename V>
[[gnu::always_inline]] inline void run_tasks(const Job &job, std::ptrdiff_t begin,
                                             std::ptrdiff_t end, Scratch &scratch) {
  const Geometry &g = job.geometry;
  const std::ptrdiff_t chunks = (g.columns + g.chunk - 1) / g.chunk;
  for (std::ptrdiff_t task = begin; task < end; ++task) {
    const std::ptrdiff_t r0 = task / chunks * g.band, c0 = task % chunks * g.chunk;
    // Two calls, each inlined: with one, whether to ask ahead was a test
    // inside the passes, and their registers cost a 1x31 moving range most
    // of the gain (pair_rows.hpp).
    if (g.axis == 1 && task + 1 < end) {
      const std::ptrdiff_t after = task + 1;
      pairs::NextInput next(job, after / chunks * g.band, after % chunks * g.chunk);
      pairs::along_rows<kHigh, kLow, V>(job, r0, c0, scratch, &next);
    } else if (g.axis == 1) {
      pairs::along_rows<kHigh, kLow, V>(job, r0, c0, scratch, nullptr);
    } else
      pairs::down_columns<kHigh, kLow, V>(job, r0, c0, scratch);
  }
}

using TasksFunction = void (*)(const Job &, std::ptrdiff_t, std::ptrdiff_t, Scratch &);

// run_tasks for each level, everything inlined so that it is all
// compiled for the level's instructions (vectors.hpp).
template <Extreme kHigh, Extreme kLow>
[[gnu::target("arch=x86-64-v4"), gnu::flatten]] void
tasks_avx512(const Job &job, std::ptrdiff_t begin, std::ptrdiff_t end, Scratch &s) {
  run_tasks<kHigh, kLow, Vec8>(job, begin, end, s);
}
template <Extreme kHigh, Extreme kLow>
[[gnu::target("arch=x86-64-v3"), gnu::flatten]] void
tasks_avx2(const Job &job, std::ptrdiff_t begin, std::ptrdiff_t end, Scratch &s) {
  run_tasks<kHigh, kLow, Vec4>(job, begin, end, s);
}
template <Extreme kHigh, Extreme kLow>
[[gnu::flatten]] void tasks_sse2(const Job &job, std::ptrdiff_t begin, std::ptrdiff_t end,
                                 Scratch &s) {
  run_tasks<kHigh, kLow, Vec2>(job, begin, end, s);
}

template <Extreme kHigh, Extreme kLow> TasksFunction tasks_for(VectorLevel level) {
  return level == VectorLevel::Avx512 ? tasks_avx512<kHigh, kLow>
         : level == VectorLevel::Avx2 ? tasks_avx2<kHigh, kLow>
                                      : tasks_sse2<kHigh, kLow>;
}

} // namespace

bool line_pair_windows(std::span<const Window> windows) {
  if (windows.size() != 2)
    return false;
  const auto line = [](const Window &across, const Window &along, std::ptrdiff_t longest) {
    return across.size == 1 && along.size >= 2 && along.size <= longest;
  };
  return line(windows[0], windows[1], kLongestPairWindow) ||
         line(windows[1], windows[0], pairs::kLongestColumnPair);
}

bool line_pair_applies(const ArrayView &source, std::span<const Window> windows) {
  if (source.shape.size() != 2 || source.dtype != DType::Float64 ||
      source.strides[1] != static_cast<std::ptrdiff_t>(sizeof(double)) ||
      !line_pair_windows(windows))
    return false;
  // Fewer lines across the window than an element's eight lanes would
  // leave most of the pass's work unused.
  return source.shape[windows[0].size == 1 ? 0 : 1] >= kEight;
}

Combiner compile_pair_combiner(std::string_view combiner, const Options &kernel_options,
                               const ArrayView &source, const ArrayView &output,
                               std::span<const Window> windows) {
  const Geometry g = pairs::geometry_of(source, windows);
  if (g.axis == 0)
    return compile_combiner(combiner, kernel_options, 2, g.pitch(), DType::Float64, output);
  ArrayView lanes = output; // LaneOutput's buffer
  lanes.strides.back() = static_cast<std::ptrdiff_t>(item_size(output.dtype));
  return compile_combiner(combiner, kernel_options, 2, g.batch_pitch(), DType::Float64, lanes);
}

void line_pair(const ArrayView &source, const ArrayView &output, std::span<const Window> windows,
               bool ignore_nan, PairSlots slots, Mode mode, double cval, const Combiner &combiner,
               bool stream, const double *params, parallel::Workers workers, VectorLevel level) {
  if (source.size() == 0)
    return;
  const Job job{
      source,        output, pairs::geometry_of(source, windows),        mode,  cval, slots,
      combiner.rows, stream, stream ? combiner.streaming_rows : nullptr, params};
  const Geometry &g = job.geometry;
  const auto tasks = [&](std::ptrdiff_t band) {
    return (g.rows + band - 1) / band * ((g.columns + g.chunk - 1) / g.chunk);
  };
  const auto run = ignore_nan ? tasks_for<Extreme::NanMax, Extreme::NanMin>(level)
                              : tasks_for<Extreme::Max, Extreme::Min>(level);
  parallel::parallel_for(tasks(g.band), workers,
                         [&](const tbb::blocked_range<std::ptrdiff_t> &range) {
                           thread_local Scratch scratch;
                           run(job, range.begin(), range.end(), scratch);
                           // Streamed stores are ordered before whatever
                           // reads the output.
                           if (stream)
                             __builtin_ia32_sfence();
                         });
}

} // namespace llcjit::ndimage
