// The tiers (Options::tier): quick and optimised code give the same bits for
// every builtin and every entry point, and an Automatic callback swaps its
// quick code for optimised code while it is being called, without its
// addresses changing.
#include <llcjit/llcjit.hpp>

#include "frontend/builtins.hpp"
#include "jit/background.hpp"
#include "jit/tier_up.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <bit>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <future>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

namespace {

using llcjit::Entry;
using llcjit::Options;
using llcjit::Tier;

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

llcjit::Callback at(Tier tier, const std::string &source, Options options = {}) {
  options.tier = tier;
  options.disk_cache = false;
  return llcjit::compile(source, options);
}

std::vector<double> arguments() {
  std::vector<double> v = {0.0,
                           -0.0,
                           0.5,
                           -0.5,
                           1.0,
                           -1.0,
                           2.0,
                           -3.5,
                           10.0,
                           1e-300,
                           1e300,
                           710.0,
                           -745.13,
                           1e-8,
                           M_PI,
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::quiet_NaN()};
  for (int i = -30; i <= 30; ++i)
    v.push_back(i * 0.237);
  return v;
}

// The formula that calls `builtin` on x (and the parameters a and b where
// it takes more), or on `values` for a reduction.
std::string call_of(const llcjit::frontend::BuiltinInfo &builtin) {
  const std::string name(builtin.name);
  if (llcjit::frontend::is_reduction(builtin.id, 1))
    return builtin.min_args == 2 ? name + "(values, 30)" : name + "(values)";
  switch (builtin.min_args) {
  case 1: return name + "(x)";
  case 2: return name + "(x, a)";
  default: return name + "(x, a, b)";
  }
}

TEST(Tiers, EveryBuiltinGivesTheSameBitsQuickAndOptimised) {
  std::mt19937_64 random(7);
  std::normal_distribution<double> normal(0.0, 3.0);
  const std::vector<double> xs = arguments();
  for (const llcjit::frontend::BuiltinInfo &builtin : llcjit::frontend::builtins()) {
    const std::string source = call_of(builtin);
    const llcjit::Callback quick = at(Tier::Quick, source);
    const llcjit::Callback optimised = at(Tier::Optimised, source);
    ASSERT_EQ(quick.tier(), Tier::Quick);
    ASSERT_EQ(optimised.tier(), Tier::Optimised);
    if (quick.kind() == llcjit::Kind::Filter) {
      for (int trial = 0; trial < 50; ++trial) {
        std::vector<double> values(1 + trial % 12);
        for (double &v : values)
          v = trial % 5 == 4 ? xs[random() % xs.size()] : normal(random);
        EXPECT_EQ(bits(quick.filter(values)), bits(optimised.filter(values)))
            << source << " on " << fmt::format("{}", fmt::join(values, ", "));
      }
      continue;
    }
    for (double x : xs)
      for (double a : {0.5, -2.0, 3.0}) {
        const double params[] = {a, a + 1.5};
        const std::span<const double> used(params, quick.parameters().size());
        EXPECT_EQ(bits(quick(x, used)), bits(optimised(x, used)))
            << source << " at x = " << x << ", a = " << a;
      }
  }
}

// libm's pow, called through a pointer the compiler cannot see through: GCC
// too rewrites pow(x, -1.0) as 1.0 / x.
double (*volatile libm_pow)(double, double) = &::pow;

// Powers with constant exponents, which LLVM's optimiser would rewrite
// (pow(x, -1) as 1/x, pow(2, x) as exp2(x)): every tier and the batch entry
// give libm's pow, except x^2, which is x * x everywhere.
TEST(Tiers, ConstantPowersGiveTheSameBitsEverywhere) {
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> uniform(-3.0, 3.0);
  std::vector<double> xs = arguments();
  for (int i = 0; i < 20000; ++i)
    xs.push_back(uniform(random));
  const struct {
    const char *source;
    double (*expected)(double);
  } kPowers[] = {
      {"(x - 0.2)^2", [](double x) { return (x - 0.2) * (x - 0.2); }},
      {"pow(x - 0.2, 2)", [](double x) { return (x - 0.2) * (x - 0.2); }},
      {"x^(1 + 1)", [](double x) { return x * x; }},
      {"x^-1", [](double x) { return libm_pow(x, -1.0); }},
      {"x^0.5", [](double x) { return libm_pow(x, 0.5); }},
      {"x^3", [](double x) { return libm_pow(x, 3.0); }},
      {"2^x", [](double x) { return libm_pow(2.0, x); }},
      {"10^x", [](double x) { return libm_pow(10.0, x); }},
      {"1.5^(x*x)", [](double x) { return libm_pow(1.5, x * x); }},
  };
  for (const auto &power : kPowers) {
    const llcjit::Callback quick = at(Tier::Quick, power.source);
    const llcjit::Callback optimised = at(Tier::Optimised, power.source);
    std::vector<double> batch(xs.size());
    optimised.evaluate_batch(xs, batch, {}, 1);
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const double x = xs[i];
      const std::uint64_t want = bits(power.expected(x));
      ASSERT_EQ(bits(quick(x, {})), want) << power.source << " at x = " << x;
      ASSERT_EQ(bits(optimised(x, {})), want) << power.source << " at x = " << x;
      ASSERT_EQ(bits(batch[i]), want) << power.source << " at x = " << x;
    }
  }
}

