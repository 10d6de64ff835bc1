// The definitions of quad_command.hpp: `llcjit quad`.
#include "quad_command.hpp"

#include "bindings.hpp"
#include "numbers.hpp"
#include "sweep.hpp"
#include "whole_number_option.hpp"

#include <llcjit/errors.hpp>
#include <llcjit/llcjit.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

// Integrals handed to quad_sweep at once: enough to keep every core busy,
// few enough that the results of a block take a few megabytes.
constexpr std::size_t kSweepBlock = 1 << 16;

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

// SciPy's message on one line: its text breaks lines and indents them.
std::string one_line(std::string_view message) {
  std::string line;
  for (std::size_t i = 0; i < message.size();) {
    const std::size_t start = message.find_first_not_of(" \n", i);
    if (start == std::string_view::npos)
      break;
    const std::size_t end = std::min(message.find_first_of(" \n", start), message.size());
    if (!line.empty())
      line += ' ';
    line += message.substr(start, end - start);
    i = end;
  }
  return line;
}

// One integral's line (or JSON object) into `out`. SciPy's
// IntegrationWarning goes to stderr, so that stdout stays one line per
// integral, after the lines before it; the exit status stays 0, as the
// value is still a result.
void format_result(fmt::memory_buffer &out, const QuadResult &r, bool json,
                   std::string_view prefix) {
  if (json)
    fmt::format_to(std::back_inserter(out),
                   "{{{}\"value\": {}, \"abserr\": {}, \"neval\": {}, \"ier\": {}, "
                   "\"last\": {}, \"message\": \"{}\"}}\n",
                   prefix, json_number(r.value), json_number(r.abserr), r.neval, r.ier, r.last,
                   escape_json(r.message));
  else
    fmt::format_to(std::back_inserter(out), "{}value={:.17g} abserr={:.17g} neval={} ier={}\n",
                   prefix, r.value, r.abserr, r.neval, r.ier);
  if (r.ier != 0) {
    std::fwrite(out.data(), 1, out.size(), stdout);
    out.clear();
    std::fflush(stdout);
    fmt::print(stderr, "llcjit: warning: {}{}\n", prefix, one_line(r.message));
  }
}

void print(const QuadResult &r, bool json) {
  fmt::memory_buffer out;
  format_result(out, r, json, "");
  std::fwrite(out.data(), 1, out.size(), stdout);
}

// `text` split at the commas outside parentheses and brackets, so that the
// parts may be formulas with calls: "0,min(1, x1)".
std::vector<std::string> split_formulas(const std::string &text) {
  std::vector<std::string> parts(1);
  int depth = 0;
  for (const char c : text) {
    depth += c == '(' || c == '[' ? 1 : c == ')' || c == ']' ? -1 : 0;
    if (c == ',' && depth == 0)
      parts.emplace_back();
    else
      parts.back() += c;
  }
  return parts;
}

Range split_range(const std::string &text) {
  const std::vector<std::string> bounds = split_formulas(text);
  if (bounds.size() > 2)
    throw UsageError(fmt::format("--range '{}' has more than two bounds", text));
  if (bounds.size() < 2)
    throw UsageError(fmt::format("--range '{}' needs LO,HI", text));
  return {bounds[0], bounds[1]};
}

// --opts I:KEY=VALUE into level I of `ranges` and `levels`, as
// scipy.integrate.nquad's opts[I]; a number or formula of break points.
void apply_level_option(const std::string &text, std::vector<Range> &ranges,
                        std::vector<QuadOptions> &levels) {
  const std::size_t colon = text.find(':'), equals = text.find('=');
  if (colon == std::string::npos || equals == std::string::npos || equals < colon)
    throw UsageError(fmt::format("--opts '{}' needs LEVEL:KEY=VALUE, e.g. 0:points=x1/2", text));
  const auto level = static_cast<std::size_t>(parse_integer(
      std::string_view(text).substr(0, colon), fmt::format("--opts '{}': the level", text), 0,
      std::numeric_limits<std::int64_t>::max()));
  if (level >= ranges.size())
    throw UsageError(fmt::format("--opts '{}': level {} does not exist; the levels are 0 to {}, "
                                 "one per --range",
                                 text, level, ranges.size() - 1));
  const std::string key = text.substr(colon + 1, equals - colon - 1);
  const std::string value = text.substr(equals + 1);
  QuadOptions &options = levels[level];
  const std::string what = fmt::format("--opts '{}': {}", text, key);
  if (key == "epsabs")
    options.epsabs = parse_number(value, what);
  else if (key == "epsrel")
    options.epsrel = parse_number(value, what);
  else if (key == "limit")
    options.limit = static_cast<int>(parse_integer(value, what, std::numeric_limits<int>::min(),
                                                   std::numeric_limits<int>::max()));
  else if (key == "points")
    for (const std::string &point : split_formulas(value))
      ranges[level].points.push_back(point);
  else
    throw UsageError(fmt::format("--opts '{}': unknown key '{}' (epsabs, epsrel, limit, "
                                 "points)",
                                 text, key));
}

} // namespace

