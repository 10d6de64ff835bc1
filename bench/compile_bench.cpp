// Compile latency after the engine is up, and engine start-up.
#include <llcjit/llcjit.hpp>

#include <benchmark/benchmark.h>

#include <string>
#include <tuple>

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

// Compiles distinct formulas at `tier`, without the disk cache.
void compile_distinct(benchmark::State &state, const std::string &source, llcjit::Tier tier) {
  llcjit::Engine engine;
  const llcjit::Options options{.disk_cache = false, .tier = tier};
  engine.compile(source, options); // warm up: the engine is up, LLVM's tables built
  long i = 0;
  for (auto _ : state) {
    // A distinct comment defeats the caches and changes nothing else.
    llcjit::Callback callback = engine.compile(source + "\n# " + std::to_string(i++), options);
    benchmark::DoNotOptimize(callback.address(callback.entries().front()));
  }
}

constexpr auto kQuick = llcjit::Tier::Quick;
constexpr auto kAutomatic = llcjit::Tier::Automatic;
constexpr auto kOptimised = llcjit::Tier::Optimised;

void BM_Compile_Gaussian(benchmark::State &s) { compile_distinct(s, "exp(-a*x*x)", kOptimised); }
void BM_Compile_Erosion(benchmark::State &s) { compile_distinct(s, "min(values)", kOptimised); }
void BM_Compile_ThirtyTerms(benchmark::State &s) {
  compile_distinct(s, thirty_terms(), kOptimised);
}
void BM_Quick_Gaussian(benchmark::State &s) { compile_distinct(s, "exp(-a*x*x)", kQuick); }
void BM_Quick_Erosion(benchmark::State &s) { compile_distinct(s, "min(values)", kQuick); }
void BM_Quick_ThirtyTerms(benchmark::State &s) { compile_distinct(s, thirty_terms(), kQuick); }
void BM_Automatic_Gaussian(benchmark::State &s) { compile_distinct(s, "exp(-a*x*x)", kAutomatic); }

// A compile that finds its code in the disk cache: 64 formulas, stored by
// the warm-up, compiled in turn by an engine that keeps only the last 16 in
// memory.
void BM_DiskCacheHit_Gaussian(benchmark::State &state) {
  const std::string directory = "/tmp/llcjit-bench-cache";
  setenv("LLCJIT_CACHE_DIR", directory.c_str(), 1);
  llcjit::Engine engine;
  auto formula = [](long i) { return "exp(-a*x*x)\n# " + std::to_string(i % 64); };
  for (long i = 0; i < 64; ++i)
    engine.compile(formula(i), {.tier = kOptimised});
  long i = 0;
  for (auto _ : state) {
    llcjit::Callback callback = engine.compile(formula(i++), {.tier = kOptimised});
    if (!callback.from_disk_cache())
      state.SkipWithError("the disk cache missed");
    benchmark::DoNotOptimize(callback.address(llcjit::Entry::ScalarUserData));
  }
  unsetenv("LLCJIT_CACHE_DIR");
}

// A new engine's first fused kernel (3x3 erosion, as generic_filter
// compiles it): what a process pays the first time, without the disk cache
// and with it.
void first_fused_kernel(benchmark::State &state, bool disk_cache) {
  setenv("LLCJIT_CACHE_DIR", "/tmp/llcjit-bench-cache", 1);
  llcjit::FilterLayout layout;
  for (std::ptrdiff_t row = -1; row <= 1; ++row)
    for (std::ptrdiff_t column = -1; column <= 1; ++column)
      layout.offsets.push_back((row * 1024 + column) * 8);
  const llcjit::Options options{
      .kind = llcjit::Kind::Filter, .filter_layout = layout, .disk_cache = disk_cache};
  llcjit::Engine().compile("min(values)", options);
  for (auto _ : state) {
    llcjit::Engine engine;
    const llcjit::Callback kernel = engine.compile("min(values)", options);
    if (kernel.from_disk_cache() != disk_cache)
      state.SkipWithError("the disk cache did not do as asked");
    benchmark::DoNotOptimize(kernel.address(llcjit::Entry::FilterRows));
  }
  unsetenv("LLCJIT_CACHE_DIR");
}
void BM_FirstFusedKernel(benchmark::State &state) { first_fused_kernel(state, false); }
void BM_FirstFusedKernelFromDisk(benchmark::State &state) { first_fused_kernel(state, true); }

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
    benchmark::DoNotOptimize(engine.compile("exp(-a*x*x)", {.disk_cache = false})
                                 .address(llcjit::Entry::ScalarUserData));
  }
}

// Every row but the in-memory hit is the median of five repetitions.
const bool registered = [] {
  using Row = std::tuple<const char *, void (*)(benchmark::State &), benchmark::TimeUnit>;
  for (const auto &[name, function, unit] : {
           Row{"BM_Compile_Gaussian", BM_Compile_Gaussian, benchmark::kMillisecond},
           Row{"BM_Compile_Erosion", BM_Compile_Erosion, benchmark::kMillisecond},
           Row{"BM_Compile_ThirtyTerms", BM_Compile_ThirtyTerms, benchmark::kMillisecond},
           Row{"BM_Quick_Gaussian", BM_Quick_Gaussian, benchmark::kMillisecond},
           Row{"BM_Quick_Erosion", BM_Quick_Erosion, benchmark::kMillisecond},
           Row{"BM_Quick_ThirtyTerms", BM_Quick_ThirtyTerms, benchmark::kMillisecond},
           Row{"BM_Automatic_Gaussian", BM_Automatic_Gaussian, benchmark::kMillisecond},
           Row{"BM_DiskCacheHit_Gaussian", BM_DiskCacheHit_Gaussian, benchmark::kMicrosecond},
           Row{"BM_FirstFusedKernel", BM_FirstFusedKernel, benchmark::kMillisecond},
           Row{"BM_FirstFusedKernelFromDisk", BM_FirstFusedKernelFromDisk, benchmark::kMillisecond},
           Row{"BM_EngineStartup", BM_EngineStartup, benchmark::kMillisecond},
           Row{"BM_EngineStartupAndFirstCompile", BM_EngineStartupAndFirstCompile,
               benchmark::kMillisecond},
       })
    benchmark::RegisterBenchmark(name, function)
        ->Unit(unit)
        ->Repetitions(5)
        ->ReportAggregatesOnly();
  benchmark::RegisterBenchmark("BM_Compile_Cached", BM_Compile_Cached)
      ->Unit(benchmark::kMicrosecond);
  return true;
}();

} // namespace

BENCHMARK_MAIN();
