// The window-independent filters against the brute-force kernel: van
// Herk/Gil-Werman minima and maxima bit for bit (ties, -0/+0, NaN, inf),
// running sums within their documented bound of the exact sum, over ranks
// 1-3, every mode, extreme origins, boxes and footprints with holes; the
// recognition of kernels made of reductions; and the algorithm each call
// chooses. (Agreement with SciPy: tests/python/test_fast_filters.py.)
#include "extreme_images.hpp"

#include <llcjit/kernel_form.hpp>
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

using extreme_images::bits;
using extreme_images::image;
using extreme_images::kModes;
using llcjit::ArrayView;
using llcjit::Footprint;
using llcjit::Mode;

std::vector<double> run(const std::string &source, const std::vector<double> &input,
                        const std::vector<std::ptrdiff_t> &shape, const Footprint &footprint,
                        const llcjit::FilterOptions &options) {
  std::vector<double> in = input, out(input.size());
  llcjit::generic_filter(
      ArrayView::contiguous(in.data(), shape), ArrayView::contiguous(out.data(), shape),
      llcjit::compile(source, {.kind = llcjit::Kind::Filter}), {}, footprint, options);
  return out;
}

// A box of `shape` with a hole of a quarter of each extent in the middle:
// few runs per row, so the running extremes apply to it.
Footprint holed(std::vector<std::ptrdiff_t> shape) {
  Footprint footprint = Footprint::box(shape);
  std::vector<std::ptrdiff_t> index(shape.size(), 0);
  for (unsigned char &on : footprint.mask) {
    bool inside = true;
    for (std::size_t axis = 0; axis < shape.size(); ++axis) {
      const std::ptrdiff_t quarter = std::max<std::ptrdiff_t>(1, shape[axis] / 4);
      inside = inside && std::abs(index[axis] - shape[axis] / 2) < quarter;
    }
    on = !inside;
    for (std::size_t axis = shape.size(); axis-- > 0;)
      if (++index[axis] < shape[axis])
        break;
      else
        index[axis] = 0;
  }
  return footprint;
}

struct Case {
  std::vector<std::ptrdiff_t> shape;
  Footprint footprint;
};

std::vector<Case> cases() {
  return {
      {{97}, Footprint::box({40})},
      {{97}, Footprint::box({70})},
      {{5}, Footprint::box({33})}, // footprint longer than the array
      {{41, 37}, Footprint::box({9, 9})},
      {{41, 37}, Footprint::box({8, 12})},
      {{20, 70}, Footprint::box({3, 31})},
      {{130, 530}, Footprint::box({5, 13})},  // several tiles of rows and columns
      {{60, 1100}, Footprint::box({150, 2})}, // several strips of columns
      {{30, 29}, holed({20, 20})},
      {{13, 11, 9}, Footprint::box({5, 5, 5})},
      {{13, 11, 9}, holed({9, 8, 12})},
      {{9000}, Footprint::box({101})},                  // a line, as an image of one row
      {{8200, 1, 1, 3}, Footprint::box({41, 1, 1, 1})}, // lines cut into segments
      {{8300, 2, 3}, Footprint::box({41, 2, 3})},       // ... kept whole by a pass in place
      {{30, 150, 3}, Footprint::box({9, 9, 1})},        // a colour image
  };
}

std::vector<std::vector<std::ptrdiff_t>> origins(const Footprint &footprint) {
  std::vector<std::ptrdiff_t> low, high;
  for (std::ptrdiff_t n : footprint.shape) {
    low.push_back(-(n / 2));
    high.push_back((n - 1) / 2);
  }
  return {{0}, low, high};
}

