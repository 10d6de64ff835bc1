// The definitions of array_command.hpp.
#include "array_command.hpp"

#include <llcjit/errors.hpp>

#include <fmt/format.h>

namespace llcjit::tool {

void add_array_positionals(CLI::App &command, ArrayCommandArguments &arguments,
                           const std::string &expr_help) {
  command.add_option("EXPR", arguments.source, expr_help)->required();
  command.add_option("INPUT", arguments.input, "input .npy or .png")->required();
  command
      .add_option("OUTPUT", arguments.output,
                  "output .npy, or .png: uint8 and uint16 as 8- and 16-bit grey, other "
                  "dtypes rounded and clamped to 0..255")
      ->required();
  command.add_option("NAME=VALUE", arguments.bindings, "parameter values");
}

void add_dtype_option(CLI::App &command, std::string &dtype, const std::string &conversion) {
  command
      .add_option("--dtype", dtype,
                  "the output's dtype: bool, int8, uint8, int16, uint16, int32, uint32, int64, "
                  "uint64, float32 or float64 (default: the input's), " +
                      conversion)
      ->check([](const std::string &name) {
        return parse_dtype(name) ? std::string()
                                 : fmt::format("'{}' is not a dtype llcjit writes", name);
      });
}

Array read_input(const ArrayCommandArguments &arguments, const char *work) {
  check_output_path(arguments.output);
  Array input = read_array(arguments.input);
  if (input.shape.empty())
    throw UsageError(fmt::format("{}: a 0-d array has nothing to {}", arguments.input, work));
  return input;
}

DType output_dtype(const ArrayCommandArguments &arguments, DType input) {
  if (arguments.dtype.empty())
    return input;
  // --dtype's check has parsed the name already; the REPL's :filter too.
  const std::optional<DType> dtype = parse_dtype(arguments.dtype);
  if (!dtype)
    throw UsageError(fmt::format("--dtype: '{}' is not a dtype llcjit writes", arguments.dtype));
  return *dtype;
}

} // namespace llcjit::tool
