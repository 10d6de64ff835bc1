// The definitions of demo.hpp: `llcjit demo`.
#include "demo.hpp"

#include "formula_commands.hpp"

#include <llcjit/llcjit.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

using Clock = std::chrono::steady_clock;

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void describe(const Callback &callback) {
  fmt::print("  kind {}, variables [{}], parameters [{}]\n", to_string(callback.kind()),
             fmt::join(callback.variables(), ", "), fmt::join(callback.parameters(), ", "));
  for (Entry entry : callback.entries())
    fmt::print("  entry point  {}\n", callback.signature(entry));
}

void gaussian() {
  fmt::print("exp(-a*x*x)  -- an integrand for scipy.integrate.quad\n");
  auto start = Clock::now();
  Callback f = compile("exp(-a*x*x)");
  // Quick code is compiled an entry point at a time, when first asked for.
  auto *with_user_data = f.as<double(double, void *)>();
  fmt::print("  {} in {:.2f} ms (first compile, engine start-up included)\n", origin_of(f),
             milliseconds_since(start));
  describe(f);

  const double a = 2.0;
  const double x = 0.5;
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
    auto *batch = callback.as<void(const double *, double *, std::size_t, const double *)>();
    start = Clock::now();
    batch(xs.data(), ys.data(), xs.size(), &a);
    fmt::print("  batch entry point ({}) over {} points: {:.2f} ns per point\n", label, xs.size(),
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
  auto *f = kernel.as<int(double *, std::intptr_t, double *, void *)>();
  fmt::print("  {} in {:.2f} ms\n", origin_of(kernel), milliseconds_since(start));
  describe(kernel);
  std::vector<double> neighbourhood = {4, 1, 3, 9, 2};
  double result = 0;
  const int ok = f(neighbourhood.data(), 5, &result, nullptr);
  fmt::print("  min of [4, 1, 3, 9, 2] through the filter entry point: {} "
             "(returned {})\n",
             result, ok);
}

// The seed erosion: a 2048 x 2048 image under the cross footprint.
void seed_erosion() {
  fmt::print("\nThe seed erosion: min(values) over the cross [[0,1,0],[1,1,1],[0,1,0]] "
             "of a 2048 x 2048 float64 image\n");
  const std::ptrdiff_t n = 2048;
  std::vector<double> image(n * n), eroded(n * n);
  std::mt19937_64 random(2048);
  std::normal_distribution<double> normal;
  for (double &pixel : image)
    pixel = normal(random);
  const ArrayView in = ArrayView::contiguous(image.data(), {n, n});
  const ArrayView out = ArrayView::contiguous(eroded.data(), {n, n});
  const Footprint cross{{3, 3}, {0, 1, 0, 1, 1, 1, 0, 1, 0}};
  const Callback kernel = compile("min(values)");
  auto start = Clock::now();
  generic_filter(in, out, kernel, {}, cross);
  fmt::print("  first call, the fused kernel compiled for this footprint: {:.2f} ms\n",
             milliseconds_since(start));
  for (unsigned threads : {1u, 0u}) {
    double best = std::numeric_limits<double>::infinity();
    for (int repeat = 0; repeat < 5; ++repeat) {
      start = Clock::now();
      generic_filter(in, out, kernel, {}, cross, {.threads = threads});
      best = std::min(best, milliseconds_since(start));
    }
    fmt::print("  llcjit::generic_filter, fused, {}: {:.2f} ms (best of 5)\n",
               threads == 1 ? "1 thread" : "all cores", best);
  }
  // The same pixel computed by hand: the centre and its four neighbours.
  const std::ptrdiff_t row = 1000, column = 700;
  const double expected = std::min({image[row * n + column], image[(row - 1) * n + column],
                                    image[(row + 1) * n + column], image[row * n + column - 1],
                                    image[row * n + column + 1]});
  fmt::print("  pixel (1000, 700): {} (std::min of its cross: {})\n", eroded[row * n + column],
             expected);
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
  seed_erosion();
  diagnostic();
  return 0;
}

} // namespace llcjit::tool