TEST(FastFilter, ExtremesAreTheBruteForceBits) {
  for (const char *source :
       {"min(values)", "max(values)", "max(values) - min(values)",
        "lo = min(values); 2 * lo + max(values) / 3", "nanmin(values)", "nanmax(values)"}) {
    const bool single = llcjit::reduction_form(source, {.kind = llcjit::Kind::Filter})->single;
    unsigned seed = 1;
    std::size_t fast_cases = 0;
    for (const Case &c : cases()) {
      const auto [shape, footprint] = c;
      std::size_t size = 1;
      for (std::ptrdiff_t n : shape)
        size *= static_cast<std::size_t>(n);
      const std::vector<double> input = image(size, seed++);
      // A formula of two reductions pays for combining them, so the fused
      // loop keeps its smaller windows; a single reduction runs fast in all.
      const std::string chosen = llcjit::filter_algorithm(
          llcjit::compile(source, {.kind = llcjit::Kind::Filter}), footprint);
      const bool fast = chosen.find("van Herk") != std::string::npos ||
                        chosen.find("whole rows") != std::string::npos;
      ASSERT_TRUE(fast || !single) << source << ": " << chosen;
      fast_cases += fast ? 1 : 0;
      for (Mode mode : kModes)
        for (const auto &origin : origins(footprint)) {
          llcjit::FilterOptions options{.mode = mode, .cval = -0.0, .origin = origin};
          const std::vector<double> fast = run(source, input, shape, footprint, options);
          options.fuse = false;
          const std::vector<double> brute = run(source, input, shape, footprint, options);
          for (std::size_t i = 0; i < size; ++i)
            ASSERT_EQ(bits(fast[i]), bits(brute[i]))
                << source << " mode " << static_cast<int>(mode) << " element " << i << ": "
                << fast[i] << " vs " << brute[i];
        }
    }
    EXPECT_GE(fast_cases, single ? cases().size() : 6) << source;
  }
}

TEST(FastFilter, NanExtremesIgnoreNaNUntilAllAreNaN) {
  // Half the elements NaN, and whole NaN blocks: windows of nothing but NaN.
  const std::vector<std::ptrdiff_t> shape{40, 44};
  std::vector<double> input = image(40 * 44, 9);
  for (std::size_t i = 0; i < input.size(); ++i)
    if (i % 2 == 0 || (i / 44 < 12 && i % 44 < 14))
      input[i] = std::nan("");
  for (const char *source : {"nanmin(values)", "nanmax(values) - nanmin(values)"})
    for (const Footprint &footprint : {Footprint::box({9, 9}), holed({20, 16})})
      for (Mode mode : kModes) {
        llcjit::FilterOptions options{.mode = mode, .cval = std::nan("")};
        const auto fast = run(source, input, shape, footprint, options);
        options.fuse = false;
        const auto brute = run(source, input, shape, footprint, options);
        std::size_t all_nan = 0;
        for (std::size_t i = 0; i < fast.size(); ++i) {
          ASSERT_EQ(bits(fast[i]), bits(brute[i])) << source << " element " << i;
          all_nan += std::isnan(fast[i]);
        }
        if (footprint.mask.size() == 81) { // a 9x9 box fits in the NaN block
          EXPECT_GT(all_nan, 0U) << source;
        }
        EXPECT_LT(all_nan, fast.size()) << source;
      }
}

