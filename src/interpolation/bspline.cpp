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

// Up to kMaxLines lines side by side, sample i of line j at
// data[i * step + j]: the recursions run on all of them in lockstep, the
// same operations in the same order per line as one line alone, so that
// the compiler vectorises across lines without changing a bit.
struct Lines {
  double *data;
  std::ptrdiff_t n, step, width;
  double &operator()(std::ptrdiff_t i, std::ptrdiff_t j) const { return data[i * step + j]; }
};

using Row = std::array<double, kMaxLines>;

// The first causal coefficient of a line mirrored about its end samples:
//   d c b | a b c d | c b a
void causal_mirror(const Lines &c, double z) noexcept {
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

void anticausal_mirror(const Lines &c, double z) noexcept {
  const std::ptrdiff_t n = c.n;
  for (std::ptrdiff_t j = 0; j < c.width; ++j)
    c(n - 1, j) = (z * c(n - 2, j) + c(n - 1, j)) * z / (z * z - 1);
}

// A line repeated with period n:
//   b c d | a b c d | a b c
void causal_wrap(const Lines &c, double z) noexcept {
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

void anticausal_wrap(const Lines &c, double z) noexcept {
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
void causal_reflect(const Lines &c, double z) noexcept {
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

void anticausal_reflect(const Lines &c, double z) noexcept {
  for (std::ptrdiff_t j = 0; j < c.width; ++j)
    c(c.n - 1, j) *= z / (z - 1);
}

using Init = void(const Lines &, double) noexcept;

} // namespace

void prefilter_lines(double *data, std::ptrdiff_t n, std::ptrdiff_t step, std::ptrdiff_t width,
                     int order, InterpolationMode mode) noexcept {
  if (n <= 1)
    return;
  Init *causal = &causal_mirror;
  Init *anticausal = &anticausal_mirror;
  if (mode == InterpolationMode::GridWrap) {
    causal = &causal_wrap;
    anticausal = &anticausal_wrap;
  } else if (mode == InterpolationMode::Reflect || mode == InterpolationMode::Nearest) {
    causal = &causal_reflect;
    anticausal = &anticausal_reflect;
  }
  const Lines c{data, n, step, width};
  const Poles poles = poles_of(order);
  double gain = 1.0;
  for (int k = 0; k < poles.count; ++k)
    gain *= (1.0 - poles.z[k]) * (1.0 - 1.0 / poles.z[k]);
  for (std::ptrdiff_t i = 0; i < n; ++i)
    for (std::ptrdiff_t j = 0; j < width; ++j)
      c(i, j) *= gain;
  for (int k = 0; k < poles.count; ++k) {
    const double z = poles.z[k];
    causal(c, z);
    for (std::ptrdiff_t i = 1; i < n; ++i)
      for (std::ptrdiff_t j = 0; j < width; ++j)
        c(i, j) += z * c(i - 1, j);
    anticausal(c, z);
    for (std::ptrdiff_t i = n - 2; i >= 0; --i)
      for (std::ptrdiff_t j = 0; j < width; ++j)
        c(i, j) = z * (c(i + 1, j) - c(i, j));
  }
}

} // namespace llcjit::interpolation
