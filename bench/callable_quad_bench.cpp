// Any C++ callable through llcjit's QUADPACK driver, beside GSL's QUADPACK
// with the same function: the seed sweep (the integral of exp(-a*x*x) over
// the real line for a in linspace(0.1, 10, 10000)), and the same at 10x the
// integrals, on one thread, as
// llcjit::quad_sweep of a compiled formula (one vectorised call per rule),
// of a C++ lambda (one call per node), and as gsl_integration_qagi of the
// lambda's function, with SciPy's tolerances and limit. Prints the times,
// the ratios and how far the values lie apart.
#include "seed_sweep.hpp"

#include <llcjit/llcjit.hpp>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTolerance = 1.49e-8; // scipy.integrate.quad's epsabs and epsrel
constexpr int kLimit = 50;

template <typename Run> double best_of_five(Run run) {
  double best = kInf;
  for (int i = 0; i < 5; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run();
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

double gaussian(double x, void *a) { return std::exp(-*static_cast<double *>(a) * x * x); }

// One sweep of `count` integrals by the three routes, printed.
void compare(std::size_t count) {
  std::vector<double> a = seed_sweep_parameters(count); // GSL takes a void * to each
  const llcjit::QuadOptions one_thread{.threads = 1};

  const llcjit::Callback formula = llcjit::compile("exp(-a*x*x)");
  std::vector<llcjit::QuadResult> by_formula, by_lambda;
  const double formula_s =
      best_of_five([&] { by_formula = llcjit::quad_sweep(formula, a, -kInf, kInf, one_thread); });
  auto lambda = [](double x, std::span<const double> p) { return std::exp(-p[0] * x * x); };
  const double lambda_s =
      best_of_five([&] { by_lambda = llcjit::quad_sweep(lambda, 1, a, -kInf, kInf, one_thread); });

  gsl_set_error_handler_off();
  gsl_integration_workspace *workspace = gsl_integration_workspace_alloc(kLimit);
  std::vector<double> by_gsl(a.size());
  const double gsl_s = best_of_five([&] {
    for (std::size_t i = 0; i < a.size(); ++i) {
      gsl_function f{&gaussian, &a[i]};
      double abserr = 0;
      gsl_integration_qagi(&f, kTolerance, kTolerance, kLimit, workspace, &by_gsl[i], &abserr);
    }
  });
  gsl_integration_workspace_free(workspace);

  double lambda_vs_formula = 0, gsl_vs_formula = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double exact = std::sqrt(M_PI / a[i]);
    lambda_vs_formula =
        std::max(lambda_vs_formula, std::fabs(by_lambda[i].value - by_formula[i].value) / exact);
    gsl_vs_formula = std::max(gsl_vs_formula, std::fabs(by_gsl[i] - by_formula[i].value) / exact);
  }
  fmt::print("{} integrals over the real line, one thread (best of 5)\n", count);
  fmt::print("  llcjit::quad_sweep, compiled formula   {:8.2f} ms\n", formula_s * 1e3);
  fmt::print("  llcjit::quad_sweep, C++ lambda         {:8.2f} ms   {:.2f}x the formula's time\n",
             lambda_s * 1e3, lambda_s / formula_s);
  fmt::print("  gsl_integration_qagi, the same lambda  {:8.2f} ms   {:.2f}x llcjit's lambda\n",
             gsl_s * 1e3, gsl_s / lambda_s);
  fmt::print("  largest difference from the formula: lambda {:.1e}, GSL {:.1e} (relative)\n",
             lambda_vs_formula, gsl_vs_formula);
}

} // namespace

int main() {
  compare(10000);  // the seed's size
  compare(100000); // 10x
}