TEST(FastFilter, OrderStatisticsAreTheBruteForceValues) {
  // Windows of more than 64 cells, where the running ranks take over; the
  // lines of the last three are several tiles long (256 columns, or four
  // windows).
  const std::vector<Case> order_cases = {
      {{150}, Footprint::box({65})},           {{41, 37}, Footprint::box({9, 9})},
      {{41, 37}, Footprint::box({8, 12})},     {{30, 29}, holed({20, 20})},
      {{9, 8, 10}, Footprint::box({5, 5, 5})}, {{700}, Footprint::box({65})},
      {{10, 530}, Footprint::box({9, 9})},     {{5, 600}, holed({3, 70})},
  };
  unsigned seed = 30;
  for (const char *source : {"median(values)", "percentile(values, 30)", "nanmedian(values)",
                             "nanpercentile(values, 90)", "median(values) - nanmedian(values)"})
    for (const Case &c : order_cases) {
      std::size_t size = 1;
      for (std::ptrdiff_t n : c.shape)
        size *= static_cast<std::size_t>(n);
      std::vector<double> input = image(size, seed++);
      if (seed % 2 == 0) // a NaN-rich image, with windows of nothing else
        for (std::size_t i = 0; i < size; i += 2)
          input[i] = std::nan("");
      for (Mode mode : kModes)
        for (const auto &origin : origins(c.footprint)) {
          llcjit::FilterOptions options{.mode = mode, .cval = -0.0, .origin = origin};
          const std::string chosen = llcjit::filter_algorithm(
              llcjit::compile(source, {.kind = llcjit::Kind::Filter}), c.footprint, options);
          ASSERT_NE(chosen.find("running ranks"), std::string::npos) << source << ": " << chosen;
          const std::vector<double> fast = run(source, input, c.shape, c.footprint, options);
          options.fuse = false;
          const std::vector<double> brute = run(source, input, c.shape, c.footprint, options);
          // Bit for bit, but for the sign of a zero a percentile interpolates
          // between tied -0 and +0 (docs/language.md).
          const bool percentile =
              std::string_view(source).find("percentile") != std::string_view::npos;
          for (std::size_t i = 0; i < size; ++i)
            ASSERT_TRUE(extreme_images::same(fast[i], brute[i], false) ||
                        (percentile && fast[i] == 0 && brute[i] == 0))
                << source << " mode " << static_cast<int>(mode) << " element " << i << ": "
                << fast[i] << " vs " << brute[i];
        }
    }
}

TEST(FastFilter, ResultsDoNotDependOnThreads) {
  const std::vector<std::ptrdiff_t> shape{64, 300};
  const std::vector<double> input = image(64 * 300, 7);
  for (const char *source : {"min(values)", "mean(values)", "median(values)"}) {
    const Footprint footprint = Footprint::box({17, 17});
    const auto one = run(source, input, shape, footprint, {.threads = 1});
    const auto many = run(source, input, shape, footprint, {.threads = 3});
    for (std::size_t i = 0; i < one.size(); ++i)
      ASSERT_EQ(bits(one[i]), bits(many[i])) << source;
  }
}

// The exact window sums, in __float128: 113 bits hold every partial sum of
// these values exactly.
std::vector<double> exact_box_sums(const std::vector<double> &input, std::ptrdiff_t rows,
                                   std::ptrdiff_t columns, std::ptrdiff_t size, Mode mode,
                                   double cval, bool mean) {
  std::vector<double> out(input.size());
  auto at = [&](std::ptrdiff_t r, std::ptrdiff_t c) -> __float128 {
    auto map = [&](std::ptrdiff_t i, std::ptrdiff_t n) -> std::ptrdiff_t {
      if (i >= 0 && i < n)
        return i;
      if (mode == Mode::Constant)
        return -1;
      // Reflect: d c b a | a b c d | d c b a
      const std::ptrdiff_t period = 2 * n;
      std::ptrdiff_t j = ((i % period) + period) % period;
      return j < n ? j : period - 1 - j;
    };
    const std::ptrdiff_t i = map(r, rows), j = map(c, columns);
    return i < 0 || j < 0 ? cval : input[i * columns + j];
  };
  for (std::ptrdiff_t r = 0; r < rows; ++r)
    for (std::ptrdiff_t c = 0; c < columns; ++c) {
      __float128 sum = 0;
      for (std::ptrdiff_t dr = 0; dr < size; ++dr)
        for (std::ptrdiff_t dc = 0; dc < size; ++dc)
          sum += at(r + dr - size / 2, c + dc - size / 2);
      out[r * columns + c] = static_cast<double>(mean ? sum / (size * size) : sum);
    }
  return out;
}

