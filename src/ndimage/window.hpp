// A footprint's extent along one axis, placed around the output element as
// SciPy places it.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

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

/// The axes a separable filter over the box `windows` makes a pass along,
/// from the last towards the first: those whose window spans more than one
/// element (a colour image's channel axis needs none), or the last alone,
/// as a copy, when no window does.
inline std::vector<std::size_t> box_passes(std::span<const Window> windows) {
  std::vector<std::size_t> axes;
  for (std::size_t axis = windows.size(); axis-- > 0;)
    if (windows[axis].size > 1)
      axes.push_back(axis);
  if (axes.empty())
    axes.push_back(windows.size() - 1);
  return axes;
}

} // namespace llcjit::ndimage
