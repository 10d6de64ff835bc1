// Where an index outside [0, n) reads from, for each boundary mode
// (scipy.ndimage's extension rules).
#pragma once

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <optional>

namespace llcjit::ndimage {

/// The in-range index that index i of an axis of length n reads under
/// `mode`; std::nullopt when it reads the constant (Mode::Constant).
std::optional<std::ptrdiff_t> extend(std::ptrdiff_t i, std::ptrdiff_t n, Mode mode) noexcept;

} // namespace llcjit::ndimage
