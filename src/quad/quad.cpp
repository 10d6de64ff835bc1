// scipy.integrate.quad's front end: limits, break points and validation,
// then the QUADPACK routine SciPy would pick.
#include <llcjit/errors.hpp>
#include <llcjit/quad.hpp>

#include "quad/adaptive.hpp"
#include "quad/subdivision.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

#include <fmt/format.h>

namespace llcjit {

namespace {

using Batch = quadpack::Integrand::Batch;

Batch batch_of(const Callback &callback) {
  if (callback.kind() != Kind::Quad)
    throw UsageError(fmt::format("quad integrates quad integrands (a formula of x); "
                                 "this callback is a {} callback",
                                 to_string(callback.kind())));
  return callback.as<void(const double *, double *, std::size_t, const double *)>();
}

void check_options(const QuadOptions &options) {
  if (options.limit < 1)
    throw UsageError(fmt::format("limit must be at least 1, got {}", options.limit));
  const double epmach = std::numeric_limits<double>::epsilon();
  if (std::isnan(options.epsabs) || std::isnan(options.epsrel) ||
      (options.epsabs <= 0.0 && options.epsrel < std::max(50.0 * epmach, 0.5e-28)))
    throw UsageError(fmt::format(
        "tolerances epsabs={} and epsrel={} cannot be met: give epsabs > 0 or "
        "epsrel >= {:g}",
        options.epsabs, options.epsrel, std::max(50.0 * epmach, 0.5e-28)));
}

// np.unique of the points inside (lo, hi); an error for one outside [lo, hi].
std::vector<double> interior_points(const std::vector<double> &points, double lo,
                                    double hi) {
  std::vector<double> inside;
  for (double point : points) {
    if (!(point >= lo && point <= hi))
      throw UsageError(fmt::format("break point {} is outside the range [{}, {}]",
                                   point, lo, hi));
    if (point > lo && point < hi)
      inside.push_back(point);
  }
  std::sort(inside.begin(), inside.end());
  inside.erase(std::unique(inside.begin(), inside.end()), inside.end());
  return inside;
}

// One integral, options already checked.
QuadResult integrate(Batch batch, const double *params, double a, double b,
                     const QuadOptions &options) {
  const bool flip = b < a;
  if (flip)
    std::swap(a, b);
  quadpack::Integrand f(batch, params);
  QuadResult result;
  const double inf = std::numeric_limits<double>::infinity();
  if (a == b && std::isinf(a)) {
    result = {};
  } else if (a != -inf && b != inf) {
    if (options.points.empty()) {
      result = quadpack::qagse(f, a, b, options.epsabs, options.epsrel, options.limit);
    } else {
      const std::vector<double> points = interior_points(options.points, a, b);
      if (options.limit <= static_cast<int>(points.size()))
        throw UsageError(fmt::format(
            "limit ({}) must be larger than the number of break points ({})",
            options.limit, points.size()));
      result = quadpack::qagpe(f, a, b, points, options.epsabs, options.epsrel,
                           options.limit);
    }
  } else {
    if (!options.points.empty())
      throw UsageError("Infinity inputs cannot be used with break points.");
    const int kind = a == -inf && b == inf ? 2 : b == inf ? 1 : -1;
    const double bound = kind == 1 ? a : kind == -1 ? b : 0.0;
    result = quadpack::qagie(f, bound, kind, options.epsabs, options.epsrel, options.limit);
  }
  if (flip)
    result.value = -result.value;
  if (result.ier == kNonFiniteIntegrand)
    result.message = fmt::format(
        "The integrand is {} at x = {:.17g}; the integration stopped there.",
        f.bad_value(), f.bad_point());
  else
    result.message = quadpack::message_for(result.ier, options.limit);
  return result;
}

void check_limits(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    throw UsageError("the limits of integration must not be NaN");
}

} // namespace

QuadResult quad(const Callback &callback, std::span<const double> params, double a,
                double b, const QuadOptions &options) {
  const Batch batch = batch_of(callback);
  if (params.size() != callback.parameters().size())
    throw UsageError(fmt::format("expected {} parameter values, got {}",
                                 callback.parameters().size(), params.size()));
  check_options(options);
  check_limits(a, b);
  return integrate(batch, params.data(), a, b, options);
}

std::vector<QuadResult> quad_sweep(const Callback &callback,
                                   std::span<const double> parameter_sets, double a,
                                   double b, const QuadOptions &options) {
  const Batch batch = batch_of(callback);
  const std::size_t width = callback.parameters().size();
  if (width == 0 || parameter_sets.size() % width != 0)
    throw UsageError(fmt::format("parameter_sets must hold rows of {} values, got {} "
                                 "values",
                                 width, parameter_sets.size()));
  check_options(options);
  check_limits(a, b);
  const std::size_t count = parameter_sets.size() / width;
  std::vector<QuadResult> results(count);
  // Validate what integrate() could throw for once, before the threads start.
  if (count > 0)
    results[0] = integrate(batch, parameter_sets.data(), a, b, options);

  const unsigned threads = std::max(
      1u, std::min<unsigned>(options.threads ? options.threads
                                             : std::thread::hardware_concurrency(),
                             static_cast<unsigned>(std::max<std::size_t>(count, 1))));
  std::atomic<std::size_t> next{1};
  auto work = [&] {
    for (std::size_t i = next++; i < count; i = next++)
      results[i] = integrate(batch, parameter_sets.data() + i * width, a, b, options);
  };
  std::vector<std::jthread> pool;
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back(work);
  work();
  return results;
}

} // namespace llcjit
