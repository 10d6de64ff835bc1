// The parallel loops of the drivers and of batch evaluation: oneTBB's
// parallel_for over [0, count), on all cores or in an arena of the number of
// threads a caller asked for, and the check of that number. Each index is
// one task's own work, so results do not depend on the count. Header-only,
// beside the layers that use it (jit, quad, ndimage).
#pragma once

#include <llcjit/errors.hpp>
#include <llcjit/threads.hpp>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <cstddef>

#include <fmt/format.h>

namespace llcjit::parallel {

/// UsageError for more threads than kMaxThreads; 0 means all cores.
inline void check_threads(unsigned threads) {
  if (threads > kMaxThreads)
    throw UsageError(fmt::format("threads must be at most {}, got {}", kMaxThreads, threads));
}

/// Runs body(range) over the subranges of [0, count) on `threads` threads
/// (0: all cores).
template <typename Body> void parallel_for(std::ptrdiff_t count, unsigned threads, Body body) {
  const tbb::blocked_range<std::ptrdiff_t> range(0, count);
  if (threads == 0) {
    tbb::parallel_for(range, body);
  } else {
    tbb::task_arena arena(static_cast<int>(threads));
    arena.execute([&] { tbb::parallel_for(range, body); });
  }
}

} // namespace llcjit::parallel
