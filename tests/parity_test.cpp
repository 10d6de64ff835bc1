// The parity analysis (frontend/parity.cpp) lets QUADPACK's doubly infinite
// transform evaluate f once for f(x) + f(-x). What it claims must hold to the
// bit, so each claim is checked on the compiled code at points of every range
// and special value; and what it cannot show, it must not claim.
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace {

// Points of every magnitude (random bit patterns) and the special values.
std::vector<double> test_points() {
  std::vector<double> x;
  std::mt19937_64 bits(20261125);
  for (int i = 0; i < 20000; ++i) {
    const double v = std::bit_cast<double>(bits());
    if (!std::isnan(v))
      x.push_back(v);
  }
  std::mt19937_64 uniform(7);
  std::uniform_real_distribution<double> near(-40.0, 40.0);
  for (int i = 0; i < 20000; ++i)
    x.push_back(near(uniform));
  const double inf = std::numeric_limits<double>::infinity();
  for (double v : {0.0, 1.0, 0x1p-1074, 0x1p-537, 1e-300, 1e300, 1.7976931348623157e308, inf})
    x.push_back(v);
  return x;
}

bool same_bits_or_both_nan(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) ||
         (std::isnan(a) && std::isnan(b));
}

// f(-x) == f(x) through the batch entry point, the one the rules call.
void expect_even_to_the_bit(const char *source, std::vector<double> params) {
  const llcjit::Callback f = llcjit::compile(source);
  const auto batch = f.as<void(const double *, double *, std::size_t, const double *)>();
  const std::vector<double> x = test_points();
  std::vector<double> minus_x(x.size()), y(x.size()), y_minus(x.size());
  for (std::size_t i = 0; i < x.size(); ++i)
    minus_x[i] = -x[i];
  batch(x.data(), y.data(), x.size(), params.data());
  batch(minus_x.data(), y_minus.data(), x.size(), params.data());
  int mismatches = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!same_bits_or_both_nan(y[i], y_minus[i]) && ++mismatches <= 3)
      ADD_FAILURE() << source << " at x = " << x[i] << ": " << y[i] << " vs " << y_minus[i];
}

TEST(Parity, ShownEvenFormulasAreEvenToTheBit) {
  const struct {
    const char *source;
    std::vector<double> params;
  } even[] = {
      {"exp(-a*x*x)", {0.7}},
      {"1 / (1 + x^2)", {}},
      {"abs(x)", {}},
      {"r2 = x*x; exp(-a*r2)", {2.5}},
      {"cos(x*x) / (1 + x^2)", {}},
      {"x / (x*x*x)", {}},
      {"-x * x", {}},
      {"x^2 * exp(-x^2)", {}},
      {"sqrt(abs(x)) * exp(-abs(x))", {}},
      {"x*x > a ? 1 : exp(x*x - a)", {3.0}},
      {"t = -x; u = t*x; log1p(u*u)", {}},
      {"a + 2", {1.0}},
  };
  for (const auto &[source, params] : even) {
    SCOPED_TRACE(source);
    EXPECT_TRUE(llcjit::compile(source).even_in_x());
    expect_even_to_the_bit(source, params);
  }
}

TEST(Parity, WhatCannotBeShownIsNotClaimed) {
  for (const char *source : {
           "x",                 // odd
           "x * exp(-x*x)",     // odd
           "exp(-(x - 1)^2)",   // shifted
           "cos(x)",            // even, but only as libm promises it
           "x^4",               // left to pow
           "x - x",             // odd - odd: +0 at both x and -x, not opposite zeros
           "(x + x) * (x + x)", // the sums are not shown odd, for the same reason
           "x > 0 ? x : -x",    // even in value, not shown
           "x * x + x",         //
           "r = x; r",          // through a binding
       }) {
    SCOPED_TRACE(source);
    EXPECT_FALSE(llcjit::compile(source).even_in_x());
  }
  // Only a quad integrand has an x.
  EXPECT_FALSE(llcjit::compile("x0*x0 + x1*x1").even_in_x());
  EXPECT_FALSE(llcjit::compile("min(values)").even_in_x());
}

// The rule's shortcut (f(x) + f(x) for f(x) + f(-x)) against the formula
// with the analysis defeated: "+ 0*x" keeps every value (exp > 0 here) but is
// not shown even, so that integral evaluates both points, as QUADPACK does.
TEST(Parity, DoublyInfiniteIntegralIsTheSameBitsWithAndWithoutTheShortcut) {
  const double inf = std::numeric_limits<double>::infinity();
  const llcjit::Callback shown = llcjit::compile("exp(-a*x*x) * (1 + x*x)");
  const llcjit::Callback hidden = llcjit::compile("exp(-a*x*x) * (1 + x*x) + 0*x");
  ASSERT_TRUE(shown.even_in_x());
  ASSERT_FALSE(hidden.even_in_x());
  std::vector<double> a;
  for (int i = 0; i < 200; ++i)
    a.push_back(0.05 + 0.1 * i);
  const auto with = llcjit::quad_sweep(shown, a, -inf, inf);
  const auto without = llcjit::quad_sweep(hidden, a, -inf, inf);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(with[i].value),
              std::bit_cast<std::uint64_t>(without[i].value))
        << "a = " << a[i];
    EXPECT_EQ(with[i].abserr, without[i].abserr) << "a = " << a[i];
    EXPECT_EQ(with[i].neval, without[i].neval) << "a = " << a[i];
    EXPECT_EQ(with[i].ier, without[i].ier) << "a = " << a[i];
  }
}

} // namespace
