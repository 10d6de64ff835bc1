// The definitions of quad_command.hpp: `llcjit quad`.
#include "quad_command.hpp"

#include "bindings.hpp"

#include <llcjit/errors.hpp>
#include <llcjit/llcjit.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

// NAME=START:STOP:NUM, numpy.linspace(START, STOP, NUM), whose values are
// made as they are integrated: a sweep's memory does not grow with NUM.
struct Sweep {
  std::string name;
  double start, stop;
  std::size_t count;

  // numpy.linspace: start + i * step, the last point exactly stop.
  double value(std::size_t i) const {
    if (count > 1 && i + 1 == count)
      return stop;
    const double step = count > 1 ? (stop - start) / static_cast<double>(count - 1) : 0;
    return start + static_cast<double>(i) * step;
  }
};

// Beyond 2^53 the sweep's indices are no longer exact doubles.
constexpr double kMaxSweepCount = 9007199254740992.0;
// Integrals handed to quad_sweep at once: enough to keep every core busy,
// few enough that the results of a block take a few megabytes.
constexpr std::size_t kSweepBlock = 1 << 16;

std::optional<Sweep> take_sweep(std::vector<std::string> &bindings) {
  std::optional<Sweep> sweep;
  for (auto it = bindings.begin(); it != bindings.end();) {
    const auto equals = it->find('=');
    if (equals == std::string::npos || it->find(':', equals) == std::string::npos) {
      ++it;
      continue;
    }
    if (sweep)
      throw UsageError("only one parameter can be swept");
    const std::string name = it->substr(0, equals);
    std::string range = it->substr(equals + 1);
    for (char &c : range)
      c = c == ':' ? ',' : c;
    std::string binding = name;
    binding += '=';
    binding += range;
    const std::vector<double> parts = parse_bindings({binding}).at(name);
    if (parts.size() != 3 || !(parts[2] >= 1 && parts[2] <= kMaxSweepCount) ||
        parts[2] != std::floor(parts[2]))
      throw UsageError(fmt::format("expected {}=START:STOP:NUM with a whole NUM from 1 "
                                   "to 2^53",
                                   name));
    sweep = Sweep{name, parts[0], parts[1], static_cast<std::size_t>(parts[2])};
    it = bindings.erase(it);
  }
  return sweep;
}

std::string escape_json(const std::string &text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// JSON has no NaN or infinity: those are null.
std::string json_number(double value) {
  return std::isfinite(value) ? fmt::format("{:.17g}", value) : "null";
}

void print(const QuadResult &r, bool json, const std::string &prefix) {
  if (json) {
    fmt::print("{{{}\"value\": {}, \"abserr\": {}, \"neval\": {}, \"ier\": {}, "
               "\"last\": {}, \"message\": \"{}\"}}\n",
               prefix, json_number(r.value), json_number(r.abserr), r.neval, r.ier, r.last,
               escape_json(r.message));
    return;
  }
  fmt::print("{}value={:.17g} abserr={:.17g} neval={} ier={}\n", prefix, r.value, r.abserr, r.neval,
             r.ier);
  // SciPy's IntegrationWarning: on stderr, so that stdout stays one line
  // per integral; the exit status stays 0, as the value is still a result.
  if (r.ier != 0) {
    std::fflush(stdout);
    fmt::print(stderr, "llcjit: warning: {}{}\n", prefix, r.message);
  }
}

// "LO,HI" split at the comma outside parentheses and brackets, so that
// the bounds may be formulas with calls: "0,min(1, x1)".
Range split_range(const std::string &text) {
  int depth = 0;
  std::optional<std::size_t> comma;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    depth += c == '(' || c == '[' ? 1 : c == ')' || c == ']' ? -1 : 0;
    if (c == ',' && depth == 0) {
      if (comma)
        throw UsageError(fmt::format("--range '{}' has more than two bounds", text));
      comma = i;
    }
  }
  if (!comma)
    throw UsageError(fmt::format("--range '{}' needs LO,HI", text));
  return {text.substr(0, *comma), text.substr(*comma + 1)};
}

} // namespace

void add_quad_options(CLI::App &command, QuadArguments &arguments) {
  command.add_option("--epsabs", arguments.options.epsabs,
                     "absolute error tolerance (default 1.49e-8)");
  command.add_option("--epsrel", arguments.options.epsrel,
                     "relative error tolerance (default 1.49e-8)");
  command.add_option("--limit", arguments.options.limit,
                     "upper bound on the number of subintervals (default 50)");
  command
      .add_option("--points", arguments.options.points,
                  "break points inside the range, P,P,... (QAGP)")
      ->delimiter(',')
      ->allow_extra_args(false);
  command
      .add_option("--weight", arguments.weight,
                  "weight function, as scipy.integrate.quad: cos, sin (cos(omega x), "
                  "--wvar omega), cauchy (1/(x-c), --wvar c), alg, alg-loga, "
                  "alg-logb, alg-log ((x-a)^alpha (b-x)^beta [log...], --wvar "
                  "alpha,beta)")
      ->check(CLI::IsMember({"cauchy", "alg", "alg-loga", "alg-logb", "alg-log", "cos", "sin"}));
  command.add_option("--wvar", arguments.options.wvar, "the weight's parameters")
      ->delimiter(',')
      ->allow_extra_args(false);
  command.add_option("--maxp1", arguments.options.maxp1,
                     "Chebyshev moments kept for cos and sin weights (default 50)");
  command.add_option("--limlst", arguments.options.limlst,
                     "cycles for cos and sin weights on a half-line (default 50)");
  command.add_option("--threads", arguments.options.threads,
                     "threads for a sweep (default: all cores)");
  command.add_flag("--vector-math", arguments.vector_math,
                   "evaluate sin, log, pow, ... with glibc's libmvec: faster, and no "
                   "longer bit-for-bit SciPy's path (exp is exact either way)");
  command.add_flag("--json", arguments.json,
                   "one JSON object per integral: value, abserr, neval, ier, last, "
                   "message");
}

