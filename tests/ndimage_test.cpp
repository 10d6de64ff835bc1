// The generic_filter driver from C++: boundary modes on a small line worked
// by hand, SciPy's errors, and the fused and unfused paths, any thread count
// and overlapping outputs agreeing bit for bit. (Agreement with
// scipy.ndimage.generic_filter on every mode, footprint, origin and rank is
// tests/python/test_filter_scipy.py.)
#include <llcjit/llcjit.hpp>

#include "ndimage/cache.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string_view>
#include <thread>
#include <vector>

namespace {

std::vector<double> filter_line(std::vector<double> line, const char *source,
                                std::vector<std::ptrdiff_t> footprint, llcjit::Mode mode,
                                double cval = 0, std::ptrdiff_t origin = 0) {
  std::vector<double> out(line.size());
  const auto n = static_cast<std::ptrdiff_t>(line.size());
  llcjit::generic_filter(llcjit::ArrayView::contiguous(line.data(), {n}),
                         llcjit::ArrayView::contiguous(out.data(), {n}),
                         llcjit::compile(source, {.kind = llcjit::Kind::Filter}), {},
                         llcjit::Footprint::box(std::move(footprint)),
                         {.mode = mode, .cval = cval, .origin = {origin}});
  return out;
}

TEST(GenericFilter, BoundaryModesOnALine) {
  const std::vector<double> line = {1, 2, 3, 4};
  // values[0] of a 3-wide window is the left neighbour.
  using M = llcjit::Mode;
  EXPECT_EQ(filter_line(line, "values[0]", {3}, M::Reflect), (std::vector<double>{1, 1, 2, 3}));
  EXPECT_EQ(filter_line(line, "values[0]", {3}, M::Mirror), (std::vector<double>{2, 1, 2, 3}));
  EXPECT_EQ(filter_line(line, "values[0]", {3}, M::Nearest), (std::vector<double>{1, 1, 2, 3}));
  EXPECT_EQ(filter_line(line, "values[0]", {3}, M::Wrap), (std::vector<double>{4, 1, 2, 3}));
  EXPECT_EQ(filter_line(line, "values[0]", {3}, M::Constant, 9), (std::vector<double>{9, 1, 2, 3}));
  // Positive origins shift the window to the left.
  EXPECT_EQ(filter_line(line, "values[0]", {3}, M::Constant, 9, 1),
            (std::vector<double>{9, 9, 1, 2}));
  // A single sample under mirror repeats itself.
  EXPECT_EQ(filter_line({5}, "sum(values)", {3}, M::Mirror), (std::vector<double>{15}));
  EXPECT_EQ(llcjit::parse_mode("grid-wrap"), M::Wrap);
  EXPECT_FALSE(llcjit::parse_mode("foo"));
}

TEST(GenericFilter, ScipysErrors) {
  std::vector<double> data(9, 1.0), out(9);
  const auto in = llcjit::ArrayView::contiguous(data.data(), {3, 3});
  const auto to = llcjit::ArrayView::contiguous(out.data(), {3, 3});
  const llcjit::Callback kernel = llcjit::compile("min(values)");
  EXPECT_THROW(llcjit::generic_filter(in, to, kernel, {}, llcjit::Footprint::box({3})),
               llcjit::UsageError);
  EXPECT_THROW(
      llcjit::generic_filter(in, to, kernel, {}, {{3, 3}, std::vector<unsigned char>(9, 0)}),
      llcjit::UsageError);
  EXPECT_THROW(
      llcjit::generic_filter(in, to, kernel, {}, llcjit::Footprint::box({3, 3}), {.origin = {2}}),
      llcjit::UsageError);
  EXPECT_THROW(
      llcjit::generic_filter(in, to, llcjit::compile("x"), {}, llcjit::Footprint::box({3, 3})),
      llcjit::UsageError);
  EXPECT_NO_THROW(llcjit::generic_filter(in, in, kernel, {}, llcjit::Footprint::box({3, 3})));
  const llcjit::Callback sized =
      llcjit::compile("min(values)", {.kind = llcjit::Kind::Filter, .values_size = 5});
  EXPECT_THROW(llcjit::generic_filter(in, to, sized, {}, llcjit::Footprint::box({3, 3})),
               llcjit::UsageError);
  EXPECT_THROW(llcjit::generic_filter(in, to, nullptr, nullptr, llcjit::Footprint::box({3, 3})),
               llcjit::UsageError);
}

// A random array of `shape` inside a larger buffer, read through strides
// that skip elements and, for one axis, run backwards.
struct StridedArray {
  std::vector<double> buffer;
  llcjit::ArrayView view;

