// The engine: caching, code lifetime, concurrent compile and call, and the
// IR and assembly views.
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <cmath>
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

TEST(Engine, DroppedCodeIsReleasedAndCompilesAgain) {
  llcjit::Engine engine;
  for (int round = 0; round < 3; ++round) {
    const llcjit::Callback f = engine.compile("x + 7");
    EXPECT_EQ(f(1.0), 8.0);
  }
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
  EXPECT_NE(ir.find("define double @llcjit."), std::string::npos);
  EXPECT_NE(ir.find("@exp("), std::string::npos);
  const std::string assembly = engine.assembly("exp(-a*x*x)");
  EXPECT_NE(assembly.find("exp"), std::string::npos);
  EXPECT_NE(assembly.find("ret"), std::string::npos);
  EXPECT_THROW(engine.ir("exp("), llcjit::CompileError);
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
