#include "demo.hpp"

#include <llcjit/llcjit.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

using Clock = std::chrono::steady_clock;

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void describe(const Callback &callback) {
  fmt::print("  kind {}, variables [{}], parameters [{}]\n",
             to_string(callback.kind()), fmt::join(callback.variables(), ", "),
             fmt::join(callback.parameters(), ", "));
  for (Entry entry : callback.entries())
    fmt::print("  entry point  {}\n", callback.signature(entry));
}

void gaussian() {
  fmt::print("exp(-a*x*x)  -- an integrand for scipy.integrate.quad\n");
  auto start = Clock::now();
  Callback f = compile("exp(-a*x*x)");
  fmt::print("  compiled in {:.2f} ms (first compile, engine start-up included)\n",
             milliseconds_since(start));
  describe(f);

  const double a = 2.0;
  const double x = 0.5;
  auto *with_user_data = f.as<double(double, void *)>();
  fmt::print("  f(0.5) with a = 2 through 'double (double, void *)': {:.17g}\n",
             with_user_data(x, const_cast<double *>(&a)));
  fmt::print("  std::exp(-a*x*x) in C++:                           {:.17g}\n",
             std::exp(-a * x * x));

  std::vector<double> xs(1 << 20), ys(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i)
    xs[i] = -4.0 + 8.0 * static_cast<double>(i) / static_cast<double>(xs.size());
  const Callback fast = compile("exp(-a*x*x)", {.vector_math = true});
  for (const auto &[label, callback] :
       {std::pair{"bit-for-bit <cmath>", f}, std::pair{"libmvec, 4 ulp     ", fast}}) {
    auto *batch =
        callback.as<void(const double *, double *, std::size_t, const double *)>();
    start = Clock::now();
    batch(xs.data(), ys.data(), xs.size(), &a);
    fmt::print("  batch entry point ({}) over {} points: {:.2f} ns per point\n",
               label, xs.size(),
               milliseconds_since(start) * 1e6 / static_cast<double>(xs.size()));
  }
}

void erosion() {
  fmt::print("\nmin(values)  -- a kernel for scipy.ndimage.generic_filter\n");
  auto start = Clock::now();
  Callback kernel = compile("min(values)");
  fmt::print("  compiled in {:.2f} ms\n", milliseconds_since(start));
  describe(kernel);
  std::vector<double> neighbourhood = {4, 1, 3, 9, 2};
  double result = 0;
  auto *f = kernel.as<int(double *, std::intptr_t, double *, void *)>();
  const int ok = f(neighbourhood.data(), 5, &result, nullptr);
  fmt::print("  min of [4, 1, 3, 9, 2] through the filter entry point: {} "
             "(returned {})\n",
             result, ok);
}

void diagnostic() {
  fmt::print("\nA typo gets a diagnostic, not a crash:\n");
  try {
    compile("exp(-a*x)*exq(x)");
  } catch (const CompileError &error) {
    fmt::print("{}\n", error.what());
  }
}

} // namespace

int run_demo() {
  gaussian();
  erosion();
  diagnostic();
  return 0;
}

} // namespace llcjit::tool
