// User-defined functions and constants: Options::definitions and
// Engine::define, expanded into the formulas that use them.
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

llcjit::Options defining(std::vector<std::string> definitions) {
  llcjit::Options options;
  options.definitions = std::move(definitions);
  return options;
}

TEST(Definitions, FunctionsAndConstantsAsIfWrittenOut) {
  const auto options = defining({"sq(t) = t*t", "g = 9.81", "fall(t) = g*sq(t)/2"});
  const llcjit::Callback f = llcjit::compile("fall(x) + sq(2)", options);
  EXPECT_EQ(f(3.0), 9.81 * (3.0 * 3.0) / 2 + 4);
  // The same bits as the formula written out by hand.
  const llcjit::Callback written = llcjit::compile("9.81*(x*x)/2 + 2*2");
  for (double x : {0.1, 1.7, -3.25, 1e10})
    EXPECT_EQ(f(x), written(x)) << x;
  EXPECT_TRUE(f.parameters().empty());
}

TEST(Definitions, OtherNamesBecomeParametersOfTheFormula) {
  const llcjit::Callback f = llcjit::compile("gauss(x - m)", defining({"gauss(t) = exp(-a*t*t)"}));
  ASSERT_EQ(f.parameters().size(), 2U);
  EXPECT_EQ(f.parameters()[0], "a"); // the order in which the expanded formula uses them
  EXPECT_EQ(f.parameters()[1], "m");
  EXPECT_EQ(f(1.5, {2.0, 1.0}), std::exp(-2.0 * 0.5 * 0.5));
  EXPECT_TRUE(f.even_in_x() == false);
  // a definition's body sees x as the variable too
  EXPECT_EQ(llcjit::compile("shifted(1)", defining({"shifted(t) = x + t"}))(2.0), 3.0);
}

TEST(Definitions, TheFormulasOwnBindingsHideThem) {
  const auto options = defining({"g = 9.81"});
  EXPECT_EQ(llcjit::compile("g = 2; g * x", options)(3.0), 6.0);
  EXPECT_EQ(llcjit::compile("h = g; g = 2; h * g", options)(0.0), 9.81 * 2);
}

TEST(Definitions, TheLastDefinitionOfANameWinsForLaterUses) {
  const auto options = defining({"k = 2", "twice(t) = k*t", "k = 3"});
  // twice saw the first k; the formula sees the second.
  EXPECT_EQ(llcjit::compile("twice(x) + k", options)(1.0), 2.0 + 3.0);
}

TEST(Definitions, ArrayArgumentsAndFilterKernels) {
  const auto options = defining({"spread(v) = max(v) - min(v)", "mid(v) = (max(v) + min(v)) / 2"});
  const llcjit::Callback k = llcjit::compile("spread(values) / mid(values)", options);
  EXPECT_EQ(k.kind(), llcjit::Kind::Filter);
  EXPECT_EQ(k.filter({1, 5, 3}), 4.0 / 3.0);
  EXPECT_EQ(llcjit::compile("sq(values)[1]", defining({"sq(v) = v*v"})).filter({2, 3}), 9.0);
}

TEST(Definitions, FusedFiltersOfAnotherEngineKeepThem) {
  // generic_filter compiles the fused loop again, with the kernel's options:
  // the definitions travel with them.
  llcjit::Engine engine;
  engine.define("spread(v) = max(v) - min(v)");
  const llcjit::Callback k = engine.compile("spread(values)");
  ASSERT_EQ(k.options().definitions.size(), 1U);
  std::vector<double> image(20 * 20), out(image.size()), expected(image.size());
  for (std::size_t i = 0; i < image.size(); ++i)
    image[i] = std::sin(0.37 * static_cast<double>(i));
  const std::vector<std::ptrdiff_t> shape{20, 20};
  const auto box = llcjit::Footprint::box({5, 5});
  llcjit::generic_filter(llcjit::ArrayView::contiguous(image.data(), shape),
                         llcjit::ArrayView::contiguous(out.data(), shape), k, {}, box);
  llcjit::generic_filter(llcjit::ArrayView::contiguous(image.data(), shape),
                         llcjit::ArrayView::contiguous(expected.data(), shape),
                         llcjit::compile("max(values) - min(values)"), {}, box);
  EXPECT_EQ(out, expected);
}

TEST(Definitions, EngineDefineAppliesToLaterCompilesOfThatEngine) {
  llcjit::Engine engine;
  EXPECT_THROW(engine.compile("sq(x)"), llcjit::CompileError);
  engine.define("sq(t) = t*t");
  EXPECT_EQ(engine.compile("sq(x)")(3.0), 9.0);
  engine.define("sq(t) = t*t*t"); // a new meaning for formulas compiled after
  EXPECT_EQ(engine.compile("sq(x)")(3.0), 27.0);
  EXPECT_EQ(engine.definitions(), (std::vector<std::string>{"sq(t) = t*t", "sq(t) = t*t*t"}));
  EXPECT_THROW(engine.define("bad(t) = t +"), llcjit::CompileError);
  EXPECT_EQ(engine.definitions().size(), 2U);                            // a bad one is not kept
  EXPECT_THROW(llcjit::Engine().compile("sq(x)"), llcjit::CompileError); // other engines
  // The options of a callback already hold the engine's definitions: given
  // back, they are not doubled.
  const llcjit::Callback f = engine.compile("sq(x)");
  EXPECT_EQ(engine.compile(f.source(), f.options()).options().definitions.size(), 2U);
}

TEST(Limits, DefinitionsCannotExpandPastTheLimits) {
  // Each level doubles the nodes, one level deeper: 2^21 nodes, 22 deep.
  std::vector<std::string> doubling{"f0(t) = t + t"};
  for (int i = 1; i <= 20; ++i)
    doubling.push_back("f" + std::to_string(i) + "(t) = f" + std::to_string(i - 1) + "(t) + f" +
                       std::to_string(i - 1) + "(t)");
  // Composed with itself, each level doubles the depth as well: refused by
  // whichever limit the expansion meets first.
  std::vector<std::string> composing{"g0(t) = t + t"};
  for (int i = 1; i <= 20; ++i)
    composing.push_back("g" + std::to_string(i) + "(t) = g" + std::to_string(i - 1) + "(g" +
                        std::to_string(i - 1) + "(t))");
  EXPECT_THROW(llcjit::compile("1 + g20(x)", defining(composing)), llcjit::CompileError);
  try {
    llcjit::compile("1 + f20(x)", defining(doubling));
    ADD_FAILURE() << "compiled";
  } catch (const llcjit::CompileError &error) {
    EXPECT_EQ(error.column(), 5U);
    EXPECT_EQ(error.message(), "with its definitions expanded, the formula has more than 100000 "
                               "operators and operands; split it into several formulas");
  }
  // Each level nests once more: deeper than 1024.
  std::vector<std::string> chain{"n0(t) = -t"};
  for (int i = 1; i <= 1100; ++i)
    chain.push_back("n" + std::to_string(i) + "(t) = -n" + std::to_string(i - 1) + "(t)");
  try {
    llcjit::compile("n1100(x)", defining(chain));
    ADD_FAILURE() << "compiled";
  } catch (const llcjit::CompileError &error) {
    EXPECT_EQ(error.message(), "with its definitions expanded, the formula is more than 1024 "
                               "operators deep; split it into bindings (name = ...; ...)");
  }
}

} // namespace