CLI::App *add_quad_command(CLI::App &app, QuadArguments &arguments) {
  CLI::App *command = app.add_subcommand(
      "quad", "integrate a formula of x from LOWER to UPPER with llcjit's QUADPACK "
              "driver (scipy.integrate.quad's algorithms and defaults), e.g. "
              "llcjit quad 'exp(-a*x*x)' -inf inf a=2; a parameter given as "
              "NAME=START:STOP:NUM is swept over numpy.linspace(START, STOP, NUM), "
              "one line per value, on all cores");
  command->add_option("EXPR", arguments.source, "the integrand, a formula of x")->required();
  command->add_option("LOWER", arguments.lower, "lower limit; -inf allowed")->required();
  command->add_option("UPPER", arguments.upper, "upper limit; inf allowed")->required();
  command->add_option("NAME=VALUE", arguments.bindings,
                      "parameter values; NAME=START:STOP:NUM sweeps one");
  add_quad_options(*command, arguments);
  return command;
}

CLI::App *add_nquad_command(CLI::App &app, NQuadArguments &arguments) {
  CLI::App &command = *app.add_subcommand(
      "nquad", "integrate a formula of several variables like scipy.integrate.nquad: "
               "one --range LO,HI per variable, innermost (x0) first; the bounds are "
               "formulas of the outer variables, e.g. llcjit nquad 'x0*x1' --range "
               "'0,sqrt(1 - x1^2)' --range 0,1");
  command.add_option("EXPR", arguments.source, "the integrand")->required();
  command
      .add_option("--range", arguments.ranges,
                  "LO,HI: the bounds of one variable, innermost first (repeat); "
                  "the comma that separates them is the one outside parentheses")
      ->required()
      ->allow_extra_args(false);
  command
      .add_option("--variables", arguments.variables,
                  "variable names, innermost first (default x0, x1, ...)")
      ->delimiter(',')
      ->allow_extra_args(false);
  command.add_option("NAME=VALUE", arguments.bindings, "parameter values");
  command.add_option("--epsabs", arguments.options.epsabs,
                     "absolute error tolerance of every level (default 1.49e-8)");
  command.add_option("--epsrel", arguments.options.epsrel,
                     "relative error tolerance of every level (default 1.49e-8)");
  command.add_option("--limit", arguments.options.limit, "subintervals per level (default 50)");
  command.add_flag("--json", arguments.json,
                   "one JSON object: value, abserr, neval, ier, last, message");
  return &command;
}

int run_quad(const QuadArguments &given) {
  QuadArguments arguments = given;
  if (!arguments.weight.empty()) {
    const std::optional<Weight> weight = parse_weight(arguments.weight);
    if (!weight)
      throw UsageError(fmt::format("--weight {}: not one of SciPy's weights", arguments.weight));
    arguments.options.weight = *weight;
  }
  std::vector<std::string> rest = arguments.bindings;
  const std::optional<Sweep> sweep = take_sweep(rest);
  const Bindings bindings = parse_bindings(rest);
  const double lower = parse_bindings({"a=" + arguments.lower}).at("a").at(0);
  const double upper = parse_bindings({"b=" + arguments.upper}).at("b").at(0);

  const Callback callback =
      compile(arguments.source, {.kind = Kind::Quad, .vector_math = arguments.vector_math});
  std::vector<double> params =
      parameter_values(callback, bindings, sweep ? std::string_view(sweep->name) : "");
  const auto &names = callback.parameters();
  const auto position = sweep ? std::find(names.begin(), names.end(), sweep->name) : names.end();
  if (sweep && position == names.end())
    throw UsageError(fmt::format("the formula has no parameter '{}'", sweep->name));
  const std::optional<std::size_t> swept =
      sweep ? std::optional<std::size_t>(position - names.begin()) : std::nullopt;

  if (!sweep) {
    print(quad(callback, params, lower, upper, arguments.options), arguments.json, "");
    return 0;
  }
  std::vector<double> grid;
  for (std::size_t first = 0; first < sweep->count; first += kSweepBlock) {
    const std::size_t rows = std::min(kSweepBlock, sweep->count - first);
    grid.clear();
    for (std::size_t i = first; i < first + rows; ++i) {
      params[*swept] = sweep->value(i);
      grid.insert(grid.end(), params.begin(), params.end());
    }
    const std::vector<QuadResult> results =
        quad_sweep(callback, grid, lower, upper, arguments.options);
    for (std::size_t i = 0; i < rows; ++i) {
      const double value = sweep->value(first + i);
      print(results[i], arguments.json,
            arguments.json ? fmt::format("\"{}\": {:.17g}, ", sweep->name, value)
                           : fmt::format("{}={:.17g} ", sweep->name, value));
    }
  }
  return 0;
}

int run_nquad(const NQuadArguments &arguments) {
  const Callback callback =
      compile(arguments.source, {.kind = Kind::NQuad, .variables = arguments.variables});
  const std::vector<double> params = parameter_values(callback, parse_bindings(arguments.bindings));
  std::vector<Range> ranges;
  for (const std::string &range : arguments.ranges)
    ranges.push_back(split_range(range));
  print(nquad(callback, ranges, params, std::span(&arguments.options, 1)), arguments.json, "");
  return 0;
}

} // namespace llcjit::tool
