// The definitions of session.hpp: the REPL's state and commands, apart from
// how lines are read.
#include "session.hpp"

#include "cli.hpp"
#include "file_io.hpp"
#include "filter_command.hpp"
#include "formula_commands.hpp"
#include "plot.hpp"
#include "quad_command.hpp"

#include <llcjit/language.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

constexpr std::string_view kHelp =
    R"(Type a formula to compile it: llcjit infers its kind from the variables it
uses and, when every name has a value, evaluates it.
  > exp(-a*x*x)            a quad integrand of x with the parameter a
  > :set a=2 x=0.5         give values; the current formula is evaluated again
  > median(values)         a filter kernel; :set values=1,5,3 to evaluate it
An unclosed ( or [ continues the formula on the next line.

Commands (on the current formula):
  :help                    this text
  :set NAME=VALUE ...      bind parameters and variables (values=1,2,3 for arrays)
  :unset NAME ...          forget bindings (:unset alone forgets them all)
  :kind [K|auto]           show or force the kind: quad nquad filter filter1d transform
  :params                  the formula's parameters and variables, and their values
  :ast                     the parsed tree
  :ir | :asm               the optimised LLVM IR | the machine code of every entry point
  :time                    compile time, and nanoseconds per call with the bindings
  :quad LO HI [options]    integrate over [LO, HI] (inf, -inf allowed); the options
                           of `llcjit quad` (--epsabs, --points, --weight, ...)
  :filter IN OUT [options] generic_filter on .npy/.png files; the options of
                           `llcjit filter` (--size 3x3, --footprint cross, --mode, ...)
  :plot LO HI [--out F.svg] plot y = f(x) over [LO, HI] here, or into an SVG file
  :save FILE               write the session (:kind, :set and the formula) as a
                           script that `llcjit < FILE` replays
  :quit                    leave (also Ctrl-D); Ctrl-C cancels the line being typed
)";

constexpr std::string_view kCommands[] = {":help",   ":set",  ":unset", ":kind", ":params",
                                          ":ast",    ":ir",   ":asm",   ":time", ":quad",
                                          ":filter", ":plot", ":save",  ":quit"};

std::vector<std::string> words(const std::string &text) {
  std::istringstream stream(text);
  std::vector<std::string> out;
  for (std::string word; stream >> word;)
    out.push_back(word);
  return out;
}

std::string describe(const Callback &callback) {
  std::string text;
  switch (callback.kind()) {
  case Kind::Quad: text = "quad integrand of x"; break;
  case Kind::NQuad:
    text = fmt::format("nquad integrand of {}", fmt::join(callback.variables(), ", "));
    break;
  case Kind::Filter: text = "filter kernel over values"; break;
  case Kind::Filter1D: text = "filter1d kernel over values"; break;
  case Kind::Transform:
    text = fmt::format("transform of {} to {} coordinates", fmt::join(callback.variables(), ", "),
                       callback.result_arity());
    break;
  }
  if (!callback.parameters().empty())
    text += fmt::format(", parameters: {}", fmt::join(callback.parameters(), ", "));
  return text;
}

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

double parse_limit(const std::string &text) {
  const std::vector<double> value = parse_bindings({"limit=" + text}).at("limit");
  if (value.size() != 1)
    throw UsageError(fmt::format("expected a number, got '{}'", text));
  return value[0];
}

} // namespace

bool Session::run(const std::string &entry) {
  const auto first = entry.find_first_not_of(" \t\n");
  if (first == std::string::npos)
    return true;
  try {
    if (entry[first] == ':') {
      std::vector<std::string> arguments = words(entry);
      const std::string name = arguments.front();
      arguments.erase(arguments.begin());
      if (name == ":quit" || name == ":q")
        return false;
      command(name, arguments);
    } else {
      enter_formula(entry);
    }
  } catch (const CompileError &e) {
    error(e.what());
  } catch (const std::exception &e) {
    error(fmt::format("error: {}", e.what()));
  }
  std::fflush(stdout);
  return true;
}

void Session::enter_formula(const std::string &source) {
  Options options;
  options.kind = kind_;
  Callback callback = compile(source, options);
  formula_ = source;
  callback_ = std::move(callback);
  // A constant (sqrt(2)) is just its value; anything else says what it is.
  const auto variables = callback_->variables();
  const bool constant =
      callback_->parameters().empty() &&
      std::none_of(variables.begin(), variables.end(),
                   [&](const std::string &name) { return callback_->uses(name); });
  if (!constant)
    fmt::print("{}\n", describe(*callback_));
  show_value();
}

