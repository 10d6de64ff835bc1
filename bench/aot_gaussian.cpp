// The seed integrand compiled ahead of time by the same compiler as the
// benchmark, in its own translation unit so that it is called, not inlined,
// exactly like the JIT'd entry point.
#include <cmath>

extern "C" double aot_gaussian(double x, void *user_data) {
  const double a = *static_cast<const double *>(user_data);
  return std::exp(-a * x * x);
}