void add_quad_options(CLI::App &command, QuadArguments &arguments) {
  command.add_option("--epsabs", arguments.options.epsabs,
                     "absolute error tolerance (default 1.49e-8)");
  command.add_option("--epsrel", arguments.options.epsrel,
                     "relative error tolerance (default 1.49e-8)");
  command
      .add_option("--limit", arguments.options.limit,
                  "upper bound on the number of subintervals (default 50)")
      ->transform(whole_number<int>());
  command
      .add_option(
          "--points", arguments.points,
          "break points, P,P,... (QAGP; those outside the range are dropped, as SciPy drops them)")
      ->allow_extra_args(false);
  command
      .add_option("--weight", arguments.weight,
                  "weight function, as scipy.integrate.quad: cos, sin (cos(omega x), "
                  "--wvar omega), cauchy (1/(x-c), --wvar c), alg, alg-loga, "
                  "alg-logb, alg-log ((x-a)^alpha (b-x)^beta [log...], --wvar "
                  "alpha,beta)")
      ->check(CLI::IsMember({"cauchy", "alg", "alg-loga", "alg-logb", "alg-log", "cos", "sin"}));
  command.add_option("--wvar", arguments.wvar, "the weight's parameters, V or V,V")
      ->allow_extra_args(false);
  command
      .add_option("--maxp1", arguments.options.maxp1,
                  "Chebyshev moments kept for cos and sin weights (default 50)")
      ->transform(whole_number<int>());
  command
      .add_option("--limlst", arguments.options.limlst,
                  "cycles for cos and sin weights on a half-line (default 50)")
      ->transform(whole_number<int>());
  add_threads_option(command, arguments.options.threads,
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
              "one line per value, on all cores; several swept parameters give "
              "their outer product, the last varying fastest");
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
  command
      .add_option("--opts", arguments.level_options,
                  "LEVEL:KEY=VALUE, scipy.integrate.nquad's opts for one level (0: x0, "
                  "innermost; repeat): epsabs, epsrel, limit, or points=P,P,... (break "
                  "points, numbers or formulas of the outer variables, e.g. 0:points=x1/2)")
      ->allow_extra_args(false);
  command.add_option("--epsabs", arguments.options.epsabs,
                     "absolute error tolerance of every level (default 1.49e-8)");
  command.add_option("--epsrel", arguments.options.epsrel,
                     "relative error tolerance of every level (default 1.49e-8)");
  command.add_option("--limit", arguments.options.limit, "subintervals per level (default 50)")
      ->transform(whole_number<int>());
  command.add_flag("--json", arguments.json,
                   "one JSON object: value, abserr, neval, ier, last, message");
  return &command;
}

int run_quad(const QuadArguments &given) {
  QuadArguments arguments = given;
  // Repeated, the lists add up, as CLI11's own lists did.
  for (const std::string &points : arguments.points)
    for (double point : parse_numbers(points, ",", option_text("--points", points)))
      arguments.options.points.push_back(point);
  for (const std::string &wvar : arguments.wvar)
    for (double value : parse_numbers(wvar, ",", option_text("--wvar", wvar)))
      arguments.options.wvar.push_back(value);
  if (!arguments.weight.empty()) {
    const std::optional<Weight> weight = parse_weight(arguments.weight);
    if (!weight)
      throw UsageError(fmt::format("--weight {}: not one of SciPy's weights", arguments.weight));
    arguments.options.weight = *weight;
  }
  std::vector<std::string> rest = arguments.bindings;
  const SweepGrid grid(take_sweeps(rest));
  const Bindings bindings = parse_bindings(rest);
  // A NAME=VALUE where UPPER belongs: the upper limit was left out.
  if (arguments.upper.find('=') != std::string::npos)
    throw UsageError(
        fmt::format("expected the upper limit UPPER before NAME=VALUE, got '{}'", arguments.upper));
  const double lower = parse_number(arguments.lower, "the lower limit");
  const double upper = parse_number(arguments.upper, "the upper limit");

  const Callback callback =
      compile(arguments.source, {.kind = Kind::Quad, .vector_math = arguments.vector_math});
  std::vector<std::string_view> swept_names;
  for (const Sweep &sweep : grid.sweeps())
    swept_names.emplace_back(sweep.name);
  const std::vector<std::size_t> swept = parameter_positions(callback, swept_names);
  std::vector<double> params = parameter_values(callback, bindings, swept_names);
  if (swept.empty()) {
    print(quad(callback, params, lower, upper, arguments.options), arguments.json);
    return 0;
  }
  std::vector<double> parameter_sets;
  std::vector<double> point(swept.size());
  // A block's lines are formatted into one buffer and written at once: per
  // line, the formatting is most of what the command costs beyond the
  // integrals themselves.
  fmt::memory_buffer out, prefix;
  for (std::size_t first = 0; first < grid.size(); first += kSweepBlock) {
    const std::size_t rows = std::min(kSweepBlock, grid.size() - first);
    parameter_sets.clear();
    for (std::size_t i = first; i < first + rows; ++i) {
      grid.point(i, point);
      for (std::size_t k = 0; k < swept.size(); ++k)
        params[swept[k]] = point[k];
      parameter_sets.insert(parameter_sets.end(), params.begin(), params.end());
    }
    const std::vector<QuadResult> results =
        quad_sweep(callback, parameter_sets, lower, upper, arguments.options);
    for (std::size_t i = 0; i < rows; ++i) {
      grid.point(first + i, point);
      prefix.clear();
      for (std::size_t k = 0; k < swept.size(); ++k)
        if (arguments.json)
          fmt::format_to(std::back_inserter(prefix), "\"{}\": {:.17g}, ", swept_names[k], point[k]);
        else
          fmt::format_to(std::back_inserter(prefix), "{}={:.17g} ", swept_names[k], point[k]);
      format_result(out, results[i], arguments.json,
                    std::string_view(prefix.data(), prefix.size()));
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    out.clear();
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
  std::vector<QuadOptions> levels(ranges.size(), arguments.options);
  for (const std::string &option : arguments.level_options)
    apply_level_option(option, ranges, levels);
  print(nquad(callback, ranges, params, levels), arguments.json);
  return 0;
}

} // namespace llcjit::tool
