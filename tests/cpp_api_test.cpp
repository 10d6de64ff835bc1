// The C++ API as exprtk, muparser and Boost.Math users reach for it:
// parameters in braces and by name, any C++ callable through the QUADPACK
// driver, and the named footprints of morphology.
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(CppApi, ParametersInBraces) {
  const llcjit::Callback f = llcjit::compile("exp(-a*x*x)");
  EXPECT_EQ(f(0.5, {2.0}), std::exp(-0.5));
  EXPECT_EQ(f.evaluate({0.5}, {2.0}), std::exp(-0.5));
  const llcjit::QuadResult r = llcjit::quad(f, {2.0}, -kInf, kInf);
  EXPECT_NEAR(r.value, std::sqrt(M_PI / 2), 1e-12);
  const std::vector<double> a{2.0};
  EXPECT_EQ(r.value, llcjit::quad(f, a, -kInf, kInf).value);

  const llcjit::Callback k = llcjit::compile("median(values) * s");
  EXPECT_EQ(k.filter({1, 5, 3}, {2.0}), 6.0);
  const std::vector<double> values{1, 5, 3};
  EXPECT_EQ(k.filter(values, {0.5}), 1.5);
  EXPECT_EQ(llcjit::compile("median(values)").filter({4, 1, 3, 2}), 2.5);
  EXPECT_EQ(llcjit::compile("x0 * x1 + c").evaluate({2, 3}, {1}), 7.0);
}

TEST(CppApi, BindByName) {
  const llcjit::Callback f = llcjit::compile("exp(-a*(x - m)^2)");
  const llcjit::BoundCallback g = f.bind({{"m", 1.0}, {"a", 2.0}});
  EXPECT_EQ(g(1.5), f(1.5, {2.0, 1.0})); // parameters() order is a, m
  ASSERT_EQ(g.params().size(), 2U);
  EXPECT_EQ(g.params()[0], 2.0);
  const llcjit::QuadResult r = llcjit::quad(g, -kInf, kInf);
  EXPECT_NEAR(r.value, std::sqrt(M_PI / 2), 1e-12);
  EXPECT_EQ(r.value, llcjit::quad(f, {2.0, 1.0}, -kInf, kInf).value);

  const std::map<std::string, double, std::less<>> values{{"a", 2.0}, {"m", 1.0}};
  EXPECT_EQ(f.bind(values)(0.25), g(0.25));
  EXPECT_EQ(llcjit::compile("k * sum(values)").bind({{"k", 3.0}}).filter({1, 2}), 9.0);
  EXPECT_EQ(llcjit::compile("x0 * x1 + c").bind({{"c", 1.0}}).evaluate({2, 3}), 7.0);
}

