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

} // namespace llcjit::ndimage