// Every entry point of every kind: the quick and the optimised code agree.
TEST(Tiers, EveryEntryPointGivesTheSameBits) {
  const std::string gaussian = "exp(-a*x*x) * sin(3*x) + x^3";
  for (const std::string &source : {gaussian, std::string("cos(x) / (1 + x*x)")}) {
    const llcjit::Callback quick = at(Tier::Quick, source);
    const llcjit::Callback optimised = at(Tier::Optimised, source);
    EXPECT_EQ(quick.entries(), optimised.entries()) << source;
    for (Entry entry : optimised.entries()) {
      if (entry == Entry::Batch)
        continue; // always optimised
      ASSERT_TRUE(quick.has(entry)) << llcjit::signature(entry);
      double a = 1.25;
      for (double x : arguments()) {
        double point[] = {x};
        switch (entry) {
        case Entry::Scalar:
          EXPECT_EQ(bits(quick.as<double(double)>()(x)), bits(optimised.as<double(double)>()(x)));
          break;
        case Entry::ScalarUserData:
          EXPECT_EQ(bits(quick.as<double(double, void *)>()(x, &a)),
                    bits(optimised.as<double(double, void *)>()(x, &a)));
          break;
        case Entry::Array:
          EXPECT_EQ(bits(quick.as<double(int, double *)>()(1, point)),
                    bits(optimised.as<double(int, double *)>()(1, point)));
          break;
        case Entry::ArrayUserData:
          EXPECT_EQ(bits(quick.as<double(int, double *, void *)>()(1, point, &a)),
                    bits(optimised.as<double(int, double *, void *)>()(1, point, &a)));
          break;
        default: FAIL() << "unexpected entry point " << llcjit::signature(entry);
        }
      }
    }
  }
  const double param = 0.75;
  const std::vector<double> xs = arguments();

  const llcjit::Callback nquad_quick = at(Tier::Quick, "x0 * exp(-c*x1) + hypot(x0, x2)");
  const llcjit::Callback nquad_optimised = at(Tier::Optimised, "x0 * exp(-c*x1) + hypot(x0, x2)");
  for (std::size_t i = 0; i + 2 < xs.size(); ++i) {
    const double point[] = {xs[i], xs[i + 1], xs[i + 2]};
    EXPECT_EQ(bits(nquad_quick.evaluate(point, {&param, 1})),
              bits(nquad_optimised.evaluate(point, {&param, 1})));
  }

  const std::string kernel = "median(values) - c * std(values) + values[0]";
  const llcjit::Callback filter_quick = at(Tier::Quick, kernel);
  const llcjit::Callback filter_optimised = at(Tier::Optimised, kernel);
  for (std::size_t i = 0; i + 9 < xs.size(); ++i) {
    const std::span<const double> values(xs.data() + i, 9);
    EXPECT_EQ(bits(filter_quick.filter(values, {&param, 1})),
              bits(filter_optimised.filter(values, {&param, 1})));
  }

  const std::string line = "sum(values) / size + c";
  const Options line_options{.kind = llcjit::Kind::Filter1D};
  using Line = int(double *, std::intptr_t, double *, std::intptr_t, void *);
  Line *line_quick = at(Tier::Quick, line, line_options).as<Line>();
  Line *line_optimised = at(Tier::Optimised, line, line_options).as<Line>();
  std::vector<double> input(xs.begin(), xs.begin() + 40);
  for (double &v : input)
    v = std::isfinite(v) ? v : 1.0;
  std::vector<double> out_quick(36), out_optimised(36);
  double c = param;
  ASSERT_EQ(line_quick(input.data(), 40, out_quick.data(), 36, &c), 1);
  ASSERT_EQ(line_optimised(input.data(), 40, out_optimised.data(), 36, &c), 1);
  for (std::size_t i = 0; i < out_quick.size(); ++i)
    EXPECT_EQ(bits(out_quick[i]), bits(out_optimised[i]));

  const std::string mapping = "(o0 * cos(c) - o1 * sin(c), o0 * sin(c) + o1 * cos(c))";
  const llcjit::Callback map_quick = at(Tier::Quick, mapping, {.kind = llcjit::Kind::Transform});
  const llcjit::Callback map_optimised =
      at(Tier::Optimised, mapping, {.kind = llcjit::Kind::Transform});
  for (std::intptr_t i = -5; i < 5; ++i) {
    const std::intptr_t output[] = {i, 3 - i};
    const std::vector<double> q = map_quick.transform(output, {&param, 1});
    const std::vector<double> o = map_optimised.transform(output, {&param, 1});
    ASSERT_EQ(q.size(), o.size());
    for (std::size_t k = 0; k < q.size(); ++k)
      EXPECT_EQ(bits(q[k]), bits(o[k]));
  }
}