TEST(CppApi, BindRefusesWrongNames) {
  const llcjit::Callback f = llcjit::compile("exp(-a*x*x)");
  auto message = [&](auto bind) {
    try {
      bind();
    } catch (const llcjit::UsageError &error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message([&] { f.bind({{"b", 1.0}}); }),
            "bind: the formula has no parameter 'b' (its parameters: a)");
  EXPECT_EQ(message([&] { f.bind({}); }), "bind: give a value for the parameter 'a'");
  EXPECT_EQ(message([&] { f.bind({{"a", 1.0}, {"a", 2.0}}); }), "bind: 'a' is given twice");
  EXPECT_EQ(message([&] { llcjit::compile("x").bind({{"a", 1.0}}); }),
            "bind: the formula has no parameters, and 'a' was given");
}

TEST(CppApi, QuadOfAFormulaWithoutParameters) {
  const llcjit::QuadResult r = llcjit::quad(llcjit::compile("1 / (1 + x)"), 0, 1);
  EXPECT_NEAR(r.value, std::log(2.0), 1e-15);
  EXPECT_EQ(r.ier, 0);
}

TEST(CppApi, QuadOfAnyCallableRunsTheSameDriver) {
  // The same integrand as a formula and as a lambda: QUADPACK sees the same
  // values at the same points, so the results agree to the bit.
  const llcjit::QuadResult formula = llcjit::quad(llcjit::compile("1 / (1 + x)"), 0, 1);
  int calls = 0;
  const llcjit::QuadResult lambda = llcjit::quad(
      [&](double x) {
        ++calls;
        return 1 / (1 + x);
      },
      0, 1);
  EXPECT_EQ(lambda.value, formula.value);
  EXPECT_EQ(lambda.abserr, formula.abserr);
  EXPECT_EQ(lambda.neval, formula.neval);
  EXPECT_EQ(calls, lambda.neval); // called once per point, no spare lanes

  // A function pointer, an infinite range (QAGI), a singularity (QAGS's
  // extrapolation), break points, a weight, and SciPy's ier for a NaN.
  double (*erfc_pointer)(double) = std::erfc;
  EXPECT_NEAR(llcjit::quad(erfc_pointer, 0, kInf).value, 1 / std::sqrt(M_PI), 1e-12);
  EXPECT_NEAR(llcjit::quad([](double x) { return std::log(x); }, 0, 1).value, -1, 1e-14);
  llcjit::QuadOptions breaks;
  breaks.points = {1.0};
  EXPECT_NEAR(llcjit::quad([](double x) { return std::abs(x - 1); }, 0, 3, breaks).value, 2.5,
              1e-14);
  llcjit::QuadOptions cosine;
  cosine.weight = llcjit::Weight::Cos;
  cosine.wvar = {1.0};
  EXPECT_NEAR(llcjit::quad([](double x) { return std::exp(-x); }, 0, kInf, cosine).value, 0.5,
              1e-12);
  EXPECT_EQ(llcjit::quad([](double x) { return x > 0.5 ? NAN : x; }, 0, 1).ier,
            llcjit::kNonFiniteIntegrand);
}

TEST(CppApi, AnExceptionFromTheCallableReachesTheCaller) {
  EXPECT_THROW(llcjit::quad(
                   [](double x) -> double {
                     if (x > 0.9)
                       throw std::runtime_error("stop");
                     return x;
                   },
                   0, 1),
               std::runtime_error);
  EXPECT_THROW(llcjit::quad(std::function<double(double)>(), 0, 1), llcjit::UsageError);
}

TEST(CppApi, QuadSweepOfAnyCallableMatchesTheFormulaSweep) {
  std::vector<double> rows(50);
  std::iota(rows.begin(), rows.end(), 1.0);
  const llcjit::Callback f = llcjit::compile("1 / (a + x)");
  const std::vector<llcjit::QuadResult> formula = llcjit::quad_sweep(f, rows, 0, 1);
  std::atomic<int> calls = 0;
  const std::vector<llcjit::QuadResult> lambda = llcjit::quad_sweep(
      [&](double x, std::span<const double> p) {
        ++calls;
        return 1 / (p[0] + x);
      },
      1, rows, 0, 1);
  ASSERT_EQ(lambda.size(), rows.size());
  int neval = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(lambda[i].value, formula[i].value);
    EXPECT_NEAR(lambda[i].value, std::log1p(1 / rows[i]), 1e-15);
    neval += lambda[i].neval;
  }
  EXPECT_EQ(calls, neval);
  auto throws_on_row_7 = [](double x, std::span<const double> p) -> double {
    if (p[0] == 7)
      throw std::runtime_error("row 7");
    return x;
  };
  EXPECT_THROW(llcjit::quad_sweep(throws_on_row_7, 1, rows, 0, 1), std::runtime_error);
  EXPECT_THROW(llcjit::quad_sweep(throws_on_row_7, 0, rows, 0, 1), llcjit::UsageError);
  EXPECT_THROW(llcjit::quad_sweep(throws_on_row_7, 3, rows, 0, 1), llcjit::UsageError);
}

int cells(const llcjit::Footprint &footprint) {
  return static_cast<int>(std::count(footprint.mask.begin(), footprint.mask.end(), 1));
}

