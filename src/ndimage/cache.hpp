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

} // namespace llcjit::ndimage