// The current formula's value with the bindings, or a hint of what to set.
void Session::show_value() {
  if (!callback_)
    return;
  std::vector<std::string> missing;
  for (const std::string &name : callback_->parameters())
    if (!bindings_.contains(name))
      missing.push_back(name + "=...");
  const Kind kind = callback_->kind();
  if (kind == Kind::Filter || kind == Kind::Filter1D) {
    if (!bindings_.contains("values"))
      missing.emplace_back("values=V1,V2,...");
  } else {
    for (const std::string &name : callback_->variables())
      if (callback_->uses(name) && !bindings_.contains(name))
        missing.push_back(name + "=...");
  }
  if (!missing.empty())
    return hint(fmt::format(":set {} to evaluate", fmt::join(missing, " ")));
  fmt::print("{}\n", evaluate(*callback_, bindings_, UnknownNames::Ignore));
}

void Session::command(const std::string &name, const std::vector<std::string> &arguments) {
  if (name == ":help") {
    fmt::print("{}", kHelp);
  } else if (name == ":set") {
    set(arguments);
  } else if (name == ":unset") {
    unset(arguments);
  } else if (name == ":kind") {
    kind(arguments);
  } else if (name == ":params") {
    params();
  } else if (name == ":ast") {
    current();
    fmt::print("{}", syntax_tree(formula_));
  } else if (name == ":ir" || name == ":asm") {
    current();
    FormulaArguments formula{.source = formula_};
    if (kind_)
      formula.kind = to_string(*kind_);
    run_inspect(formula, name == ":asm");
  } else if (name == ":time") {
    time();
  } else if (name == ":quad") {
    quad(arguments);
  } else if (name == ":filter") {
    filter(arguments);
  } else if (name == ":plot") {
    plot(arguments);
  } else if (name == ":save") {
    save(arguments);
  } else {
    throw UsageError(fmt::format("unknown command '{}' (:help lists them)", name));
  }
}

void Session::set(const std::vector<std::string> &arguments) {
  if (arguments.empty())
    throw UsageError("usage: :set NAME=VALUE ...");
  for (const auto &[name, values] : parse_bindings(arguments))
    bindings_[name] = values;
  show_value();
}

void Session::unset(const std::vector<std::string> &arguments) {
  if (arguments.empty()) {
    bindings_.clear();
    return;
  }
  for (const std::string &name : arguments)
    if (!bindings_.erase(name))
      throw UsageError(fmt::format("'{}' has no value", name));
}

void Session::kind(const std::vector<std::string> &arguments) {
  if (arguments.empty()) {
    fmt::print("{}\n", kind_       ? fmt::format("{} (forced)", to_string(*kind_))
                       : callback_ ? fmt::format("{} (inferred)", to_string(callback_->kind()))
                                   : std::string("inferred from the formula"));
    return;
  }
  if (arguments[0] == "auto") {
    kind_.reset();
  } else {
    const std::optional<Kind> chosen = parse_kind(arguments[0]);
    if (!chosen)
      throw UsageError(fmt::format("unknown kind '{}': quad, nquad, filter, filter1d, "
                                   "transform or auto",
                                   arguments[0]));
    kind_ = chosen;
  }
  if (callback_)
    enter_formula(formula_);
}

void Session::params() const {
  const Callback &callback = current();
  auto show = [&](std::string_view role, const std::string &name) {
    auto found = bindings_.find(name);
    fmt::print("  {} {} = {}\n", role, name,
               found == bindings_.end() ? "(unset)"
                                        : fmt::format("{}", fmt::join(found->second, ",")));
  };
  for (const std::string &name : callback.parameters())
    show("parameter", name);
  if (callback.kind() == Kind::Filter || callback.kind() == Kind::Filter1D)
    show("variable ", "values");
  else
    for (const std::string &name : callback.variables())
      if (callback.uses(name))
        show("variable ", name);
}

