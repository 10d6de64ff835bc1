#include "ndimage/fused_kernel.hpp"

#include <llcjit/engine.hpp>

#include <algorithm>
#include <deque>
#include <mutex>

namespace llcjit::ndimage {

namespace {

// The engine's cache finds a kernel while a handle to it is alive; these
// handles keep the last few alive between calls.
constexpr std::size_t kKeptKernels = 16;

struct RecentKernels {
  std::mutex mutex;
  std::deque<Callback> kernels;
};

} // namespace

Callback fused_kernel(const Callback &kernel, const FilterLayout &layout) {
  Options options = kernel.options();
  options.filter_layout = layout;
  Callback fused = compile(kernel.source(), options);

  // Never destroyed: its handles may outlive LLVM's statics at exit.
  static auto *recent = new RecentKernels;
  std::lock_guard lock(recent->mutex);
  auto &kernels = recent->kernels;
  const auto same = std::find_if(kernels.begin(), kernels.end(), [&](const Callback &kept) {
    return kept.address(Entry::FilterRows) == fused.address(Entry::FilterRows);
  });
  if (same != kernels.end())
    kernels.erase(same);
  else if (kernels.size() == kKeptKernels)
    kernels.pop_back();
  kernels.push_front(fused);
  return fused;
}

} // namespace llcjit::ndimage
