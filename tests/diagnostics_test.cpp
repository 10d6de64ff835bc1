// Every diagnostic with its exact line:column, message and caret; the limits;
// and options that contradict each other.
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace {

struct Expected {
  unsigned line;
  unsigned column;
  std::string message;
};

llcjit::CompileError error_of(const std::string &source, llcjit::Options options = {}) {
  try {
    llcjit::compile(source, options);
  } catch (const llcjit::CompileError &error) {
    return error;
  }
  ADD_FAILURE() << "'" << source << "' compiled";
  return llcjit::CompileError("", 0, 0, "");
}

void expect_error(const std::string &source, const Expected &expected,
                  llcjit::Options options = {}) {
  const llcjit::CompileError error = error_of(source, options);
  EXPECT_EQ(error.line(), expected.line) << source;
  EXPECT_EQ(error.column(), expected.column) << source;
  EXPECT_EQ(error.message(), expected.message) << source;
}

TEST(Diagnostics, RendersLocationMessageAndCaret) {
  const llcjit::CompileError error = error_of("exp(-a*x)*exq(x)");
  EXPECT_STREQ(error.what(), "1:11: error: unknown function 'exq'; did you mean 'exp'?\n"
                             "  exp(-a*x)*exq(x)\n"
                             "            ^~~");
}

TEST(Diagnostics, CaretOnLaterLineWithTabs) {
  const llcjit::CompileError error = error_of("r = x*x\n\tr + sqrtt(r)");
  EXPECT_EQ(error.line(), 2u);
  EXPECT_EQ(error.column(), 6u);
  EXPECT_EQ(error.snippet(), "  \tr + sqrtt(r)\n  \t    ^~~~~");
}

TEST(Diagnostics, UnexpectedTokens) {
  expect_error("x +", {1, 4, "expected an expression, found end of input"});
  expect_error("(x + 1", {1, 7, "expected ')' to close the '(' at 1:1, found end of input"});
  expect_error("x ? 1", {1, 6, "expected ':' of the conditional 'c ? a : b', found end of input"});
  expect_error("atan2(x 1)",
               {1, 9, "expected ',' or ')' in the arguments of 'atan2', found number '1'"});
  expect_error("x $ 2", {1, 3, "unexpected character '$'"});
  expect_error("x & 2", {1, 3, "unexpected character '&'; did you mean '&&'?"});
  expect_error("2x", {1, 2, "missing operator after number '2'; did you mean '2*x'?"});
  expect_error("1e+", {1, 1, "malformed number: the exponent needs digits"});
  expect_error("x y",
               {1, 3, "unexpected name 'y' after an expression; is an operator or ';' missing?"});
  expect_error("x + 1 = 2",
               {1, 7, "unexpected '=': write '==' to compare, or 'name = value' to bind a name"});
  expect_error("1 < x < 2", {1, 7, "comparisons do not chain; write 'a < b and b < c'"});
  expect_error("x + not x",
               {1, 5, "'not' binds looser than the operator before it; write '(not ...)'"});
}

TEST(Diagnostics, UnknownFunctionSuggestsNearestName) {
  expect_error("sqr(x)", {1, 1, "unknown function 'sqr'; did you mean 'sqrt'?"});
  expect_error("medain(values)", {1, 1, "unknown function 'medain'; did you mean 'median'?"});
  expect_error("frobnicate(x)", {1, 1, "unknown function 'frobnicate'"});
  expect_error("x + exp", {1, 5, "'exp' is a function; call it as exp(...)"});
}

TEST(Diagnostics, WrongNumberOfArguments) {
  expect_error("atan2(x)", {1, 1, "'atan2' takes 2 arguments, but 1 was given"});
  expect_error("exp(x, 2)", {1, 1, "'exp' takes 1 argument, but 2 were given"});
  expect_error("min()", {1, 1, "'min' takes at least 1 argument, but 0 were given"});
  expect_error("clamp(x, 1)", {1, 1, "'clamp' takes 3 arguments, but 2 were given"});
}

TEST(Diagnostics, ArraysAndScalarsInTheWrongPlace) {
  expect_error("values + 1", {1, 1,
                              "a filter kernel must return a scalar, but this is an array; reduce "
                              "it with sum, min, max, mean, median, ..."});
  expect_error("median(size)", {1, 8, "'median' reduces an array, but its argument is a scalar"});
  expect_error("min(x)", {1, 5,
                          "'min' reduces an array, but its argument is a scalar (give two or more "
                          "scalars to compare them)"});
  expect_error("values[values]", {1, 8, "an index must be a scalar, but this is an array"});
  expect_error("percentile(values, values)",
               {1, 20, "the percentile q must be a scalar, but this is an array"});
  expect_error("size[0]", {1, 1, "an indexed value must be an array, but this is a scalar"});
  expect_error("percentile(values, 101)", {1, 20, "percentile q must be in [0, 100], but is 101"});
  expect_error("values[1.5]", {1, 8, "index 1.5 is not an integer"});
  expect_error("(x, 1) + 2", {1, 1, "a tuple is only allowed as the result of a transform"});
}

TEST(Diagnostics, VariablesOfTheKind) {
  expect_error("median(values)",
               {1, 8, "'values' is only defined in filter kernels, but this is a quad integrand"},
               {.kind = llcjit::Kind::Quad});
  expect_error("x * values[0]", {1, 5,
                                 "cannot tell the kind: 'x' makes this a quad integrand, but "
                                 "'values' makes it a filter kernel; name the kind (--kind)"});
  expect_error("x0 + x", {1, 6,
                          "cannot tell the kind: 'x0' makes this an nquad integrand, but 'x' makes "
                          "it a quad integrand; name the kind (--kind)"});
  expect_error(
      "a + 1",
      {1, 1, "an nquad integrand must use its variables x0, x1, ... (or declare their names)"},
      {.kind = llcjit::Kind::NQuad});
}

TEST(Diagnostics, Bindings) {
  expect_error("r = 1; r = 2; r", {1, 8, "cannot bind 'r': it is already bound at 1:1"});
  expect_error("x = 2; x", {1, 1, "cannot bind 'x': it is a variable of a quad integrand"},
               {.kind = llcjit::Kind::Quad});
  expect_error("pi = 3; pi", {1, 1, "cannot bind 'pi': it is a constant"});
  expect_error("exp = 3; x", {1, 1, "cannot bind 'exp': it is a builtin function"});
  expect_error(
      "y = a; a = 2; x",
      {1, 8,
       "cannot bind 'a': it is already used as a parameter at 1:5; bind it before its first use"});
  expect_error("r = x * x",
               {1, 1, "the formula ends by binding 'r'; its last statement must be the result"});
}

// A definition's own mistakes point into the definition; a wrong use of
// one points at the use.
TEST(Diagnostics, Definitions) {
  auto with = [](std::vector<std::string> definitions) {
    llcjit::Options options;
    options.definitions = std::move(definitions);
    return options;
  };
  expect_error("x", {1, 11, "expected an expression, found end of input"}, with({"sq(t) = t*"}));
  expect_error("x", {1, 6, "expected '=' before the function's formula, found end of input"},
               with({"sq(t)"}));
  expect_error("x", {1, 3, "expected '=' before the constant's formula, found name 'x'"},
               with({"g x"}));
  expect_error("x", {1, 1, "expected the name to define, found number '2'"}, with({"2 = x"}));
  expect_error("x", {1, 4, "expected a parameter name, found number '1'"}, with({"sq(1) = 1"}));
  expect_error("x", {1, 12, "unexpected ';': a definition is one expression"},
               with({"sq(t) = t*t; 1"}));
  expect_error("x", {1, 1, "'exp' is a builtin function; define another name"},
               with({"exp(t) = t"}));
  expect_error("x", {1, 1, "'pi' is a builtin constant; define another name"}, with({"pi = 3"}));
  expect_error("x", {1, 1, "'values' is a variable; define another name"}, with({"values = 3"}));
  // A transform's output coordinate or an nquad variable, silently a number.
  expect_error("(o0, o1)", {1, 1, "'o0' is a variable; define another name"}, with({"o0 = 3"}));
  expect_error("x0 * x1", {1, 1, "'x1' is a variable; define another name"}, with({"x1 = 3"}));
  llcjit::Options declared = with({"t = 3"});
  declared.variables = {"t"};
  declared.kind = llcjit::Kind::NQuad;
  expect_error("exp(-t)",
               {1, 6,
                "'t' is a variable of this formula, and a definition would replace "
                "it; define another name"},
               declared);
  expect_error("x", {1, 1, "the parameter 't' of 'f' is named twice"}, with({"f(t, t) = t"}));
  expect_error("x",
               {1, 8,
                "unknown function 'f': a definition calls builtins and the functions defined "
                "before it"},
               with({"f(t) = f(t)"}));
  expect_error("x",
               {1, 8,
                "unknown function 'g': a definition calls builtins and the functions defined "
                "before it"},
               with({"f(t) = g(t)", "g(t) = t"}));
  expect_error("x", {1, 8, "'sq' takes 1 argument, but 2 were given"},
               with({"sq(t) = t*t", "f(t) = sq(t, t)"}));
  expect_error("1 + sq(x, 2)", {1, 5, "'sq' takes 1 argument, but 2 were given"},
               with({"sq(t) = t*t"}));
  expect_error("1 + g(x)", {1, 5, "'g' takes 0 arguments, but 1 was given"}, with({"g() = 9.81"}));
  // The body's type error is reported at the use it was copied to, here
  // the argument that is not an array.
  expect_error("x + total(x)", {1, 11, "'sum' reduces an array, but its argument is a scalar"},
               with({"total(v) = sum(v)"}));
}

TEST(Diagnostics, EmptyInput) {
  expect_error("", {1, 1, "empty formula: write an expression such as 'exp(-a*x*x)'"});
  expect_error("  # only a comment\n;\n",
               {3, 1, "empty formula: write an expression such as 'exp(-a*x*x)'"});
}

TEST(Limits, SourceOverOneMebibyte) {
  std::string source = "x";
  while (source.size() <= (1u << 20))
    source += "+x";
  const llcjit::CompileError error = error_of(source);
  EXPECT_NE(error.message().find("the limit is 1048576 (1 MiB)"), std::string::npos);
  // The snippet shows a window of the line, not a mebibyte.
  EXPECT_LT(error.snippet().size(), 400u);
}

TEST(Limits, NestingDeeperThan256) {
  const std::string ok = std::string(250, '(') + "x" + std::string(250, ')');
  EXPECT_NO_THROW(llcjit::compile(ok));
  const std::string deep = std::string(300, '(') + "x" + std::string(300, ')');
  const llcjit::CompileError error = error_of(deep);
  EXPECT_EQ(error.message(), "formula nests deeper than 256 levels");
  EXPECT_EQ(error.column(), 257u); // the 257th level: the top plus 256 parentheses
  // The documented bound exactly (docs/language.md): 255 parentheses, not 256.
  EXPECT_NO_THROW(llcjit::compile(std::string(255, '(') + "x" + std::string(255, ')')));
  EXPECT_EQ(error_of(std::string(256, '(') + "x" + std::string(256, ')')).column(), 257u);
  EXPECT_NO_THROW(llcjit::compile(std::string(200, '-') + "x"));
  EXPECT_THROW(llcjit::compile(std::string(300, '-') + "x"), llcjit::CompileError);
}

TEST(Limits, LongOperatorChainsAreBoundedToo) {
  std::string chain = "x";
  for (int i = 0; i < 1000; ++i)
    chain += "+x";
  EXPECT_DOUBLE_EQ(llcjit::compile(chain)(2.0), 2002.0);
  for (int i = 0; i < 100; ++i)
    chain += "+x";
  const llcjit::CompileError error = error_of(chain);
  EXPECT_NE(error.message().find("more than 1024 operators deep"), std::string::npos);
}

TEST(Options, ContradictionsAreUsageErrors) {
  EXPECT_THROW(llcjit::compile("x", {.parameters = {"a", "a"}}), llcjit::UsageError);
  EXPECT_THROW(llcjit::compile("x", {.values_size = 3}), llcjit::UsageError);
  EXPECT_THROW(llcjit::compile("sum(values)", {.values_size = 0}), llcjit::UsageError);
  EXPECT_THROW(llcjit::compile("sum(values)", {.variables = {"x"}}), llcjit::UsageError);
  EXPECT_THROW(llcjit::compile("x0", {.variables = {"x", "x"}}), llcjit::UsageError);
  expect_error("a * b * x", {1, 5, "'b' is not a declared parameter (declared: a)"},
               {.parameters = {"a"}});
  // After the same source compiled with its parameters inferred, which the
  // code cache must not hand back.
  EXPECT_EQ(llcjit::compile("x + tow").parameters().size(), 1U);
  expect_error("x + tow", {1, 5, "'tow' is not a declared parameter (declared: none)"},
               {.parameters_complete = true});
  EXPECT_EQ(llcjit::compile("2 * x", {.parameters_complete = true}).parameters().size(), 0U);
}

} // namespace
