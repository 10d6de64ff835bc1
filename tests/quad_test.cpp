// The QUADPACK driver from C++: closed forms, SciPy's conventions, invalid
// input, and sweeps that do not depend on the thread count. (Agreement with
// scipy.integrate.quad itself, path and all, is tests/python/test_quad_scipy.py.)
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct ClosedForm {
  const char *source;
  double a, b;
  double exact;
  std::vector<double> points;
};

TEST(QuadDriver, ClosedForms) {
  const std::vector<ClosedForm> cases = {
      {"exp(-x*x)", -kInf, kInf, std::sqrt(M_PI), {}},
      {"x^2.6 * log(1/x)", 0, 1, 1 / (3.6 * 3.6), {}}, // QUADPACK's test integrand
      {"log(x)", 0, 1, -1.0, {}},
      {"1 / sqrt(x)", 0, 1, 2.0, {}},
      {"1 / (1 + x*x)", 0, kInf, M_PI / 2, {}},
      {"exp(x)", -kInf, 0, 1.0, {}},
      {"sin(x)", 0, M_PI, 2.0, {}},
      {"abs(x - 0.25)", 0, 1, 0.3125, {0.25}},
      {"x < 1 ? x : 2 - x", 0, 2, 1.0, {1}},
      {"log(abs(x - 0.5))", 0, 1, -1 - std::log(2.0), {0.5}},
  };
  for (const ClosedForm &c : cases) {
    const llcjit::QuadResult r = llcjit::quad(llcjit::compile(c.source), {}, c.a, c.b,
                                              {.epsabs = 0, .epsrel = 1e-10, .points = c.points});
    EXPECT_EQ(r.ier, 0) << c.source << ": " << r.message;
    EXPECT_NEAR(r.value, c.exact, std::max(r.abserr, 4e-16 * std::fabs(c.exact))) << c.source;
    EXPECT_LE(std::fabs(r.value - c.exact), 1e-10 * std::fabs(c.exact)) << c.source;
    EXPECT_GT(r.neval, 0);
    EXPECT_GE(r.last, 1);
  }
}

TEST(QuadDriver, ScipyConventions) {
  const llcjit::Callback f = llcjit::compile("exp(-a*x) * (1 + x)");
  const std::vector<double> a = {0.5};
  const llcjit::QuadResult forward = llcjit::quad(f, a, 0, 3);
  const llcjit::QuadResult backward = llcjit::quad(f, a, 3, 0);
  EXPECT_EQ(backward.value, -forward.value);
  EXPECT_EQ(backward.neval, forward.neval);
  const llcjit::QuadResult empty = llcjit::quad(f, a, 2, 2);
  EXPECT_EQ(empty.value, 0.0);
  EXPECT_EQ(empty.neval, 21); // SciPy's dqagse also evaluates the rule once
  const llcjit::QuadOptions defaults;
  EXPECT_EQ(defaults.epsabs, 1.49e-8);
  EXPECT_EQ(defaults.epsrel, 1.49e-8);
  EXPECT_EQ(defaults.limit, 50);
}

TEST(QuadDriver, LimitReachedIsReportedNotThrown) {
  const llcjit::QuadResult r =
      llcjit::quad(llcjit::compile("sin(1/x)"), {}, 0.001, 1, {.limit = 5});
  EXPECT_EQ(r.ier, 1);
  EXPECT_EQ(r.last, 5);
  EXPECT_NE(r.message.find("maximum number of subdivisions (5)"), std::string::npos);
}

TEST(QuadDriver, NonFiniteIntegrandStops) {
  const llcjit::QuadResult r = llcjit::quad(llcjit::compile("1 / x"), {}, -1, 1);
  EXPECT_EQ(r.ier, llcjit::kNonFiniteIntegrand);
  EXPECT_TRUE(std::isnan(r.value));
  EXPECT_NE(r.message.find("x = 0"), std::string::npos) << r.message;
}

