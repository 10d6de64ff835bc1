// Broadcasting and reductions over `values`, against straightforward C++ on
// random arrays of odd and even sizes, with and without NaN. Every formula
// runs three ways that must agree bit for bit: compiled for any size (the
// runtime's reductions), for the one size (straight-line reductions and
// sorting networks), and fused (reading the neighbourhood at fixed offsets).
// (Bit-for-bit agreement with NumPy itself is checked by tests/python.)
#include <llcjit/llcjit.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using Values = std::vector<double>;

void expect_identical(double got, double want, const std::string &what) {
  if (std::isnan(want))
    EXPECT_TRUE(std::isnan(got)) << what << " = " << got << ", want NaN";
  else
    EXPECT_EQ(std::bit_cast<std::uint64_t>(got), std::bit_cast<std::uint64_t>(want))
        << what << " = " << got << ", want " << want;
}

double run(const std::string &source, const Values &values, std::vector<double> params = {}) {
  using llcjit::Kind;
  const double general = llcjit::compile(source, {.kind = Kind::Filter}).filter(values, params);
  if (values.empty())
    return general;
  const std::string what = source + " over " + std::to_string(values.size()) + " values";
  expect_identical(llcjit::compile(source, {.kind = Kind::Filter, .values_size = values.size()})
                       .filter(values, params),
                   general, what + ", size known");
  llcjit::FilterLayout layout;
  for (std::size_t i = 0; i < values.size(); ++i)
    layout.offsets.push_back(static_cast<std::ptrdiff_t>(i * sizeof(double)));
  const llcjit::Callback fused =
      llcjit::compile(source, {.kind = Kind::Filter, .filter_layout = layout});
  double result = 0;
  fused.as<void(const void *, void *, std::intptr_t, const double *)>()(values.data(), &result, 1,
                                                                        params.data());
  expect_identical(result, general, what + ", fused");
  return general;
}

std::vector<Values> samples() {
  std::mt19937_64 random(20261124);
  std::normal_distribution<double> normal(0.0, 10.0);
  std::vector<Values> out;
  for (std::size_t size : {1, 2, 3, 4, 5, 8, 9, 16, 25, 49, 100, 121}) {
    Values v(size);
    for (double &x : v)
      x = std::round(normal(random) * 8) / 8; // ties exercise stable choices
    out.push_back(v);
    Values with_nan = v;
    with_nan[size / 2] = kNaN;
    out.push_back(with_nan);
  }
  return out;
}

bool has_nan(const Values &v) {
  return std::any_of(v.begin(), v.end(), [](double x) { return std::isnan(x); });
}

void expect_same(double got, double want, const std::string &what) {
  if (std::isnan(want))
    EXPECT_TRUE(std::isnan(got)) << what << " = " << got << ", want NaN";
  else
    EXPECT_EQ(got, want) << what;
}

