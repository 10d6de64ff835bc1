// The definitions of filter_command.hpp: `llcjit filter`.
#include "filter_command.hpp"

#include "array_file.hpp"
#include "bindings.hpp"
#include "footprint_argument.hpp"
#include "numbers.hpp"
#include "whole_number_option.hpp"

#include <llcjit/errors.hpp>
#include <llcjit/llcjit.hpp>

#include <cstdint>

#include <fmt/format.h>

namespace llcjit::tool {

void add_filter_options(CLI::App &command, FilterArguments &arguments) {
  command.add_option("--size", arguments.size, "the box footprint, e.g. 3x3, or 5 for every axis");
  command.add_option("--footprint", arguments.footprint,
                     "a .npy mask, or a shape NAME:R of radius R (default 1) spanning "
                     "2R+1 cells per axis: cross (the centre and the cells along each axis; "
                     "cross is scipy.ndimage's generate_binary_structure(rank, 1)), square "
                     "(the whole box), diamond (|offsets| summing to <= R), disk (2-d, "
                     "Euclidean distance <= R, as skimage's disk) or ball (the same in any "
                     "rank, e.g. 3-d volumes)");
  command.add_option("--mode", arguments.mode,
                     "reflect (default), constant, nearest, mirror, wrap, grid-mirror, "
                     "grid-constant, grid-wrap");
  command.add_option("--cval", arguments.cval, "the value outside for --mode constant");
  command.add_option("--origin", arguments.origin, "O or O,O,... per axis")
      ->allow_extra_args(false);
  add_threads_option(command, arguments.threads);
  CLI::Option *unfused =
      command.add_flag("--unfused", arguments.unfused,
                       "call the kernel once per element through SciPy's signature instead "
                       "of fusing it (the same results, slower)");
  command
      .add_flag("--fuse-now", arguments.fuse_now,
                "compile the fused loop at once even where its compile is estimated to cost "
                "more than the work it saves (by default such a loop runs per element until "
                "the work pays, unless the disk cache has it)")
      ->excludes(unfused);
  command.add_flag("--exact", arguments.exact,
                   "keep sums, means and variances of large boxes bit-identical to NumPy's "
                   "pairwise sums instead of running sums (docs/filters.md)");
  command
      .add_option("--streaming", arguments.streaming,
                  "write the output around the cache (non-temporal stores): auto (default: "
                  "when input and output take the last-level cache or more, for a "
                  "fused kernel when the output's elements are 8 bytes wide), on "
                  "or off; the same results")
      ->check(CLI::IsMember({"auto", "on", "off"}));
  add_dtype_option(command, arguments.dtype, "results converted as scipy.ndimage converts them");
  command.add_flag("--explain", arguments.explain,
                   "print the algorithm chosen for the kernel and footprint");
}

CLI::App *add_filter_command(CLI::App &app, FilterArguments &arguments) {
  CLI::App *command = app.add_subcommand(
      "filter", "scipy.ndimage.generic_filter on .npy files (any real or integer dtype, "
                "kept unless --dtype says otherwise) or PNG pictures (8- or 16-bit grey), "
                "with the formula fused into a vectorised loop, e.g. llcjit filter "
                "'min(values)' in.npy out.npy --footprint cross");
  add_array_positionals(*command, arguments, "the kernel, a formula of values");
  add_filter_options(*command, arguments);
  return command;
}

int run_filter(const FilterArguments &arguments) {
  Array input = read_input(arguments, "filter");
  const Footprint footprint = footprint_of(arguments.size, arguments.footprint, input.shape.size());
  const std::optional<Mode> mode = parse_mode(arguments.mode);
  if (!mode)
    throw UsageError(fmt::format("boundary mode not supported: '{}'", arguments.mode));
  const Callback kernel = compile(arguments.source, {.kind = Kind::Filter});
  const std::vector<double> params = parameter_values(kernel, parse_bindings(arguments.bindings));
  Array output = Array::of(input.shape, output_dtype(arguments, input.dtype));
  FilterOptions options{.mode = *mode,
                        .cval = arguments.cval,
                        .origin = {},
                        .threads = arguments.threads,
                        .fuse = !arguments.unfused,
                        .fuse_now = arguments.fuse_now,
                        .exact = arguments.exact};
  if (arguments.streaming != "auto")
    options.streaming = arguments.streaming == "on";
  if (arguments.origin)
    for (std::int64_t origin :
         parse_integers(*arguments.origin, ",", option_text("--origin", *arguments.origin),
                        PTRDIFF_MIN, PTRDIFF_MAX))
      options.origin.push_back(origin);
  generic_filter(input.view(), output.view(), kernel, params, footprint, options);
  if (arguments.explain) // after the filter, which checks the footprint against the input
    fmt::print("algorithm: {}\n",
               filter_algorithm(kernel, footprint, options, input.dtype, output.dtype));
  write_array(arguments.output, output);
  return 0;
}

} // namespace llcjit::tool
