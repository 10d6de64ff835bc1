// Progress: a sweep and a filter report the work they set out to do and what
// is done, and stop with Cancelled when asked, before they start or from
// another thread while they run.
#include <llcjit/llcjit.h>
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

namespace {

std::vector<double> sweep_values(std::size_t rows) {
  std::vector<double> a(rows);
  for (std::size_t i = 0; i < rows; ++i)
    a[i] = 0.5 + static_cast<double>(i % 97) / 10;
  return a;
}

TEST(Progress, ASweepCountsEachIntegral) {
  const llcjit::Callback f = llcjit::compile("exp(-a*x*x)");
  const std::vector<double> a = sweep_values(1000);
  llcjit::Progress progress;
  const auto results = llcjit::quad_sweep(f, a, -1, 1, {.threads = 2, .progress = &progress});
  EXPECT_EQ(progress.total.load(), 1000u);
  EXPECT_EQ(progress.done.load(), 1000u);
  EXPECT_NEAR(results[3].value, std::sqrt(M_PI / a[3]) * std::erf(std::sqrt(a[3])), 1e-12);
}

TEST(Progress, ASweepCancelledBeforeItStartsComputesNothing) {
  const llcjit::Callback f = llcjit::compile("exp(-a*x*x)");
  llcjit::Progress progress;
  progress.cancel = 1;
  EXPECT_THROW(llcjit::quad_sweep(f, sweep_values(100), -1, 1, {.progress = &progress}),
               llcjit::Cancelled);
  EXPECT_EQ(progress.done.load(), 0u);
}

// Cancelled from another thread once it has started: it stops long before
// the end (each integral here takes tens of microseconds; there are 10^6).
TEST(Progress, ASweepCancelledWhileItRunsStops) {
  const llcjit::Callback f = llcjit::compile("sin(a*x) / (1 + x*x)");
  const std::vector<double> a = sweep_values(1'000'000);
  llcjit::Progress progress;
  std::thread canceller([&] {
    while (progress.done.load() == 0)
      std::this_thread::yield();
    progress.cancel = 1;
  });
  EXPECT_THROW(llcjit::quad_sweep(f, a, 0, 50, {.limit = 200, .threads = 2, .progress = &progress}),
               llcjit::Cancelled);
  canceller.join();
  EXPECT_GT(progress.done.load(), 0u);
  EXPECT_LT(progress.done.load(), a.size());
}

TEST(Progress, AFilterCountsItsLinesAndStopsWhenCancelled) {
  std::vector<double> image(64 * 256), out(image.size());
  for (std::size_t i = 0; i < image.size(); ++i)
    image[i] = std::sin(static_cast<double>(i));
  const auto input = llcjit::ArrayView::contiguous(image.data(), {64, 256});
  const auto output = llcjit::ArrayView::contiguous(out.data(), {64, 256});
  const llcjit::Callback kernel = llcjit::compile("values[0] + median(values)");
  llcjit::Progress progress;
  llcjit::generic_filter(input, output, kernel, {}, llcjit::Footprint::box({3, 3}),
                         {.progress = &progress});
  EXPECT_GT(progress.total.load(), 0u);
  EXPECT_EQ(progress.done.load(), progress.total.load());

  llcjit::Progress cancelled;
  cancelled.cancel = 1;
  EXPECT_THROW(llcjit::generic_filter(input, output, kernel, {}, llcjit::Footprint::box({3, 3}),
                                      {.progress = &cancelled}),
               llcjit::Cancelled);
  EXPECT_EQ(cancelled.done.load(), 0u);
}

// Through the C ABI: the caller's llcjit_progress, and LLCJIT_CANCELLED.
TEST(Progress, TheCAbiReportsAndCancels) {
  llcjit_callback *f = nullptr;
  ASSERT_EQ(llcjit_compile(nullptr, "exp(-a*x*x)", nullptr, &f), LLCJIT_OK);
  const std::vector<double> a = sweep_values(500);
  std::vector<llcjit_quad_result> results(a.size());
  llcjit_progress progress{};
  llcjit_quad_options options;
  llcjit_quad_options_init(&options);
  options.progress = &progress;
  EXPECT_EQ(llcjit_quad_sweep(f, a.data(), a.size(), -1, 1, &options, results.data()), LLCJIT_OK);
  EXPECT_EQ(progress.done, 500u);
  EXPECT_EQ(progress.total, 500u);
  llcjit_progress stop{.done = 0, .total = 0, .cancel = 1};
  options.progress = &stop;
  EXPECT_EQ(llcjit_quad_sweep(f, a.data(), a.size(), -1, 1, &options, results.data()),
            LLCJIT_CANCELLED);
  EXPECT_STREQ(llcjit_last_error(), "cancelled");
  llcjit_callback_release(f);
}

} // namespace