  explicit StridedArray(std::vector<std::ptrdiff_t> shape, unsigned seed) {
    std::mt19937_64 random(seed);
    std::normal_distribution<double> normal;
    std::size_t count = 1;
    for (std::ptrdiff_t extent : shape)
      count *= static_cast<std::size_t>(extent);
    buffer.resize(count * 2);
    for (double &value : buffer)
      value = std::round(normal(random) * 16) / 16; // ties
    view = llcjit::ArrayView::contiguous(buffer.data(), shape);
    for (std::ptrdiff_t &stride : view.strides)
      stride *= 2;
    // The first axis backwards.
    view.data = static_cast<char *>(view.data) + (shape[0] - 1) * view.strides[0];
    view.strides[0] = -view.strides[0];
  }
};

// The output starts `shift` elements into a 64-byte aligned buffer, so that
// the streaming path has every misalignment to peel off.
std::vector<double> filtered(const llcjit::ArrayView &input, const llcjit::Callback &kernel,
                             std::vector<double> params, const llcjit::Footprint &footprint,
                             const llcjit::FilterOptions &options, std::size_t shift = 0) {
  std::vector<double> buffer(input.size() + 16);
  const auto address = reinterpret_cast<std::uintptr_t>(buffer.data());
  double *out = buffer.data() + (64 - address % 64) % 64 / sizeof(double) + shift;
  llcjit::generic_filter(input, llcjit::ArrayView::contiguous(out, input.shape), kernel, params,
                         footprint, options);
  return {out, out + input.size()};
}

// Bit for bit. Only where `zeros_may_differ` (a median or percentile) may
// the two sides pick either of a tied -0 and +0: the sorting network of a
// fused kernel and the selection of the unfused one order ties differently,
// as NumPy's own partition leaves open.
void expect_bits_equal(const std::vector<double> &got, const std::vector<double> &want,
                       const std::string &what, bool zeros_may_differ = false) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    const bool same_bits = std::memcmp(&got[i], &want[i], sizeof(double)) == 0;
    const bool tied_zeros = zeros_may_differ && got[i] == 0.0 && want[i] == 0.0;
    if (!same_bits && !tied_zeros) {
      ADD_FAILURE() << what << ": element " << i << " is " << got[i] << ", want " << want[i];
      return;
    }
  }
}

TEST(GenericFilter, FusedUnfusedAndThreadCountsAgree) {
  const std::vector<std::pair<std::vector<std::ptrdiff_t>, llcjit::Footprint>> cases = {
      {{37}, llcjit::Footprint::box({5})},
      {{1}, llcjit::Footprint::box({3})},
      {{9, 23}, {{3, 3}, {0, 1, 0, 1, 1, 1, 0, 1, 0}}},
      {{6, 5}, llcjit::Footprint::box({2, 3})},
      {{2, 40}, llcjit::Footprint::box({5, 5})},
      {{4, 5, 11}, {{3, 1, 2}, {1, 0, 1, 1, 1, 0}}},
      // Lines long enough for several streaming calls.
      {{300}, llcjit::Footprint::box({3})},
      {{5, 150}, {{3, 3}, {0, 1, 0, 1, 1, 1, 0, 1, 0}}},
  };
  const char *kernels[] = {"min(values)",
                           "max(values) - t",
                           "median(values)",
                           "percentile(values, 25)",
                           "mean(values)",
                           "sum(values * values)",
                           "median(abs(values - median(values)))",
                           "values[0] + 2 * values[size - 1]",
                           "var(values) > t"};
  unsigned seed = 1;
  for (const auto &[shape, footprint] : cases) {
    const StridedArray input(shape, seed++);
    for (const char *source : kernels) {
      const llcjit::Callback kernel = llcjit::compile(source, {.kind = llcjit::Kind::Filter});
      const std::vector<double> params(kernel.parameters().size(), 0.25);
      const std::string_view text = source;
      const bool order_statistic =
          text.find("median") != text.npos || text.find("percentile") != text.npos;
      for (llcjit::Mode mode : {llcjit::Mode::Reflect, llcjit::Mode::Constant, llcjit::Mode::Mirror,
                                llcjit::Mode::Wrap}) {
        const std::string what = std::string(source) + " on " + std::to_string(shape.size()) +
                                 "-d shape, mode " + std::to_string(static_cast<int>(mode));
        const auto unfused = filtered(input.view, kernel, params, footprint,
                                      {.mode = mode, .cval = 0.5, .threads = 1, .fuse = false});
        for (unsigned threads : {1u, 2u, 0u})
          expect_bits_equal(
              filtered(input.view, kernel, params, footprint,
                       {.mode = mode, .cval = 0.5, .threads = threads, .fuse_now = true}),
              unfused, what + ", fused on " + std::to_string(threads) + " threads",
              order_statistic);
        for (std::size_t shift : {0, 1, 5})
          expect_bits_equal(
              filtered(input.view, kernel, params, footprint,
                       {.mode = mode, .cval = 0.5, .fuse_now = true, .streaming = true}, shift),
              unfused,
              what + ", streaming to an output " + std::to_string(shift) +
                  " past 64-byte alignment",
              order_statistic);
      }
    }
  }
}

