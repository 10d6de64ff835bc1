#include "demo.hpp"

#include <llcjit/llcjit.hpp>

#include <chrono>
#include <cmath>
#include <algorithm>
#include <cstdint>
#include <limits>
#include <numbers>
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

void gaussian_sweep() {
  fmt::print("\nThe seed sweep: the integral of exp(-a*x*x) over the real line for "
             "10,000 values of a in [0.1, 10]\n");
  const Callback f = compile("exp(-a*x*x)");
  std::vector<double> a(10000);
  for (std::size_t i = 0; i < a.size(); ++i)
    a[i] = 0.1 + static_cast<double>(i) * (10.0 - 0.1) / 9999.0;
  const double inf = std::numeric_limits<double>::infinity();
  const auto start = Clock::now();
  const std::vector<QuadResult> results = quad_sweep(f, a, -inf, inf);
  const double elapsed = milliseconds_since(start);
  double worst = 0;
  long evaluations = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double exact = std::sqrt(std::numbers::pi / a[i]);
    worst = std::max(worst, std::fabs(results[i].value - exact) / exact);
    evaluations += results[i].neval;
  }
  fmt::print("  llcjit::quad_sweep (QUADPACK's QAGI, as scipy.integrate.quad) on all "
             "cores: {:.1f} ms, {} integrand evaluations\n",
             elapsed, evaluations);
  fmt::print("  worst relative error against sqrt(pi/a): {:.2g}\n", worst);
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
  gaussian_sweep();
  erosion();
  diagnostic();
  return 0;
}

} // namespace llcjit::tool
