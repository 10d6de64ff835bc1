// Bad input through the C++ API: one table row per input, each with the
// exception it must raise and a fragment of its message; and the inputs
// whose size or work once grew without bound (huge maxp1 and limit, formulas
// of thousands of terms), which must now give the right value.
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace {

enum class Raises { Usage, Compile };

struct BadInput {
  const char *what;
  std::function<void()> call;
  Raises raises;
  const char *fragment;
};

void PrintTo(const BadInput &row, std::ostream *out) { *out << row.what; }

class BadInputs : public testing::TestWithParam<BadInput> {};

TEST_P(BadInputs, RaiseTypedErrorNamingTheProblem) {
  const BadInput &row = GetParam();
  try {
    row.call();
    FAIL() << row.what << ": no exception";
  } catch (const llcjit::CompileError &error) {
    EXPECT_EQ(row.raises, Raises::Compile) << row.what << ": " << error.what();
    EXPECT_NE(std::string(error.what()).find(row.fragment), std::string::npos)
        << row.what << ": " << error.what();
  } catch (const llcjit::UsageError &error) {
    EXPECT_EQ(row.raises, Raises::Usage) << row.what << ": " << error.what();
    EXPECT_NE(std::string(error.what()).find(row.fragment), std::string::npos)
        << row.what << ": " << error.what();
  }
}

const llcjit::Callback &gaussian() {
  static const llcjit::Callback f = llcjit::compile("exp(-a*x*x)");
  return f;
}

const llcjit::Callback &minimum() {
  static const llcjit::Callback f = llcjit::compile("min(values)");
  return f;
}

llcjit::QuadOptions with(std::function<void(llcjit::QuadOptions &)> set) {
  llcjit::QuadOptions options;
  set(options);
  return options;
}

void filter_of_shape(std::vector<std::ptrdiff_t> shape, std::vector<std::ptrdiff_t> size,
                     llcjit::FilterOptions options = {}) {
  std::vector<double> data(16, 1.0);
  const llcjit::ArrayView view{data.data(), shape,
                               std::vector<std::ptrdiff_t>(shape.size(), sizeof(double))};
  llcjit::generic_filter(view, view, minimum(), {}, llcjit::Footprint::box(size), options);
}

constexpr std::ptrdiff_t kHuge = std::numeric_limits<std::ptrdiff_t>::max();
const double kParams[] = {1.0, 2.0, 3.0};

std::string repeated(const std::string &unit, int times, const std::string &between) {
  std::string out;
  for (int i = 0; i < times; ++i)
    out += (i ? between : "") + unit;
  return out;
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadInputs,
    testing::Values(
        // Sizes computed from input.
        BadInput{"negative extent",
                 [] { llcjit::element_count(std::vector<std::ptrdiff_t>{-5, 4}); }, Raises::Usage,
                 "negative dimensions are not allowed: extent -5 on axis 0"},
        BadInput{"extent product wraps",
                 [] { llcjit::element_count(std::vector<std::ptrdiff_t>{kHuge / 2 + 1, 4}); },
                 Raises::Usage, "is too large"},
        BadInput{"2^32 x 2^32",
                 [] { llcjit::element_count(std::vector<std::ptrdiff_t>{1LL << 32, 1LL << 32}); },
                 Raises::Usage, "is too large"},
        BadInput{"one extent past memory",
                 [] { llcjit::element_count(std::vector<std::ptrdiff_t>{kHuge}); }, Raises::Usage,
                 "is too large"},
        BadInput{"empty but impossible extent",
                 [] { llcjit::element_count(std::vector<std::ptrdiff_t>{0, kHuge}); },
                 Raises::Usage, "is too large"},
        BadInput{"contiguous view of negative shape",
                 [] { llcjit::ArrayView::contiguous(nullptr, {3, -1}, llcjit::DType::Float64); },
                 Raises::Usage, "negative dimensions"},
        BadInput{"box of size 0", [] { llcjit::Footprint::box({3, 0}); }, Raises::Usage,
                 "footprint sizes must be at least 1, got 0"},
        BadInput{"box of negative size", [] { llcjit::Footprint::box({-3}); }, Raises::Usage,
                 "footprint sizes must be at least 1, got -3"},
        BadInput{"filter of negative extent", [] { filter_of_shape({-4, 4}, {3, 3}); },
                 Raises::Usage, "negative dimensions"},
        BadInput{"filter of wrapping shape", [] { filter_of_shape({kHuge / 2, 4}, {3, 3}); },
                 Raises::Usage, "is too large"},
        BadInput{"filter footprint of other rank", [] { filter_of_shape({4, 4}, {3}); },
                 Raises::Usage, "filter footprint array has incorrect shape."},
        BadInput{"filter origin out of range",
                 [] { filter_of_shape({4, 4}, {3, 3}, {.origin = {2}}); }, Raises::Usage,
                 "invalid origin"},
        BadInput{"filter origin per axis miscounted",
                 [] { filter_of_shape({4, 4}, {3, 3}, {.origin = {0, 0, 0}}); }, Raises::Usage,
                 "origin must have one value or one per axis"},
        BadInput{"filter of 0-d input", [] { filter_of_shape({}, {}); }, Raises::Usage,
                 "at least one dimension"},
        // quad's options.
        BadInput{"limit 0",
                 [] {
                   llcjit::quad(gaussian(), std::span(kParams, 1), 0, 1,
                                with([](auto &o) { o.limit = 0; }));
                 },
                 Raises::Usage, "limit must be at least 1, got 0"},
        BadInput{"negative limit",
                 [] {
                   llcjit::quad(gaussian(), std::span(kParams, 1), 0, 1,
                                with([](auto &o) { o.limit = -7; }));
                 },
                 Raises::Usage, "limit must be at least 1, got -7"},
        BadInput{"tolerances unreachable",
                 [] {
                   llcjit::quad(gaussian(), std::span(kParams, 1), 0, 1, with([](auto &o) {
                                  o.epsabs = 0;
                                  o.epsrel = 1e-20;
                                }));
                 },
                 Raises::Usage, "cannot be met"},
        BadInput{"NaN tolerance",
                 [] {
                   llcjit::quad(gaussian(), std::span(kParams, 1), 0, 1,
                                with([](auto &o) { o.epsabs = NAN; }));
                 },
                 Raises::Usage, "the tolerance epsabs must be a number, not NaN"},
        BadInput{"NaN limit of integration",
                 [] { llcjit::quad(gaussian(), std::span(kParams, 1), NAN, 1); }, Raises::Usage,
                 "must not be NaN"},
        BadInput{"too few parameter values", [] { llcjit::quad(gaussian(), {}, 0, 1); },
                 Raises::Usage, "expected 1 parameter values, got 0"},
        BadInput{"too many parameter values",
                 [] { llcjit::quad(gaussian(), std::span(kParams, 3), 0, 1); }, Raises::Usage,
                 "expected 1 parameter values, got 3"},
        BadInput{"quad of a filter kernel", [] { llcjit::quad(minimum(), {}, 0, 1); },
                 Raises::Usage, "this callback is a filter callback"},
        BadInput{"break points outside, and too many inside",
                 [] {
                   llcjit::quad(gaussian(), std::span(kParams, 1), 0, 1, with([](auto &o) {
                                  o.points = {0.5, 2.0};
                                  o.limit = 1;
                                }));
                 },
                 Raises::Usage,
                 "All break points in 'points' must lie within the integration limits."},
        BadInput{"break points not below limit",
                 [] {
                   llcjit::quad(gaussian(), std::span(kParams, 1), 0, 1, with([](auto &o) {
                                  o.points = {0.5, 0.5, 0.25};
                                  o.limit = 2;
                                }));
                 },
                 Raises::Usage,
                 "Number of break points (3) must be less than subinterval limit (2)"},
        BadInput{"cauchy without wvar",
                 [] {
                   llcjit::quad(gaussian(), std::span(kParams, 1), 0, 1,
                                with([](auto &o) { o.weight = llcjit::Weight::Cauchy; }));
                 },
                 Raises::Usage, "this weight takes 1 value in wvar, got 0"},
        BadInput{"alg weight exponent -1",
                 [] {
                   llcjit::quad(gaussian(), std::span(kParams, 1), 0, 1, with([](auto &o) {
                                  o.weight = llcjit::Weight::Alg;
                                  o.wvar = {-1, 0};
                                }));
                 },
                 Raises::Usage,
                 "The input is invalid. (the algebraic weight's exponents must "
                 "exceed -1, got alpha = -1, beta = 0)"},
        BadInput{"cauchy pole on a limit",
                 [] {
                   llcjit::quad(gaussian(), std::span(kParams, 1), 0, 1, with([](auto &o) {
                                  o.weight = llcjit::Weight::Cauchy;
                                  o.wvar = {1};
                                }));
                 },
                 Raises::Usage,
                 "Parameter 'wvar' must not equal integration limits 'a' or 'b'. (the Cauchy "
                 "weight's pole c = 1 is a limit)"},
        BadInput{"sweep on 65,537 threads",
                 [] {
                   llcjit::quad_sweep(gaussian(), std::span(kParams, 3), 0, 1,
                                      with([](auto &o) { o.threads = 65537; }));
                 },
                 Raises::Usage, "threads must be at most 1024, got 65537"},
        BadInput{"filter on UINT_MAX threads",
                 [] { filter_of_shape({4, 4}, {3, 3}, {.threads = 4294967295u}); }, Raises::Usage,
                 "threads must be at most 1024, got 4294967295"},
        BadInput{"cos weight on a half-line with omega inf",
                 [] {
                   llcjit::quad(llcjit::compile("exp(-x)"), {}, 0, INFINITY, with([](auto &o) {
                                  o.weight = llcjit::Weight::Cos;
                                  o.wvar = {INFINITY};
                                }));
                 },
                 Raises::Usage, "need a finite omega below 2^31 in magnitude, got inf"},
        BadInput{"sin weight on a half-line with omega 2^62",
                 [] {
                   llcjit::quad(llcjit::compile("exp(-x)"), {}, 0, INFINITY, with([](auto &o) {
                                  o.weight = llcjit::Weight::Sin;
                                  o.wvar = {0x1p62};
                                }));
                 },
                 Raises::Usage, "below 2^31"},
        BadInput{"cos weight on a half-line with omega NaN",
                 [] {
                   llcjit::quad(llcjit::compile("exp(-x)"), {}, -INFINITY, 0, with([](auto &o) {
                                  o.weight = llcjit::Weight::Cos;
                                  o.wvar = {NAN};
                                }));
                 },
                 Raises::Usage, "below 2^31"},
        BadInput{"sweep without parameters",
                 [] { llcjit::quad_sweep(llcjit::compile("x"), {}, 0, 1); }, Raises::Usage,
                 "this formula has none: integrate it once with quad"},
        BadInput{"sweep of ragged rows",
                 [] { llcjit::quad_sweep(llcjit::compile("a*b*x"), std::span(kParams, 3), 0, 1); },
                 Raises::Usage, "rows of 2 values, got 3"},
        // Formulas past the front end's limits.
        BadInput{"formula of 100,001 nodes",
                 [] { llcjit::compile(repeated("(" + repeated("x", 500, "+") + ")", 101, "+")); },
                 Raises::Compile, "more than 100000 operators and operands"},
        BadInput{"formula 1025 operators deep", [] { llcjit::compile(repeated("x", 1100, "+")); },
                 Raises::Compile, "more than 1024 operators deep"},
        BadInput{"NUL inside a formula", [] { llcjit::compile(std::string("x\0+1000", 7)); },
                 Raises::Compile, "unexpected byte 0x00"},
        BadInput{"empty formula", [] { llcjit::compile(""); }, Raises::Compile, "empty"},
        // Declared names must be names the formula can write.
        BadInput{
            "empty variable name",
            [] { llcjit::compile("x0", {.kind = llcjit::Kind::NQuad, .variables = {"", "x0"}}); },
            Raises::Usage, "'' is not a name a formula can use as a variable"},
        BadInput{"variable name with a digit first",
                 [] { llcjit::compile("x0", {.variables = {"1a", "x0"}}); }, Raises::Usage,
                 "'1a' is not a name"},
        BadInput{"variable name with a NUL",
                 [] { llcjit::compile("x", {.variables = {std::string("x\0y", 3)}}); },
                 Raises::Usage, "is not a name"},
        BadInput{"parameter name with a blank",
                 [] { llcjit::compile("a*x", {.parameters = {"a b"}}); }, Raises::Usage,
                 "'a b' is not a name a formula can use as a parameter"},
        BadInput{"keyword as a variable",
                 [] {
                   llcjit::compile("x0", {.kind = llcjit::Kind::NQuad, .variables = {"x0", "and"}});
                 },
                 Raises::Usage, "'and' is not a name"},
        BadInput{"control byte in a formula", [] { llcjit::compile("x\x01+1"); }, Raises::Compile,
                 "1:2: error: unexpected byte 0x01\n  x\xE2\x90\x81+1\n   ^"},
        BadInput{"parameter declared twice",
                 [] { llcjit::compile("a*x", {.parameters = {"a", "a"}}); }, Raises::Usage,
                 "parameter 'a' is declared twice"}));

TEST(BoundedWork, HugeMaxp1CostsOnlyTheMomentsUsed) {
  // (maxp1 + 1) * 26 overflowed int here and wrote past the heap.
  const llcjit::Callback f = llcjit::compile("exp(-x)");
  for (int maxp1 : {165191049, std::numeric_limits<int>::max()}) {
    const llcjit::QuadResult r = llcjit::quad(f, {}, 0, 10, with([&](auto &o) {
                                                o.weight = llcjit::Weight::Cos;
                                                o.wvar = {100};
                                                o.maxp1 = maxp1;
                                              }));
    // The integral of exp(-x) cos(100 x) over [0, 10], in closed form.
    const double exact =
        (1 - std::exp(-10.0) * (std::cos(1000.0) - 100 * std::sin(1000.0))) / (1 + 100.0 * 100.0);
    EXPECT_EQ(r.ier, 0);
    EXPECT_NEAR(r.value, exact, 1e-14);
  }
}

TEST(BoundedWork, HugeLimitAllocatesWithTheIntervalsMade) {
  const llcjit::Callback f = llcjit::compile("exp(-x)");
  const llcjit::QuadResult r =
      llcjit::quad(f, {}, 0, 1, with([](auto &o) { o.limit = std::numeric_limits<int>::max(); }));
  EXPECT_EQ(r.neval, 21);
  EXPECT_DOUBLE_EQ(r.value, 1 - std::exp(-1.0));
  // An integral that needs many intervals still gets them as the lists grow
  // past their inline room (64): x sin(x) over 160 periods takes 127.
  const llcjit::Callback wave = llcjit::compile("x*sin(x)");
  const llcjit::QuadResult many =
      llcjit::quad(wave, {}, 0, 1000, with([](auto &o) { o.limit = 2000; }));
  EXPECT_EQ(many.ier, 0);
  EXPECT_GT(many.last, 64);
  EXPECT_NEAR(many.value, std::sin(1000.0) - 1000 * std::cos(1000.0), 1e-9);
}

TEST(BoundedWork, LargeFormulaBatchGivesTheScalarEntrysBits) {
  // Past codegen's loop-body bound the batch entry calls the formula per
  // point; its values must be the scalar entry's to the bit.
  std::string source;
  for (int i = 1; i <= 60; ++i)
    source +=
        (i > 1 ? "+" : "") + std::to_string(i) + "e-2*exp(-" + std::to_string(i) + "e-1*a*x*x)";
  const llcjit::Callback f = llcjit::compile(source);
  const double a = 0.75;
  const std::vector<double> x = {-3.5, -1, -1e-3, 0, 0.25, 1, 2.5, 30, 1e3};
  std::vector<double> y(x.size());
  f.as<void(const double *, double *, std::size_t, const double *)>()(x.data(), y.data(), x.size(),
                                                                      &a);
  const auto scalar = f.as<double(double, void *)>();
  for (std::size_t i = 0; i < x.size(); ++i)
    EXPECT_EQ(y[i], scalar(x[i], const_cast<double *>(&a))) << "x = " << x[i];
  const llcjit::QuadResult r = llcjit::quad(f, std::span(&a, 1), -INFINITY, INFINITY);
  double exact = 0;
  for (int i = 1; i <= 60; ++i)
    exact += i * 1e-2 * std::sqrt(M_PI / (i * 1e-1 * a));
  EXPECT_NEAR(r.value, exact, 1e-9 * exact);
}

TEST(FuzzerFindings, FusedKernelWithAConstantIndexPastTheFootprint) {
  // Indices that fold to a constant outside the footprint (sema checks only
  // literal ones) once read past the fused kernel's offsets while
  // compiling. Such an element is NaN, fused or not, as NumPy's indexing
  // has no value there.
  std::vector<double> image(30);
  for (std::size_t i = 0; i < image.size(); ++i)
    image[i] = static_cast<double>(i % 7) - 2.5;
  for (const char *source : {"values[size]", "values[2*5] + values[0]", "values[e-311] + 1"}) {
    const llcjit::Callback kernel = llcjit::compile(source);
    for (bool fuse : {true, false}) {
      std::vector<double> out(image.size(), 0.0);
      llcjit::generic_filter(llcjit::ArrayView::contiguous(image.data(), {5, 6}),
                             llcjit::ArrayView::contiguous(out.data(), {5, 6}), kernel, {},
                             llcjit::Footprint::box({3, 3}), {.fuse = fuse});
      for (double value : out)
        EXPECT_TRUE(std::isnan(value)) << source << (fuse ? ", fused" : ", unfused");
    }
  }
}

TEST(FuzzerFindings, UnitAxisWithAnyStride) {
  // NumPy leaves the stride of a one-element axis arbitrary; the
  // neighbourhood's byte offsets along it once overflowed (UBSan).
  std::vector<double> line = {4, 1, 3, 9, 2};
  std::vector<double> out(5);
  const llcjit::ArrayView in{line.data(), {1, 5}, {PTRDIFF_MIN, sizeof(double)}};
  const llcjit::ArrayView to{out.data(), {1, 5}, {PTRDIFF_MAX, sizeof(double)}};
  llcjit::generic_filter(in, to, minimum(), {}, llcjit::Footprint::box({3, 3}));
  EXPECT_EQ(out, (std::vector<double>{1, 1, 1, 2, 2}));
}

TEST(FuzzerFindings, UnitLastAxisWithAnyStride) {
  // The border's copy for the fused kernel lays columns out at the last
  // axis's stride: along an axis of one element it may be anything.
  std::vector<double> column = {4, 1, 3, 9, 2};
  std::vector<double> out(5);
  for (const std::ptrdiff_t stride : {PTRDIFF_MIN, PTRDIFF_MAX, std::ptrdiff_t{0}}) {
    const llcjit::ArrayView in{column.data(), {5, 1}, {sizeof(double), stride}};
    const llcjit::ArrayView to{out.data(), {5, 1}, {sizeof(double), stride}};
    llcjit::generic_filter(in, to, minimum(), {}, llcjit::Footprint::box({3, 3}));
    EXPECT_EQ(out, (std::vector<double>{1, 1, 1, 2, 2})) << stride;
  }
  // And a stride the copy can lay out: rows 8 doubles apart, 2 along.
  std::vector<double> spaced(40, -100), spaced_out(40, -100);
  for (std::size_t i = 0; i < column.size(); ++i)
    spaced[8 * i] = column[i];
  const llcjit::ArrayView in{spaced.data(), {5, 1}, {8 * sizeof(double), 2 * sizeof(double)}};
  const llcjit::ArrayView to{spaced_out.data(), {5, 1}, {8 * sizeof(double), 2 * sizeof(double)}};
  llcjit::generic_filter(in, to, minimum(), {}, llcjit::Footprint::box({3, 3}));
  for (std::size_t i = 0; i < column.size(); ++i)
    EXPECT_EQ(spaced_out[8 * i], (std::vector<double>{1, 1, 1, 2, 2})[i]) << i;
}

TEST(FuzzerFindings, ParenthesesParseInLinearTime) {
  // 36,000 parenthesised statements parsed in time n^2 (minutes at 1 MiB);
  // the reproducer from the fuzzer's corpus must compile at once.
  std::string source;
  for (int i = 0; i < 12'000; ++i)
    source += "(((((x)))));";
  source += "x";
  EXPECT_EQ(llcjit::compile(source).kind(), llcjit::Kind::Quad);
}

} // namespace
