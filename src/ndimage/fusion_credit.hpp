// When a formula's fused kernel is worth compiling. The fused loop runs a
// formula many times faster than its SciPy entry point called per element
// (a median of 8x8 over 1024^2: 29 ms against 929), but its compile grows
// faster than linearly with the code it unrolls (that median 0.4 s, a
// chain of 40 of them 67 s). As a JIT tiers up a hot function (the
// ski-rental rule), a kernel whose compile costs more than the work in
// sight runs unfused, and the work it runs so is credited to its fused
// form, compiled once the credit pays for it: never more than about twice
// the better choice known in hindsight.
#pragma once

#include <llcjit/callback.hpp>
#include <llcjit/options.hpp>

#include <cstddef>
#include <string_view>

namespace llcjit::ndimage {

/// A fused compile estimated at no more than this many seconds is always
/// paid at once: the common kernels (a 3x3 erosion, a 5x5 median, any
/// small formula) stay fused from their first call, as the fixed cost of
/// a compile (about 12 ms) is within this.
inline constexpr double kFreeCompileSeconds = 0.1;

/// The operations `kernel`'s fused body unrolls over `cells` values
/// (llcjit::unrolled_operations; kernel_memo.hpp).
double fused_operations(const Callback &kernel, std::size_t cells);

/// Whether a filter should compile `source` with `fused` (options with a
/// filter layout), a body of `operations`, for a call over `points` output
/// elements on `threads` threads (0: all cores): at once where the compile is cheap or
/// already done (in this process or the disk cache), else once the calls
/// so far, this one included, have credited that compile with its cost.
/// The credit is time waited for: the work's CPU time over the threads
/// that share it, as the compile runs on one. Safe to call from many
/// threads.
bool fusion_pays(double operations, std::size_t points, unsigned threads, std::string_view source,
                 const Options &fused);

/// The estimated seconds of a fused compile of `operations`.
double fused_compile_seconds(double operations);

} // namespace llcjit::ndimage
