// The parallel loops of the drivers and of batch evaluation: oneTBB's
// parallel_for over [0, count), on all cores or in an arena of the number of
// threads a caller asked for, reporting to and stopped by a Progress, and
// the check of that number. Each index is
// one task's own work, so results do not depend on the count. Header-only,
// beside the layers that use it (jit, quad, ndimage).
#pragma once

#include <llcjit/errors.hpp>
#include <llcjit/progress.hpp>
#include <llcjit/threads.hpp>

#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cstddef>

#include <fmt/format.h>

namespace llcjit::parallel {

/// UsageError for more threads than kMaxThreads; 0 means all cores.
inline void check_threads(unsigned threads) {
  if (threads > kMaxThreads)
    throw UsageError(fmt::format("threads must be at most {}, got {}", kMaxThreads, threads));
}

/// Who runs a driver's loops: `threads` threads (0: all cores), reporting to
/// `progress` (progress.hpp) when there is one.
struct Workers {
  Workers(unsigned threads, Progress *progress = nullptr) // NOLINT(google-explicit-constructor)
      : threads(threads), progress(progress) {}
  unsigned threads;
  Progress *progress;
};

/// Throws Cancelled if the progress asks to stop.
inline void stop_if_cancelled(const Progress *progress) {
  if (progress && progress->cancel.load(std::memory_order_relaxed) != 0)
    throw Cancelled();
}

/// Runs body(range) over the subranges of [0, count) on the workers'
/// threads; each index is a unit of the progress, and a cancel stops the
/// loop between subranges (the exception leaves through oneTBB, which
/// cancels the rest).
template <typename Body> void parallel_for(std::ptrdiff_t count, Workers workers, Body body) {
  const tbb::blocked_range<std::ptrdiff_t> range(0, count);
  Progress *progress = workers.progress;
  if (progress)
    progress->total.fetch_add(static_cast<std::size_t>(count), std::memory_order_relaxed);
  auto watched = [&](const tbb::blocked_range<std::ptrdiff_t> &part) {
    stop_if_cancelled(progress);
    body(part);
    if (progress)
      progress->done.fetch_add(part.size(), std::memory_order_relaxed);
  };
  // One thread, or one index: no arena and no tasks, whose set-up cost more
  // than a small image's whole filter (a 3x3 erosion of 8x8: 9 % of it).
  // Still in pieces, so that a cancel stops the loop between them.
  if (workers.threads == 1 || count <= 1) {
    constexpr std::ptrdiff_t kPieces = 16;
    const std::ptrdiff_t piece = std::max<std::ptrdiff_t>(1, (count + kPieces - 1) / kPieces);
    for (std::ptrdiff_t begin = 0; begin < count; begin += piece)
      watched(tbb::blocked_range<std::ptrdiff_t>(begin, std::min(count, begin + piece)));
    return;
  }
  // More threads than the cores this process may use add none, and an
  // arena of them makes TBB print a warning to stderr: the default arena
  // already has every core.
  if (workers.threads == 0 ||
      workers.threads >= static_cast<unsigned>(tbb::info::default_concurrency())) {
    tbb::parallel_for(range, watched);
  } else {
    tbb::task_arena arena(static_cast<int>(workers.threads));
    arena.execute([&] { tbb::parallel_for(range, watched); });
  }
}

} // namespace llcjit::parallel