// nquad's ier 8 names the whole point, and its error estimate is NaN as
// the inner integral's (a maximum would drop it).
TEST(NQuad, NonFiniteIntegrandNamesThePoint) {
  const llcjit::Callback f = llcjit::compile("log(x0 - x1)", {.kind = llcjit::Kind::NQuad});
  const llcjit::Range unit[] = {{"0", "1"}, {"0", "1"}};
  const llcjit::QuadResult r = llcjit::nquad(f, unit, {});
  EXPECT_EQ(r.ier, llcjit::kNonFiniteIntegrand);
  EXPECT_TRUE(std::isnan(r.value));
  EXPECT_TRUE(std::isnan(r.abserr));
  EXPECT_EQ(r.message,
            "The integrand is -inf at (x0, x1) = (0.5, 0.5); the integration stopped there.");
}

TEST(QuadDriver, InvalidInputIsAUsageError) {
  const llcjit::Callback f = llcjit::compile("a * x");
  const std::vector<double> a = {1.0};
  EXPECT_THROW(llcjit::quad(f, {}, 0, 1), llcjit::UsageError);
  EXPECT_THROW(llcjit::quad(f, a, 0, 1, {.limit = 0}), llcjit::UsageError);
  EXPECT_THROW(llcjit::quad(f, a, 0, 1, {.epsabs = 0, .epsrel = 0}), llcjit::UsageError);
  EXPECT_THROW(llcjit::quad(f, a, 0, 1, {.epsabs = std::nan("")}), llcjit::UsageError);
  EXPECT_THROW(llcjit::quad(f, a, 0, kInf, {.points = {1}}), llcjit::UsageError);
  EXPECT_THROW(llcjit::quad(f, a, 0, 1, {.limit = 1, .points = {0.5, 2}}), llcjit::UsageError);
  EXPECT_THROW(llcjit::quad(f, a, 0, 1, {.limit = 2, .points = {0.2, 0.4}}), llcjit::UsageError);
  EXPECT_THROW(llcjit::quad(f, a, std::nan(""), 1), llcjit::UsageError);
  EXPECT_THROW(llcjit::quad(llcjit::compile("min(values)"), {}, 0, 1), llcjit::UsageError);
  EXPECT_THROW(llcjit::quad(llcjit::compile("x0 * x1"), {}, 0, 1), llcjit::UsageError);
}

TEST(QuadSweep, SameResultsInOrderWhateverTheThreadCount) {
  const llcjit::Callback f = llcjit::compile("exp(-a*x*x)");
  std::vector<double> grid;
  for (int i = 0; i < 300; ++i)
    grid.push_back(0.1 + i * (10 - 0.1) / 299);
  const auto one = llcjit::quad_sweep(f, grid, -kInf, kInf, {.threads = 1});
  const auto two = llcjit::quad_sweep(f, grid, -kInf, kInf, {.threads = 2});
  const auto seven = llcjit::quad_sweep(f, grid, -kInf, kInf, {.threads = 7});
  ASSERT_EQ(one.size(), grid.size());
  double worst = 0;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const llcjit::QuadResult single = llcjit::quad(f, std::vector{grid[i]}, -kInf, kInf);
    EXPECT_EQ(one[i].value, single.value);
    EXPECT_EQ(one[i].neval, single.neval);
    EXPECT_EQ(two[i].value, single.value);
    EXPECT_EQ(seven[i].value, single.value);
    worst = std::max(worst, std::fabs(single.value - std::sqrt(M_PI / grid[i])) /
                                std::sqrt(M_PI / grid[i]));
  }
  EXPECT_LT(worst, 1e-9);
  EXPECT_THROW(llcjit::quad_sweep(llcjit::compile("x"), grid, 0, 1), llcjit::UsageError);
}

} // namespace