TEST(CppApi, NamedFootprints) {
  // Closed forms of the cell counts: a cross has 2 rank r + 1 cells, a 2-d
  // diamond 2r^2 + 2r + 1, a 3-d one (2r+1)(2r^2+2r+3)/3; the disks of
  // radius 1..4 have 5, 13, 29, 49 cells (Gauss's circle problem), the 3-d
  // balls of radius 1, 2 have 7, 33.
  for (std::ptrdiff_t r = 0; r <= 4; ++r) {
    EXPECT_EQ(cells(llcjit::Footprint::cross(2, r)), 4 * r + 1);
    EXPECT_EQ(cells(llcjit::Footprint::cross(3, r)), 6 * r + 1);
    EXPECT_EQ(cells(llcjit::Footprint::diamond(2, r)), 2 * r * r + 2 * r + 1);
    EXPECT_EQ(cells(llcjit::Footprint::diamond(3, r)), (2 * r + 1) * (2 * r * r + 2 * r + 3) / 3);
    EXPECT_EQ(llcjit::Footprint::ball(2, r).shape,
              (std::vector<std::ptrdiff_t>{2 * r + 1, 2 * r + 1}));
  }
  const int disks[] = {1, 5, 13, 29, 49};
  for (int r = 0; r <= 4; ++r)
    EXPECT_EQ(cells(llcjit::Footprint::ball(2, r)), disks[r]);
  EXPECT_EQ(cells(llcjit::Footprint::ball(3, 1)), 7);
  EXPECT_EQ(cells(llcjit::Footprint::ball(3, 2)), 33);
  // generate_binary_structure(2, 1), row by row.
  EXPECT_EQ(llcjit::Footprint::cross(2).mask,
            (std::vector<unsigned char>{0, 1, 0, 1, 1, 1, 0, 1, 0}));
  EXPECT_THROW(llcjit::Footprint::cross(0), llcjit::UsageError);
  EXPECT_THROW(llcjit::Footprint::ball(2, -1), llcjit::UsageError);
  EXPECT_THROW(llcjit::Footprint::diamond(64, 1), llcjit::UsageError); // 3^64 cells
  EXPECT_THROW(llcjit::Footprint::ball(2, std::numeric_limits<std::ptrdiff_t>::max()),
               llcjit::UsageError);
}

TEST(CppApi, EvaluateBatchIsTheScalarEntryPointsBits) {
  const llcjit::Callback f = llcjit::compile("exp(-a*x*x) + sin(x)");
  std::vector<double> x(200'003), one(x.size()), all(x.size());
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = -40.0 + 80.0 * static_cast<double>(i) / static_cast<double>(x.size());
  f.evaluate_batch(x, one, {{2.0}}, 1);
  f.evaluate_batch(x, all, {{2.0}}, 0);
  for (std::size_t i = 0; i < x.size(); i += 97)
    ASSERT_EQ(one[i], std::exp(-2.0 * x[i] * x[i]) + std::sin(x[i])) << x[i];
  EXPECT_EQ(one, all);
  EXPECT_THROW(f.evaluate_batch(x, x, {{2.0}}), llcjit::UsageError); // overlapping
  EXPECT_THROW(f.evaluate_batch(x, std::span(one).first(3), {{2.0}}), llcjit::UsageError);
  EXPECT_THROW(f.evaluate_batch(x, one, {}), llcjit::UsageError); // a parameter missing
  EXPECT_THROW(llcjit::compile("x0*x1").evaluate_batch(x, one), llcjit::UsageError);
}

TEST(CppApi, FusedKernelOptionsGiveTheLoopsLayout) {
  const llcjit::Callback kernel = llcjit::compile("min(values)");
  const std::vector<std::ptrdiff_t> shape{100, 50};
  const llcjit::Options options =
      llcjit::fused_kernel_options(kernel, llcjit::Footprint::box({3, 3}), shape);
  ASSERT_TRUE(options.filter_layout);
  EXPECT_EQ(options.filter_layout->offsets,
            (std::vector<std::ptrdiff_t>{-408, -400, -392, -8, 0, 8, 392, 400, 408}));
  EXPECT_EQ(options.filter_layout->input_step, 8);
  // Rows 4 KiB apart under a tall window: the loop reads skewed rows,
  // further apart than the array's.
  const llcjit::Options tall = llcjit::fused_kernel_options(
      llcjit::compile("max(values) - min(values)"), llcjit::Footprint::box({15, 1}),
      std::vector<std::ptrdiff_t>{40, 512});
  ASSERT_TRUE(tall.filter_layout);
  EXPECT_GT(tall.filter_layout->offsets[1] - tall.filter_layout->offsets[0], 512 * 8);
  const std::string ir = llcjit::Engine::default_engine().ir(kernel.source(), options);
  EXPECT_NE(ir.find("@\"fused filter rows: void (const void *, void *, intptr_t, const double "
                    "*)\""),
            std::string::npos);
  const llcjit::Callback integrand = llcjit::compile("x");
  EXPECT_THROW(llcjit::fused_kernel_options(integrand, llcjit::Footprint::box({3}), shape),
               llcjit::UsageError);
  EXPECT_THROW(llcjit::filter_algorithm(integrand, llcjit::Footprint::box({3})),
               llcjit::UsageError);
  // a footprint of another rank than the array's
  EXPECT_THROW(llcjit::fused_kernel_options(kernel, llcjit::Footprint::box({3, 3, 3}), shape),
               llcjit::UsageError);
}

} // namespace
