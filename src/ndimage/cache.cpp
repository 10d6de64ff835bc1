// The definitions of cache.hpp: how much the machine caches, for deciding when
// an array is too large to stay in cache.
#include "ndimage/cache.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

namespace llcjit::ndimage {

namespace {

// The most cache a real CPU has of the cache it shares: AMD's 3D V-cache
// parts have 12 MiB a core, most others 1-4 MiB. Virtual machines report what
// the hypervisor makes up (one of ours: a 480 MiB level 3 shared by 2 CPUs,
// in sysfs, sysconf and CPUID alike), so more than this is not believed.
constexpr std::size_t kMaxCacheBytesPerCpu = std::size_t{16} << 20;

std::string sysfs_cache_file(int index, const char *name) {
  std::ifstream file("/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/" +
                     name);
  std::string text;
  std::getline(file, text);
  return text;
}

// "32768K" or "32M" in a sysfs cache `size` file; 0 when absent.
std::size_t sysfs_cache_bytes(int index) {
  std::istringstream text(sysfs_cache_file(index, "size"));
  std::size_t amount = 0;
  char unit = 0;
  if (!(text >> amount))
    return 0;
  text >> unit;
  return unit == 'K' ? amount << 10 : unit == 'M' ? amount << 20 : amount;
}

// How many CPUs a sysfs cache is shared by: its shared_cpu_list, such as
// "0-1" or "0,2,4-7"; 0 when absent.
std::size_t sysfs_sharing_cpus(int index) {
  std::istringstream list(sysfs_cache_file(index, "shared_cpu_list"));
  std::size_t count = 0;
  std::string range;
  while (std::getline(list, range, ',')) {
    std::size_t first = 0, last = 0;
    char dash = 0;
    std::istringstream bounds(range);
    if (!(bounds >> first))
      return 0;
    last = bounds >> dash >> last && dash == '-' ? last : first;
    if (last < first)
      return 0;
    count += last - first + 1;
  }
  return count;
}

std::size_t online_cpus() {
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  return cpus > 0 ? static_cast<std::size_t>(cpus) : 1;
}

// The largest cache and the CPUs sharing it: from sysfs, else sysconf (as
// shared by every CPU), else 32 MiB.
std::pair<std::size_t, std::size_t> find_largest_cache() {
  std::size_t largest = 0;
  std::size_t sharing = 0;
  for (int index = 0; index < 8; ++index)
    if (const std::size_t bytes = sysfs_cache_bytes(index); bytes > largest) {
      largest = bytes;
      sharing = sysfs_sharing_cpus(index);
    }
  if (largest > 0)
    return {largest, sharing > 0 ? sharing : online_cpus()};
#ifdef _SC_LEVEL3_CACHE_SIZE
  for (int name : {_SC_LEVEL3_CACHE_SIZE, _SC_LEVEL2_CACHE_SIZE})
    if (const long bytes = sysconf(name); bytes > 0)
      return {static_cast<std::size_t>(bytes), online_cpus()};
#endif
  return {std::size_t{32} << 20, 1};
}

} // namespace

std::size_t believable_cache_bytes(std::size_t reported, std::size_t sharing_cpus) {
  return std::min(reported, kMaxCacheBytesPerCpu * std::max<std::size_t>(sharing_cpus, 1));
}

std::size_t last_level_cache_bytes() {
  static const std::size_t bytes = [] {
    const auto [reported, sharing] = find_largest_cache();
    return believable_cache_bytes(reported, sharing);
  }();
  return bytes;
}

bool outgrows_cache(std::size_t array_bytes) { return array_bytes >= last_level_cache_bytes(); }

} // namespace llcjit::ndimage
