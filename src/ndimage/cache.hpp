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
/// (FilterOptions::streaming unset): from half the last-level cache on,
/// which also holds everything else. Measured on this project's VM (32 MiB
/// believed): a float32 2048^2 minimum, 32 MiB in all, 1.9 ms streamed
/// against 3.5; float64 at 1024^2, 16 MiB, 0.9 against 1.4; float32 at
/// 1024^2, 8 MiB, 0.85 against 0.56.
bool outgrows_cache(std::size_t array_bytes);

} // namespace llcjit::ndimage