TEST(FastFilter, RunningSumsAreWithinTheirBound) {
  const std::ptrdiff_t rows = 40, columns = 50, size = 17;
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> mantissa(-1, 1);
  std::uniform_int_distribution<int> exponent(-20, 20);
  std::vector<double> input(rows * columns);
  for (double &x : input)
    x = std::ldexp(mantissa(rng), exponent(rng)); // cancellation across scales
  double largest = 0;
  for (double x : input)
    largest = std::max(largest, std::fabs(x));
  for (Mode mode : {Mode::Reflect, Mode::Constant})
    for (bool mean : {false, true}) {
      const char *source = mean ? "mean(values)" : "sum(values)";
      const Footprint footprint = Footprint::box({size, size});
      const llcjit::FilterOptions options{.mode = mode, .cval = 0.75};
      ASSERT_NE(llcjit::filter_algorithm(llcjit::compile(source, {.kind = llcjit::Kind::Filter}),
                                         footprint, options)
                    .find("running sums"),
                std::string::npos);
      const auto fast = run(source, input, {rows, columns}, footprint, options);
      const auto exact = exact_box_sums(input, rows, columns, size, mode, 0.75, mean);
      // docs/filters.md, the bound in 2-D: |result - exact| <= 2^-53 |exact|
      // + 2^-104 n (K + 1)^2 max|x| (one rounding, plus the bits below the
      // finer grid), K = 2n + 2h + 5, n the cells, h the rows.
      const double cells = size * size, terms = 2 * cells + 2 * size + 6;
      const double drift = std::ldexp(1.0, -104) * cells * terms * terms * largest;
      for (std::size_t i = 0; i < fast.size(); ++i)
        ASSERT_LE(std::fabs(fast[i] - exact[i]), std::ldexp(std::fabs(exact[i]), -53) + drift)
            << source << " element " << i << ": " << fast[i] << " vs " << exact[i];
    }
}

TEST(FastFilter, LongLinesSumExactly) {
  // A line, which runs as an image of one row, and a volume whose sums'
  // last pass, along its first axis, cuts its lines into segments (two of
  // 4096 elements and a shorter one), after a pass along its second axis
  // that reads and writes the sums between passes and keeps them whole.
  // Small whole numbers, whose sums are exact either way.
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> value(-1000, 1000);
  const std::vector<Case> lines = {{{9000}, Footprint::box({101})},
                                   {{8300, 2, 3}, Footprint::box({101, 2, 3})}};
  for (const auto &[shape, footprint] : lines) {
    std::vector<double> input(static_cast<std::size_t>(
        std::accumulate(shape.begin(), shape.end(), std::ptrdiff_t{1}, std::multiplies<>())));
    for (double &x : input)
      x = value(rng);
    for (const char *source : {"sum(values)", "mean(values)"}) {
      ASSERT_NE(llcjit::filter_algorithm(llcjit::compile(source, {.kind = llcjit::Kind::Filter}),
                                         footprint)
                    .find("running sums"),
                std::string::npos);
      for (Mode mode : kModes) {
        std::vector<std::ptrdiff_t> origin(shape.size(), 0);
        origin[0] = -37;
        llcjit::FilterOptions options{.mode = mode, .cval = 3, .origin = origin};
        const std::vector<double> fast = run(source, input, shape, footprint, options);
        options.fuse = false;
        const std::vector<double> brute = run(source, input, shape, footprint, options);
        for (std::size_t i = 0; i < input.size(); ++i)
          ASSERT_EQ(bits(fast[i]), bits(brute[i]))
              << source << " mode " << static_cast<int>(mode) << " element " << i;
      }
    }
  }
}

TEST(FastFilter, NanMomentsOfVolumesCountTheirNumbers) {
  // Small integers, so that every sum is exact either way; a third NaN and
  // a corner of nothing but NaN, where the mean and variance are NaN.
  const std::vector<std::ptrdiff_t> shape{10, 11, 12};
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> value(-8, 8);
  std::vector<double> input(10 * 11 * 12);
  for (std::size_t i = 0; i < input.size(); ++i) {
    const bool corner = i / (11 * 12) < 4 && i / 12 % 11 < 4 && i % 12 < 4;
    input[i] = corner || value(rng) > 2 ? std::nan("") : value(rng);
  }
  const Footprint footprint = Footprint::box({7, 7, 7});
  for (const char *source : {"nansum(values)", "nanmean(values)", "nanvar(values)"})
    for (double cval : {std::nan(""), 1.0}) {
      llcjit::FilterOptions options{.mode = Mode::Constant, .cval = cval};
      ASSERT_NE(llcjit::filter_algorithm(llcjit::compile(source, {.kind = llcjit::Kind::Filter}),
                                         footprint, options)
                    .find("separable over 3 axes"),
                std::string::npos);
      const auto fast = run(source, input, shape, footprint, options);
      options.fuse = false;
      const auto brute = run(source, input, shape, footprint, options);
      for (std::size_t i = 0; i < fast.size(); ++i) {
        ASSERT_EQ(std::isnan(fast[i]), std::isnan(brute[i])) << source << " element " << i;
        if (!std::isnan(brute[i])) {
          ASSERT_LE(std::fabs(fast[i] - brute[i]), std::ldexp(std::fabs(brute[i]), -48))
              << source << " element " << i << ": " << fast[i] << " vs " << brute[i];
        }
      }
    }
}

