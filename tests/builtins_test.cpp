// Every scalar builtin against <cmath> over a grid of arguments. The JIT calls
// the same libm (or an LLVM intrinsic that is exact), so the results must be
// the same bits; NaN matches NaN.
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<double> &grid() {
  static const std::vector<double> values = [] {
    std::vector<double> v = {
        0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 0.25, 3.5, -3.5, 10.0, -10.0, 100.5, 1e-300,
        -1e-300, 1e300, 0.999, 2.5, -2.5, 710.0, -745.0, 1e-8,
        // exp's underflow: subnormal, 0 through libm,
        // 0 without calling it (below -746)
        -745.13, -745.14, -746.0, std::nextafter(-746.0, 0.0), std::nextafter(-746.0, -kInf),
        -800.0, -1e6, kInf, -kInf, kNaN, M_PI, -M_PI / 3};
    for (int i = -40; i <= 40; ++i)
      v.push_back(i * 0.173);
    return v;
  }();
  return values;
}

bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) ||
         std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

struct Unary {
  const char *name;
  std::function<double(double)> reference;
};

void PrintTo(const Unary &f, std::ostream *out) { *out << f.name; }

class UnaryBuiltin : public testing::TestWithParam<Unary> {};

TEST_P(UnaryBuiltin, MatchesCmathBitForBit) {
  const Unary &f = GetParam();
  const llcjit::Callback callback = llcjit::compile(std::string(f.name) + "(x)");
  for (double x : grid()) {
    const double got = callback(x);
    const double want = f.reference(x);
    EXPECT_TRUE(same(got, want)) << f.name << "(" << x << ") = " << got << ", <cmath> gives "
                                 << want;
  }
}

double numpy_sign(double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : x; }

INSTANTIATE_TEST_SUITE_P(Cmath, UnaryBuiltin,
                         testing::Values(Unary{"exp", [](double x) { return std::exp(x); }},
                                         Unary{"exp2", [](double x) { return std::exp2(x); }},
                                         Unary{"expm1", [](double x) { return std::expm1(x); }},
                                         Unary{"log", [](double x) { return std::log(x); }},
                                         Unary{"log2", [](double x) { return std::log2(x); }},
                                         Unary{"log10", [](double x) { return std::log10(x); }},
                                         Unary{"log1p", [](double x) { return std::log1p(x); }},
                                         Unary{"sqrt", [](double x) { return std::sqrt(x); }},
                                         Unary{"cbrt", [](double x) { return std::cbrt(x); }},
                                         Unary{"sin", [](double x) { return std::sin(x); }},
                                         Unary{"cos", [](double x) { return std::cos(x); }},
                                         Unary{"tan", [](double x) { return std::tan(x); }},
                                         Unary{"asin", [](double x) { return std::asin(x); }},
                                         Unary{"acos", [](double x) { return std::acos(x); }},
                                         Unary{"atan", [](double x) { return std::atan(x); }},
                                         Unary{"sinh", [](double x) { return std::sinh(x); }},
                                         Unary{"cosh", [](double x) { return std::cosh(x); }},
                                         Unary{"tanh", [](double x) { return std::tanh(x); }},
                                         Unary{"asinh", [](double x) { return std::asinh(x); }},
                                         Unary{"acosh", [](double x) { return std::acosh(x); }},
                                         Unary{"atanh", [](double x) { return std::atanh(x); }},
                                         Unary{"erf", [](double x) { return std::erf(x); }},
                                         Unary{"erfc", [](double x) { return std::erfc(x); }},
                                         Unary{"gamma", [](double x) { return std::tgamma(x); }},
                                         Unary{"tgamma", [](double x) { return std::tgamma(x); }},
                                         Unary{"lgamma", [](double x) { return std::lgamma(x); }},
                                         Unary{"floor", [](double x) { return std::floor(x); }},
                                         Unary{"ceil", [](double x) { return std::ceil(x); }},
                                         Unary{"round", [](double x) { return std::round(x); }},
                                         Unary{"trunc", [](double x) { return std::trunc(x); }},
                                         Unary{"abs", [](double x) { return std::fabs(x); }},
                                         Unary{"fabs", [](double x) { return std::fabs(x); }},
                                         Unary{"sign", numpy_sign}),
                         [](const testing::TestParamInfo<Unary> &info) { return info.param.name; });

struct Binary {
  const char *name;
  std::function<double(double, double)> reference;
};

void PrintTo(const Binary &f, std::ostream *out) { *out << f.name; }

class BinaryBuiltin : public testing::TestWithParam<Binary> {};

TEST_P(BinaryBuiltin, MatchesCmathBitForBit) {
  const Binary &f = GetParam();
  const llcjit::Callback callback = llcjit::compile(std::string(f.name) + "(x0, x1)");
  std::vector<double> xs = grid();
  xs.resize(40); // 1,600 pairs
  for (double a : xs)
    for (double b : xs) {
      const double point[] = {a, b};
      const double got = callback.evaluate(point);
      const double want = f.reference(a, b);
      // fmin/fmax may return either zero for (+0, -0).
      if (a == 0 && b == 0 && (std::string(f.name) == "min" || std::string(f.name) == "max"))
        EXPECT_EQ(got, 0.0);
      else
        EXPECT_TRUE(same(got, want))
            << f.name << "(" << a << ", " << b << ") = " << got << ", <cmath> gives " << want;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Cmath, BinaryBuiltin,
    testing::Values(Binary{"pow", [](double a, double b) { return std::pow(a, b); }},
                    Binary{"hypot", [](double a, double b) { return std::hypot(a, b); }},
                    Binary{"atan2", [](double a, double b) { return std::atan2(a, b); }},
                    Binary{"copysign", [](double a, double b) { return std::copysign(a, b); }},
                    Binary{"fmod", [](double a, double b) { return std::fmod(a, b); }},
                    Binary{"min", [](double a, double b) { return std::fmin(a, b); }},
                    Binary{"max", [](double a, double b) { return std::fmax(a, b); }}),
    [](const testing::TestParamInfo<Binary> &info) { return info.param.name; });

TEST(TernaryBuiltin, FmaRoundsOnce) {
  const llcjit::Callback f = llcjit::compile("fma(x0, x1, x2)");
  for (double a : {0.1, -3.0, 1e308, kNaN})
    for (double b : {0.3, 7.0, -1e-308})
      for (double c : {-0.03, 0.0, kInf}) {
        const double point[] = {a, b, c};
        EXPECT_TRUE(same(f.evaluate(point), std::fma(a, b, c)));
      }
}

TEST(TernaryBuiltin, ClampLikeStdClampWithNaNPassingThrough) {
  const llcjit::Callback f = llcjit::compile("clamp(x, lo, hi)");
  for (double x : grid()) {
    const double got = f(x, std::vector{-1.5, 2.0});
    if (std::isnan(x))
      EXPECT_TRUE(std::isnan(got));
    else
      EXPECT_EQ(got, std::clamp(x, -1.5, 2.0)) << x;
  }
}

TEST(VariadicBuiltin, MinMaxOfManyScalarsIsFminFmaxLeftToRight) {
  const llcjit::Callback lo = llcjit::compile("min(x0, x1, x2, x3)");
  const llcjit::Callback hi = llcjit::compile("max(x0, x1, x2, x3)");
  const double point[] = {3.0, kNaN, -2.0, 8.0};
  EXPECT_EQ(lo.evaluate(point), -2.0);
  EXPECT_EQ(hi.evaluate(point), 8.0);
}

} // namespace