namespace {

TEST(NQuad, ClosedFormsAndSciPyArgumentOrder) {
  // The unit square, a quarter disc with a bound of the outer variable, and
  // an octant of the unit ball through tplquad.
  const llcjit::QuadResult square = llcjit::nquad(
      llcjit::compile("x0 * x1^2"), std::vector<llcjit::Range>{{"0", "1"}, {"0", "2"}}, {});
  EXPECT_NEAR(square.value, 0.5 * 8.0 / 3.0, 1e-14);
  const llcjit::QuadResult disc =
      llcjit::dblquad(llcjit::compile("1", {.kind = llcjit::Kind::NQuad, .variables = {"y", "x"}}),
                      0, 1, "0", "sqrt(1 - x*x)");
  EXPECT_NEAR(disc.value, M_PI / 4, 1e-9);
  const llcjit::QuadResult ball = llcjit::tplquad(
      llcjit::compile("1", {.kind = llcjit::Kind::NQuad, .variables = {"z", "y", "x"}}), 0, 1, "0",
      "sqrt(1 - x*x)", "0", "sqrt(max(0, 1 - x*x - y*y))");
  EXPECT_NEAR(ball.value, M_PI / 6, 1e-7);
  EXPECT_EQ(ball.ier, 0);
  // Parameters reach the integrand and the bounds, which share user_data
  // (as nquad passes the same args to both): r is declared for the bounds.
  const llcjit::QuadResult gaussian = llcjit::nquad(
      llcjit::compile("exp(-a*(x0*x0 + x1*x1))", {.parameters = {"a", "r"}}),
      std::vector<llcjit::Range>{{"-inf", "inf"}, {"-r", "r"}}, std::vector{2.0, 30.0});
  EXPECT_NEAR(gaussian.value, M_PI / 2, 1e-9);
}

// Break points as formulas of the outer variables (nquad's opts[i] given as
// a function): the integral of |x0 - x1/2| over the unit square is 1/3, and
// a point on the kink at every x1 saves most of the evaluations.
TEST(NQuad, BreakPointsAsFormulasOfTheOuterVariables) {
  const llcjit::Callback f = llcjit::compile("abs(x0 - x1/2)");
  const llcjit::QuadOptions tight{.epsabs = 1e-13, .epsrel = 1e-13, .limit = 200};
  const std::vector<llcjit::QuadOptions> options{tight, tight};
  const llcjit::QuadResult plain =
      llcjit::nquad(f, std::vector<llcjit::Range>{{"0", "1"}, {"0", "1"}}, {}, options);
  const llcjit::QuadResult pointed = llcjit::nquad(
      f, std::vector<llcjit::Range>{{"0", "1", {"x1/2", "7"}}, {"0", "1"}}, {}, options);
  EXPECT_NEAR(pointed.value, 1.0 / 3.0, 1e-14);
  EXPECT_EQ(pointed.ier, 0);
  EXPECT_LT(pointed.neval * 5, plain.neval);
  // A point may use only the outer variables, as a bound.
  EXPECT_THROW(llcjit::nquad(f, std::vector<llcjit::Range>{{"0", "1", {"x0"}}, {"0", "1"}}, {}),
               llcjit::UsageError);
  EXPECT_THROW(llcjit::nquad(f, std::vector<llcjit::Range>{{"0", "1"}, {"0", "1", {"x1"}}}, {}),
               llcjit::UsageError);
}

TEST(NQuad, InvalidRangesAreErrors) {
  const llcjit::Callback f = llcjit::compile("x0 * x1");
  EXPECT_THROW(llcjit::nquad(f, std::vector<llcjit::Range>{{"0", "1"}}, {}), llcjit::UsageError);
  // A bound may use only the variables outside it.
  EXPECT_THROW(llcjit::nquad(f, std::vector<llcjit::Range>{{"0", "1"}, {"0", "x0"}}, {}),
               llcjit::UsageError);
  EXPECT_THROW(llcjit::nquad(f, std::vector<llcjit::Range>{{"0", "x0"}, {"0", "1"}}, {}),
               llcjit::UsageError);
  EXPECT_THROW(llcjit::nquad(f, std::vector<llcjit::Range>{{"0", "sqrt("}, {"0", "1"}}, {}),
               llcjit::CompileError);
  EXPECT_THROW(
      llcjit::nquad(llcjit::compile("min(values)"), std::vector<llcjit::Range>{{"0", "1"}}, {}),
      llcjit::UsageError);
}

} // namespace

