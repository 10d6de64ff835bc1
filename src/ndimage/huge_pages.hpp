// Whole-image scratch arrays (a reduction's results, a tile's float64
// copy of the input) backed by transparent huge pages where the system
// offers them.
// Such an array is written once, so what it costs beyond the writes is the
// kernel's page faults: with 4 KiB pages a fresh 64 MiB array takes 16,384
// of them, about 40 ms on this project's VM, more than the running extremes
// that fill it (docs/performance.md). In 2 MiB pages, as NumPy asks for its
// own large arrays, that is 32 faults.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

namespace llcjit::ndimage {

struct FreeDeleter {
  void operator()(void *pointer) const noexcept { std::free(pointer); }
};

template <typename T> using HugePageArray = std::unique_ptr<T[], FreeDeleter>;

/// `count` uninitialised elements; throws std::bad_alloc when they do not fit.
template <typename T> HugePageArray<T> huge_page_array(std::size_t count) {
  constexpr std::size_t kHugePage = std::size_t{2} << 20;
  std::size_t bytes = 0;
  if (__builtin_mul_overflow(count, sizeof(T), &bytes) || bytes > SIZE_MAX - kHugePage)
    throw std::bad_alloc();
  // Smaller arrays come from the heap, which reuses its pages.
  const std::size_t alignment = bytes >= kHugePage ? kHugePage : alignof(std::max_align_t);
  bytes = (bytes + alignment - 1) / alignment * alignment;
  void *memory = std::aligned_alloc(alignment, bytes == 0 ? alignment : bytes);
  if (memory == nullptr)
    throw std::bad_alloc();
  if (alignment == kHugePage)
    madvise(memory, bytes, MADV_HUGEPAGE); // a hint: 4 KiB pages work too
  return HugePageArray<T>(static_cast<T *>(memory));
}

} // namespace llcjit::ndimage
