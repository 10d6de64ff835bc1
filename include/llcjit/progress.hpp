// Watching and stopping a long driver call from another thread: a Python
// front end waiting for a million-integral sweep honours Ctrl-C and shows
// a progress bar through it.
#pragma once

#include <atomic>
#include <cstddef>

namespace llcjit {

/// Shared by a driver call (quad_sweep, generic_filter) and the threads that
/// watch it. The call adds to `total` the units of work it sets out to do
/// (the integrals of a sweep, the lines of a filter, each pass of a filter
/// that makes several) and to `done` the units finished. Setting `cancel`
/// makes it stop once each of its threads finishes its current unit, and
/// throw Cancelled; the output is then partly written. Its layout is
/// llcjit_progress's (llcjit.h), which the C ABI passes through.
struct Progress {
  std::atomic<std::size_t> done{0};
  std::atomic<std::size_t> total{0};
  std::atomic<int> cancel{0};
};

} // namespace llcjit
