// The definitions of boundary.hpp: where an index outside [0, n) reads from,
// for each boundary mode (scipy.ndimage's extension rules).
#include "ndimage/boundary.hpp"

namespace llcjit::ndimage {

namespace {

// i modulo m, in [0, m).
std::ptrdiff_t wrap(std::ptrdiff_t i, std::ptrdiff_t m) {
  const std::ptrdiff_t r = i % m;
  return r < 0 ? r + m : r;
}

} // namespace

std::optional<std::ptrdiff_t> extend_outside(std::ptrdiff_t i, std::ptrdiff_t n,
                                             Mode mode) noexcept {
  switch (mode) {
  case Mode::Constant: return std::nullopt;
  case Mode::Nearest: return i < 0 ? 0 : n - 1;
  case Mode::Wrap: return wrap(i, n);
  case Mode::Reflect: { // d c b a | a b c d | d c b a
    const std::ptrdiff_t j = wrap(i, 2 * n);
    return j < n ? j : 2 * n - 1 - j;
  }
  case Mode::Mirror: { // d c b | a b c d | c b a; a single sample repeats
    if (n == 1)
      return 0;
    const std::ptrdiff_t j = wrap(i, 2 * n - 2);
    return j < n ? j : 2 * n - 2 - j;
  }
  }
  return std::nullopt;
}

} // namespace llcjit::ndimage
