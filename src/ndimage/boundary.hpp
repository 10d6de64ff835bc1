// Where an index outside [0, n) reads from, for each boundary mode
// (scipy.ndimage's extension rules).
#pragma once

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <optional>

namespace llcjit::ndimage {

/// extend() for an index outside [0, n).
std::optional<std::ptrdiff_t> extend_outside(std::ptrdiff_t i, std::ptrdiff_t n,
                                             Mode mode) noexcept;

/// The in-range index that index i of an axis of length n reads under
/// `mode`; std::nullopt when it reads the constant (Mode::Constant). Inline
/// for the common case of an index already inside.
inline std::optional<std::ptrdiff_t> extend(std::ptrdiff_t i, std::ptrdiff_t n,
                                            Mode mode) noexcept {
  if (i >= 0 && i < n)
    return i;
  return extend_outside(i, n, mode);
}

/// extend() for element i of a row of `pixels` pixels of `channels`
/// interleaved elements: its pixel as the mode maps it, the same channel.
/// Inline and without a division for an element inside the row, as
/// extend(): the border's gathering asks for every cell's.
inline std::optional<std::ptrdiff_t> extend_pixel(std::ptrdiff_t i, std::ptrdiff_t pixels,
                                                  std::ptrdiff_t channels, Mode mode) noexcept {
  if (i >= 0 && i < pixels * channels)
    return i;
  const std::ptrdiff_t pixel = (i >= 0 ? i : i - channels + 1) / channels;
  const auto mapped = extend(pixel, pixels, mode);
  return mapped ? std::optional(*mapped * channels + (i - pixel * channels)) : std::nullopt;
}

} // namespace llcjit::ndimage
