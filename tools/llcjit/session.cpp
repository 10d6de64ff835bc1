// The definitions of session.hpp: the REPL's state (the formula, its kind,
// the values set), how an entry is read as a formula or a :command, and the
// commands that change that state. The commands that hand the formula on
// are in session_drivers.cpp and session_time.cpp.
#include "session.hpp"

#include "cli.hpp"
#include "formula_commands.hpp"
#include "function_help.hpp"
#include "sweep.hpp"

#include <llcjit/language.hpp>

#include <algorithm>
#include <cstdio>
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
  > 2*ans                  ans (or _) is the last value printed
An unclosed ( or [ continues the formula on the next line.

Commands (on the current formula):
  :help [NAME]             this text, or what the builtin function NAME does
  :set NAME=VALUE ...      bind parameters and variables (values=1,2,3 for arrays)
  :set x=0:1:5             a table of the formula at numpy.linspace(0, 1, 5)
  :define sq(t) = t*t      define a function (or a constant: :define g = 9.81) for
                           the formulas after; :define alone lists the definitions
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
  :save FILE               write the session (:define, :kind, :set, the formula) as a
                           script that `llcjit < FILE` replays
  :quit                    leave (also quit, exit or Ctrl-D); Ctrl-C cancels the
                           line being typed
)";

constexpr std::string_view kCommands[] = {":help",   ":set",    ":unset", ":define", ":kind",
                                          ":params", ":ast",    ":ir",    ":asm",    ":time",
                                          ":quad",   ":filter", ":plot",  ":save",   ":quit"};

std::vector<std::string> words(const std::string &text) {
  std::istringstream stream(text);
  std::vector<std::string> out;
  for (std::string word; stream >> word;)
    out.push_back(word);
  return out;
}

// The names that hold the last value printed, as in Python's REPL and
// MATLAB's.
bool is_answer(std::string_view name) { return name == "ans" || name == "_"; }

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
  std::vector<std::string> parameters;
  for (const std::string &name : callback.parameters())
    if (!is_answer(name))
      parameters.push_back(name);
  if (!parameters.empty())
    text += fmt::format(", parameters: {}", fmt::join(parameters, ", "));
  return text;
}

} // namespace

bool Session::run(const std::string &entry) {
  std::vector<std::string> arguments = words(entry);
  if (arguments.empty())
    return true;
  try {
    if (arguments.front().starts_with(':')) {
      const std::string name = arguments.front();
      arguments.erase(arguments.begin());
      if (name == ":quit" || name == ":q")
        return false;
      if (name == ":define") // a formula, blanks and all
        define(entry.substr(entry.find(":define") + 7));
      else
        command(name, arguments);
    } else if (arguments.size() == 1 && (arguments[0] == "quit" || arguments[0] == "exit")) {
      return false;
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

Options Session::formula_options() const {
  Options options;
  options.kind = kind_;
  return options;
}

void Session::enter_formula(const std::string &source) {
  Callback callback = compile(source, formula_options());
  formula_ = source;
  callback_ = std::move(callback);
  // `2*ans` keeps the value ans had when it was typed, however often it is
  // evaluated again.
  formula_answer_ = answer_;
  // A constant (sqrt(2), 2*ans) is just its value; anything else says what
  // it is.
  const auto variables = callback_->variables();
  const auto parameters = callback_->parameters();
  const bool constant =
      std::all_of(parameters.begin(), parameters.end(), is_answer) &&
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
  const Bindings values = bound_values();
  std::vector<std::string> missing;
  for (const std::string &name : callback_->parameters())
    if (!values.contains(name))
      missing.push_back(name + "=...");
  const Kind kind = callback_->kind();
  if (kind == Kind::Filter || kind == Kind::Filter1D) {
    if (!values.contains("values"))
      missing.emplace_back("values=V1,V2,...");
  } else {
    for (const std::string &name : callback_->variables())
      if (callback_->uses(name) && !values.contains(name))
        missing.push_back(name + "=...");
  }
  if (!missing.empty())
    return hint(fmt::format(":set {} to evaluate", fmt::join(missing, " ")));
  const Value value = evaluate(*callback_, values, UnknownNames::Ignore);
  fmt::print("{}\n", format_value(value));
  if (!value.tuple)
    answer_ = value.numbers.front();
}

Bindings Session::bound_values() const {
  Bindings values = bindings_;
  if (formula_answer_) {
    values.try_emplace("ans", std::vector{*formula_answer_});
    values.try_emplace("_", std::vector{*formula_answer_});
  }
  return values;
}

void Session::command(const std::string &name, const std::vector<std::string> &arguments) {
  if (name == ":help") {
    help(arguments);
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
    run_inspect(formula, {}, name == ":asm");
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

void Session::help(const std::vector<std::string> &arguments) const {
  if (arguments.empty()) {
    fmt::print("{}", kHelp);
    return;
  }
  const std::vector<std::string> rows = function_help(language_doc(), arguments[0]);
  if (!rows.empty()) {
    fmt::print("{}\n", fmt::join(rows, "\n"));
    return;
  }
  std::vector<std::string_view> names;
  for (const BuiltinFunction &function : builtin_functions())
    names.push_back(function.name);
  const std::optional<std::string_view> suggestion = closest_name(arguments[0], names);
  throw UsageError(suggestion ? fmt::format("no builtin function '{}'; did you mean '{}'?",
                                            arguments[0], *suggestion)
                              : fmt::format("no builtin function '{}' (docs/language.md lists "
                                            "them)",
                                            arguments[0]));
}

void Session::define(const std::string &text) {
  Engine &engine = Engine::default_engine();
  if (text.find_first_not_of(" \t\n") == std::string::npos) {
    for (const std::string &definition : engine.definitions())
      fmt::print("{}\n", definition);
    return;
  }
  const auto first = text.find_first_not_of(" \t");
  engine.define(text.substr(first, text.find_last_not_of(" \t\n") - first + 1));
  // The current formula takes a new meaning of a name it uses, quietly.
  if (callback_)
    callback_ = compile(formula_, formula_options());
}

void Session::set(const std::vector<std::string> &arguments) {
  if (arguments.empty())
    throw UsageError("usage: :set NAME=VALUE ... or :set NAME=START:STOP:NUM");
  std::vector<std::string> fixed = arguments;
  std::vector<Sweep> sweeps = take_sweeps(fixed);
  for (const auto &[name, values] : parse_bindings(fixed))
    bindings_[name] = values;
  if (sweeps.empty())
    return show_value();
  if (sweeps.size() > 1)
    throw UsageError(":set makes a table of one swept name at a time");
  table(sweeps.front());
}

void Session::table(const Sweep &sweep) {
  const Callback &callback = current();
  Bindings values = bound_values();
  std::vector<std::vector<std::string>> rows{{sweep.name, formula_}};
  for (std::size_t i = 0; i < sweep.count; ++i) {
    const double at = sweep.value(i);
    values[sweep.name] = {at};
    rows.push_back(
        {format_number(at), format_value(evaluate(callback, values, UnknownNames::Ignore))});
  }
  std::size_t width = 0;
  for (const auto &row : rows)
    width = std::max(width, row[0].size());
  for (const auto &row : rows)
    fmt::print("{:>{}}  {}\n", row[0], width, row[1]);
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

const Callback &Session::current() const {
  if (!callback_)
    throw UsageError("no formula yet: type one first, e.g. exp(-a*x*x)");
  return *callback_;
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