TEST(FastFilter, RunningVariancesAreWithinOneRounding) {
  // Values far from 0 make the variance a cancellation of its sums: the
  // pair arithmetic has to carry it.
  const std::ptrdiff_t rows = 30, columns = 33, size = 17;
  std::mt19937 rng(4);
  std::uniform_real_distribution<double> mantissa(-1, 1);
  std::uniform_int_distribution<int> exponent(-12, 12);
  std::vector<double> input(rows * columns);
  for (double &x : input)
    x = 1.0e6 + std::ldexp(mantissa(rng), exponent(rng));
  for (const char *source : {"var(values)", "std(values)"}) {
    const Footprint footprint = Footprint::box({size, size});
    const llcjit::FilterOptions options{.mode = Mode::Reflect};
    ASSERT_NE(llcjit::filter_algorithm(llcjit::compile(source, {.kind = llcjit::Kind::Filter}),
                                       footprint, options)
                  .find("squares"),
              std::string::npos);
    const auto fast = run(source, input, {rows, columns}, footprint, options);
    // Two passes in __float128 (113 bits): the mean, then the squared
    // deviations.
    auto at = [&](std::ptrdiff_t r, std::ptrdiff_t c) {
      auto map = [](std::ptrdiff_t i, std::ptrdiff_t n) {
        const std::ptrdiff_t period = 2 * n;
        const std::ptrdiff_t j = ((i % period) + period) % period;
        return j < n ? j : period - 1 - j;
      };
      return static_cast<__float128>(input[map(r, rows) * columns + map(c, columns)]);
    };
    for (std::ptrdiff_t r = 0; r < rows; ++r)
      for (std::ptrdiff_t c = 0; c < columns; ++c) {
        __float128 mean = 0, var = 0;
        for (std::ptrdiff_t dr = -size / 2; dr <= size / 2; ++dr)
          for (std::ptrdiff_t dc = -size / 2; dc <= size / 2; ++dc)
            mean += at(r + dr, c + dc);
        mean /= size * size;
        for (std::ptrdiff_t dr = -size / 2; dr <= size / 2; ++dr)
          for (std::ptrdiff_t dc = -size / 2; dc <= size / 2; ++dc)
            var += (at(r + dr, c + dc) - mean) * (at(r + dr, c + dc) - mean);
        var /= size * size;
        const double want = std::string_view(source) == "var(values)"
                                ? static_cast<double>(var)
                                : std::sqrt(static_cast<double>(var));
        const double got = fast[r * columns + c];
        // docs/filters.md: within an ulp (and sqrt adds half of one).
        ASSERT_LE(std::fabs(got - want), 1.5 * std::ldexp(std::fabs(want), -52))
            << source << " element " << r * columns + c << ": " << got << " vs " << want;
      }
  }
}