namespace {

TEST(QuadWeights, ClosedForms) {
  const llcjit::Callback one = llcjit::compile("1 + 0*x");
  auto integral = [&](double a, double b, llcjit::Weight w, std::vector<double> wvar) {
    return llcjit::quad(one, {}, a, b, {.weight = w, .wvar = std::move(wvar)});
  };
  // Principal value of 1/x over [-1, 2]: log 2.
  EXPECT_NEAR(integral(-1, 2, llcjit::Weight::Cauchy, {0}).value, std::log(2.0), 1e-12);
  // Beta(1/2, 1/2) = pi.
  EXPECT_NEAR(integral(0, 1, llcjit::Weight::Alg, {-0.5, -0.5}).value, M_PI, 1e-12);
  // The integral of log(x) and of log(1 - x) over [0, 1] is -1; of their
  // product, 2 - pi^2/6.
  EXPECT_NEAR(integral(0, 1, llcjit::Weight::AlgLogA, {0, 0}).value, -1.0, 1e-12);
  EXPECT_NEAR(integral(0, 1, llcjit::Weight::AlgLogB, {0, 0}).value, -1.0, 1e-12);
  EXPECT_NEAR(integral(0, 1, llcjit::Weight::AlgLog, {0, 0}).value, 2 - M_PI * M_PI / 6, 1e-12);
  // Oscillatory: the integral of exp(-x) cos(3x) over [0, inf) is 1/10; of
  // sin(x)/x over [1, inf), pi/2 - Si(1); of cos(5x) over [0, pi/2], 1/5.
  const llcjit::QuadResult laplace = llcjit::quad(llcjit::compile("exp(-x)"), {}, 0, INFINITY,
                                                  {.weight = llcjit::Weight::Cos, .wvar = {3}});
  EXPECT_NEAR(laplace.value, 0.1, 1e-10);
  const llcjit::QuadResult sine = llcjit::quad(llcjit::compile("1 / x"), {}, 1, INFINITY,
                                               {.weight = llcjit::Weight::Sin, .wvar = {1}});
  EXPECT_NEAR(sine.value, M_PI / 2 - 0.94608307036718301494, 1e-8);
  EXPECT_NEAR(integral(0, M_PI / 2, llcjit::Weight::Cos, {5}).value, 0.2, 1e-13);
}

TEST(QuadWeights, InvalidUseIsAUsageError) {
  const llcjit::Callback f = llcjit::compile("x");
  using llcjit::Weight;
  EXPECT_THROW(llcjit::quad(f, {}, 0, 1, {.weight = Weight::Cauchy, .wvar = {}}),
               llcjit::UsageError);
  EXPECT_THROW(llcjit::quad(f, {}, 0, 1, {.weight = Weight::Cauchy, .wvar = {0}}),
               llcjit::UsageError); // the pole is a limit
  EXPECT_THROW(llcjit::quad(f, {}, 0, INFINITY, {.weight = Weight::Alg, .wvar = {0, 0}}),
               llcjit::UsageError);
  EXPECT_THROW(llcjit::quad(f, {}, 0, 1, {.weight = Weight::Alg, .wvar = {-1, 0}}),
               llcjit::UsageError);
  EXPECT_THROW(llcjit::quad(f, {}, 0, 1, {.points = {0.5}, .weight = Weight::Alg, .wvar = {0, 0}}),
               llcjit::UsageError);
  EXPECT_THROW(llcjit::quad(f, {}, -INFINITY, INFINITY, {.weight = Weight::Cos, .wvar = {1}}),
               llcjit::UsageError);
  EXPECT_THROW(llcjit::quad(f, {}, 0, INFINITY, {.epsabs = 0, .weight = Weight::Sin, .wvar = {1}}),
               llcjit::UsageError); // QAWF needs an absolute tolerance
  EXPECT_THROW(llcjit::quad(f, {}, 0, 1, {.weight = Weight::Sin, .wvar = {1, 2}}),
               llcjit::UsageError);
  EXPECT_EQ(llcjit::parse_weight("alg-loga"), Weight::AlgLogA);
  EXPECT_FALSE(llcjit::parse_weight("gauss"));
}

// SciPy's full_output lists (their values against SciPy's own are
// tests/python/test_quad_full_output.py): their shapes per routine, and what
// QUADPACK promises of them.
TEST(QuadDetails, SubintervalsPartitionTheRange) {
  llcjit::QuadDetails details;
  const llcjit::QuadResult r =
      llcjit::quad(llcjit::compile("1 / sqrt(x)"), {}, 0, 1, {.limit = 40}, details);
  ASSERT_EQ(r.ier, 0);
  ASSERT_GT(r.last, 5);
  for (const auto *list : {&details.alist, &details.blist, &details.rlist, &details.elist})
    ASSERT_EQ(list->size(), 40u);
  ASSERT_EQ(details.iord.size(), 40u);
  EXPECT_TRUE(details.pts.empty() && details.level.empty() && details.chebmo.empty() &&
              details.rslst.empty());
  // The first `last` intervals tile [0, 1]; the rest are zero.
  std::vector<std::pair<double, double>> intervals;
  for (int i = 0; i < r.last; ++i)
    intervals.emplace_back(details.alist[i], details.blist[i]);
  std::sort(intervals.begin(), intervals.end());
  EXPECT_EQ(intervals.front().first, 0.0);
  EXPECT_EQ(intervals.back().second, 1.0);
  for (std::size_t i = 1; i < intervals.size(); ++i)
    EXPECT_EQ(intervals[i].first, intervals[i - 1].second);
  for (std::size_t i = static_cast<std::size_t>(r.last); i < 40; ++i)
    EXPECT_EQ(details.alist[i], 0.0) << i;
  // iord's first entry is the (1-based) interval of largest error.
  const auto largest = std::max_element(details.elist.begin(), details.elist.begin() + r.last);
  EXPECT_EQ(details.iord[0] - 1, largest - details.elist.begin());
}

TEST(QuadDetails, BreakPointsMomentsAndCycles) {
  llcjit::QuadDetails details;
  const llcjit::Callback f = llcjit::compile("exp(-x)");
  llcjit::QuadResult r = llcjit::quad(f, {}, 3, 0, {.points = {2, 1}}, details);
  EXPECT_EQ(details.pts, (std::vector<double>{0, 1, 2, 3}));
  EXPECT_EQ(details.ndin.size(), 4u);
  EXPECT_EQ(details.level.size(), 50u);

  r = llcjit::quad(f, {}, 0, 30, {.weight = llcjit::Weight::Cos, .wvar = {20}, .maxp1 = 7},
                   details);
  EXPECT_EQ(r.ier, 0);
  EXPECT_TRUE(details.pts.empty() && details.level.empty());
  EXPECT_EQ(details.nnlog.size(), 50u);
  EXPECT_EQ(details.chebmo.size(), 25u * 7u);
  EXPECT_GE(details.momcom, 1);

  // QAWF: one integral per cycle, summing (and extrapolated) to the value.
  r = llcjit::quad(f, {}, 0, kInf, {.weight = llcjit::Weight::Cos, .wvar = {2}, .limlst = 20},
                   details);
  ASSERT_EQ(r.ier, 0);
  EXPECT_TRUE(details.alist.empty());
  ASSERT_EQ(details.rslst.size(), 20u);
  double sum = 0;
  for (int i = 0; i < r.last; ++i)
    sum += details.rslst[i];
  EXPECT_NEAR(sum, 0.2, 1e-9); // the integral of exp(-x) cos(2x): 1/5
  EXPECT_NEAR(r.value, 0.2, 1e-12);
  EXPECT_EQ(details.rslst[static_cast<std::size_t>(r.last)], 0.0);
}

} // namespace