// SciPy's signature, written by hand: a user's own C function runs too.
int count_above(double *values, std::intptr_t size, double *result, void *user_data) {
  const double threshold = *static_cast<const double *>(user_data);
  *result = static_cast<double>(
      std::count_if(values, values + size, [&](double v) { return v > threshold; }));
  return 1;
}

int refuse(double *, std::intptr_t, double *, void *) { return 0; }

TEST(GenericFilter, PlainCFunctionsOfScipysSignature) {
  const StridedArray input({7, 9}, 42);
  const llcjit::Footprint box = llcjit::Footprint::box({3, 3});
  double threshold = 0.1;
  std::vector<double> out(input.view.size());
  const auto to = llcjit::ArrayView::contiguous(out.data(), input.view.shape);
  llcjit::generic_filter(input.view, to, &count_above, &threshold, box,
                         {.mode = llcjit::Mode::Wrap});
  expect_bits_equal(out,
                    filtered(input.view, llcjit::compile("count(values > t)"), {threshold}, box,
                             {.mode = llcjit::Mode::Wrap}),
                    "count_above against count(values > t)");
  // SciPy's RuntimeError and words for a callback that returns 0.
  try {
    llcjit::generic_filter(input.view, to, &refuse, nullptr, box);
    ADD_FAILURE() << "a callback returning 0 did not stop the filter";
  } catch (const llcjit::UsageError &) {
    ADD_FAILURE() << "a callback returning 0 is no usage error";
  } catch (const llcjit::Error &e) {
    EXPECT_STREQ(e.what(), "unknown error in filter function");
  }
}

TEST(GenericFilter, OutputOverlappingTheInputReadsTheOriginal) {
  std::vector<double> data(40);
  for (std::size_t i = 0; i < data.size(); ++i)
    data[i] = std::sin(static_cast<double>(i));
  const auto line = llcjit::ArrayView::contiguous(data.data(), {40});
  const llcjit::Callback kernel = llcjit::compile("max(values)");
  const auto want = filtered(line, kernel, {}, llcjit::Footprint::box({3}), {});
  // The input read backwards from a buffer that the output fills forwards:
  // most writes land on elements still to be read.
  std::vector<double> buffer(data.rbegin(), data.rend());
  const llcjit::ArrayView backwards{buffer.data() + 39, {40}, {-8}};
  llcjit::generic_filter(backwards, llcjit::ArrayView::contiguous(buffer.data(), {40}), kernel, {},
                         llcjit::Footprint::box({3}), {});
  EXPECT_EQ(buffer, want);
}

// A hypervisor's cache is capped at 16 MiB a CPU sharing it (this machine's
// reports 480 MiB shared by 2), a real one's is kept.
TEST(Cache, HypervisorsAreNotBelievedPast16MiBACpu) {
  constexpr std::size_t kMiB = std::size_t{1} << 20;
  EXPECT_EQ(llcjit::ndimage::believable_cache_bytes(480 * kMiB, 2), 32 * kMiB);
  EXPECT_EQ(llcjit::ndimage::believable_cache_bytes(105 * kMiB, 56), 105 * kMiB); // Xeon 8480
  EXPECT_EQ(llcjit::ndimage::believable_cache_bytes(96 * kMiB, 16), 96 * kMiB);   // Ryzen X3D
  EXPECT_EQ(llcjit::ndimage::believable_cache_bytes(64 * kMiB, 0), 16 * kMiB);
  const std::size_t cache = llcjit::ndimage::last_level_cache_bytes();
  EXPECT_GT(cache, 0u);
  EXPECT_LE(cache, 16 * kMiB * std::thread::hardware_concurrency());
}

// Arrays outgrow the cache, and an unset FilterOptions::streaming streams,
// from the size of the last-level cache on.
TEST(Cache, ArraysOutgrowTheWholeCache) {
  const std::size_t whole = llcjit::ndimage::last_level_cache_bytes();
  EXPECT_TRUE(llcjit::ndimage::outgrows_cache(whole));
  EXPECT_TRUE(llcjit::ndimage::outgrows_cache(64 * whole));
  EXPECT_FALSE(llcjit::ndimage::outgrows_cache(whole - 1));
}

} // namespace
