// The definitions of transform_command.hpp: `llcjit transform`.
#include "transform_command.hpp"

#include "array_file.hpp"
#include "bindings.hpp"
#include "numbers.hpp"
#include "whole_number_option.hpp"

#include <llcjit/errors.hpp>
#include <llcjit/llcjit.hpp>

#include <cstddef>
#include <optional>
#include <vector>

#include <fmt/format.h>

namespace llcjit::tool {

CLI::App *add_transform_command(CLI::App &app, TransformArguments &arguments) {
  CLI::App *command = app.add_subcommand(
      "transform", "scipy.ndimage.geometric_transform on .npy files (any real or integer "
                   "dtype, kept unless --dtype says otherwise) or PNG pictures: each output "
                   "element interpolates the input at the coordinates the formula gives for "
                   "its index, e.g. a 30° rotation: llcjit transform '(o0*cos(t) - o1*sin(t), "
                   "o0*sin(t) + o1*cos(t))' in.png out.png t=0.5236");
  add_array_positionals(*command, arguments,
                        "the mapping: a tuple of input coordinates, a formula of the output "
                        "coordinates o0, o1, ...");
  command
      ->add_option("--shape", arguments.shape,
                   "the output's shape, e.g. 512x768 (default: the input's)")
      ->allow_extra_args(false);
  command->add_option("--order", arguments.order, "the spline's order, 0 to 5 (default 3)")
      ->transform(whole_number<int>());
  command->add_option("--mode", arguments.mode,
                      "constant (default), grid-constant, nearest, reflect, grid-mirror, "
                      "mirror, wrap, grid-wrap (docs/interpolation.md)");
  command->add_option("--cval", arguments.cval, "the value outside for the constant modes");
  command->add_flag("--no-prefilter", arguments.no_prefilter,
                    "interpolate the input itself rather than its B-spline coefficients "
                    "(orders above 1 then smooth the picture)");
  add_threads_option(*command, arguments.threads);
  command
      ->add_option("--streaming", arguments.streaming,
                   "write a float64 output around the cache (non-temporal stores): auto "
                   "(default: when input and output take half the last-level cache or "
                   "more), on or off; the same results")
      ->check(CLI::IsMember({"auto", "on", "off"}));
  add_dtype_option(*command, arguments.dtype, "integers rounded and clamped as scipy.ndimage does");
  return command;
}

int run_transform(const TransformArguments &arguments) {
  std::optional<std::vector<std::ptrdiff_t>> given_shape;
  if (arguments.shape) // read before the input, as CLI11 read it
    given_shape = parse_shape(*arguments.shape);
  Array input = read_input(arguments, "interpolate");
  const std::vector<std::ptrdiff_t> shape = given_shape.value_or(input.shape);
  const std::optional<InterpolationMode> mode = parse_interpolation_mode(arguments.mode);
  if (!mode)
    throw UsageError(fmt::format("--mode: boundary mode not supported: '{}'", arguments.mode));
  if (arguments.order < 0 || arguments.order > 5)
    throw UsageError(
        fmt::format("--order {}: spline order not supported (0 to 5)", arguments.order));
  Options options{.kind = Kind::Transform};
  for (std::size_t axis = 0; axis < shape.size(); ++axis)
    options.variables.push_back(fmt::format("o{}", axis));
  const Callback mapping = compile(arguments.source, options);
  for (const std::string &name : mapping.parameters())
    if (name.size() > 1 && name[0] == 'o' &&
        name.find_first_not_of("0123456789", 1) == std::string::npos)
      throw UsageError(fmt::format("the mapping uses {}, but the output has {} axes (o0 to "
                                   "o{}; --shape gives the output's shape)",
                                   name, shape.size(), shape.size() - 1));
  const std::vector<double> params = parameter_values(mapping, parse_bindings(arguments.bindings));
  Array output = Array::of(shape, output_dtype(arguments, input.dtype));
  geometric_transform(input.view(), output.view(), mapping, params,
                      {.order = arguments.order,
                       .mode = *mode,
                       .cval = arguments.cval,
                       .prefilter = !arguments.no_prefilter,
                       .threads = arguments.threads,
                       .streaming = arguments.streaming == "auto"
                                        ? std::nullopt
                                        : std::optional<bool>(arguments.streaming == "on")});
  write_array(arguments.output, output);
  return 0;
}

} // namespace llcjit::tool
