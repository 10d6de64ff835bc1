// The llcjit command line: evaluate, inspect, integrate, filter and
// demonstrate formulas, or open the REPL.
#include "cli.hpp"

#include "bindings.hpp"
#include "demo.hpp"
#include "filter_command.hpp"
#include "quad_command.hpp"
#include "repl.hpp"

#include <llcjit/llcjit.hpp>
#include <llcjit/version.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <new>
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
  bool vector_math = false;
};

void add_formula_options(CLI::App &command, FormulaArguments &arguments) {
  command.add_option("EXPR", arguments.source, "the formula, e.g. 'exp(-a*x*x)'")->required();
  command
      .add_option("--kind", arguments.kind,
                  "quad, nquad, filter, filter1d or transform (default: "
                  "inferred from the variables used)")
      ->check(CLI::IsMember({"quad", "nquad", "filter", "filter1d", "transform"}));
  command
      .add_option("--parameters", arguments.parameters,
                  "parameter order in user_data (default: order of first use)")
      ->delimiter(',')
      ->allow_extra_args(false);
  command
      .add_option("--variables", arguments.variables,
                  "variable names for nquad (innermost first) or transform")
      ->delimiter(',')
      ->allow_extra_args(false);
  command.add_flag("--vector-math", arguments.vector_math,
                   "let the batch entry point use glibc's libmvec for sin, log, pow, ... (faster, "
                   "4 ulp; exp stays exact)");
}

llcjit::Options options_of(const FormulaArguments &arguments) {
  llcjit::Options options;
  if (!arguments.kind.empty())
    options.kind = llcjit::parse_kind(arguments.kind);
  options.parameters = arguments.parameters;
  options.variables = arguments.variables;
  options.vector_math = arguments.vector_math;
  return options;
}

} // namespace

