// The engine: caching, code lifetime, concurrent compile and call, and the
// IR and assembly views.
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

TEST(Engine, SameSourceAndOptionsGiveTheCachedCode) {
  const llcjit::Callback first = llcjit::compile("sin(x) * k");
  const llcjit::Callback second = llcjit::compile("sin(x) * k");
  EXPECT_EQ(first.address(llcjit::Entry::ScalarUserData),
            second.address(llcjit::Entry::ScalarUserData));
  const llcjit::Callback other = llcjit::compile("sin(x) * k", {.parameters = {"k", "z"}});
  EXPECT_NE(first.address(llcjit::Entry::ScalarUserData),
            other.address(llcjit::Entry::ScalarUserData));
}

TEST(Engine, CodeOutlivesItsEngine) {
  std::optional<llcjit::Callback> kept;
  {
    llcjit::Engine engine;
    kept = engine.compile("x * x + 1");
  }
  EXPECT_EQ((*kept)(3.0), 10.0);
}

TEST(Engine, RecentCodeIsKeptAfterItsLastHandleGoes) {
  llcjit::Engine engine;
  void *first = engine.compile("x + 7").address(llcjit::Entry::ScalarUserData);
  EXPECT_EQ(engine.compile("x + 7").address(llcjit::Entry::ScalarUserData), first);
  // Sixteen newer results push it out; it compiles again and still works.
  for (int other = 0; other < 16; ++other)
    engine.compile("x + " + std::to_string(other + 100));
  const llcjit::Callback again = engine.compile("x + 7");
  EXPECT_EQ(again(1.0), 8.0);
}

TEST(Engine, ConcurrentCompileAndCallFromEightThreads) {
  llcjit::Engine engine;
  std::vector<std::thread> threads;
  std::vector<int> failures(8, 0);
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        // Half the formulas are shared between threads (cache races), half
        // are distinct.
        const double k = (i % 2) ? i : t * 100 + i;
        const std::string source = "x * " + std::to_string(static_cast<int>(k)) + " + a";
        const llcjit::Callback f = engine.compile(source);
        for (int j = 0; j < 100; ++j)
          if (f(j, std::vector{0.5}) != j * k + 0.5)
            ++failures[t];
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  for (int t = 0; t < 8; ++t)
    EXPECT_EQ(failures[t], 0) << "thread " << t;
}

TEST(Engine, IrAndAssemblyShowTheEntryPoints) {
  llcjit::Engine engine;
  const std::string ir = engine.ir("exp(-a*x*x)");
  // Each entry point named by its role and C signature (jit/listing.cpp).
  EXPECT_NE(ir.find("define double @\"quad: double (double, void *)\"("), std::string::npos);
  EXPECT_NE(ir.find("define double @\"nquad: double (int, double *, void *)\"("),
            std::string::npos);
  EXPECT_NE(ir.find("@exp("), std::string::npos);
  const std::string assembly = engine.assembly("exp(-a*x*x)");
  EXPECT_NE(assembly.find("exp"), std::string::npos);
  EXPECT_NE(assembly.find("ret"), std::string::npos);
  EXPECT_THROW(engine.ir("exp("), llcjit::CompileError);
}

TEST(Engine, StreamingFilterRowsStoreNonTemporally) {
  llcjit::Engine engine;
  const llcjit::Options fused{.kind = llcjit::Kind::Filter,
                              .filter_layout = llcjit::FilterLayout{{-800, -8, 0, 8, 800}}};
  const std::string ir = engine.ir("min(values)", fused);
  // Only vector stores, which the optimiser proved aligned from the
  // streaming entry's `align 64` output, go around the cache.
  std::istringstream lines(ir);
  int nontemporal = 0;
  for (std::string line; std::getline(lines, line);)
    if (line.find("!nontemporal") != std::string::npos) {
      ++nontemporal;
      EXPECT_NE(line.find("store <"), std::string::npos) << line;
    }
  EXPECT_GT(nontemporal, 0) << ir;
  const llcjit::Callback kernel = engine.compile("min(values)", fused);
  EXPECT_TRUE(kernel.has(llcjit::Entry::FilterRowsStreaming));
  const llcjit::Options strided_output{.kind = llcjit::Kind::Filter,
                                       .filter_layout =
                                           llcjit::FilterLayout{{-800, -8, 0, 8, 800}, 8, 16}};
  EXPECT_FALSE(
      engine.compile("min(values)", strided_output).has(llcjit::Entry::FilterRowsStreaming));
  EXPECT_EQ(engine.ir("min(values)", strided_output).find("!nontemporal"), std::string::npos);
}

TEST(Engine, LoopsSpillVectorsToAlignedSlots) {
  // A 7x7 float32 median needs more vectors than any x86 level has
  // registers. Spill slots aligned only to 16 split cache lines in
  // processes whose stack happened to lie 16 bytes off 32 (a 5x5 median
  // then ran 4x slower), so the loops align their frames and spill
  // vectors with aligned moves.
  std::vector<std::ptrdiff_t> offsets;
  for (std::ptrdiff_t row = -3; row <= 3; ++row)
    for (std::ptrdiff_t column = -3; column <= 3; ++column)
      offsets.push_back(row * 8192 + column * 4);
  const llcjit::Options fused{.kind = llcjit::Kind::Filter,
                              .filter_layout = llcjit::FilterLayout{
                                  offsets, 4, 4, llcjit::DType::Float32, llcjit::DType::Float32}};
  const std::string assembly = llcjit::Engine().assembly("median(values)", fused);
  const std::size_t rows = assembly.find("\"fused filter rows: void");
  ASSERT_NE(rows, std::string::npos) << assembly;
  std::istringstream lines(assembly.substr(rows));
  int vector_spills = 0;
  for (std::string line; std::getline(lines, line) && !line.starts_with(".Lfunc_end");) {
    const bool vector = line.find("%xmm") != std::string::npos ||
                        line.find("%ymm") != std::string::npos ||
                        line.find("%zmm") != std::string::npos;
    if (vector && line.find("(%rsp)") != std::string::npos &&
        line.find("mov") != std::string::npos) {
      ++vector_spills;
      EXPECT_EQ(line.find("movu"), std::string::npos) << line;
      EXPECT_EQ(line.find("movdqu"), std::string::npos) << line;
    }
  }
  EXPECT_GT(vector_spills, 0) << "no vector spills left to check; use a larger footprint";
}

TEST(Engine, BatchLoopCallsScalarLibmByDefault) {
  llcjit::Engine engine;
  const std::string ir = engine.ir("exp(-a*x*x)");
  EXPECT_EQ(ir.find("_ZGV"), std::string::npos);
}

TEST(Engine, BatchLoopIsVectorisedWithLibmvec) {
  llcjit::Engine engine;
  const std::string ir = engine.ir("exp(-a*x*x)", {.vector_math = true});
  // The vectoriser replaced exp by glibc's 4-wide AVX2 variant (or the
  // 2-wide SSE one on older CPUs).
  EXPECT_TRUE(ir.find("_ZGVdN4v_exp") != std::string::npos ||
              ir.find("_ZGVbN2v_exp") != std::string::npos)
      << ir;
}

} // namespace
