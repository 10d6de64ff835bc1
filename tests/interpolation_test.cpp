// The interpolation drivers from C++: closed forms (splines reproduce
// polynomials of their order, interpolating splines pass through their
// samples), each mode's edge worked by hand, SciPy's rounding into integer
// outputs, the errors, and results that do not depend on the thread count
// or on the entry point. (Agreement with scipy.ndimage bit for bit over
// every mode, order, rank and dtype is tests/python/test_interpolation.py.)
#include <llcjit/llcjit.hpp>

#include "usage_error_rows.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <utility>
#include <vector>

namespace {

using llcjit::ArrayView;
using llcjit::InterpolationMode;

// `count` values drawn uniformly from [-1, 1).
std::vector<double> uniform_values(std::ptrdiff_t count, std::mt19937_64 &random) {
  std::uniform_real_distribution<double> uniform(-1, 1);
  std::vector<double> values(static_cast<std::size_t>(count));
  for (double &value : values)
    value = uniform(random);
  return values;
}

// map_coordinates on a 1-d line at `points`.
std::vector<double> sample_line(std::vector<double> line, std::vector<double> points,
                                llcjit::InterpolationOptions options) {
  std::vector<double> out(points.size());
  const auto n = static_cast<std::ptrdiff_t>(points.size());
  llcjit::map_coordinates(ArrayView::contiguous(line.data(), {std::ptrdiff_t(line.size())}),
                          ArrayView::contiguous(points.data(), {1, n}),
                          ArrayView::contiguous(out.data(), {n}), options);
  return out;
}

TEST(Interpolation, EachModesEdgeOnALine) {
  // Order 0 reads the sample nearest the mapped coordinate.
  const std::vector<double> line = {1, 2, 3, 4};
  const std::vector<double> points = {-1, -2, 4, 5};
  auto at = [&](InterpolationMode mode) {
    return sample_line(line, points, {.order = 0, .mode = mode, .cval = 9});
  };
  using M = InterpolationMode;
  EXPECT_EQ(at(M::Constant), (std::vector<double>{9, 9, 9, 9}));
  EXPECT_EQ(at(M::GridConstant), (std::vector<double>{9, 9, 9, 9}));
  EXPECT_EQ(at(M::Nearest), (std::vector<double>{1, 1, 4, 4}));
  // reflect: c b a | a b c d | d c b
  EXPECT_EQ(at(M::Reflect), (std::vector<double>{1, 2, 4, 3}));
  // mirror:  d c b | a b c d | c b a
  EXPECT_EQ(at(M::Mirror), (std::vector<double>{2, 3, 3, 2}));
  // wrap has period n - 1: the last sample stands for the first.
  EXPECT_EQ(at(M::Wrap), (std::vector<double>{3, 2, 2, 3}));
  // grid-wrap has period n.
  EXPECT_EQ(at(M::GridWrap), (std::vector<double>{4, 3, 1, 2}));
  EXPECT_EQ(llcjit::parse_interpolation_mode("grid-mirror"), M::Reflect);
  EXPECT_FALSE(llcjit::parse_interpolation_mode("foo"));
}

TEST(Interpolation, SplinesReproduceLinesAwayFromTheEdges) {
  // B-splines of every order reproduce straight lines; the prefilter's
  // boundary rule fades as 0.43^distance at worst (order 5's pole), so the
  // middle of a 200-sample line is exact to rounding.
  std::vector<double> ramp(200);
  for (std::size_t i = 0; i < ramp.size(); ++i)
    ramp[i] = 3.0 * static_cast<double>(i) - 7.0;
  const std::vector<double> points = {80.0, 80.25, 99.5, 100.125, 119.9};
  for (int order = 0; order <= 5; ++order) {
    const std::vector<double> got =
        sample_line(ramp, points, {.order = order, .mode = InterpolationMode::Mirror});
    for (std::size_t k = 0; k < points.size(); ++k) {
      // Order 0 reads the nearest sample, which is on the line at its index.
      const double x = order == 0 ? std::floor(points[k] + 0.5) : points[k];
      EXPECT_NEAR(got[k], 3.0 * x - 7.0, 1e-11) << "order " << order << " at " << points[k];
    }
  }
}

TEST(Interpolation, PrefilteredSplinesPassThroughTheirSamples) {
  std::mt19937_64 random(7);
  std::normal_distribution<double> normal;
  std::vector<double> image(13 * 17), out(13 * 17);
  for (double &value : image)
    value = normal(random);
  const llcjit::Callback identity = llcjit::compile("(o0, o1)");
  // Not Reflect: SciPy 1.10's reflect initialisation reads a sample it has
  // already overwritten (fixed in SciPy 1.12), and llcjit keeps 1.10's bits,
  // which miss the samples by ~1e-12 on lines this short.
  for (int order = 2; order <= 5; ++order)
    for (InterpolationMode mode : {InterpolationMode::Mirror, InterpolationMode::GridWrap,
                                   InterpolationMode::Nearest, InterpolationMode::GridConstant}) {
      llcjit::geometric_transform(ArrayView::contiguous(image.data(), {13, 17}),
                                  ArrayView::contiguous(out.data(), {13, 17}), identity, {},
                                  {.order = order, .mode = mode});
      for (std::size_t i = 0; i < image.size(); ++i)
        ASSERT_NEAR(out[i], image[i], 1e-12) << "order " << order << " mode " << int(mode);
    }
}

TEST(Interpolation, IntegerOutputsAreRoundedAndClampedAsScipys) {
  // Order 0 at the samples themselves: the values pass unchanged to the
  // conversion.
  std::vector<double> values = {2.5, -2.5, 300.0, -1.0, std::nan(""), 0.49999999999999994};
  const auto n = static_cast<std::ptrdiff_t>(values.size());
  std::vector<double> points(values.size());
  for (std::size_t i = 0; i < points.size(); ++i)
    points[i] = static_cast<double>(i);
  auto into = [&]<typename T>(T) {
    std::vector<T> out(values.size());
    llcjit::map_coordinates(ArrayView::contiguous(values.data(), {n}),
                            ArrayView::contiguous(points.data(), {1, n}),
                            ArrayView::contiguous(out.data(), {n}), {.order = 0});
    return out;
  };
  // Half away from zero; the last value plus 0.5 rounds up to 1 in double,
  // as in SciPy's C.
  EXPECT_EQ(into(std::uint8_t{}), (std::vector<std::uint8_t>{3, 0, 255, 0, 0, 1}));
  EXPECT_EQ(into(std::int8_t{}), (std::vector<std::int8_t>{3, -3, 127, -1, 0, 1}));
  EXPECT_EQ(into(std::int64_t{})[2], 300);
  EXPECT_EQ(into(std::uint64_t{})[4], 0u); // NaN
}

TEST(Interpolation, ResultsDoNotDependOnThreadsOrEntryPoint) {
  std::mt19937_64 random(3);
  std::vector<double> image = uniform_values(300 * 257, random);
  const llcjit::Callback rotation =
      llcjit::compile("(o0*cos(t) - o1*sin(t) + 40, o0*sin(t) + o1*cos(t) - 30)");
  const std::vector<double> t = {0.4};
  const auto in = ArrayView::contiguous(image.data(), {300, 257});
  std::vector<double> one(image.size()), two(image.size()), per_point(image.size());
  llcjit::geometric_transform(in, ArrayView::contiguous(one.data(), {300, 257}), rotation, t,
                              {.threads = 1});
  llcjit::geometric_transform(in, ArrayView::contiguous(two.data(), {300, 257}), rotation, t,
                              {.threads = 2});
  // SciPy's signature, called per point, with the parameters as user_data.
  llcjit::geometric_transform(in, ArrayView::contiguous(per_point.data(), {300, 257}),
                              rotation.as<llcjit::MappingFunction>(),
                              const_cast<double *>(t.data()), {.threads = 2});
  EXPECT_EQ(one, two);
  EXPECT_EQ(one, per_point);
}

// Streamed stores go from each batch's first 64-byte boundary to its last:
// rows shorter than a line, rows that start at each double of a line, and
// rows of several batches give the bits of stores through the cache, and
// nothing past the output changes.
TEST(Interpolation, StreamedOutputsGiveTheSameBits) {
  std::mt19937_64 random(5);
  std::vector<double> image = uniform_values(40 * 37, random);
  const auto in = ArrayView::contiguous(image.data(), {40, 37});
  const llcjit::Callback zoom = llcjit::compile("(o0*0.37 + 0.2, o1*0.05 - 1)");
  const std::vector<double> none;
  constexpr double kUntouched = -12345.0;
  // Room for an output of `size` doubles from double `first` of a 64-byte
  // line, and 8 doubles after it.
  const auto buffer = [&](std::ptrdiff_t first, std::ptrdiff_t size) {
    return std::vector<double>(static_cast<std::size_t>(8 + first + size + 8), kUntouched);
  };
  const auto line = [](std::vector<double> &buffer) {
    const auto address = reinterpret_cast<std::uintptr_t>(buffer.data());
    return buffer.data() + (64 - address % 64) % 64 / sizeof(double);
  };
  // The doubles from the line to 8 past the output, and whether those
  // around the output were left alone.
  const auto seen = [&](std::vector<double> &buffer, std::ptrdiff_t first, std::ptrdiff_t size) {
    return std::vector<double>(line(buffer), line(buffer) + first + size + 8);
  };
  const auto untouched_around = [&](const std::vector<double> &seen, std::ptrdiff_t first) {
    return std::all_of(seen.begin(), seen.begin() + first,
                       [&](double x) { return x == kUntouched; }) &&
           std::all_of(seen.end() - 8, seen.end(), [&](double x) { return x == kUntouched; });
  };
  for (const std::ptrdiff_t width : {1, 3, 7, 8, 9, 17, 63, 700, 1100})
    for (std::ptrdiff_t first = 0; first < 8; ++first) {
      std::vector<double> plain = buffer(first, 3 * width), streamed = plain;
      for (const auto &[to, streaming] : {std::pair{&plain, false}, {&streamed, true}})
        llcjit::geometric_transform(in, ArrayView::contiguous(line(*to) + first, {3, width}), zoom,
                                    none, {.order = 1, .threads = 1, .streaming = streaming});
      EXPECT_EQ(seen(plain, first, 3 * width), seen(streamed, first, 3 * width))
          << width << " wide from double " << first;
      EXPECT_TRUE(untouched_around(seen(streamed, first, 3 * width), first));
      std::vector<double> points = uniform_values(2 * width, random);
      for (double &point : points)
        point *= 30;
      const auto coordinates = ArrayView::contiguous(points.data(), {2, width});
      plain = streamed = buffer(first, width);
      for (const auto &[to, streaming] : {std::pair{&plain, false}, {&streamed, true}})
        llcjit::map_coordinates(in, coordinates, ArrayView::contiguous(line(*to) + first, {width}),
                                {.threads = 2, .streaming = streaming});
      EXPECT_EQ(seen(plain, first, width), seen(streamed, first, width))
          << width << " points from double " << first;
      EXPECT_TRUE(untouched_around(seen(streamed, first, width), first));
    }
}

TEST(Interpolation, SplineFilterMatchesItsOneAxisSteps) {
  std::vector<double> image(9 * 11), whole(image.size()), steps(image.size());
  for (std::size_t i = 0; i < image.size(); ++i)
    image[i] = std::sin(0.37 * static_cast<double>(i * i % 23));
  const auto shape = std::vector<std::ptrdiff_t>{9, 11};
  llcjit::spline_filter(ArrayView::contiguous(image.data(), shape),
                        ArrayView::contiguous(whole.data(), shape), 4, InterpolationMode::Reflect);
  llcjit::spline_filter1d(ArrayView::contiguous(image.data(), shape),
                          ArrayView::contiguous(steps.data(), shape), 4, 0,
                          InterpolationMode::Reflect);
  // In place, along the last axis given as -1.
  llcjit::spline_filter1d(ArrayView::contiguous(steps.data(), shape),
                          ArrayView::contiguous(steps.data(), shape), 4, -1,
                          InterpolationMode::Reflect);
  EXPECT_EQ(whole, steps);
}

int refuse(std::intptr_t *, double *, int, int, void *) { return 0; }

TEST(Interpolation, Errors) {
  std::vector<double> data(16), out(16), coordinates(33);
  const auto in = ArrayView::contiguous(data.data(), {4, 4});
  const auto to = ArrayView::contiguous(out.data(), {4, 4});
  const llcjit::Callback identity = llcjit::compile("(o0, o1)");
  const llcjit::Callback scaled = llcjit::compile("(o0*a, o1)");
  const llcjit::Callback flat = llcjit::compile("(1, o0*2)", {.variables = {"o0"}});
  const std::vector<UsageErrorRow> rows = {
      {"order 6", [&] { geometric_transform(in, to, identity, {}, {.order = 6}); },
       "spline order not supported"},
      {"order -1", [&] { map_coordinates(in, in, to, {.order = -1}); },
       "spline order not supported"},
      {"a mode past the enum",
       [&] { geometric_transform(in, to, identity, {}, {.mode = InterpolationMode(9)}); },
       "boundary mode not supported"},
      {"a filter kernel as mapping",
       [&] { geometric_transform(in, to, llcjit::compile("min(values)"), {}); },
       "geometric_transform takes transforms"},
      {"a 1-d mapping for a 2-d output", [&] { geometric_transform(in, to, flat, {}); },
       "function of 1 output coordinates, but the output has 2 axes"},
      {"a mapping of 2 coordinates for a 1-d input",
       [&] {
         geometric_transform(ArrayView::contiguous(data.data(), {16}),
                             ArrayView::contiguous(out.data(), {16}), flat, {});
       },
       "returns 2 input coordinates, but the input has 1 axes"},
      {"a missing parameter", [&] { geometric_transform(in, to, scaled, {}); },
       "expected 1 parameter values, got 0"},
      {"a 0-d output",
       [&] { geometric_transform(in, ArrayView::contiguous(out.data(), {}), identity, {}); },
       "input and output rank must be > 0"},
      {"coordinates for another rank",
       [&] {
         map_coordinates(in, ArrayView::contiguous(coordinates.data(), {1, 8}),
                         ArrayView::contiguous(out.data(), {8}));
       },
       "invalid shape for coordinate array"},
      {"coordinates for another output shape",
       [&] {
         map_coordinates(in, ArrayView::contiguous(coordinates.data(), {2, 4}),
                         ArrayView::contiguous(out.data(), {3}));
       },
       "output shape not correct"},
      {"spline_filter of order 1", [&] { llcjit::spline_filter(in, to, 1); },
       "spline order not supported"},
      {"spline_filter1d along axis 2", [&] { llcjit::spline_filter1d(in, to, 3, 2); },
       "axis 2 is out of bounds for array of dimension 2"},
      {"spline_filter1d into another shape",
       [&] { llcjit::spline_filter1d(in, ArrayView::contiguous(out.data(), {16})); },
       "output shape not correct"},
      {"33 axes",
       [&] {
         const auto point = ArrayView::contiguous(data.data(), std::vector<std::ptrdiff_t>(33, 1));
         map_coordinates(point, ArrayView::contiguous(coordinates.data(), {33, 1}),
                         ArrayView::contiguous(out.data(), {1}));
       },
       "interpolation takes at most 32"},
      {"order 5 in 8 axes",
       [&] {
         const auto point = ArrayView::contiguous(data.data(), std::vector<std::ptrdiff_t>(8, 1));
         map_coordinates(point, ArrayView::contiguous(coordinates.data(), {8, 1}),
                         ArrayView::contiguous(out.data(), {1}), {.order = 5});
       },
       "reads 6^8 coefficients per point"},
      {"2000 threads", [&] { geometric_transform(in, to, identity, {}, {.threads = 2000}); },
       "threads must be at most"},
      {"a NaN padding integers",
       [&] {
         const auto ints =
             ArrayView::contiguous(static_cast<void *>(data.data()), {4, 4}, llcjit::DType::Int32);
         geometric_transform(ints, to, identity, {},
                             {.mode = InterpolationMode::GridConstant, .cval = std::nan("")});
       },
       "cannot convert float NaN to integer: mode grid-constant pads the int32 input"},
      {"an infinity padding integers",
       [&] {
         const auto ints =
             ArrayView::contiguous(static_cast<void *>(data.data()), {8}, llcjit::DType::Int16);
         map_coordinates(ints, ArrayView::contiguous(coordinates.data(), {1, 4}),
                         ArrayView::contiguous(out.data(), {4}),
                         {.mode = InterpolationMode::GridConstant,
                          .cval = -std::numeric_limits<double>::infinity()});
       },
       "cannot convert float infinity to integer"},
      {"a cval past a C long padding integers",
       [&] {
         const auto ints =
             ArrayView::contiguous(static_cast<void *>(data.data()), {4, 4}, llcjit::DType::Int8);
         geometric_transform(ints, to, identity, {},
                             {.mode = InterpolationMode::GridConstant, .cval = 0x1p63});
       },
       "cval 9.223372036854776e+18 does not fit a C long: mode grid-constant pads the int8"},
  };
  expect_usage_errors(rows);
}

TEST(Interpolation, AMappingFunctionThatFailsStopsTheTransform) {
  std::vector<double> data(16), out(16);
  try {
    llcjit::geometric_transform(ArrayView::contiguous(data.data(), {4, 4}),
                                ArrayView::contiguous(out.data(), {4, 4}), &refuse, nullptr);
    ADD_FAILURE() << "no error";
  } catch (const llcjit::UsageError &) {
    ADD_FAILURE() << "a failing mapping is not a usage error";
  } catch (const llcjit::Error &error) {
    EXPECT_STREQ(error.what(), "unknown error in mapping function");
  }
}

TEST(Interpolation, EmptyInputsGiveCval) {
  // SciPy reads past an empty input; llcjit has nothing to interpolate.
  std::vector<double> out(3);
  double nothing = 0;
  llcjit::geometric_transform(ArrayView::contiguous(&nothing, {0}),
                              ArrayView::contiguous(out.data(), {3}), llcjit::compile("(o0,)"), {},
                              {.mode = InterpolationMode::Mirror, .cval = 2.5});
  EXPECT_EQ(out, (std::vector<double>{2.5, 2.5, 2.5}));
}

} // namespace
