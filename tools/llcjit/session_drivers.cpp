// The REPL's commands that hand the current formula on: :plot to a
// terminal or SVG plot, :save to a script, :quad and :filter to the
// subcommands' own functions, with the parameters :set gave.
#include "session.hpp"

#include "cli.hpp"
#include "file_io.hpp"
#include "filter_command.hpp"
#include "formula_commands.hpp"
#include "numbers.hpp"
#include "plot.hpp"
#include "quad_command.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace llcjit::tool {

namespace {

// The terminal's size, or 80 x 24 when stdout is not one.
std::pair<int, int> terminal_size() {
  winsize size{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return {size.ws_col, size.ws_row};
  return {80, 24};
}

// NAME=V or NAME=V1,V2,...: what :set takes back, digits enough to round-trip.
std::string binding_text(const std::string &name, const std::vector<double> &values) {
  return fmt::format("{}={}", name, fmt::join(values, ","));
}

} // namespace

void Session::plot(const std::vector<std::string> &arguments) const {
  const Callback &callback = current();
  std::string out_file;
  std::vector<std::string> limits;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    if (arguments[i] == "--out" && i + 1 < arguments.size())
      out_file = arguments[++i];
    else
      limits.push_back(arguments[i]);
  }
  if (limits.size() != 2)
    throw UsageError("usage: :plot LO HI [--out FILE.svg]");
  if (callback.kind() != Kind::Quad)
    throw UsageError("plot draws formulas of x (quad integrands)");
  const double lo = parse_number(limits[0], "LO"), hi = parse_number(limits[1], "HI");
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi))
    throw UsageError("plot needs finite limits LO < HI");
  const std::vector<double> params =
      parameter_values(callback, parse_bindings(with_set_parameters({})));
  const auto [width, height] = terminal_size();
  const int columns = std::max(10, width - 14);
  const int rows = std::clamp(height - 6, 5, 20);
  const int count = out_file.empty() ? 2 * columns : 400;
  Samples samples;
  for (int i = 0; i < count; ++i) {
    const double x = lo + (hi - lo) * i / (count - 1);
    samples.x.push_back(x);
    samples.y.push_back(callback(x, params));
  }
  if (out_file.empty()) {
    fmt::print("{}", braille_plot(samples, columns, rows));
    return;
  }
  write_file_atomically(out_file, svg_plot(samples, formula_));
  fmt::print("wrote {}\n", out_file);
}

void Session::save(const std::vector<std::string> &arguments) const {
  if (arguments.size() != 1)
    throw UsageError("usage: :save FILE");
  std::string script;
  for (const std::string &definition : Engine::default_engine().definitions())
    script += fmt::format(":define {}\n", definition);
  if (kind_)
    script += fmt::format(":kind {}\n", to_string(*kind_));
  if (!bindings_.empty()) {
    std::vector<std::string> values;
    for (const auto &[name, numbers] : bindings_)
      values.push_back(binding_text(name, numbers));
    script += fmt::format(":set {}\n", fmt::join(values, " "));
  }
  if (callback_)
    script += formula_ + '\n';
  write_file_atomically(arguments[0], script);
  fmt::print("wrote {}\n", arguments[0]);
}

// :quad LO HI [NAME=VALUE...] [options]: llcjit quad on the current formula,
// with the parameters set by :set unless given here.
void Session::quad(const std::vector<std::string> &arguments) const {
  QuadArguments quad{.source = formula_};
  CLI::App command{"integrate the current formula from LO to HI", ":quad"};
  command.add_option("LO", quad.lower, "lower limit; -inf allowed")->required();
  command.add_option("HI", quad.upper, "upper limit; inf allowed")->required();
  command.add_option("NAME=VALUE", quad.bindings, "parameter values");
  add_quad_options(command, quad);
  if (!parse_arguments(command, arguments))
    return;
  current();
  quad.bindings = with_set_parameters(quad.bindings);
  std::fflush(stdout);
  run_quad(quad);
}

// :filter IN OUT [NAME=VALUE...] [options]: llcjit filter with the current
// formula as the kernel.
void Session::filter(const std::vector<std::string> &arguments) const {
  FilterArguments filter;
  filter.source = formula_;
  CLI::App command{"filter IN into OUT with the current formula", ":filter"};
  command.add_option("IN", filter.input, "input .npy or .png")->required();
  command.add_option("OUT", filter.output, "output .npy or .png")->required();
  command.add_option("NAME=VALUE", filter.bindings, "parameter values");
  add_filter_options(command, filter);
  if (!parse_arguments(command, arguments))
    return;
  current();
  filter.bindings = with_set_parameters(filter.bindings);
  run_filter(filter);
  fmt::print("wrote {}\n", filter.output);
}

std::vector<std::string> Session::with_set_parameters(std::vector<std::string> given) const {
  const Bindings values = bound_values();
  for (const std::string &name : current().parameters()) {
    const bool named = std::any_of(given.begin(), given.end(), [&](const std::string &argument) {
      return argument.starts_with(name + '=');
    });
    if (named)
      continue;
    auto found = values.find(name);
    if (found == values.end() || found->second.size() != 1)
      throw UsageError(
          fmt::format("the parameter '{}' has no value: :set {}=... first", name, name));
    given.push_back(binding_text(name, found->second));
  }
  return given;
}

} // namespace llcjit::tool