TEST(FastFilter, SumsStayNumPysBitsWhenSmallOrExact) {
  const std::vector<double> input = image(30 * 40, 5);
  // Spread over 2^±20, where the order of the additions shows in the bits
  // (small integers would sum exactly in any order).
  std::vector<double> finite = input;
  std::mt19937 rng(9);
  std::uniform_real_distribution<double> mantissa(-1, 1);
  std::uniform_int_distribution<int> exponent(-20, 20);
  for (double &x : finite)
    x = std::ldexp(mantissa(rng), exponent(rng));
  for (const auto &[size, exact] : {std::pair{4, false}, std::pair{17, true}}) {
    const Footprint footprint = Footprint::box({size, size});
    const auto fused = run("mean(values)", finite, {30, 40}, footprint, {.exact = exact});
    const auto brute = run("mean(values)", finite, {30, 40}, footprint, {.fuse = false});
    for (std::size_t i = 0; i < fused.size(); ++i)
      ASSERT_EQ(bits(fused[i]), bits(brute[i])) << size;
  }
  // Non-finite input: the running sum does not apply, the fused loop runs.
  const Footprint large = Footprint::box({17, 17});
  const auto fused = run("sum(values)", input, {30, 40}, large, {});
  const auto brute = run("sum(values)", input, {30, 40}, large, {.fuse = false});
  for (std::size_t i = 0; i < fused.size(); ++i)
    ASSERT_TRUE(extreme_images::same(fused[i], brute[i], true)) << i;
}

TEST(FastFilter, RecognisesKernelsMadeOfReductions) {
  struct Row {
    const char *source;
    bool recognised;
    std::vector<llcjit::Reduction> reductions;
    bool single;
  };
  using R = llcjit::Reduction;
  const Row rows[] = {
      {"min(values)", true, {R::Min}, true},
      {"max(values) - min(values)", true, {R::Max, R::Min}, false},
      {"m = mean(values); m * m + sum(values) / size", true, {R::Mean, R::Sum}, false},
      {"std(values) / mean(values)", true, {R::Std, R::Mean}, false},
      {"min(values) + min(values)", true, {R::Min}, false},
      {"values[0]", false, {}, false},
      {"min(values) - values[4]", false, {}, false},
      {"median(values)", true, {R::Median}, true},
      {"percentile(values, q)", false, {}, false},
      {"percentile(values, 25) + percentile(values, 75)",
       true,
       {R::Percentile, R::Percentile},
       false},
      {"nanmax(values) - nanmin(values)", true, {R::NanMax, R::NanMin}, false},
      {"min(values * 2)", false, {}, false},
      {"v = values; min(v)", false, {}, false},
  };
  for (const Row &row : rows) {
    const auto form =
        llcjit::reduction_form(row.source, {.kind = llcjit::Kind::Filter, .values_size = 9});
    ASSERT_EQ(form.has_value(), row.recognised) << row.source;
    if (!form)
      continue;
    EXPECT_EQ(form->reductions, row.reductions) << row.source;
    EXPECT_EQ(form->single, row.single) << row.source;
  }
  const auto form = llcjit::reduction_form("m = mean(values); m * m + sum(values) / size",
                                           {.kind = llcjit::Kind::Filter, .values_size = 9});
  EXPECT_EQ(form.value_or(llcjit::ReductionForm{}).combiner,
            "m = values[0]; m * m + values[1] / 9");
}

TEST(FastFilter, ExplainsTheChoice) {
  const auto kernel = llcjit::compile("min(values)", {.kind = llcjit::Kind::Filter});
  EXPECT_NE(llcjit::filter_algorithm(kernel, Footprint::box({3, 3})).find("fused loop"),
            std::string::npos);
  EXPECT_NE(llcjit::filter_algorithm(kernel, Footprint::box({5, 5})).find("whole rows"),
            std::string::npos);
  EXPECT_NE(llcjit::filter_algorithm(kernel, Footprint::box({5, 5, 5})).find("separable"),
            std::string::npos);
  EXPECT_NE(llcjit::filter_algorithm(kernel, holed({31, 31})).find("runs"), std::string::npos);
  EXPECT_NE(llcjit::filter_algorithm(kernel, Footprint::box({31, 31}), {.fuse = false})
                .find("once per element"),
            std::string::npos);
  EXPECT_THROW(llcjit::filter_algorithm(kernel, Footprint::box({3, 3}), {.origin = {2}}),
               llcjit::UsageError);
}

} // namespace
