// Work that goes on after the call that started it has returned: compiles
// of optimised code for formulas that became hot. That work uses LLVM,
// whose static objects are destroyed at exit, so exit waits for it.
#pragma once

#include <functional>

namespace llcjit::jit {

/// Runs `work` on a thread of its own. Never throws: an exception from
/// `work`, or no thread to run it on, drops the work (the caller's code
/// keeps working without it).
void run_in_background(std::function<void()> work) noexcept;

/// Returns once all work started so far has finished.
void wait_for_background_work() noexcept;

} // namespace llcjit::jit
