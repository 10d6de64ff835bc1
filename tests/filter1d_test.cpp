// The generic_filter1d driver from C++: each mode's extension of a short
// line worked by hand, origins, the formula and C-function paths agreeing,
// lines along every axis, results that do not depend on the thread count,
// and SciPy's errors. (Agreement with scipy.ndimage.generic_filter1d over
// every mode, origin, axis and dtype is tests/python/test_filter1d.py.)
#include <llcjit/llcjit.hpp>

#include "usage_error_rows.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

using llcjit::ArrayView;
using llcjit::Mode;

// values[0] of each window: the extended line from the first window on.
std::vector<double> first_of_window(std::vector<double> line, std::ptrdiff_t size, Mode mode,
                                    std::ptrdiff_t origin = 0) {
  std::vector<double> out(line.size());
  const auto n = static_cast<std::ptrdiff_t>(line.size());
  llcjit::generic_filter1d(ArrayView::contiguous(line.data(), {n}),
                           ArrayView::contiguous(out.data(), {n}),
                           llcjit::compile("values[0]", {.kind = llcjit::Kind::Filter1D}), {}, size,
                           -1, {.mode = mode, .cval = 9, .origin = origin});
  return out;
}

TEST(GenericFilter1D, EachModesExtensionOnALine) {
  // A window of 7 starts 3 before its point: out[0..2] show the extension.
  const std::vector<double> line = {1, 2, 3, 4};
  EXPECT_EQ(first_of_window(line, 7, Mode::Reflect), (std::vector<double>{3, 2, 1, 1}));
  EXPECT_EQ(first_of_window(line, 7, Mode::Mirror), (std::vector<double>{4, 3, 2, 1}));
  EXPECT_EQ(first_of_window(line, 7, Mode::Nearest), (std::vector<double>{1, 1, 1, 1}));
  EXPECT_EQ(first_of_window(line, 7, Mode::Wrap), (std::vector<double>{2, 3, 4, 1}));
  EXPECT_EQ(first_of_window(line, 7, Mode::Constant), (std::vector<double>{9, 9, 9, 1}));
  // Nine before: past a whole period (reflect's is 2n, mirror's 2n - 2).
  EXPECT_EQ(first_of_window(line, 19, Mode::Reflect), (std::vector<double>{1, 1, 2, 3}));
  EXPECT_EQ(first_of_window(line, 19, Mode::Mirror), (std::vector<double>{4, 3, 2, 1}));
  // A positive origin moves the window left; the most negative right.
  EXPECT_EQ(first_of_window(line, 3, Mode::Constant, 1), (std::vector<double>{9, 9, 1, 2}));
  EXPECT_EQ(first_of_window(line, 3, Mode::Constant, -1), (std::vector<double>{1, 2, 3, 4}));
}

// A C function of SciPy's signature computing a moving range.
int moving_range(double *in, std::intptr_t in_length, double *out, std::intptr_t out_length,
                 void *) {
  const std::intptr_t size = in_length - out_length + 1;
  for (std::intptr_t j = 0; j < out_length; ++j) {
    double high = in[j], low = in[j];
    for (std::intptr_t k = 1; k < size; ++k) {
      high = std::fmax(high, in[j + k]);
      low = std::fmin(low, in[j + k]);
    }
    out[j] = high - low;
  }
  return 1;
}

int refuse(double *, std::intptr_t, double *, std::intptr_t, void *) { return 0; }

TEST(GenericFilter1D, FormulaAndFunctionAgreeOnEveryAxisAndThreadCount) {
  std::mt19937_64 random(5);
  std::normal_distribution<double> normal;
  const std::vector<std::ptrdiff_t> shape = {17, 9, 31};
  std::vector<double> image(17 * 9 * 31);
  for (double &value : image)
    value = normal(random);
  const auto in = ArrayView::contiguous(image.data(), shape);
  const llcjit::Callback range = llcjit::compile("max(values) - min(values)");
  for (std::ptrdiff_t axis : {0, 1, 2, -1}) {
    std::vector<double> one(image.size()), two(image.size()), function(image.size());
    llcjit::generic_filter1d(in, ArrayView::contiguous(one.data(), shape), range, {}, 4, axis,
                             {.mode = Mode::Mirror, .origin = 1, .threads = 1});
    llcjit::generic_filter1d(in, ArrayView::contiguous(two.data(), shape), range, {}, 4, axis,
                             {.mode = Mode::Mirror, .origin = 1, .threads = 2});
    llcjit::generic_filter1d(in, ArrayView::contiguous(function.data(), shape), &moving_range,
                             nullptr, 4, axis, {.mode = Mode::Mirror, .origin = 1});
    EXPECT_EQ(one, two) << "axis " << axis;
    EXPECT_EQ(one, function) << "axis " << axis;
  }
  // In place, the output the input itself.
  std::vector<double> expected(image.size());
  llcjit::generic_filter1d(in, ArrayView::contiguous(expected.data(), shape), range, {}, 3, 0);
  llcjit::generic_filter1d(in, in, range, {}, 3, 0);
  EXPECT_EQ(image, expected);
}

TEST(GenericFilter1D, Errors) {
  std::vector<double> data(16), out(16);
  const auto in = ArrayView::contiguous(data.data(), {4, 4});
  const auto to = ArrayView::contiguous(out.data(), {4, 4});
  const llcjit::Callback range = llcjit::compile("max(values) - min(values)");
  const std::vector<UsageErrorRow> rows = {
      {"size 0", [&] { generic_filter1d(in, to, range, {}, 0); }, "invalid filter size"},
      {"origin 2 of size 3", [&] { generic_filter1d(in, to, range, {}, 3, -1, {.origin = 2}); },
       "invalid origin"},
      {"origin -2 of size 3", [&] { generic_filter1d(in, to, range, {}, 3, -1, {.origin = -2}); },
       "invalid origin"},
      {"axis 2 of 2", [&] { generic_filter1d(in, to, range, {}, 3, 2); },
       "axis 2 is out of bounds for array of dimension 2"},
      {"another output shape",
       [&] { generic_filter1d(in, ArrayView::contiguous(out.data(), {16}), range, {}, 3); },
       "output shape not correct"},
      {"a transform as kernel", [&] { generic_filter1d(in, to, llcjit::compile("(o0,)"), {}, 3); },
       "generic_filter1d takes filter kernels"},
      {"a missing parameter",
       [&] { generic_filter1d(in, to, llcjit::compile("max(values) * a"), {}, 3); },
       "expected 1 parameter values, got 0"},
      {"a kernel compiled for another window",
       [&] { generic_filter1d(in, to, llcjit::compile("max(values)", {.values_size = 5}), {}, 3); },
       "the kernel was compiled for 5 values; the window has 3"},
      {"a null function", [&] { generic_filter1d(in, to, nullptr, nullptr, 3); },
       "the filter function is null"},
      {"a mode past the enum",
       [&] { generic_filter1d(in, to, range, {}, 3, -1, {.mode = Mode(7)}); },
       "boundary mode not supported"},
  };
  expect_usage_errors(rows);
  // A function that refuses a line is SciPy's RuntimeError, not a usage error.
  try {
    generic_filter1d(in, to, &refuse, nullptr, 3);
    ADD_FAILURE() << "no error";
  } catch (const llcjit::UsageError &) {
    ADD_FAILURE() << "a refusing function is not a usage error";
  } catch (const llcjit::Error &error) {
    EXPECT_STREQ(error.what(), "unknown error in line processing function");
  }
}

} // namespace
