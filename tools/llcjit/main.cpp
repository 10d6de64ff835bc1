// The llcjit command-line tool: evaluate, inspect and demonstrate formulas.
#include "bindings.hpp"
#include "demo.hpp"

#include <llcjit/llcjit.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace {

// Exit statuses.
constexpr int kBadFormula = 2;
constexpr int kBadUsage = 2;
constexpr int kFailure = 1;

struct FormulaArguments {
  std::string source;
  std::string kind;
  std::vector<std::string> parameters;
  std::vector<std::string> variables;
};

void add_formula_options(CLI::App &command, FormulaArguments &arguments) {
  command.add_option("EXPR", arguments.source, "the formula, e.g. 'exp(-a*x*x)'")
      ->required();
  command
      .add_option("--kind", arguments.kind,
                  "quad, nquad, filter, filter1d or transform (default: "
                  "inferred from the variables used)")
      ->check(CLI::IsMember({"quad", "nquad", "filter", "filter1d", "transform"}));
  command.add_option("--parameters", arguments.parameters,
                     "parameter order in user_data (default: order of first use)")
      ->delimiter(',');
  command.add_option("--variables", arguments.variables,
                     "variable names for nquad (innermost first) or transform")
      ->delimiter(',');
}

llcjit::Options options_of(const FormulaArguments &arguments) {
  llcjit::Options options;
  if (!arguments.kind.empty())
    options.kind = llcjit::parse_kind(arguments.kind);
  options.parameters = arguments.parameters;
  options.variables = arguments.variables;
  return options;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"llcjit: compile formula strings into native callbacks for "
               "SciPy's LowLevelCallable and llcjit's drivers.\n\n"
               "A formula is an expression such as 'exp(-a*x*x)' or "
               "'median(abs(values - median(values)))'; its kind (quad, nquad, "
               "filter, filter1d, transform) follows from the variables it uses, "
               "and every other name is a parameter. See docs/language.md.",
               "llcjit"};
  app.footer("A formula that starts with '-' goes after '--': "
             "llcjit eval -- '-x^2' x=3\n"
             "Exit status: 0 on success, 2 for a formula that does not compile "
             "(the diagnostic is on stderr) or a wrong argument, 1 otherwise.");
  app.require_subcommand(1);
  app.set_version_flag("--version", "llcjit 0.1.0");

  FormulaArguments eval_arguments;
  std::vector<std::string> eval_bindings;
  CLI::App *eval = app.add_subcommand(
      "eval", "evaluate a formula once and print the value with 17 significant "
              "digits, e.g. llcjit eval 'exp(-a*x*x)' a=2 x=0.5, "
              "llcjit eval 'median(values)' values=1,5,3");
  add_formula_options(*eval, eval_arguments);
  eval->add_option("NAME=VALUE", eval_bindings,
                   "values of variables and parameters; an array as "
                   "values=1,5,3");

  FormulaArguments ir_arguments;
  CLI::App *ir = app.add_subcommand(
      "ir", "print the optimised LLVM IR of every entry point");
  add_formula_options(*ir, ir_arguments);

  FormulaArguments asm_arguments;
  CLI::App *assembly = app.add_subcommand(
      "asm", "print the native assembly for this CPU of every entry point");
  add_formula_options(*assembly, asm_arguments);

  CLI::App *demo = app.add_subcommand(
      "demo", "compile, call and time the seed formulas exp(-a*x*x) and "
              "min(values)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &error) {
    return app.exit(error);
  }

  try {
    if (eval->parsed()) {
      const llcjit::Callback callback =
          llcjit::compile(eval_arguments.source, options_of(eval_arguments));
      fmt::print("{}\n", llcjit::tool::evaluate(
                             callback, llcjit::tool::parse_bindings(eval_bindings)));
    } else if (ir->parsed()) {
      fmt::print("{}", llcjit::Engine::default_engine().ir(
                           ir_arguments.source, options_of(ir_arguments)));
    } else if (assembly->parsed()) {
      fmt::print("{}", llcjit::Engine::default_engine().assembly(
                           asm_arguments.source, options_of(asm_arguments)));
    } else if (demo->parsed()) {
      return llcjit::tool::run_demo();
    }
  } catch (const llcjit::CompileError &error) {
    fmt::print(stderr, "{}\n", error.what());
    return kBadFormula;
  } catch (const llcjit::UsageError &error) {
    fmt::print(stderr, "llcjit: {}\n", error.what());
    return kBadUsage;
  } catch (const std::exception &error) {
    fmt::print(stderr, "llcjit: {}\n", error.what());
    return kFailure;
  }
  return 0;
}
