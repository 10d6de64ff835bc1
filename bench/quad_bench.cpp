// The seed workload: the integral of exp(-a*x*x) over the real line for
// 10,000 values of a in linspace(0.1, 10, 10000), timed in process on one
// thread and on all cores. Prints one JSON object; bench/quad_sweep.py runs
// it beside SciPy and Numba and prints the ratios.
#include "seed_sweep.hpp"

#include <llcjit/llcjit.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace {

struct Timed {
  double seconds;
  std::vector<llcjit::QuadResult> results;
};

// Best of five runs, so that a busy machine's hiccups do not count.
Timed best_of_five(const llcjit::Callback &f, const std::vector<double> &a, unsigned threads) {
  Timed best{std::numeric_limits<double>::infinity(), {}};
  const double inf = std::numeric_limits<double>::infinity();
  for (int run = 0; run < 5; ++run) {
    const auto start = std::chrono::steady_clock::now();
    auto results = llcjit::quad_sweep(f, a, -inf, inf, {.threads = threads});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds < best.seconds)
      best = {seconds, std::move(results)};
  }
  return best;
}

} // namespace

int main() {
  const std::vector<double> a = seed_sweep_parameters();
  const llcjit::Callback exact = llcjit::compile("exp(-a*x*x)");
  const llcjit::Callback fast = llcjit::compile("exp(-a*x*x)", {.vector_math = true});
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());

  const Timed one = best_of_five(exact, a, 1);
  const Timed all = best_of_five(exact, a, cores);
  const Timed one_fast = best_of_five(fast, a, 1);
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double exact_value = std::sqrt(M_PI / a[i]);
    worst = std::max(worst, std::fabs(one.results[i].value - exact_value) / exact_value);
  }
  std::vector<double> values;
  std::vector<int> nevals;
  for (const llcjit::QuadResult &r : one.results) {
    values.push_back(r.value);
    nevals.push_back(r.neval);
  }
  fmt::print("{{\"one_thread_s\": {:.6g}, \"all_cores_s\": {:.6g}, \"cores\": {}, "
             "\"one_thread_vector_math_s\": {:.6g}, \"worst_relative_error\": {:.3g}, "
             "\"values\": [{:.17g}], \"neval\": [{}]}}\n",
             one.seconds, all.seconds, cores, one_fast.seconds, worst, fmt::join(values, ", "),
             fmt::join(nevals, ", "));
}
