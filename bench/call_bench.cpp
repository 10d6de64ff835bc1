// The cost of one call of exp(-a*x*x): JIT'd, through SciPy's signature,
// against the same function compiled ahead of time; and the batch entry point
// per element against a loop of scalar calls.
#include <llcjit/llcjit.hpp>

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

extern "C" double aot_gaussian(double x, void *user_data);

namespace {

using Scalar = double (*)(double, void *);
using Batch = void (*)(const double *, double *, std::size_t, const double *);

constexpr std::size_t kPoints = 4096;

std::vector<double> points() {
  std::vector<double> x(kPoints);
  for (std::size_t i = 0; i < kPoints; ++i)
    x[i] = -4.0 + 8.0 * static_cast<double>(i) / kPoints;
  return x;
}

// Calls through a pointer the compiler cannot see through, one per point.
void call_each(benchmark::State &state, Scalar function) {
  const std::vector<double> x = points();
  double a = 0.7;
  Scalar volatile target = function;
  for (auto _ : state) {
    double sum = 0;
    for (double xi : x)
      sum += target(xi, &a);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<long>(state.iterations() * kPoints));
}

const llcjit::Callback &gaussian() {
  static const llcjit::Callback callback =
      llcjit::compile("exp(-a*x*x)", {.tier = llcjit::Tier::Optimised});
  return callback;
}

void BM_Call_Jit(benchmark::State &state) {
  call_each(state, gaussian().as<double(double, void *)>());
}

void call_at(benchmark::State &state, llcjit::Tier tier) {
  const llcjit::Callback callback = llcjit::compile(
      "exp(-a*x*x) # " + std::string(llcjit::to_string(tier)), {.disk_cache = false, .tier = tier});
  call_each(state, callback.as<double(double, void *)>());
}

// Quick code, and an Automatic callback's stub after it has tiered up
// (within the first repetition's warm-up).
void BM_Call_Quick(benchmark::State &state) { call_at(state, llcjit::Tier::Quick); }
void BM_Call_Automatic(benchmark::State &state) { call_at(state, llcjit::Tier::Automatic); }
void BM_Call_Aot(benchmark::State &state) { call_each(state, &aot_gaussian); }

void BM_Batch_Jit(benchmark::State &state) {
  const std::vector<double> x = points();
  std::vector<double> y(kPoints);
  const double a = 0.7;
  Batch batch = gaussian().as<void(const double *, double *, std::size_t, const double *)>();
  for (auto _ : state) {
    batch(x.data(), y.data(), kPoints, &a);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<long>(state.iterations() * kPoints));
}

BENCHMARK(BM_Call_Jit)->Repetitions(5)->ReportAggregatesOnly();
BENCHMARK(BM_Call_Aot)->Repetitions(5)->ReportAggregatesOnly();
BENCHMARK(BM_Call_Quick)->Repetitions(5)->ReportAggregatesOnly();
BENCHMARK(BM_Call_Automatic)->Repetitions(5)->ReportAggregatesOnly();
BENCHMARK(BM_Batch_Jit)->Repetitions(5)->ReportAggregatesOnly();

} // namespace

BENCHMARK_MAIN();
