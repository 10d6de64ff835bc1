// Iterated integration as scipy.integrate.nquad does it: one adaptive
// integral per level, each evaluating the level inside it at every node.
#include <llcjit/engine.hpp>
#include <llcjit/errors.hpp>
#include <llcjit/quad.hpp>

#include "quad/front_end.hpp"
#include "quad/invalid_input.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace llcjit {

namespace {

using PointFunction = double (*)(int, double *, void *);

struct Level {
  Callback lower;
  Callback upper;
  QuadOptions options;
  std::vector<Callback> points; // formulas, besides options.points
};

class IteratedIntegral {
public:
  IteratedIntegral(const Callback &integrand, std::vector<Level> levels,
                   std::span<const double> params)
      : integrand_(integrand.as<double(int, double *, void *)>()),
        variables_(integrand.variables().begin(), integrand.variables().end()),
        levels_(std::move(levels)), params_(params.begin(), params.end()),
        point_(levels_.size(), 0.0) {}

  QuadResult run() {
    QuadResult total;
    total.value = integrate(static_cast<int>(levels_.size()) - 1);
    total.abserr = abserr_;
    total.neval = neval_;
    total.ier = ier_;
    total.message = message_;
    return total;
  }

private:
  struct Context {
    IteratedIntegral *self;
    int variable;
  };

  // The integrand, or the integral inside, at nodes x of `variable`.
  static void evaluate(void *context, const double *x, double *y, std::size_t n) {
    const auto *c = static_cast<const Context *>(context);
    IteratedIntegral &self = *c->self;
    for (std::size_t i = 0; i < n; ++i) {
      self.point_[c->variable] = x[i];
      y[i] = c->variable == 0 ? self.integrand_(static_cast<int>(self.point_.size()),
                                                self.point_.data(), self.user_data())
                              : self.integrate(c->variable - 1);
    }
  }

  void *user_data() { return params_.empty() ? nullptr : params_.data(); }

  double bound(const Callback &formula) {
    return formula.as<double(int, double *, void *)>()(static_cast<int>(point_.size()),
                                                       point_.data(), user_data());
  }

  double integrate(int variable) {
    Level &level = levels_[variable];
    const double lo = bound(level.lower);
    const double hi = bound(level.upper);
    QuadOptions options = level.options;
    for (const Callback &point : level.points)
      options.points.push_back(bound(point));
    // As nquad: break points outside this level's range are dropped.
    std::erase_if(options.points, [&](double p) { return !(lo <= p && p <= hi); });
    // (Where SciPy's nquad would call quad with them, so in its words.)
    quadpack::check_input(options, lo, hi);
    Context context{this, variable};
    // The innermost level evaluates the integrand one point at a time too.
    quadpack::Integrand f(&evaluate, &context, quadpack::Integrand::PointCost::Expensive);
    const QuadResult r = quadpack::integrate(f, lo, hi, options);
    // (std::max would drop ier 8's NaN error, as Python's max does in nquad.)
    abserr_ = r.ier == kNonFiniteIntegrand ? r.abserr : std::max(abserr_, r.abserr);
    if (variable == 0)
      neval_ += r.neval;
    if (r.ier > ier_) {
      ier_ = r.ier;
      message_ = r.ier == kNonFiniteIntegrand && variable == 0 ? where_not_finite(f) : r.message;
    }
    return r.value;
  }

  // ier 8's words with the whole point: every variable's value.
  std::string where_not_finite(const quadpack::Integrand &f) {
    point_[0] = f.bad_point();
    return quadpack::not_finite_message(
        f.bad_value(),
        fmt::format("({}) = ({:.17g})", fmt::join(variables_, ", "), fmt::join(point_, ", ")));
  }

