// llcjit::quad and llcjit::quad_sweep: a quad callback's batch entry point
// through SciPy's front end, one integral or many in parallel.
#include <llcjit/errors.hpp>
#include <llcjit/quad.hpp>

#include "parallel/parallel_for.hpp"
#include "quad/front_end.hpp"
#include "quad/outcome.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace llcjit {

namespace {

using BatchFunction = void (*)(const double *, double *, std::size_t, const double *);

// A quad callback's batch entry point and what the rules may know of it.
struct Batch {
  BatchFunction function;
  bool even;
};

Batch batch_of(const Callback &callback) {
  if (callback.kind() != Kind::Quad)
    throw UsageError(fmt::format("quad integrates quad integrands (a formula of x); "
                                 "this callback is a {} callback",
                                 to_string(callback.kind())));
  return {callback.as<void(const double *, double *, std::size_t, const double *)>(),
          callback.even_in_x()};
}

struct BatchContext {
  BatchFunction batch;
  const double *params;
};

void call_batch(void *context, const double *x, double *y, std::size_t n) {
  const auto *c = static_cast<const BatchContext *>(context);
  c->batch(x, y, n, c->params);
}

// One integral of a quad callback's batch entry point, options checked.
QuadResult integrate(Batch batch, const double *params, double a, double b,
                     const QuadOptions &options, QuadDetails *details = nullptr) {
  BatchContext context{batch.function, params};
  quadpack::Integrand f(&call_batch, &context, quadpack::Integrand::PointCost::VectorLane,
                        batch.even);
  return quadpack::integrate(f, a, b, options, details);
}

// A C++ function of x, called point by point: spare points are not free.
template <typename Function>
void call_function(void *context, const double *x, double *y, std::size_t n) {
  const auto &f = *static_cast<const Function *>(context);
  for (std::size_t i = 0; i < n; ++i)
    y[i] = f(x[i]);
}

template <typename Function>
QuadResult integrate_function(const Function &function, double a, double b,
                              const QuadOptions &options, QuadDetails *details = nullptr) {
  quadpack::Integrand f(&call_function<Function>, const_cast<Function *>(&function),
                        quadpack::Integrand::PointCost::Expensive);
  return quadpack::integrate(f, a, b, options, details);
}

// Rows [0, count) of a sweep through integrate_row(i), row 0 first on this
// thread so that what it throws for every row is thrown once, then the rest
// on options.threads threads. Each result depends only on its row, so the
// order in which threads take them does not matter.
template <typename IntegrateRow>
std::vector<QuadResult> sweep(std::size_t count, const QuadOptions &options,
                              IntegrateRow integrate_row) {
  parallel::check_threads(options.threads);
  std::vector<QuadResult> results(count);
  if (count == 0)
    return results;
  Progress *progress = options.progress;
  if (progress)
    progress->total.fetch_add(1, std::memory_order_relaxed);
  parallel::stop_if_cancelled(progress);
  results[0] = integrate_row(0);
  if (progress)
    progress->done.fetch_add(1, std::memory_order_relaxed);
  // A cancel is seen between integrals, not only between oneTBB's ranges.
  parallel::parallel_for(static_cast<std::ptrdiff_t>(count) - 1, {options.threads, progress},
                         [&](const tbb::blocked_range<std::ptrdiff_t> &rows) {
                           for (std::ptrdiff_t i = rows.begin(); i != rows.end(); ++i) {
                             parallel::stop_if_cancelled(progress);
                             results[i + 1] = integrate_row(static_cast<std::size_t>(i + 1));
                           }
                         });
  return results;
}

void check_params(const Callback &callback, std::span<const double> params) {
  if (params.size() != callback.parameters().size())
    throw UsageError(fmt::format("expected {} parameter values, got {}",
                                 callback.parameters().size(), params.size()));
}

QuadResult checked_quad(const Callback &callback, std::span<const double> params, double a,
                        double b, const QuadOptions &options, QuadDetails *details) {
  const Batch batch = batch_of(callback);
  check_params(callback, params);
  quadpack::check_input(options, a, b);
  return integrate(batch, params.data(), a, b, options, details);
}

QuadResult checked_quad(const std::function<double(double)> &f, double a, double b,
                        const QuadOptions &options, QuadDetails *details) {
  if (!f)
    throw UsageError("quad: the function to integrate is empty");
  quadpack::check_input(options, a, b);
  return integrate_function(f, a, b, options, details);
}

void check_rows(std::size_t width, std::span<const double> parameter_sets) {
  if (width == 0)
    throw UsageError("quad_sweep sweeps over parameters and this formula has none: "
                     "integrate it once with quad");
  if (parameter_sets.size() % width != 0)
    throw UsageError(fmt::format("parameter_sets must hold rows of {} values, got {} "
                                 "values",
                                 width, parameter_sets.size()));
}

} // namespace

std::string quad_message(int ier, int limit) { return quadpack::message_for(ier, limit); }
std::string quad_cycles_message(int ier, int limit) {
  return quadpack::cycles_message_for(ier, limit);
}

QuadResult quad(const Callback &callback, std::span<const double> params, double a, double b,
                const QuadOptions &options) {
  return checked_quad(callback, params, a, b, options, nullptr);
}

QuadResult quad(const Callback &callback, std::span<const double> params, double a, double b,
                const QuadOptions &options, QuadDetails &details) {
  return checked_quad(callback, params, a, b, options, &details);
}

std::vector<QuadResult> quad_sweep(const Callback &callback, std::span<const double> parameter_sets,
                                   double a, double b, const QuadOptions &options) {
  const Batch batch = batch_of(callback);
  const std::size_t width = callback.parameters().size();
  check_rows(width, parameter_sets);
  quadpack::check_input(options, a, b);
  return sweep(parameter_sets.size() / width, options, [&](std::size_t i) {
    return integrate(batch, parameter_sets.data() + i * width, a, b, options);
  });
}

QuadResult quad(const std::function<double(double)> &f, double a, double b,
                const QuadOptions &options) {
  return checked_quad(f, a, b, options, nullptr);
}

QuadResult quad(const std::function<double(double)> &f, double a, double b,
                const QuadOptions &options, QuadDetails &details) {
  return checked_quad(f, a, b, options, &details);
}

std::vector<QuadResult> quad_sweep(const std::function<double(double, std::span<const double>)> &f,
                                   std::size_t width, std::span<const double> parameter_sets,
                                   double a, double b, const QuadOptions &options) {
  if (!f)
    throw UsageError("quad_sweep: the function to integrate is empty");
  check_rows(width, parameter_sets);
  quadpack::check_input(options, a, b);
  return sweep(parameter_sets.size() / width, options, [&](std::size_t i) {
    const std::span<const double> row = parameter_sets.subspan(i * width, width);
    return integrate_function([&](double x) { return f(x, row); }, a, b, options);
  });
}

} // namespace llcjit