// Quick code is compiled an entry point at a time, so which ones a formula
// has is worked out without compiling them: it must be what the optimised
// module holds, for every kind.
TEST(Tiers, BothTiersHaveTheSameEntryPoints) {
  const llcjit::FilterLayout rows{.offsets = {-8, 0, 8}};
  const llcjit::FilterLayout strided{.offsets = {-8, 0, 8}, .output_step = 16};
  const std::vector<std::pair<std::string, Options>> formulas = {
      {"sin(x)", {}},
      {"a*sin(x)", {}},
      {"x0 + x1", {}},
      {"c*x0", {}},
      {"max(values)", {}},
      {"max(values)", {.filter_layout = rows}},
      {"max(values)", {.filter_layout = strided}},
      {"mean(values)", {.kind = llcjit::Kind::Filter1D}},
      {"(o0 + 1, o1)", {.kind = llcjit::Kind::Transform}},
  };
  for (const auto &[source, options] : formulas)
    EXPECT_EQ(at(Tier::Quick, source, options).entries(),
              at(Tier::Optimised, source, options).entries())
        << source;
}

TEST(Tiers, QuickCodeStaysQuick) {
  const llcjit::Callback f = at(Tier::Quick, "x * 1.5 + 0.25");
  auto *call = f.as<double(double)>();
  double total = 0;
  for (std::uint64_t i = 0; i < 2 * llcjit::jit::kTierUpCalls; ++i)
    total += call(static_cast<double>(i));
  llcjit::jit::wait_for_background_work();
  EXPECT_EQ(f.tier(), Tier::Quick);
  EXPECT_GT(total, 0.0);
}

TEST(Tiers, AutomaticStartsQuickAndTiersUpWhenHotAtTheSameAddress) {
  const llcjit::Callback f = at(Tier::Automatic, "exp(-a*x*x) + 0.125 * x");
  EXPECT_EQ(f.tier(), Tier::Quick);
  auto *call = f.as<double(double, void *)>();
  double a = 2.0;
  const double before = call(0.3, &a);
  for (std::uint64_t i = 0; i < llcjit::jit::kTierUpCalls; ++i)
    (void)call(static_cast<double>(i) * 1e-5, &a);
  llcjit::jit::wait_for_background_work();
  EXPECT_EQ(f.tier(), Tier::Optimised);
  EXPECT_EQ(f.as<double(double, void *)>(), call);
  EXPECT_EQ(bits(call(0.3, &a)), bits(before));
  EXPECT_EQ(bits(call(0.3, &a)), bits(std::exp(-2.0 * 0.3 * 0.3) + 0.125 * 0.3));
}

// Eight threads call the same pointers while the optimised code replaces
// the quick code under them; every result is the reference's bits.
TEST(Tiers, SwapUnderConcurrentCallsFromEightThreads) {
  const llcjit::Callback f = at(Tier::Automatic, "log1p(x*x) / (a + x)");
  auto *call = f.as<double(int, double *, void *)>();
  std::vector<std::thread> threads;
  std::vector<int> wrong(8, 0);
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      double a = 1.0 + t;
      for (std::uint64_t i = 0; i < llcjit::jit::kTierUpCalls; ++i) {
        double x = static_cast<double>(i % 1000) * 0.01;
        const double want = std::log1p(x * x) / (a + x);
        wrong[t] += bits(call(1, &x, &a)) != bits(want);
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  llcjit::jit::wait_for_background_work();
  for (int t = 0; t < 8; ++t)
    EXPECT_EQ(wrong[t], 0) << "thread " << t;
  EXPECT_EQ(f.tier(), Tier::Optimised);
}

// A child forked while a compile is in flight has no such thread: its exit
// must not wait for it.
TEST(Tiers, AForkedChildDoesNotWaitForItsParentsBackgroundWork) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  llcjit::jit::run_in_background([released] { released.wait(); });
  const pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    llcjit::jit::wait_for_background_work();
    _exit(0);
  }
  int status = 0;
  pid_t done = 0;
  for (int tries = 0; tries < 500 && done == 0; ++tries) {
    done = waitpid(child, &status, WNOHANG);
    if (done == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  release.set_value();
  llcjit::jit::wait_for_background_work();
  if (done == 0) {
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
    FAIL() << "the child waited for its parent's thread";
  }
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(Tiers, NamesRoundTrip) {
  for (Tier tier : {Tier::Automatic, Tier::Quick, Tier::Optimised})
    EXPECT_EQ(llcjit::parse_tier(llcjit::to_string(tier)), tier);
  EXPECT_EQ(llcjit::parse_tier("optimized"), Tier::Optimised);
  EXPECT_EQ(llcjit::parse_tier("fast"), std::nullopt);
}

} // namespace
