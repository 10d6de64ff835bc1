// The definitions of formula_commands.hpp: eval, ir and asm.
#include "formula_commands.hpp"

#include "bindings.hpp"

#include <llcjit/llcjit.hpp>

#include <fmt/format.h>

namespace llcjit::tool {

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

Options options_of(const FormulaArguments &arguments) {
  Options options;
  if (!arguments.kind.empty())
    options.kind = parse_kind(arguments.kind);
  options.parameters = arguments.parameters;
  options.variables = arguments.variables;
  options.vector_math = arguments.vector_math;
  return options;
}

int run_eval(const FormulaArguments &arguments, const std::vector<std::string> &bindings,
             int digits) {
  const Callback callback = compile(arguments.source, options_of(arguments));
  fmt::print("{}\n", format_value(evaluate(callback, parse_bindings(bindings)), digits));
  return 0;
}

int run_inspect(const FormulaArguments &arguments, bool assembly) {
  Engine &engine = Engine::default_engine();
  fmt::print("{}", assembly ? engine.assembly(arguments.source, options_of(arguments))
                            : engine.ir(arguments.source, options_of(arguments)));
  return 0;
}

} // namespace llcjit::tool