double reference_percentile(Values v, double q) {
  if (has_nan(v))
    return kNaN;
  std::sort(v.begin(), v.end());
  const double index = static_cast<double>(v.size() - 1) * (q / 100.0);
  if (index >= static_cast<double>(v.size() - 1))
    return v.back();
  const auto below = static_cast<std::size_t>(std::floor(index));
  const double t = index - static_cast<double>(below);
  const double a = v[below], b = v[below + 1];
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

TEST(Reductions, OrderStatisticsMatchSortedReference) {
  for (const Values &v : samples()) {
    const std::string size = std::to_string(v.size());
    Values sorted = v;
    std::sort(sorted.begin(), sorted.end());
    const double median = has_nan(v)     ? kNaN
                          : v.size() % 2 ? sorted[v.size() / 2]
                                         : (sorted[v.size() / 2 - 1] + sorted[v.size() / 2]) / 2;
    expect_same(run("median(values)", v), median, "median of " + size);
    for (double q : {0.0, 25.0, 50.0, 62.5, 90.0, 100.0}) {
      expect_same(run("percentile(values, q)", v, {q}), reference_percentile(v, q),
                  "percentile " + std::to_string(q) + " of " + size);
      // A constant q: a sorting network when the size is known.
      expect_same(run(fmt::format("percentile(values, {})", q), v), reference_percentile(v, q),
                  "percentile " + std::to_string(q) + " of " + size);
    }
    const double lo = has_nan(v) ? kNaN : sorted.front();
    const double hi = has_nan(v) ? kNaN : sorted.back();
    expect_same(run("min(values)", v), lo, "min of " + size);
    expect_same(run("max(values)", v), hi, "max of " + size);
  }
}

TEST(Reductions, ArgminArgmaxFirstOccurrenceOrFirstNaN) {
  for (const Values &v : samples()) {
    auto first_nan = std::find_if(v.begin(), v.end(), [](double x) { return std::isnan(x); });
    const double argmin =
        first_nan != v.end()
            ? static_cast<double>(first_nan - v.begin())
            : static_cast<double>(std::min_element(v.begin(), v.end()) - v.begin());
    const double argmax =
        first_nan != v.end()
            ? static_cast<double>(first_nan - v.begin())
            : static_cast<double>(std::max_element(v.begin(), v.end()) - v.begin());
    EXPECT_EQ(run("argmin(values)", v), argmin);
    EXPECT_EQ(run("argmax(values)", v), argmax);
  }
}

TEST(Reductions, SumsWithinRoundingOfExactSum) {
  for (const Values &v : samples()) {
    if (has_nan(v)) {
      EXPECT_TRUE(std::isnan(run("sum(values)", v)));
      EXPECT_TRUE(std::isnan(run("mean(values)", v)));
      EXPECT_TRUE(std::isnan(run("var(values)", v)));
      continue;
    }
    const long double exact = std::accumulate(v.begin(), v.end(), 0.0L);
    const double n = static_cast<double>(v.size());
    const double tolerance = 1e-12 * (1 + std::fabs(static_cast<double>(exact)));
    EXPECT_NEAR(run("sum(values)", v), static_cast<double>(exact), tolerance);
    EXPECT_NEAR(run("mean(values)", v), static_cast<double>(exact / n), tolerance);
    long double squares = 0;
    for (double x : v)
      squares += (x - exact / n) * (x - exact / n);
    const double variance = static_cast<double>(squares / n);
    EXPECT_NEAR(run("var(values)", v), variance, 1e-12 * (1 + variance));
    EXPECT_NEAR(run("std(values)", v), std::sqrt(variance), 1e-12 * (1 + variance));
    long double product = 1;
    for (double x : v)
      product *= x;
    EXPECT_NEAR(run("prod(values)", v), static_cast<double>(product),
                1e-12 * std::fabs(static_cast<double>(product)));
  }
}

TEST(Reductions, CountAnyAll) {
  const Values v = {0, 3, -1, 0, kNaN, 7};
  EXPECT_EQ(run("count(values)", v), 4.0); // NaN is non-zero, as in NumPy
  EXPECT_EQ(run("count(values > 0)", v), 2.0);
  EXPECT_EQ(run("count(values > t)", v, {2.5}), 2.0);
  EXPECT_EQ(run("any(values < -0.5)", v), 1.0);
  EXPECT_EQ(run("any(values > 100)", v), 0.0);
  EXPECT_EQ(run("all(values == values)", v), 0.0); // NaN != NaN
  EXPECT_EQ(run("all(values >= -1 or values != values)", v), 1.0);
  EXPECT_EQ(run("size", v), 6.0);
}

TEST(Broadcasting, ElementwiseExpressionsMatchLoops) {
  for (const Values &v : samples()) {
    if (has_nan(v))
      continue;
    Values deviations = v;
    Values sorted = v;
    std::sort(sorted.begin(), sorted.end());
    const double median =
        v.size() % 2 ? sorted[v.size() / 2] : (sorted[v.size() / 2 - 1] + sorted[v.size() / 2]) / 2;
    for (double &x : deviations)
      x = std::fabs(x - median);
    std::sort(deviations.begin(), deviations.end());
    const double mad = v.size() % 2 ? deviations[v.size() / 2]
                                    : (deviations[v.size() / 2 - 1] + deviations[v.size() / 2]) / 2;
    EXPECT_EQ(run("median(abs(values - median(values)))", v), mad);

    double expected_max = -HUGE_VAL;
    for (double x : v)
      expected_max = std::max(expected_max, std::exp(-0.5 * x * x) * 2 + x / 3);
    EXPECT_EQ(run("max(exp(-0.5 * values * values) * k + values / 3)", v, {2.0}), expected_max);

    double clamped_min = HUGE_VAL;
    for (double x : v)
      clamped_min = std::min(clamped_min, x > 0 ? x : -x * 2);
    EXPECT_EQ(run("min(values > 0 ? values : -values * 2)", v), clamped_min);
    EXPECT_EQ(run("d = values - min(values); max(d)", v), sorted.back() - sorted.front());
  }
}

TEST(Broadcasting, MathFunctionsOverArraysAreBitForBitCmath) {
  // Only the batch entry point may use the vector math library; an array
  // expression in a kernel calls the same scalar libm as C.
  Values v(100);
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = -3.0 + 0.061 * static_cast<double>(i);
  double expected = -HUGE_VAL;
  for (double x : v)
    expected = std::max(expected, std::exp(-x * x) + std::sin(x) + std::log1p(x * x));
  EXPECT_EQ(run("max(exp(-values * values) + sin(values) + log1p(values * values))", v), expected);
}

TEST(Indexing, NumpyStyleWithNaNOutOfRange) {
  const Values v = {10, 20, 30, 40};
  EXPECT_EQ(run("values[0]", v), 10.0);
  EXPECT_EQ(run("values[3]", v), 40.0);
  EXPECT_EQ(run("values[-1]", v), 40.0);
  EXPECT_EQ(run("values[-4]", v), 10.0);
  EXPECT_EQ(run("values[i]", v, {2}), 30.0);
  EXPECT_EQ(run("(values * 2)[1]", v), 40.0);
  EXPECT_EQ(run("values[size - 1]", v), 40.0);
  // Computed at run time and out of range, or not an integer: NaN, no read.
  EXPECT_TRUE(std::isnan(run("values[i]", v, {4})));
  EXPECT_TRUE(std::isnan(run("values[i]", v, {-5})));
  EXPECT_TRUE(std::isnan(run("values[i]", v, {1.5})));
  EXPECT_TRUE(std::isnan(run("values[i]", v, {kNaN})));
  EXPECT_TRUE(std::isnan(run("values[i]", v, {1e300})));
}

TEST(Indexing, KnownSizeChecksConstantIndicesAtCompileTime) {
  llcjit::Options options{.kind = llcjit::Kind::Filter, .values_size = 5};
  const llcjit::Callback middle = llcjit::compile("values[2]", options);
  EXPECT_EQ(middle.filter(Values{1, 2, 3, 4, 5}), 3.0);
  EXPECT_THROW(middle.filter(Values{1, 2, 3}), llcjit::UsageError);
  EXPECT_THROW(llcjit::compile("values[5]", options), llcjit::CompileError);
  EXPECT_THROW(llcjit::compile("values[-6]", options), llcjit::CompileError);
  EXPECT_EQ(llcjit::compile("median(values)", options).filter(Values{5, 1, 4, 2, 3}), 3.0);
}

TEST(Reductions, EmptyNeighbourhood) {
  const Values empty;
  EXPECT_EQ(run("sum(values)", empty), 0.0);
  EXPECT_EQ(run("prod(values)", empty), 1.0);
  EXPECT_EQ(run("count(values)", empty), 0.0);
  EXPECT_EQ(run("all(values)", empty), 1.0);
  EXPECT_EQ(run("any(values)", empty), 0.0);
  for (const char *nan_result : {"mean(values)", "median(values)", "min(values)", "argmax(values)",
                                 "percentile(values, 50)"})
    EXPECT_TRUE(std::isnan(run(nan_result, empty))) << nan_result;
}

} // namespace
