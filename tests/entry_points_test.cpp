// Each entry point called through its raw C function pointer, as SciPy calls
// it, with parameters in user_data or in xx, and the calls that must fail
// rather than read past a buffer.
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace {

using llcjit::Entry;

TEST(Signatures, AreScipysStringsExactly) {
  EXPECT_EQ(llcjit::signature(Entry::Scalar), "double (double)");
  EXPECT_EQ(llcjit::signature(Entry::ScalarUserData), "double (double, void *)");
  EXPECT_EQ(llcjit::signature(Entry::Array), "double (int, double *)");
  EXPECT_EQ(llcjit::signature(Entry::ArrayUserData), "double (int, double *, void *)");
  EXPECT_EQ(llcjit::signature(Entry::Filter), "int (double *, intptr_t, double *, void *)");
  EXPECT_EQ(llcjit::signature(Entry::Filter1D),
            "int (double *, intptr_t, double *, intptr_t, void *)");
  EXPECT_EQ(llcjit::signature(Entry::Transform), "int (intptr_t *, double *, int, int, void *)");
}

TEST(Quad, EntryPointsPresent) {
  const llcjit::Callback with = llcjit::compile("exp(-a*x*x)");
  EXPECT_EQ(with.kind(), llcjit::Kind::Quad);
  EXPECT_EQ(with.entries(),
            (std::vector{Entry::ScalarUserData, Entry::Array, Entry::ArrayUserData, Entry::Batch}));
  EXPECT_THROW(with.address(Entry::Scalar), llcjit::UsageError);
  const llcjit::Callback without = llcjit::compile("exp(-x*x)");
  EXPECT_TRUE(without.has(Entry::Scalar));
  EXPECT_EQ(without.as<double(double)>()(1.5), std::exp(-2.25));
}

TEST(Quad, ParametersFromUserData) {
  const llcjit::Callback f = llcjit::compile("exp(-a*x*x) * b");
  ASSERT_EQ(f.parameters().size(), 2u);
  EXPECT_EQ(f.parameters()[0], "a");
  EXPECT_EQ(f.parameters()[1], "b");
  double params[] = {2.0, 3.0};
  const double want = std::exp(-2.0 * 0.25) * 3.0;
  EXPECT_EQ(f.as<double(double, void *)>()(0.5, params), want);
  // A missing user_data is a NaN, not a crash.
  EXPECT_TRUE(std::isnan(f.as<double(double, void *)>()(0.5, nullptr)));
}

TEST(Quad, ArrayFormsReadXThenArgs) {
  const llcjit::Callback f = llcjit::compile("exp(-a*x*x) * b");
  double xx[] = {0.5, 2.0, 3.0};
  const double want = std::exp(-2.0 * 0.25) * 3.0;
  auto *array = f.as<double(int, double *)>();
  EXPECT_EQ(array(3, xx), want);
  // Too few values: NaN without reading xx[1] or xx[2]; too many, NaN rather
  // than SciPy's args silently ignored.
  EXPECT_TRUE(std::isnan(array(2, xx)));
  EXPECT_TRUE(std::isnan(array(0, nullptr)));
  double more[] = {0.5, 2.0, 3.0, 4.0};
  EXPECT_TRUE(std::isnan(array(4, more)));

  auto *array_user_data = f.as<double(int, double *, void *)>();
  double params[] = {1.0, 10.0};
  EXPECT_EQ(array_user_data(1, xx, params), std::exp(-0.25) * 10.0);
  EXPECT_TRUE(std::isnan(array_user_data(3, xx, params))); // args beside user_data
  EXPECT_EQ(array_user_data(3, xx, nullptr), want);        // scipy's args in xx
  EXPECT_TRUE(std::isnan(array_user_data(4, more, nullptr)));
  EXPECT_TRUE(std::isnan(array_user_data(2, xx, nullptr)));
  EXPECT_TRUE(std::isnan(array_user_data(0, xx, params)));
}

TEST(Quad, DeclaredParameterOrderAndSpecialisation) {
  const llcjit::Callback f = llcjit::compile("a * x + b", {.parameters = {"b", "unused", "a"}});
  double params[] = {1.0, 99.0, 10.0}; // b, unused, a
  EXPECT_EQ(f.as<double(double, void *)>()(2.0, params), 21.0);

  const llcjit::Callback specialised = llcjit::compile("a * x + b", {.constants = {{"a", 10.0}}});
  ASSERT_EQ(specialised.parameters().size(), 1u);
  EXPECT_EQ(specialised.parameters()[0], "b");
  double b = 1.0;
  EXPECT_EQ(specialised.as<double(double, void *)>()(2.0, &b), 21.0);
}

TEST(NQuad, VariablesInnermostFirstThenParameters) {
  const llcjit::Callback f = llcjit::compile("x0 * 100 + x1 * 10 + x2 + c");
  EXPECT_EQ(f.kind(), llcjit::Kind::NQuad);
  EXPECT_EQ(f.variables().size(), 3u);
  EXPECT_EQ(f.entries(), (std::vector{Entry::Array, Entry::ArrayUserData}));
  double xx[] = {1, 2, 3, 0.5};
  EXPECT_EQ(f.as<double(int, double *)>()(4, xx), 123.5);
  EXPECT_TRUE(std::isnan(f.as<double(int, double *)>()(3, xx)));
  double c = 0.25;
  EXPECT_EQ(f.as<double(int, double *, void *)>()(3, xx, &c), 123.25);
  EXPECT_EQ(f.as<double(int, double *, void *)>()(4, xx, nullptr), 123.5);
  EXPECT_TRUE(std::isnan(f.as<double(int, double *, void *)>()(4, xx, &c)));
  EXPECT_TRUE(std::isnan(f.as<double(int, double *, void *)>()(2, xx, &c)));
}

TEST(NQuad, DeclaredNames) {
  const llcjit::Callback f = llcjit::compile("x*y*z + k", {.variables = {"x", "y", "z"}});
  EXPECT_EQ(f.kind(), llcjit::Kind::NQuad);
  ASSERT_EQ(f.parameters().size(), 1u);
  const double point[] = {2, 3, 4};
  EXPECT_EQ(f.evaluate(point, std::vector{1.0}), 25.0);
}

TEST(Filter, ScipyGenericFilterSignature) {
  const llcjit::Callback f = llcjit::compile("max(values) - min(values) + t");
  EXPECT_EQ(f.kind(), llcjit::Kind::Filter);
  auto *kernel = f.as<int(double *, std::intptr_t, double *, void *)>();
  double buffer[] = {3, -1, 4, 1, 5};
  double t = 0.5, out = 0;
  EXPECT_EQ(kernel(buffer, 5, &out, &t), 1);
  EXPECT_EQ(out, 6.5);
  // No user_data although a parameter is needed: failure (SciPy raises).
  EXPECT_EQ(kernel(buffer, 5, &out, nullptr), 0);
  EXPECT_EQ(kernel(buffer, -1, &out, &t), 0);
}

TEST(Filter1D, LoopsOverTheOutputLine) {
  const llcjit::Callback f =
      llcjit::compile("sum(values) / size", {.kind = llcjit::Kind::Filter1D});
  auto *kernel = f.as<int(double *, std::intptr_t, double *, std::intptr_t, void *)>();
  double input[] = {1, 2, 3, 4, 5, 6};
  double output[4] = {};
  // filter_size = 6 - 4 + 1 = 3: a moving mean.
  ASSERT_EQ(kernel(input, 6, output, 4, nullptr), 1);
  EXPECT_EQ(output[0], 2.0);
  EXPECT_EQ(output[1], 3.0);
  EXPECT_EQ(output[2], 4.0);
  EXPECT_EQ(output[3], 5.0);
  EXPECT_EQ(kernel(input, 3, output, 4, nullptr), 0); // window of 0
}

TEST(Transform, ScipyGeometricTransformSignature) {
  const llcjit::Callback f = llcjit::compile("(o0 * s, o1 + shift)");
  EXPECT_EQ(f.kind(), llcjit::Kind::Transform);
  EXPECT_EQ(f.result_arity(), 2u);
  auto *mapping = f.as<int(std::intptr_t *, double *, int, int, void *)>();
  std::intptr_t out[] = {3, 4};
  double in[2] = {};
  double params[] = {0.5, -1.0};
  ASSERT_EQ(mapping(out, in, 2, 2, params), 1);
  EXPECT_EQ(in[0], 1.5);
  EXPECT_EQ(in[1], 3.0);
  EXPECT_EQ(mapping(out, in, 3, 2, params), 0); // ranks do not match
  EXPECT_EQ(mapping(out, in, 2, 1, params), 0);
  EXPECT_EQ(mapping(out, in, 2, 2, nullptr), 0);
}

TEST(Transform, DeclaredNamesAndDifferentRanks) {
  const llcjit::Callback f = llcjit::compile(
      "(i + j, i - j, 0.5)", {.kind = llcjit::Kind::Transform, .variables = {"i", "j"}});
  const std::intptr_t out[] = {5, 2};
  EXPECT_EQ(f.transform(out), (std::vector{7.0, 3.0, 0.5}));
}

// Out to |x| = 40, where exp(-a*x*x) underflows to 0 and then to
// subnormals on the way in (the batch entry skips libm below -746).
TEST(Batch, BitForBitTheScalarEntryByDefault) {
  for (const char *source : {"exp(-a*x*x) + sin(x) / b", "exp(-a*x*x) * b"}) {
    const llcjit::Callback f = llcjit::compile(source);
    std::vector<double> x(1001), y(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      x[i] = -40.0 + 0.08 * static_cast<double>(i);
    const double params[] = {0.7, 3.0};
    f.as<void(const double *, double *, std::size_t, const double *)>()(x.data(), y.data(),
                                                                        x.size(), params);
    auto *scalar = f.as<double(double, void *)>();
    for (std::size_t i = 0; i < x.size(); ++i)
      EXPECT_EQ(y[i], scalar(x[i], const_cast<double *>(params))) << source << " at " << x[i];
  }
}

// The batch entry's exp is glibc's algorithm inline where the engine found
// it gives libm's bits (codegen/glibc_exp.cpp), libm's exp elsewhere: either
// way every result must be libm's, on the fast path, at the points handed
// back to libm (|x| >= 512, NaN) and at the +0 shortcut below -746.
TEST(Batch, ExpIsLibmsExpBitForBit) {
  const llcjit::Callback f = llcjit::compile("exp(x)");
  std::vector<double> x;
  std::uint64_t state = 0x9e3779b97f4a7c15;
  auto next = [&] { // xorshift64
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  auto uniform = [&](double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(next() >> 11) * 0x1p-53;
  };
  for (int i = 0; i < 250000; ++i) {
    x.push_back(std::bit_cast<double>(next())); // any bits: every exponent, NaNs
    x.push_back(uniform(-1100, 1100));
    x.push_back(uniform(-20, 20));
    x.push_back(uniform(-760, -500)); // subnormal results and the shortcut
  }
  const double inf = std::numeric_limits<double>::infinity();
  for (double special : {0.0, -0.0, 0x1p-54, -0x1p-54, 0x1p-55, 4.9e-324, 511.99, 512.0, -512.0,
                         709.782712893384, 709.7827128933841, -745.1332191019411,
                         -745.1332191019412, -746.0, -1024.0, 1024.0, inf, -inf})
    x.push_back(special);
  x.push_back(1.0); // 1,000,019 points: the last chunk of 64 is partial
  std::vector<double> y(x.size());
  f.as<void(const double *, double *, std::size_t, const double *)>()(x.data(), y.data(), x.size(),
                                                                      nullptr);
  int wrong = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double want = std::exp(x[i]);
    if (std::bit_cast<std::uint64_t>(y[i]) != std::bit_cast<std::uint64_t>(want) &&
        !(std::isnan(y[i]) && std::isnan(want)) && ++wrong <= 10)
      ADD_FAILURE() << "exp(" << std::hexfloat << x[i] << ") = " << y[i] << ", libm gives " << want;
  }
  EXPECT_EQ(wrong, 0);
}

TEST(Batch, ExpIsInlineOnCpusWhereGlibcRunsItsFmaBuild) {
  if (!__builtin_cpu_supports("fma") || !__builtin_cpu_supports("avx2"))
    GTEST_SKIP() << "glibc runs another build of exp on this CPU";
  EXPECT_NE(llcjit::Engine::default_engine().ir("exp(x)").find("llcjit.exp_table"),
            std::string::npos);
}

TEST(Batch, WithVectorMathWithinLibmvecAccuracy) {
  const llcjit::Callback f = llcjit::compile("exp(-a*x*x)", {.vector_math = true});
  std::vector<double> x(1001), y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = -40.0 + 0.08 * static_cast<double>(i);
  const double a = 0.7;
  f.as<void(const double *, double *, std::size_t, const double *)>()(x.data(), y.data(), x.size(),
                                                                      &a);
  for (std::size_t i = 0; i < x.size(); ++i) {
    // libmvec's vector exp is within 4 ulp of the scalar one.
    EXPECT_NEAR(y[i], std::exp(-a * x[i] * x[i]), 4 * std::ldexp(y[i], -52)) << x[i];
  }
}

TEST(Convenience, WrongUseIsAUsageError) {
  const llcjit::Callback f = llcjit::compile("a * x");
  EXPECT_THROW(f(1.0), llcjit::UsageError);
  EXPECT_THROW(f(1.0, std::vector{1.0, 2.0}), llcjit::UsageError);
  EXPECT_THROW(f.filter(std::vector{1.0}, std::vector{1.0}), llcjit::UsageError);
  EXPECT_THROW(f.as<double(double)>(), llcjit::UsageError);
  EXPECT_EQ(f(3.0, std::vector{2.0}), 6.0);
}

} // namespace
