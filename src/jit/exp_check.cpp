// The definitions of exp_check.hpp: the numbers behind the decision to compute
// exp inline.
#include "jit/exp_check.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace llcjit::jit {

std::vector<double> exp_check_points() {
  std::vector<double> x;
  for (int i = 0; i <= 3000; ++i) // -760 .. 760, steps of 0.5066...
    x.push_back(-760.0 + i * (1520.0 / 3000.0));
  for (int k = 0; k < 512; ++k) // every table entry, near 0 and near -700
    x.push_back(k * (0.6931471805599453 / 128.0) + 1e-3 * (k % 7) - (k >= 256 ? 700.0 : 0.0));
  for (double special :
       {0.0, -0.0, 0x1p-54, -0x1p-55, 709.78, 709.79, -745.13, -745.14,
        std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
        std::numeric_limits<double>::quiet_NaN()})
    x.push_back(special);
  return x;
}

bool agrees_with_libm_exp(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size())
    return false;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::bit_cast<std::uint64_t>(y[i]) != std::bit_cast<std::uint64_t>(std::exp(x[i])) &&
        !(std::isnan(y[i]) && std::isnan(x[i])))
      return false;
  return true;
}

} // namespace llcjit::jit
