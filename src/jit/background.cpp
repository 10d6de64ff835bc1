// The definitions of background.hpp: detached threads, counted so that
// exit can wait for them.
#include "jit/background.hpp"

#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <new>
#include <thread>

namespace llcjit::jit {

namespace {

struct InFlight {
  std::mutex mutex;
  std::condition_variable done;
  int count = 0;
};

// Never destroyed: threads may finish during static destruction.
std::atomic<InFlight *> state_of_this_process{new InFlight};

InFlight &in_flight() { return *state_of_this_process.load(); }

// A child forked while work was in flight has none of the parent's
// threads: it starts with nothing to wait for (the parent's state, whose
// mutex may have been held at the fork, is left behind).
void forget_in_child() noexcept {
  if (auto *fresh = new (std::nothrow) InFlight)
    state_of_this_process.store(fresh);
}

void finish() noexcept {
  InFlight &state = in_flight();
  std::lock_guard lock(state.mutex);
  if (--state.count == 0)
    state.done.notify_all();
}

} // namespace

void run_in_background(std::function<void()> work) noexcept {
  // Registered after LLVM's statics were constructed, so this runs before
  // they are destroyed.
  static const int registered =
      std::atexit(wait_for_background_work) | pthread_atfork(nullptr, nullptr, forget_in_child);
  (void)registered;
  InFlight &state = in_flight();
  {
    std::lock_guard lock(state.mutex);
    ++state.count;
  }
  try {
    std::thread([work = std::move(work)] {
      try {
        work();
      } catch (...) { // NOLINT(bugprone-empty-catch): dropped, as background.hpp says
      }
      finish();
    }).detach();
  } catch (...) {
    finish();
  }
}

void wait_for_background_work() noexcept {
  InFlight &state = in_flight();
  std::unique_lock lock(state.mutex);
  state.done.wait(lock, [&] { return state.count == 0; });
}

} // namespace llcjit::jit
