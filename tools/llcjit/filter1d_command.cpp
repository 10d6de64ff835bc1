// The definitions of filter1d_command.hpp: `llcjit filter1d`.
#include "filter1d_command.hpp"

#include "array_file.hpp"
#include "bindings.hpp"
#include "whole_number_option.hpp"

#include <llcjit/errors.hpp>
#include <llcjit/llcjit.hpp>

#include <fmt/format.h>

namespace llcjit::tool {

CLI::App *add_filter1d_command(CLI::App &app, Filter1DArguments &arguments) {
  CLI::App *command = app.add_subcommand(
      "filter1d", "scipy.ndimage.generic_filter1d on .npy files (any real or integer dtype, "
                  "kept unless --dtype says otherwise) or PNG pictures: each line along --axis, "
                  "extended by --mode, filtered by a formula of values, the window of --size "
                  "values of each output point, e.g. a moving range: llcjit filter1d "
                  "'max(values) - min(values)' in.npy out.npy --size 5 --axis 0");
  add_array_positionals(*command, arguments, "the kernel, a formula of values");
  command->add_option("--size", arguments.size, "the window's length, at least 1")
      ->required()
      ->transform(whole_number<std::ptrdiff_t>());
  command->add_option("--axis", arguments.axis, "the axis of the lines (default -1, the last)")
      ->transform(whole_number<std::ptrdiff_t>());
  command->add_option("--mode", arguments.mode,
                      "reflect (default), constant, nearest, mirror, wrap, grid-mirror, "
                      "grid-constant, grid-wrap");
  command->add_option("--cval", arguments.cval, "the value outside for --mode constant");
  command
      ->add_option("--origin", arguments.origin,
                   "shifts the window: from -(size/2) to (size-1)/2 (default 0)")
      ->transform(whole_number<std::ptrdiff_t>());
  add_threads_option(*command, arguments.threads);
  add_dtype_option(*command, arguments.dtype,
                   "results converted as scipy.ndimage's line buffers convert them");
  return command;
}

int run_filter1d(const Filter1DArguments &arguments) {
  Array input = read_input(arguments, "filter");
  const std::optional<Mode> mode = parse_mode(arguments.mode);
  if (!mode)
    throw UsageError(fmt::format("--mode: boundary mode not supported: '{}'", arguments.mode));
  const Callback kernel = compile(arguments.source, {.kind = Kind::Filter1D});
  const std::vector<double> params = parameter_values(kernel, parse_bindings(arguments.bindings));
  Array output = Array::of(input.shape, output_dtype(arguments, input.dtype));
  generic_filter1d(input.view(), output.view(), kernel, params, arguments.size, arguments.axis,
                   {.mode = *mode,
                    .cval = arguments.cval,
                    .origin = arguments.origin,
                    .threads = arguments.threads});
  write_array(arguments.output, output);
  return 0;
}

} // namespace llcjit::tool
