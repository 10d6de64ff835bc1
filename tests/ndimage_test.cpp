// The generic_filter driver from C++: boundary modes on a small line worked
// by hand, and SciPy's errors. (Agreement with scipy.ndimage.generic_filter
// on every mode, footprint, origin and rank is tests/python/test_filter_scipy.py.)
#include <llcjit/llcjit.hpp>

#include <gtest/gtest.h>

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
  EXPECT_THROW(llcjit::generic_filter(in, to, kernel, {}, {{3, 3}, std::vector<unsigned char>(9, 0)}),
               llcjit::UsageError);
  EXPECT_THROW(llcjit::generic_filter(in, to, kernel, {}, llcjit::Footprint::box({3, 3}),
                                      {.origin = {2}}),
               llcjit::UsageError);
  EXPECT_THROW(llcjit::generic_filter(in, to, llcjit::compile("x"), {},
                                      llcjit::Footprint::box({3, 3})),
               llcjit::UsageError);
  EXPECT_NO_THROW(llcjit::generic_filter(in, in, kernel, {}, llcjit::Footprint::box({3, 3})));
}

} // namespace
