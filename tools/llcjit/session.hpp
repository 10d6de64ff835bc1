// The REPL's state and commands, apart from how lines are read: the current
// formula, the bindings set with :set, and the :commands that act on them.
#pragma once

#include "bindings.hpp"
#include "sweep.hpp"

#include <llcjit/llcjit.hpp>

#include <optional>
#include <string>
#include <vector>

namespace llcjit::tool {

class Session {
public:
  /// `colour`: ANSI colours for errors and hints (a terminal, NO_COLOR unset).
  explicit Session(bool colour) : colour_(colour) {}

  /// Runs one entry, a formula or a :command; results go to stdout,
  /// diagnostics to stderr. False once the entry was :quit.
  bool run(const std::string &entry);

  /// What tab completion offers: commands, builtins, constants, and the
  /// current formula's parameters and variables and the bound names.
  std::vector<std::string> completions() const;

  /// Whether an entry has failed (a script's exit status says so).
  bool failed() const noexcept { return failed_; }

private:
  // The options every formula is compiled with: the kind, forced or not.
  Options formula_options() const;
  void enter_formula(const std::string &source);
  void show_value();
  // The bindings with ans and _ (the value the current formula saw when
  // it was entered) added.
  Bindings bound_values() const;
  void help(const std::vector<std::string> &arguments) const;
  // :define TEXT on the default engine; the current formula is compiled
  // again with it.
  void define(const std::string &text);
  // The current formula at each value of the sweep, one line each.
  void table(const Sweep &sweep);
  void command(const std::string &name, const std::vector<std::string> &arguments);
  void set(const std::vector<std::string> &arguments);
  void unset(const std::vector<std::string> &arguments);
  void kind(const std::vector<std::string> &arguments);
  void params() const;
  void time() const;
  void plot(const std::vector<std::string> &arguments) const;
  void save(const std::vector<std::string> &arguments) const;
  void quad(const std::vector<std::string> &arguments) const;
  void filter(const std::vector<std::string> &arguments) const;
  const Callback &current() const;
  // NAME=VALUE arguments, and the current formula's parameters set with
  // :set that they do not name; throws UsageError, the same for every
  // command, naming a parameter that has no value either way.
  std::vector<std::string> with_set_parameters(std::vector<std::string> given) const;
  void hint(const std::string &text) const;
  void error(const std::string &text) const;

  bool colour_;
  mutable bool failed_ = false;
  std::string formula_;
  std::optional<Callback> callback_;
  std::optional<Kind> kind_;
  Bindings bindings_;
  std::optional<double> answer_;         // the last value printed
  std::optional<double> formula_answer_; // answer_ when formula_ was entered
};

} // namespace llcjit::tool
