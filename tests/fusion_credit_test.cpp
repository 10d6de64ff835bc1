// When generic_filter compiles a fused kernel: the estimate of the code a
// fused body unrolls, the credit that pays for a long compile, and the
// values of a kernel too long to fuse on a small image, against medians
// computed here.
#include <llcjit/kernel_form.hpp>
#include <llcjit/llcjit.hpp>

#include "ndimage/fusion_credit.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

using llcjit::Footprint;
using llcjit::Kind;

double operations(const std::string &source, std::size_t cells) {
  return llcjit::unrolled_operations(source, {.kind = Kind::Filter, .values_size = cells});
}

TEST(UnrolledOperations, GrowWithWhatTheFusedBodyUnrolls) {
  // Per cell a load and a fold; a product of two loads and the fold.
  EXPECT_EQ(operations("sum(values)", 9), 9 * (1 + 3));
  EXPECT_EQ(operations("sum(values * values)", 9), 9 * (3 + 3));
  // Medians: the sorting network's 543 comparators for 64 values, each a
  // compare and a select per output.
  EXPECT_EQ(operations("median(values)", 64), 64 * 4 + 4 * 543);
  EXPECT_LT(operations("median(values)", 49), operations("median(values)", 64));
  // Past the largest network, and past the longest unrolled reduction,
  // the emitter loops: a loop body, whatever the window.
  EXPECT_LT(operations("median(values)", 65), 10.0);
  EXPECT_LT(operations("sum(values)", 257), 10.0);
  EXPECT_EQ(operations("sum(values)", 257), operations("sum(values)", 10'000));
  // A chain counts each link; a bound array each use.
  const double one = operations("median(values)", 64);
  const double two = operations("median(abs(values - median(values)))", 64);
  EXPECT_GT(two, 2 * one);
  EXPECT_LT(two, 2.2 * one);
  EXPECT_EQ(operations("d = abs(values - 1)\nmedian(d) + max(d)", 25),
            operations("median(abs(values - 1)) + max(abs(values - 1))", 25));
  // A scalar within an element is computed once, not per cell.
  EXPECT_EQ(operations("max(values - (1 + 2 * 3))", 9) - operations("max(values - 1)", 9), 2);
  // A percentile of a q known only at run time selects, as the emitter
  // does: no network.
  EXPECT_LT(operations("percentile(values, q)", 64), 10.0);
  EXPECT_GT(operations("percentile(values, 30)", 64), 2'000.0);
  // The NaN-ignoring median picks among the answers for every count.
  EXPECT_GT(operations("nanmedian(values)", 64), operations("median(values)", 64));
}

const llcjit::Options kLayout{
    .kind = Kind::Filter, .values_size = 2, .filter_layout = llcjit::FilterLayout{{0, 8}, 8, 8}};

// The credit is the process's: each run of a test (--gtest_repeat) takes
// a formula no run has credited yet.
std::string unique(std::string_view formula) {
  static int runs = 0;
  return fmt::format("{} + {}", formula, ++runs);
}

TEST(FusionCredit, ACheapCompileIsPaidAtOnce) {
  EXPECT_TRUE(llcjit::ndimage::fusion_pays(100.0, 1, 1, unique("values[0]"), kLayout));
}

TEST(FusionCredit, ALongCompileWaitsUntilTheWorkPaysForIt) {
  const std::string source = unique("median(values)");
  const double long_body = 20'000.0;
  ASSERT_GT(llcjit::ndimage::fused_compile_seconds(long_body), 1.0);
  EXPECT_FALSE(llcjit::ndimage::fusion_pays(long_body, 1'000, 1, source, kLayout));
  EXPECT_FALSE(llcjit::ndimage::fusion_pays(long_body, 1'000, 1, source, kLayout));
  // The credit adds up call by call, then stays paid.
  EXPECT_TRUE(llcjit::ndimage::fusion_pays(long_body, 1'000'000'000, 1, source, kLayout));
  EXPECT_TRUE(llcjit::ndimage::fusion_pays(long_body, 1, 1, source, kLayout));
  // Another layout (another image width) is another compile.
  const llcjit::Options wider{
      .kind = Kind::Filter, .values_size = 2, .filter_layout = llcjit::FilterLayout{{0, 16}, 8, 8}};
  EXPECT_FALSE(llcjit::ndimage::fusion_pays(long_body, 1'000, 1, source, wider));
}

TEST(FusionCredit, WorkSharedByThreadsCreditsTheTimeWaited) {
  // The points whose work, on one thread, pays for the compile.
  const double long_body = 20'000.0;
  const std::size_t paying =
      1 + static_cast<std::size_t>(llcjit::ndimage::fused_compile_seconds(long_body) /
                                   (long_body * 0.37e-9));
  EXPECT_TRUE(
      llcjit::ndimage::fusion_pays(long_body, paying, 1, unique("median(values)"), kLayout));
  EXPECT_FALSE(
      llcjit::ndimage::fusion_pays(long_body, paying, 8, unique("median(values)"), kLayout));
}

TEST(FusionCredit, CodeCompiledBeforeIsUsedAtOnce) {
  const std::string source = unique("median(values)");
  const llcjit::Callback compiled = llcjit::compile(source, kLayout);
  EXPECT_TRUE(llcjit::Engine::default_engine().has_compiled(source, kLayout));
  EXPECT_TRUE(llcjit::ndimage::fusion_pays(20'000.0, 1, 1, source, kLayout));
}

// The median of a neighbourhood's values, as NumPy's: the mean of the two
// middle ones for an even count.
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t half = v.size() / 2;
  return v.size() % 2 ? v[half] : (v[half - 1] + v[half]) / 2;
}

TEST(FusionCredit, AChainTooLongToFuseOnASmallImageKeepsItsValues) {
  // Eight links of median(abs(values - ...)) over 8x8: about 20,000
  // operations, seconds of compile fused, against a few milliseconds of
  // work on this image.
  constexpr int kLinks = 8;
  std::string source = "median(values)";
  for (int i = 1; i < kLinks; ++i)
    source = fmt::format("median(abs(values - {}))", source);
  const llcjit::Callback kernel = llcjit::compile(source, {.kind = Kind::Filter});
  const Footprint box = Footprint::box({8, 8});
  const llcjit::FilterOptions options{.mode = llcjit::Mode::Nearest};
  EXPECT_NE(llcjit::filter_algorithm(kernel, box, options)
                .find("until then the SciPy entry "
                      "point per element"),
            std::string::npos);
  llcjit::FilterOptions at_once = options;
  at_once.fuse_now = true;
  EXPECT_EQ(llcjit::filter_algorithm(kernel, box, at_once).find("until then"), std::string::npos);

  constexpr std::ptrdiff_t kRows = 11, kColumns = 13;
  std::mt19937 random(5);
  std::uniform_real_distribution<double> uniform(-4.0, 4.0);
  std::vector<double> image(kRows * kColumns), output(image.size());
  for (double &v : image)
    v = uniform(random);
  llcjit::generic_filter(llcjit::ArrayView::contiguous(image.data(), {kRows, kColumns}),
                         llcjit::ArrayView::contiguous(output.data(), {kRows, kColumns}), kernel,
                         {}, box, options);
  // It ran per element: the fused loop was never compiled (the tests run
  // with the disk cache off).
  const std::ptrdiff_t shape[] = {kRows, kColumns};
  EXPECT_FALSE(llcjit::Engine::default_engine().has_compiled(
      source, llcjit::fused_kernel_options(kernel, box, shape, options, llcjit::DType::Float64,
                                           llcjit::DType::Float64)));
  for (std::ptrdiff_t r = 0; r < kRows; ++r)
    for (std::ptrdiff_t c = 0; c < kColumns; ++c) {
      // An even box's centre is the cell after the middle: rows r-4..r+3.
      std::vector<double> values;
      for (std::ptrdiff_t dr = -4; dr < 4; ++dr)
        for (std::ptrdiff_t dc = -4; dc < 4; ++dc)
          values.push_back(image[std::clamp<std::ptrdiff_t>(r + dr, 0, kRows - 1) * kColumns +
                                 std::clamp<std::ptrdiff_t>(c + dc, 0, kColumns - 1)]);
      double result = median(values);
      for (int i = 1; i < kLinks; ++i) {
        std::vector<double> deviations;
        for (double v : values)
          deviations.push_back(std::abs(v - result));
        result = median(deviations);
      }
      ASSERT_EQ(output[r * kColumns + c], result) << r << ", " << c;
    }
}

} // namespace
