// A footprint's extent along one axis, placed around the output element as
// SciPy places it.
#pragma once

#include <cstddef>
#include <span>

namespace llcjit::ndimage {

/// A window along one axis: the cells at offsets [low, low + size) from the
/// output element.
struct Window {
  std::ptrdiff_t low;
  std::ptrdiff_t size;
};

/// The window of `size` cells whose origin is `origin`: SciPy centres it on
/// cell size / 2 (the later of two middle cells) and moves it back by the
/// origin.
constexpr Window centred_window(std::ptrdiff_t size, std::ptrdiff_t origin) {
  return {-(size / 2) - origin, size};
}

/// The cells of the box `windows` spans, as a double (it may pass 2^63).
inline double box_cells(std::span<const Window> windows) {
  double cells = 1;
  for (const Window &window : windows)
    cells *= static_cast<double>(window.size);
  return cells;
}

} // namespace llcjit::ndimage
