// Compile latency after the engine is up, and engine start-up.
#include <llcjit/llcjit.hpp>

#include <benchmark/benchmark.h>

#include <string>

namespace {

std::string thirty_terms() {
  std::string source = "a0";
  for (int i = 1; i < 30; ++i)
    source += " + a" + std::to_string(i) +
              (i % 3 == 0   ? " * sin(x * " + std::to_string(i) + ")"
               : i % 3 == 1 ? " * x^" + std::to_string(i % 5)
                            : " * exp(-x / " + std::to_string(i) + ")");
  return source;
}

void compile_distinct(benchmark::State &state, const std::string &source) {
  llcjit::Engine engine;
  engine.compile(source); // warm up: the engine is up, LLVM's tables built
  long i = 0;
  for (auto _ : state) {
    // A distinct comment defeats the cache and changes nothing else.
    llcjit::Callback callback = engine.compile(source + "\n# " + std::to_string(i++));
    benchmark::DoNotOptimize(callback.address(callback.entries().front()));
  }
}

void BM_Compile_Gaussian(benchmark::State &state) { compile_distinct(state, "exp(-a*x*x)"); }
void BM_Compile_Erosion(benchmark::State &state) { compile_distinct(state, "min(values)"); }
void BM_Compile_ThirtyTerms(benchmark::State &state) { compile_distinct(state, thirty_terms()); }

void BM_Compile_Cached(benchmark::State &state) {
  llcjit::Engine engine;
  const llcjit::Callback kept = engine.compile("exp(-a*x*x)");
  for (auto _ : state)
    benchmark::DoNotOptimize(engine.compile("exp(-a*x*x)").address(llcjit::Entry::Batch));
}

void BM_EngineStartup(benchmark::State &state) {
  for (auto _ : state) {
    llcjit::Engine engine;
    benchmark::DoNotOptimize(&engine);
  }
}

// What a process pays before its first callback: the engine and one compile,
// which builds the target machine's tables.
void BM_EngineStartupAndFirstCompile(benchmark::State &state) {
  for (auto _ : state) {
    llcjit::Engine engine;
    benchmark::DoNotOptimize(engine.compile("exp(-a*x*x)").address(llcjit::Entry::ScalarUserData));
  }
}

BENCHMARK(BM_Compile_Gaussian)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly();
BENCHMARK(BM_Compile_Erosion)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly();
BENCHMARK(BM_Compile_ThirtyTerms)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly();
BENCHMARK(BM_Compile_Cached)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EngineStartup)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly();
BENCHMARK(BM_EngineStartupAndFirstCompile)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly();

} // namespace

BENCHMARK_MAIN();
