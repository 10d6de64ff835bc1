// The seed sweep's parameters, shared by the quadrature benchmarks.
#pragma once

#include <cstddef>
#include <vector>

/// numpy.linspace(0.1, 10, count) to the bit: start + i * step, the last
/// value exactly 10, so that the values compare with SciPy's. The seed's
/// count is 10,000.
inline std::vector<double> seed_sweep_parameters(std::size_t count = 10000) {
  std::vector<double> a(count);
  const double step = (10.0 - 0.1) / static_cast<double>(count - 1);
  for (std::size_t i = 0; i < a.size(); ++i)
    a[i] = i + 1 == a.size() ? 10.0 : static_cast<double>(i) * step + 0.1;
  return a;
}
