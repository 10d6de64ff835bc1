// The definitions of fused_kernel.hpp.
#include "ndimage/fused_kernel.hpp"

#include "ndimage/cache_lines.hpp"

#include <algorithm>

namespace llcjit::ndimage {

namespace {

// The streaming kernel runs in calls of this many bytes of output, each
// first prefetching the input that later calls will read: into L2 far
// ahead, and from there into L1 nearer (distances in bytes of a contiguous
// input). With the output going around the cache, the hardware prefetcher
// alone left the seed erosion waiting on memory; each of the two
// prefetches helps (docs/performance.md). In bytes, not elements: calls of
// 64 uint8 elements made the uint8 erosion twice as slow as ordinary stores.
constexpr std::ptrdiff_t kStreamingChunkBytes = 512;
constexpr std::ptrdiff_t kPrefetchBytes = 2048;
constexpr std::ptrdiff_t kFarPrefetchBytes = 8192;

} // namespace

void run_interior(const Kernel &kernel, const char *in, char *out, std::ptrdiff_t count,
                  std::ptrdiff_t in_step) {
  std::ptrdiff_t done = 0;
  if (kernel.streaming_rows) {
    // Up to the first 64-byte aligned output element the plain kernel.
    done = items_before_line(out, kernel.output_item, count);
    kernel.rows(in, out, done, kernel.params);
    const auto leading = reinterpret_cast<std::uintptr_t>(in) + kernel.leading_offset;
    // One prefetch per 64-byte line of a contiguous input (as an address,
    // not a pointer: it may lie past the array, which a prefetch allows).
    const std::ptrdiff_t line = 64 / kernel.input_item;
    const std::ptrdiff_t chunk = kStreamingChunkBytes / kernel.output_item;
    const std::ptrdiff_t near = kPrefetchBytes / kernel.input_item;
    const std::ptrdiff_t far = kFarPrefetchBytes / kernel.input_item;
    for (; done < count; done += chunk) {
      for (std::ptrdiff_t e = done; e < done + chunk; e += line) {
        // In wrapping arithmetic: the stride of a one-element axis may be
        // anything, and the address is never dereferenced.
        auto ahead = [&](std::ptrdiff_t elements) {
          return reinterpret_cast<const void *>(leading +
                                                static_cast<std::uintptr_t>(e + elements) *
                                                    static_cast<std::uintptr_t>(in_step));
        };
        __builtin_prefetch(ahead(far), 0, 2);
        __builtin_prefetch(ahead(near));
      }
      kernel.streaming_rows(in + done * in_step, out + done * kernel.output_item,
                            std::min(chunk, count - done), kernel.params);
    }
    return;
  }
  kernel.rows(in, out, count, kernel.params);
}

} // namespace llcjit::ndimage