namespace llcjit::tool {

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
             "A formula that starts with '-' goes after '--': "
             "llcjit eval -- '-x^2' x=3\n"
             "Exit status: 0 on success, 2 for a formula that does not compile "
             "(the diagnostic is on stderr) or any other usage error (a wrong "
             "option or value, an unreadable or invalid input file), 1 for a "
             "failure of the work itself (an output that cannot be written, out "
             "of memory). quad and nquad exit 0 when QUADPACK's ier is not 0: the "
             "value is printed with ier, and SciPy's warning goes to stderr.");
  app.require_subcommand(1);
  app.set_version_flag("--version", "llcjit " LLCJIT_VERSION_STRING);

  FormulaArguments eval_arguments;
  std::vector<std::string> eval_bindings;
  CLI::App *eval =
      app.add_subcommand("eval", "evaluate a formula once and print the value with 17 significant "
                                 "digits, e.g. llcjit eval 'exp(-a*x*x)' a=2 x=0.5, "
                                 "llcjit eval 'median(values)' values=1,5,3");
  add_formula_options(*eval, eval_arguments);
  eval->add_option("NAME=VALUE", eval_bindings,
                   "values of variables and parameters; an array as "
                   "values=1,5,3");

  FormulaArguments ir_arguments;
  CLI::App *ir = app.add_subcommand("ir", "print the optimised LLVM IR of every entry point");
  add_formula_options(*ir, ir_arguments);

  FormulaArguments asm_arguments;
  CLI::App *assembly =
      app.add_subcommand("asm", "print the native assembly for this CPU of every entry point");
  add_formula_options(*assembly, asm_arguments);

  llcjit::tool::QuadArguments quad_arguments;
  CLI::App *quad = app.add_subcommand(
      "quad", "integrate a formula of x from LOWER to UPPER with llcjit's QUADPACK "
              "driver (scipy.integrate.quad's algorithms and defaults), e.g. "
              "llcjit quad 'exp(-a*x*x)' -inf inf a=2; a parameter given as "
              "NAME=START:STOP:NUM is swept over numpy.linspace(START, STOP, NUM), "
              "one line per value, on all cores");
  quad->add_option("EXPR", quad_arguments.source, "the integrand, a formula of x")->required();
  quad->add_option("LOWER", quad_arguments.lower, "lower limit; -inf allowed")->required();
  quad->add_option("UPPER", quad_arguments.upper, "upper limit; inf allowed")->required();
  quad->add_option("NAME=VALUE", quad_arguments.bindings,
                   "parameter values; NAME=START:STOP:NUM sweeps one");
  quad->add_option("--epsabs", quad_arguments.options.epsabs,
                   "absolute error tolerance (default 1.49e-8)");
  quad->add_option("--epsrel", quad_arguments.options.epsrel,
                   "relative error tolerance (default 1.49e-8)");
  quad->add_option("--limit", quad_arguments.options.limit,
                   "upper bound on the number of subintervals (default 50)");
  quad->add_option("--points", quad_arguments.options.points,
                   "break points inside the range, P,P,... (QAGP)")
      ->delimiter(',')
      ->allow_extra_args(false);
  quad->add_option("--weight", quad_arguments.weight,
                   "weight function, as scipy.integrate.quad: cos, sin (cos(omega x), "
                   "--wvar omega), cauchy (1/(x-c), --wvar c), alg, alg-loga, "
                   "alg-logb, alg-log ((x-a)^alpha (b-x)^beta [log...], --wvar "
                   "alpha,beta)")
      ->check(CLI::IsMember({"cauchy", "alg", "alg-loga", "alg-logb", "alg-log", "cos", "sin"}));
  quad->add_option("--wvar", quad_arguments.options.wvar, "the weight's parameters")
      ->delimiter(',')
      ->allow_extra_args(false);
  quad->add_option("--maxp1", quad_arguments.options.maxp1,
                   "Chebyshev moments kept for cos and sin weights (default 50)");
  quad->add_option("--limlst", quad_arguments.options.limlst,
                   "cycles for cos and sin weights on a half-line (default 50)");
  quad->add_option("--threads", quad_arguments.options.threads,
                   "threads for a sweep (default: all cores)");
  quad->add_flag("--vector-math", quad_arguments.vector_math,
                 "evaluate sin, log, pow, ... with glibc's libmvec: faster, and no "
                 "longer bit-for-bit SciPy's path (exp is exact either way)");
  quad->add_flag("--json", quad_arguments.json,
                 "one JSON object per integral: value, abserr, neval, ier, last, "
                 "message");

  llcjit::tool::NQuadArguments nquad_arguments;
  CLI::App *nquad = app.add_subcommand(
      "nquad", "integrate a formula of several variables like scipy.integrate.nquad: "
               "one --range LO,HI per variable, innermost (x0) first; the bounds are "
               "formulas of the outer variables, e.g. llcjit nquad 'x0*x1' --range "
               "'0,sqrt(1 - x1^2)' --range 0,1");
  nquad->add_option("EXPR", nquad_arguments.source, "the integrand")->required();
  nquad
      ->add_option("--range", nquad_arguments.ranges,
                   "LO,HI: the bounds of one variable, innermost first (repeat); "
                   "the comma that separates them is the one outside parentheses")
      ->required()
      ->allow_extra_args(false);
  nquad
      ->add_option("--variables", nquad_arguments.variables,
                   "variable names, innermost first (default x0, x1, ...)")
      ->delimiter(',')
      ->allow_extra_args(false);
  nquad->add_option("NAME=VALUE", nquad_arguments.bindings, "parameter values");
  nquad->add_option("--epsabs", nquad_arguments.options.epsabs,
                    "absolute error tolerance of every level (default 1.49e-8)");
  nquad->add_option("--epsrel", nquad_arguments.options.epsrel,
                    "relative error tolerance of every level (default 1.49e-8)");
  nquad->add_option("--limit", nquad_arguments.options.limit,
                    "subintervals per level (default 50)");
  nquad->add_flag("--json", nquad_arguments.json,
                  "one JSON object: value, abserr, neval, ier, last, message");

  llcjit::tool::FilterArguments filter_arguments;
  CLI::App *filter = app.add_subcommand(
      "filter", "scipy.ndimage.generic_filter on .npy files (any real or integer dtype "
                "in, float64 out) or PNG pictures (8-bit grey), with the formula fused into "
                "a vectorised loop, e.g. llcjit filter 'min(values)' in.npy out.npy "
                "--footprint cross");
  filter->add_option("EXPR", filter_arguments.source, "the kernel, a formula of values")
      ->required();
  filter->add_option("INPUT", filter_arguments.input, "input .npy or .png")->required();
  filter
      ->add_option("OUTPUT", filter_arguments.output,
                   "output .npy (float64) or .png (rounded, clamped to 0..255)")
      ->required();
  filter->add_option("NAME=VALUE", filter_arguments.bindings, "parameter values");
  filter->add_option("--size", filter_arguments.size,
                     "the box footprint, e.g. 3x3, or 5 for every axis");
  filter->add_option("--footprint", filter_arguments.footprint,
                     "'cross' (centre and face neighbours) or a .npy mask");
  filter->add_option("--mode", filter_arguments.mode,
                     "reflect (default), constant, nearest, mirror, wrap, grid-mirror, "
                     "grid-constant, grid-wrap");
  filter->add_option("--cval", filter_arguments.cval, "the value outside for --mode constant");
  filter->add_option("--origin", filter_arguments.origin, "O or O,O,... per axis")
      ->delimiter(',')
      ->allow_extra_args(false);
  filter->add_option("--threads", filter_arguments.threads, "threads (default: all cores)");
  filter->add_flag("--unfused", filter_arguments.unfused,
                   "call the kernel once per element through SciPy's signature instead "
                   "of fusing it (the same results, slower)");

  CLI::App *repl =
      app.add_subcommand("repl", "the interactive session (also `llcjit` alone): type formulas to "
                                 "compile and evaluate them; :help lists the commands");

  CLI::App *demo = app.add_subcommand(
      "demo", "compile, call and time the seed formulas exp(-a*x*x) and "
              "min(values), integrate the seed sweep (10,000 Gaussians) and run the "
              "seed erosion (2048 x 2048)");

  // CLI11 would read a limit of -inf as the short options -i -n -f; a
  // leading blank makes it a positional argument, and the number parser and
  // the formula lexer both skip blanks.
  for (std::string &argument : arguments)
    if (argument == "-inf" || argument == "-Inf" || argument == "-infinity")
      argument.insert(0, " ");
  std::reverse(arguments.begin(), arguments.end()); // CLI11 takes them reversed
  try {
    app.parse(arguments);
  } catch (const CLI::ParseError &error) {
    // CLI11 prints the message (or the help) and has a code of its own for
    // each kind of mistake; llcjit's policy is one code for them all.
    const int code = app.exit(error);
    return code == 0 ? 0 : kBadUsage;
  }

  try {
    if (eval->parsed()) {
      const llcjit::Callback callback =
          llcjit::compile(eval_arguments.source, options_of(eval_arguments));
      fmt::print("{}\n",
                 llcjit::tool::evaluate(callback, llcjit::tool::parse_bindings(eval_bindings)));
    } else if (ir->parsed()) {
      fmt::print(
          "{}", llcjit::Engine::default_engine().ir(ir_arguments.source, options_of(ir_arguments)));
    } else if (assembly->parsed()) {
      fmt::print("{}", llcjit::Engine::default_engine().assembly(asm_arguments.source,
                                                                 options_of(asm_arguments)));
    } else if (quad->parsed()) {
      return llcjit::tool::run_quad(quad_arguments);
    } else if (nquad->parsed()) {
      return llcjit::tool::run_nquad(nquad_arguments);
    } else if (filter->parsed()) {
      return llcjit::tool::run_filter(filter_arguments);
    } else if (demo->parsed()) {
      return llcjit::tool::run_demo();
    } else if (repl->parsed()) {
      return llcjit::tool::run_repl();
    }
  } catch (const llcjit::CompileError &error) {
    fmt::print(stderr, "{}\n", error.what());
    return kBadFormula;
  } catch (const llcjit::UsageError &error) {
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
