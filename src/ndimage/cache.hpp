// How much the machine caches, for deciding when an array is too large to
// stay in cache.
#pragma once

#include <cstddef>

namespace llcjit::ndimage {

/// The size of the largest cache of the first CPU: from Linux's sysfs, which
/// reads the cache topology the kernel found (glibc's sysconf reports ten
/// times the real L3 on some virtual machines), else from sysconf, else
/// 32 MiB.
std::size_t last_level_cache_bytes();

} // namespace llcjit::ndimage
