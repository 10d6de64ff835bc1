// Every operator and precedence rule, checked by evaluating compiled formulas
// against the same expression written in C++.
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

double eval(const char *source, double x = 0.0) {
  return llcjit::compile(source, {.kind = llcjit::Kind::Quad})(x);
}

TEST(Numbers, LiteralForms) {
  EXPECT_EQ(eval("1"), 1.0);
  EXPECT_EQ(eval("2.5"), 2.5);
  EXPECT_EQ(eval(".5"), 0.5);
  EXPECT_EQ(eval("1e-3"), 1e-3);
  EXPECT_EQ(eval("6.02E23"), 6.02e23);
  EXPECT_EQ(eval("1."), 1.0);
  EXPECT_EQ(eval("1e400"), HUGE_VAL);
  EXPECT_EQ(eval("0.1"), 0.1); // correctly rounded, not 1 * 10^-1
}

TEST(Numbers, Constants) {
  EXPECT_EQ(eval("pi"), M_PI);
  EXPECT_EQ(eval("e"), M_E);
  EXPECT_EQ(eval("inf"), HUGE_VAL);
  EXPECT_TRUE(std::isnan(eval("nan")));
}

TEST(Operators, Arithmetic) {
  const double x = 1.7;
  EXPECT_EQ(eval("x + 2", x), x + 2);
  EXPECT_EQ(eval("x - 2", x), x - 2);
  EXPECT_EQ(eval("x * 3", x), x * 3);
  EXPECT_EQ(eval("x / 3", x), x / 3);
  EXPECT_EQ(eval("x % 0.5", x), std::fmod(x, 0.5));
  EXPECT_EQ(eval("-x % 0.5", x), std::fmod(-x, 0.5)); // C fmod keeps the sign
  EXPECT_EQ(eval("x ^ 3.5", x), std::pow(x, 3.5));
  EXPECT_EQ(eval("x ** 3.5", x), std::pow(x, 3.5));
  EXPECT_EQ(eval("-x", x), -x);
  EXPECT_EQ(eval("+x", x), x);
}

TEST(Operators, ComparisonsYieldOneOrZero) {
  EXPECT_EQ(eval("x < 2", 1), 1.0);
  EXPECT_EQ(eval("x < 1", 1), 0.0);
  EXPECT_EQ(eval("x <= 1", 1), 1.0);
  EXPECT_EQ(eval("x > 1", 1), 0.0);
  EXPECT_EQ(eval("x >= 1", 1), 1.0);
  EXPECT_EQ(eval("x == 1", 1), 1.0);
  EXPECT_EQ(eval("x != 1", 1), 0.0);
  // IEEE: NaN compares unequal to everything, itself included.
  EXPECT_EQ(eval("nan == nan"), 0.0);
  EXPECT_EQ(eval("nan != nan"), 1.0);
  EXPECT_EQ(eval("nan < 1"), 0.0);
}

TEST(Operators, LogicTreatsNonZeroAsTrue) {
  EXPECT_EQ(eval("2 and 3"), 1.0);
  EXPECT_EQ(eval("2 && 0"), 0.0);
  EXPECT_EQ(eval("0 or 0"), 0.0);
  EXPECT_EQ(eval("0 || -1"), 1.0);
  EXPECT_EQ(eval("not 0"), 1.0);
  EXPECT_EQ(eval("!5"), 0.0);
  EXPECT_EQ(eval("not nan"), 0.0); // NaN is true, as in C
}

TEST(Operators, ConditionalShortCircuits) {
  EXPECT_EQ(eval("x > 0 ? 1 : 2", 3), 1.0);
  EXPECT_EQ(eval("x > 0 ? 1 : 2", -3), 2.0);
  // Right-associative: a ? b : (c ? d : e).
  EXPECT_EQ(eval("x < 0 ? -1 : x == 0 ? 0 : 1", 0), 0.0);
  EXPECT_EQ(eval("x < 0 ? -1 : x == 0 ? 0 : 1", 5), 1.0);
  // The untaken branch is not evaluated: no NaN leaks from it.
  EXPECT_EQ(eval("x > 0 ? sqrt(x) : sqrt(-x)", -4), 2.0);
}

TEST(Precedence, PowerBindsTighterThanUnaryMinus) {
  EXPECT_EQ(eval("-x^2", 3), -9.0);
  EXPECT_EQ(eval("(-x)^2", 3), 9.0);
  EXPECT_EQ(eval("2^-1"), 0.5);
  EXPECT_EQ(eval("-2**2"), -4.0);
}

TEST(Precedence, PowerIsRightAssociative) {
  EXPECT_EQ(eval("2^3^2"), 512.0);
  EXPECT_EQ(eval("(2^3)^2"), 64.0);
  EXPECT_EQ(eval("2**3**2"), 512.0);
}

TEST(Precedence, ArithmeticLevels) {
  EXPECT_EQ(eval("1 + 2 * 3"), 7.0);
  EXPECT_EQ(eval("(1 + 2) * 3"), 9.0);
  EXPECT_EQ(eval("10 - 4 - 3"), 3.0); // left-associative
  EXPECT_EQ(eval("64 / 4 / 2"), 8.0); // left-associative
  EXPECT_EQ(eval("7 % 4 * 2"), 6.0);  // same level as *, left to right
  EXPECT_EQ(eval("2 * 3 ^ 2"), 18.0);
  EXPECT_EQ(eval("-2 * -3"), 6.0);
}

TEST(Precedence, ComparisonAboveLogicBelowArithmetic) {
  EXPECT_EQ(eval("1 + 1 == 2"), 1.0);
  EXPECT_EQ(eval("1 < 2 and 3 < 2"), 0.0);
  EXPECT_EQ(eval("1 < 2 or 3 < 2 and 0"), 1.0); // and binds tighter than or
  EXPECT_EQ(eval("(1 < 2 or 3 < 2) and 0"), 0.0);
  EXPECT_EQ(eval("not 1 < 0"), 1.0);      // not (1 < 0)
  EXPECT_EQ(eval("not 0 and 0"), 0.0);    // (not 0) and 0
  EXPECT_EQ(eval("1 or 0 ? 5 : 6"), 5.0); // (1 or 0) ? 5 : 6
}

TEST(Statements, BindingsAndComments) {
  const double a = 0.7, x = 1.3;
  const double expected = std::exp(-a * (x * x));
  EXPECT_EQ(llcjit::compile("r2 = x*x; exp(-a*r2)")(x, std::vector{a}), expected);
  EXPECT_EQ(llcjit::compile("# gaussian\nr2 = x*x  # squared\n\nexp(-a*r2)\n")(x, std::vector{a}),
            expected);
  // A newline inside parentheses continues the expression.
  EXPECT_EQ(eval("(1 +\n 2)"), 3.0);
  EXPECT_EQ(eval("y = 2; z = y * y; z + y"), 6.0);
}

} // namespace