  PointFunction integrand_;
  std::vector<std::string> variables_;
  std::vector<Level> levels_;
  std::vector<double> params_;
  std::vector<double> point_;
  double abserr_ = 0;
  int neval_ = 0;
  int ier_ = 0;
  std::string message_;
};

// A bound (or break point) compiled over the integrand's variables and
// parameters, so that it reads the same point and user_data; it may use the
// outer variables only.
// `what`: the bound's role ("the lower bound"), which a compile error names
// before its own words, as its line and column are the bound's own.
Callback compile_bound(const Callback &integrand, std::size_t variable, const std::string &source,
                       std::string_view what) {
  const auto variables = integrand.variables();
  Options options{.kind = Kind::NQuad,
                  .parameters = {integrand.parameters().begin(), integrand.parameters().end()},
                  .parameters_complete = true,
                  .variables = {variables.begin(), variables.end()}};
  Callback bound = [&] {
    try {
      return compile(source, options);
    } catch (const CompileError &error) {
      throw CompileError(fmt::format("in {} of {}: {}", what, variables[variable], error.message()),
                         error.line(), error.column(), error.snippet());
    }
  }();
  for (std::size_t inner = 0; inner <= variable; ++inner)
    if (bound.uses(variables[inner]))
      throw UsageError(
          fmt::format("the bounds and break points of {} may use only the variables outside "
                      "it ({}), but '{}' uses {}",
                      variables[variable],
                      variable + 1 < variables.size()
                          ? fmt::format("{}", fmt::join(variables.subspan(variable + 1), ", "))
                          : std::string("none"),
                      source, variables[inner]));
  return bound;
}

std::string literal(double value) { return fmt::format("{:.17g}", value); }

} // namespace

QuadResult nquad(const Callback &callback, std::span<const Range> ranges,
                 std::span<const double> params, std::span<const QuadOptions> options) {
  if (callback.kind() != Kind::NQuad && callback.kind() != Kind::Quad)
    throw UsageError(fmt::format("nquad integrates quad and nquad integrands; this "
                                 "callback is a {} callback",
                                 to_string(callback.kind())));
  const std::size_t n = callback.variables().size();
  if (ranges.size() != n)
    throw UsageError(fmt::format("the integrand has {} variables, but {} ranges were "
                                 "given",
                                 n, ranges.size()));
  if (!options.empty() && options.size() != 1 && options.size() != n)
    throw UsageError(fmt::format("give options for every level ({}), one for all, or "
                                 "none; got {}",
                                 n, options.size()));
  if (params.size() != callback.parameters().size())
    throw UsageError(fmt::format("expected {} parameter values, got {}",
                                 callback.parameters().size(), params.size()));
  std::vector<Level> levels;
  for (std::size_t i = 0; i < n; ++i) {
    const QuadOptions level_options =
        options.empty() ? QuadOptions{} : options[options.size() == 1 ? 0 : i];
    Level level{compile_bound(callback, i, ranges[i].lower, "the lower bound"),
                compile_bound(callback, i, ranges[i].upper, "the upper bound"),
                level_options,
                {}};
    for (const std::string &point : ranges[i].points)
      level.points.push_back(compile_bound(callback, i, point, "a break point"));
    levels.push_back(std::move(level));
  }
  return IteratedIntegral(callback, std::move(levels), params).run();
}

QuadResult dblquad(const Callback &callback, double a, double b, const std::string &gfun,
                   const std::string &hfun, std::span<const double> params,
                   const QuadOptions &options) {
  const Range ranges[] = {{gfun, hfun}, {literal(a), literal(b)}};
  return nquad(callback, ranges, params, std::span(&options, 1));
}

QuadResult tplquad(const Callback &callback, double a, double b, const std::string &gfun,
                   const std::string &hfun, const std::string &qfun, const std::string &rfun,
                   std::span<const double> params, const QuadOptions &options) {
  const Range ranges[] = {{qfun, rfun}, {gfun, hfun}, {literal(a), literal(b)}};
  return nquad(callback, ranges, params, std::span(&options, 1));
}

} // namespace llcjit
