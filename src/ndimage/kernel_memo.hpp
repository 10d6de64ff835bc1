// What a driver derives from a filter kernel for a footprint's number of
// cells by parsing and analysing the formula again (its reduction form,
// the size of its fused body). That costs about a fifth of a 3x3 erosion
// of an 8x8 image, and small images come call after call with the same
// kernel, so each thread keeps its last answer.
#pragma once

#include <llcjit/callback.hpp>
#include <llcjit/options.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace llcjit::ndimage {

/// make() for `kernel` over `cells` values, or the answer this thread last
/// had for them at this call site (each lambda `Make` its own memo).
template <typename Make>
auto per_thread_memo(const Callback &kernel, std::size_t cells, Make make) {
  using Value = decltype(make());
  struct Last {
    std::string source;
    Options options;
    std::size_t cells = 0;
    Value value;
  };
  thread_local std::optional<Last> last;
  if (!last || last->cells != cells || last->source != kernel.source() ||
      last->options != kernel.options())
    last = Last{std::string(kernel.source()), kernel.options(), cells, make()};
  return last->value;
}

} // namespace llcjit::ndimage
