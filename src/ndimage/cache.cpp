// The definitions of cache.hpp: how much the machine caches, for deciding when
// an array is too large to stay in cache.
#include "ndimage/cache.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>

namespace llcjit::ndimage {

namespace {

// "32768K" or "32M" in a sysfs cache `size` file; 0 when absent.
std::size_t sysfs_cache_bytes(int index) {
  std::ifstream file("/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/size");
  std::size_t amount = 0;
  char unit = 0;
  if (!(file >> amount))
    return 0;
  file >> unit;
  return unit == 'K' ? amount << 10 : unit == 'M' ? amount << 20 : amount;
}

std::size_t find_last_level_cache_bytes() {
  std::size_t largest = 0;
  for (int index = 0; index < 8; ++index)
    largest = std::max(largest, sysfs_cache_bytes(index));
  if (largest > 0)
    return largest;
#ifdef _SC_LEVEL3_CACHE_SIZE
  for (int name : {_SC_LEVEL3_CACHE_SIZE, _SC_LEVEL2_CACHE_SIZE})
    if (const long bytes = sysconf(name); bytes > 0)
      return static_cast<std::size_t>(bytes);
#endif
  return std::size_t{32} << 20;
}

} // namespace

std::size_t last_level_cache_bytes() {
  static const std::size_t bytes = find_last_level_cache_bytes();
  return bytes;
}

} // namespace llcjit::ndimage
