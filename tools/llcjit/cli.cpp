// The llcjit command line: the subcommands each file registers
// (formula_commands, quad_command, filter_command, filter1d_command,
// transform_command, demo, repl), parsed and run under one exit-code policy.
#include "cli.hpp"

#include "demo.hpp"
#include "filter1d_command.hpp"
#include "filter_command.hpp"
#include "formula_commands.hpp"
#include "quad_command.hpp"
#include "repl.hpp"
#include "transform_command.hpp"
#include "whole_number_option.hpp"

#include <llcjit/engine.hpp>
#include <llcjit/errors.hpp>
#include <llcjit/language.hpp>
#include <llcjit/version.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <new>
#include <optional>
#include <string>
#include <vector>

namespace llcjit::tool {

namespace {

// Exit statuses.
constexpr int kBadFormula = 2;
constexpr int kBadUsage = 2;
constexpr int kFailure = 1;

// llcjit has no short options but -h, so any other word that starts with
// a single '-' is a formula ('-x^2'), a limit ('-inf') or a number; CLI11
// would read it as short options (-x -^ -2). A leading blank makes it a
// positional argument or an option's value, and the number parsers and the
// formula lexer all skip blanks. CLI11 takes the arguments reversed.
std::vector<std::string> in_cli11_order(std::vector<std::string> arguments) {
  for (std::string &argument : arguments)
    if (argument.size() > 1 && argument[0] == '-' && argument[1] != '-' && argument != "-h")
      argument.insert(0, " ");
  std::reverse(arguments.begin(), arguments.end());
  return arguments;
}

// "unknown command 'evl'; did you mean 'eval'?" for a first word that is
// neither an option nor a command, where CLI11 would only say that a
// command is required.
void check_command_name(const CLI::App &app, const std::vector<std::string> &arguments) {
  if (arguments.empty() || arguments[0].starts_with('-'))
    return;
  std::vector<std::string> names;
  for (const CLI::App *command : app.get_subcommands({}))
    names.push_back(command->get_name());
  if (std::find(names.begin(), names.end(), arguments[0]) != names.end())
    return;
  const std::vector<std::string_view> candidates(names.begin(), names.end());
  const std::optional<std::string_view> suggestion = closest_name(arguments[0], candidates);
  throw UsageError(suggestion ? fmt::format("unknown command '{}'; did you mean '{}'?",
                                            arguments[0], *suggestion)
                              : fmt::format("unknown command '{}'; the commands are {}",
                                            arguments[0], fmt::join(names, ", ")));
}

// Engine::define on the default engine, its diagnostic said to be about
// the definition rather than the formula.
void define(const std::string &definition) {
  try {
    Engine::default_engine().define(definition);
  } catch (const CompileError &error) {
    throw CompileError(fmt::format("in --define '{}': {}", definition, error.message()),
                       error.line(), error.column(), error.snippet());
  }
}

} // namespace

bool parse_arguments(CLI::App &command, std::vector<std::string> arguments) {
  try {
    command.parse(in_cli11_order(std::move(arguments)));
  } catch (const CLI::CallForHelp &) {
    fmt::print("{}", command.help());
    return false;
  } catch (const CLI::ParseError &error) {
    throw UsageError(fmt::format("{}: {}", command.get_name(), error.what()));
  }
  return true;
}

int run_command_line(std::vector<std::string> arguments) {
  CLI::App app{"llcjit: compile formula strings into native callbacks for "
               "SciPy's LowLevelCallable and llcjit's drivers.\n\n"
               "A formula is an expression such as 'exp(-a*x*x)' or "
               "'median(abs(values - median(values)))'; its kind (quad, nquad, "
               "filter, filter1d, transform) follows from the variables it uses, "
               "and every other name is a parameter. See docs/language.md.",
               "llcjit"};
  app.footer("Without a command, or with `llcjit repl`, llcjit opens an interactive "
             "session (:help lists its commands); with input from a pipe or file it "
             "runs the lines as a script, e.g. echo 'sqrt(2)' | llcjit.\n"
             "A formula or a value may start with '-': llcjit eval '-x^2' x=-3\n"
             "Every command that compiles takes --define for functions and constants of "
             "your own: llcjit eval 'sq(x) + g' x=2 --define 'sq(t) = t*t' --define "
             "'g = 9.81'\n"
             "Exit status: 0 on success, 2 for a formula that does not compile "
             "(the diagnostic is on stderr) or any other usage error (a wrong "
             "option or value, an unreadable or invalid input file), 1 for a "
             "failure of the work itself (an output that cannot be written, out "
             "of memory). quad and nquad exit 0 when QUADPACK's ier is not 0: the "
             "value is printed with ier, and SciPy's warning goes to stderr.\n"
             "Optimised code is kept on disk for later runs, in $LLCJIT_CACHE_DIR, else "
             "$XDG_CACHE_HOME/llcjit, else ~/.cache/llcjit (256 MiB at most, least recently "
             "used first out); LLCJIT_CACHE=off turns that off.");
  app.require_subcommand(1);
  app.set_version_flag("--version", "llcjit " LLCJIT_VERSION_STRING);

  FormulaArguments eval_arguments;
  std::vector<std::string> eval_bindings;
  int eval_digits = 0;
  CLI::App *eval = app.add_subcommand(
      "eval", "evaluate a formula once and print the value as Python prints a float (the "
              "shortest text that reads back to the same double), e.g. llcjit eval "
              "'exp(-a*x*x)' a=2 x=0.5, llcjit eval 'median(values)' values=1,5,3");
  add_formula_options(*eval, eval_arguments);
  eval->add_option("NAME=VALUE", eval_bindings,
                   "values of variables and parameters; an array as "
                   "values=1,5,3");
  eval->add_option("--digits", eval_digits,
                   "print N significant digits instead (17 shows "
                   "every double exactly)")
      ->transform(whole_number<int>())
      ->check(CLI::Range(1, 17));
  bool eval_verbose = false;
  eval->add_flag("--verbose", eval_verbose,
                 "also say on stderr how the formula was compiled (its tier, or loaded from "
                 "the disk cache) and how long that took");

  FormulaArguments ir_arguments;
  ListingArguments ir_listing;
  CLI::App *ir = app.add_subcommand(
      "ir", "print the optimised LLVM IR of every entry point, each named by its role and "
            "C signature; with --size or --footprint, of the fused filter loop too");
  add_formula_options(*ir, ir_arguments);
  add_listing_options(*ir, ir_listing);

  FormulaArguments asm_arguments;
  ListingArguments asm_listing;
  CLI::App *assembly = app.add_subcommand(
      "asm", "print the native assembly for this CPU of every entry point, as ir does");
  add_formula_options(*assembly, asm_arguments);
  add_listing_options(*assembly, asm_listing);

  QuadArguments quad_arguments;
  CLI::App *quad = add_quad_command(app, quad_arguments);
  NQuadArguments nquad_arguments;
  CLI::App *nquad = add_nquad_command(app, nquad_arguments);
  FilterArguments filter_arguments;
  CLI::App *filter = add_filter_command(app, filter_arguments);
  Filter1DArguments filter1d_arguments;
  CLI::App *filter1d = add_filter1d_command(app, filter1d_arguments);
  TransformArguments transform_arguments;
  CLI::App *transform = add_transform_command(app, transform_arguments);

  CLI::App *repl =
      app.add_subcommand("repl", "the interactive session (also `llcjit` alone): type formulas to "
                                 "compile and evaluate them; :help lists the commands");

  CLI::App *demo = app.add_subcommand(
      "demo", "compile, call and time the seed formulas exp(-a*x*x) and "
              "min(values), integrate the seed sweep (10,000 Gaussians) and run the "
              "seed erosion (2048 x 2048)");

  // --define on every command that compiles: definitions go to the default
  // engine, so that the drivers' own compiles (a fused filter kernel, nquad's
  // bounds) see them too.
  std::vector<std::string> definitions;
  for (CLI::App *command : {eval, ir, assembly, quad, nquad, filter, filter1d, transform})
    command
        ->add_option("--define", definitions,
                     "define a function or constant the formula may use, e.g. "
                     "--define 'sq(t) = t*t' --define 'g = 9.81' (repeat; each may use "
                     "the ones before it)")
        ->allow_extra_args(false);

  try {
    check_command_name(app, arguments);
    app.parse(in_cli11_order(std::move(arguments)));
  } catch (const UsageError &error) {
    fmt::print(stderr, "llcjit: {}\nRun with --help for more information.\n", error.what());
    return kBadUsage;
  } catch (const CLI::ParseError &error) {
    // CLI11 prints the message (or the help) and has a code of its own for
    // each kind of mistake; llcjit's policy is one code for them all.
    const int code = app.exit(error);
    return code == 0 ? 0 : kBadUsage;
  }

  try {
    for (const std::string &definition : definitions)
      define(definition);
    if (eval->parsed())
      return run_eval(eval_arguments, eval_bindings, eval_digits, eval_verbose);
    if (ir->parsed())
      return run_inspect(ir_arguments, ir_listing, false);
    if (assembly->parsed())
      return run_inspect(asm_arguments, asm_listing, true);
    if (quad->parsed())
      return run_quad(quad_arguments);
    if (nquad->parsed())
      return run_nquad(nquad_arguments);
    if (filter->parsed())
      return run_filter(filter_arguments);
    if (filter1d->parsed())
      return run_filter1d(filter1d_arguments);
    if (transform->parsed())
      return run_transform(transform_arguments);
    if (demo->parsed())
      return run_demo();
    if (repl->parsed())
      return run_repl();
  } catch (const CompileError &error) {
    fmt::print(stderr, "{}\n", error.what());
    return kBadFormula;
  } catch (const UsageError &error) {
    fmt::print(stderr, "llcjit: {}\n", error.what());
    return kBadUsage;
  } catch (const std::bad_alloc &) {
    fmt::print(stderr, "llcjit: out of memory: the input or the work asked for is too "
                       "large for this machine\n");
    return kFailure;
  } catch (const std::exception &error) {
    fmt::print(stderr, "llcjit: {}\n", error.what());
    return kFailure;
  }
  return 0;
}

} // namespace llcjit::tool
