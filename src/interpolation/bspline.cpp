// The B-spline prefilter of bspline.hpp: a gain, then per pole a causal and
// an anticausal first-order recursion, each started from the value the
// boundary condition gives the sum over the line's infinite extension. The
// initialisations for Wrap and Reflect are Philippe Thévenaz's, as SciPy
// has them.
#include "interpolation/bspline.hpp"

#include <array>

namespace llcjit::interpolation {

namespace {

struct Poles {
  int count;
  std::array<double, 2> z;
};

Poles poles_of(int order) noexcept {
  switch (order) {
  case 2: return {1, {-0.171572875253809902396622551580603843}}; // sqrt(8) - 3
  case 3: return {1, {-0.267949192431122706472553658494127633}}; // sqrt(3) - 2
  case 4:
    return {2,
            {-0.361341225900220177092212841325675255,   //
             -0.013725429297339121360331226939128204}}; //
  case 5:
    return {2,
            {-0.430575347099973791851434783493520110,   //
             -0.043096288203264653822712376822550182}}; //
  default: return {0, {}};
  }
}

// Lines side by side, sample i of line j at data[i * step + j]: the
// recursions run on all of them in lockstep, the same operations in the
// same order per line as one line alone, so that the compiler vectorises
// across lines without changing a bit. A full block's width is a constant
// (its rows become whole vectors); the last block's is not.
template <std::ptrdiff_t Width> struct FullLines {
  static constexpr std::ptrdiff_t width = Width;
  double *data;
  std::ptrdiff_t n, step;
  double &operator()(std::ptrdiff_t i, std::ptrdiff_t j) const { return data[i * step + j]; }
};

struct SomeLines {
  double *data;
  std::ptrdiff_t n, step, width;
  double &operator()(std::ptrdiff_t i, std::ptrdiff_t j) const { return data[i * step + j]; }
};

using Row = std::array<double, kMaxLines>;

// The first causal coefficient of a line mirrored about its end samples:
//   d c b | a b c d | c b a
template <typename Lines> void causal_mirror(const Lines &c, double z) noexcept {
  const std::ptrdiff_t n = c.n;
  const double z_n_1 = std::pow(z, static_cast<double>(n - 1));
  Row sum;
  for (std::ptrdiff_t j = 0; j < c.width; ++j)
    sum[j] = c(0, j) + z_n_1 * c(n - 1, j);
  double z_i = z;
  for (std::ptrdiff_t i = 1; i < n - 1; ++i) {
    for (std::ptrdiff_t j = 0; j < c.width; ++j)
      sum[j] += z_i * (c(i, j) + z_n_1 * c(n - 1 - i, j));
    z_i *= z;
  }
  for (std::ptrdiff_t j = 0; j < c.width; ++j)
    c(0, j) = sum[j] / (1 - z_n_1 * z_n_1);
}

template <typename Lines> void anticausal_mirror(const Lines &c, double z) noexcept {
  const std::ptrdiff_t n = c.n;
  for (std::ptrdiff_t j = 0; j < c.width; ++j)
    c(n - 1, j) = (z * c(n - 2, j) + c(n - 1, j)) * z / (z * z - 1);
}

// A line repeated with period n:
//   b c d | a b c d | a b c
template <typename Lines> void causal_wrap(const Lines &c, double z) noexcept {
  const std::ptrdiff_t n = c.n;
  Row sum;
  for (std::ptrdiff_t j = 0; j < c.width; ++j)
    sum[j] = c(0, j);
  double z_i = z;
  for (std::ptrdiff_t i = 1; i < n; ++i) {
    for (std::ptrdiff_t j = 0; j < c.width; ++j)
      sum[j] += z_i * c(n - i, j);
    z_i *= z;
  }
  for (std::ptrdiff_t j = 0; j < c.width; ++j)
    c(0, j) = sum[j] / (1 - z_i);
}

template <typename Lines> void anticausal_wrap(const Lines &c, double z) noexcept {
  const std::ptrdiff_t n = c.n;
  Row sum;
  for (std::ptrdiff_t j = 0; j < c.width; ++j)
    sum[j] = c(n - 1, j);
  double z_i = z;
  for (std::ptrdiff_t i = 0; i < n - 1; ++i) {
    for (std::ptrdiff_t j = 0; j < c.width; ++j)
      sum[j] += z_i * c(i, j);
    z_i *= z;
  }
  for (std::ptrdiff_t j = 0; j < c.width; ++j)
    c(n - 1, j) = sum[j] * (z / (z_i - 1));
}

// A line reflected about its outer edges, end samples repeated:
//   c b a | a b c d | d c b
template <typename Lines> void causal_reflect(const Lines &c, double z) noexcept {
  const std::ptrdiff_t n = c.n;
  const double z_n = std::pow(z, static_cast<double>(n));
  Row sum;
  for (std::ptrdiff_t j = 0; j < c.width; ++j)
    sum[j] = c(0, j) + z_n * c(n - 1, j);
  double z_i = z;
  for (std::ptrdiff_t i = 1; i < n - 1; ++i) {
    for (std::ptrdiff_t j = 0; j < c.width; ++j)
      sum[j] += z_i * (c(i, j) + z_n * c(n - 1 - i, j));
    z_i *= z;
  }
  // SciPy 1.10 sums in place in the first sample, and its last term reads
  // that sample: the sum so far, not the sample (fixed in SciPy 1.12).
  for (std::ptrdiff_t j = 0; j < c.width; ++j)
    sum[j] += z_i * (c(n - 1, j) + z_n * sum[j]);
  for (std::ptrdiff_t j = 0; j < c.width; ++j)
    c(0, j) = sum[j] * (z / (1 - z_n * z_n)) + c(0, j);
}

template <typename Lines> void anticausal_reflect(const Lines &c, double z) noexcept {
  for (std::ptrdiff_t j = 0; j < c.width; ++j)
    c(c.n - 1, j) *= z / (z - 1);
}

// One pole's causal and anticausal passes, started as the mode has it.
template <typename Lines>
void filter_pole(const Lines &c, double z, InterpolationMode mode) noexcept {
  const std::ptrdiff_t n = c.n;
  if (mode == InterpolationMode::GridWrap)
    causal_wrap(c, z);
  else if (mode == InterpolationMode::Reflect || mode == InterpolationMode::Nearest)
    causal_reflect(c, z);
  else
    causal_mirror(c, z);
  for (std::ptrdiff_t i = 1; i < n; ++i)
    for (std::ptrdiff_t j = 0; j < c.width; ++j)
      c(i, j) += z * c(i - 1, j);
  if (mode == InterpolationMode::GridWrap)
    anticausal_wrap(c, z);
  else if (mode == InterpolationMode::Reflect || mode == InterpolationMode::Nearest)
    anticausal_reflect(c, z);
  else
    anticausal_mirror(c, z);
  for (std::ptrdiff_t i = n - 2; i >= 0; --i)
    for (std::ptrdiff_t j = 0; j < c.width; ++j)
      c(i, j) = z * (c(i + 1, j) - c(i, j));
}

template <typename Lines>
void prefilter(const Lines &c, int order, InterpolationMode mode) noexcept {
  const Poles poles = poles_of(order);
  double gain = 1.0;
  for (int k = 0; k < poles.count; ++k)
    gain *= (1.0 - poles.z[k]) * (1.0 - 1.0 / poles.z[k]);
  for (std::ptrdiff_t i = 0; i < c.n; ++i)
    for (std::ptrdiff_t j = 0; j < c.width; ++j)
      c(i, j) *= gain;
  for (int k = 0; k < poles.count; ++k)
    filter_pole(c, poles.z[k], mode);
}

// A full block per vector level: each recursion is a chain of dependent
// multiply-adds down the lines, so its rows go in as many vectors as the
// level has room for, side by side.
[[gnu::target("arch=x86-64-v4"), gnu::flatten]] void
prefilter_avx512(const FullLines<kMaxLines> &c, int order, InterpolationMode mode) noexcept {
  prefilter(c, order, mode);
}

[[gnu::target("arch=x86-64-v3"), gnu::flatten]] void
prefilter_avx2(const FullLines<kMaxLines> &c, int order, InterpolationMode mode) noexcept {
  prefilter(c, order, mode);
}

} // namespace

void prefilter_lines(double *data, std::ptrdiff_t n, std::ptrdiff_t step, std::ptrdiff_t width,
                     int order, InterpolationMode mode, ndimage::VectorLevel level) noexcept {
  if (n <= 1)
    return;
  if (width < kMaxLines)
    return prefilter(SomeLines{data, n, step, width}, order, mode);
  const FullLines<kMaxLines> lines{data, n, step};
  switch (level) {
  case ndimage::VectorLevel::Avx512: return prefilter_avx512(lines, order, mode);
  case ndimage::VectorLevel::Avx2: return prefilter_avx2(lines, order, mode);
  case ndimage::VectorLevel::Sse2: return prefilter(lines, order, mode);
  }
}

} // namespace llcjit::interpolation