// Compile time with a private engine (whose cache never hits: each handle is
// dropped before the next compile), and the cost of one call through the
// kind's SciPy entry point with the bindings.
void Session::time() const {
  const Callback &callback = current();
  using Clock = std::chrono::steady_clock;
  Engine engine;
  Options options;
  options.kind = kind_;
  double best = std::numeric_limits<double>::infinity();
  for (int repeat = 0; repeat < 5; ++repeat) {
    const auto start = Clock::now();
    engine.compile(formula_, options);
    best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  fmt::print("compile: {:.2f} ms (best of 5)\n", best);
  try {
    evaluate(callback, bindings_, UnknownNames::Ignore); // every value is there
  } catch (const UsageError &missing) {
    hint(fmt::format("per call: {}", missing.what()));
    return;
  }
  std::vector<double> params;
  for (const std::string &name : callback.parameters())
    params.push_back(bindings_.at(name).at(0));
  std::vector<double> point;
  for (const std::string &name : callback.variables())
    point.push_back(bindings_.contains(name) ? bindings_.at(name).at(0) : 0.0);
  std::vector<double> values =
      bindings_.contains("values") ? bindings_.at("values") : std::vector<double>{};
  volatile double sink = 0;
  // Calls `call` for at least 0.1 s; nanoseconds per call.
  auto measure = [](auto call) {
    long calls = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    while (elapsed < 0.1) {
      for (int i = 0; i < 1000; ++i)
        call();
      calls += 1000;
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    return elapsed * 1e9 / static_cast<double>(calls);
  };
  double nanoseconds;
  Entry entry;
  if (callback.kind() == Kind::Quad) {
    auto *f = callback.as<double(double, void *)>();
    nanoseconds = measure([&, f] { sink = f(point[0], params.data()); });
    entry = Entry::ScalarUserData;
  } else if (callback.kind() == Kind::NQuad) {
    auto *f = callback.as<double(int, double *, void *)>();
    nanoseconds =
        measure([&, f] { sink = f(static_cast<int>(point.size()), point.data(), params.data()); });
    entry = Entry::ArrayUserData;
  } else if (callback.kind() == Kind::Filter) {
    auto *f = callback.as<int(double *, std::intptr_t, double *, void *)>();
    nanoseconds = measure([&, f] {
      double result;
      f(values.data(), static_cast<std::intptr_t>(values.size()), &result, params.data());
      sink = result;
    });
    entry = Entry::Filter;
  } else {
    hint("per call: timed for quad, nquad and filter kernels");
    return;
  }
  fmt::print("call: {:.1f} ns through '{}'\n", nanoseconds, callback.signature(entry));
}

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
  const double lo = parse_limit(limits[0]), hi = parse_limit(limits[1]);
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi))
    throw UsageError("plot needs finite limits LO < HI");
  std::vector<double> params;
  for (const std::string &name : callback.parameters()) {
    auto found = bindings_.find(name);
    if (found == bindings_.end() || found->second.size() != 1)
      throw UsageError(fmt::format("give the parameter a value: :set {}=...", name));
    params.push_back(found->second[0]);
  }
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
  FilterArguments filter{.source = formula_};
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

const Callback &Session::current() const {
  if (!callback_)
    throw UsageError("no formula yet: type one first, e.g. exp(-a*x*x)");
  return *callback_;
}

// NAME=VALUE for each parameter of the current formula that has a value.
std::vector<std::string> Session::with_set_parameters(std::vector<std::string> given) const {
  const Bindings explicit_values = parse_bindings(given);
  for (const std::string &name : current().parameters())
    if (auto found = bindings_.find(name);
        found != bindings_.end() && !explicit_values.contains(name))
      given.push_back(binding_text(name, found->second));
  return given;
}

void Session::hint(const std::string &text) const {
  fmt::print("{}({}){}\n", colour_ ? "\x1b[2m" : "", text, colour_ ? "\x1b[0m" : "");
}

void Session::error(const std::string &text) const {
  failed_ = true;
  std::fflush(stdout);
  fmt::print(stderr, "{}{}{}\n", colour_ ? "\x1b[31m" : "", text, colour_ ? "\x1b[0m" : "");
  std::fflush(stderr);
}

std::vector<std::string> Session::completions() const {
  std::vector<std::string> out(std::begin(kCommands), std::end(kCommands));
  for (const BuiltinFunction &function : builtin_functions())
    out.emplace_back(function.name);
  for (std::string_view constant : builtin_constants())
    out.emplace_back(constant);
  if (callback_) {
    for (const std::string &name : callback_->parameters())
      out.push_back(name);
    for (const std::string &name : callback_->variables())
      out.push_back(name);
  }
  for (const auto &[name, values] : bindings_)
    out.push_back(name);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

} // namespace llcjit::tool
