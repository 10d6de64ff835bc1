// How much the machine caches, for deciding when an array is too large to
// stay in cache.
#pragma once

#include <cstddef>

namespace llcjit::ndimage {

/// The size of the largest cache of the first CPU: from Linux's sysfs, which
/// reads the cache topology the kernel found (glibc's sysconf reports ten
/// times the real L3 on some virtual machines), else from sysconf, else
/// 32 MiB; at most what believable_cache_bytes believes.
std::size_t last_level_cache_bytes();

/// A reported cache of `reported` bytes shared by `sharing_cpus` CPUs, capped
/// at 16 MiB a CPU: hypervisors report caches no real CPU has.
std::size_t believable_cache_bytes(std::size_t reported, std::size_t sharing_cpus);

/// Whether arrays taking `array_bytes` in all are too large to stay in the
/// cache, so that a filter had best write its output around it
/// (FilterOptions::streaming unset): from the size of the last-level cache
/// on. Measured on this project's VM (32 MiB believed), cross minima, each
/// way in a loop of its own into its own output (bench/streaming_bench.py,
/// docs/performance.md): below 32 MiB the cache won at every width (uint16
/// 2048^2, 16 MiB: 0.80 ms streamed against 0.62); at 32 MiB it still won
/// by 4-10 % there, but streaming won by a third when other arrays shared
/// the cache (float32 2048^2: 1.56 against 2.2-2.9), so the rule streams
/// from the cache's size; at 64 MiB streaming won by up to a fifth. Half
/// the cache, the rule before, was measured alternating the two ways on one
/// output, where each streamed call evicted the output the next cached
/// call wrote.
bool outgrows_cache(std::size_t array_bytes);

} // namespace llcjit::ndimage
