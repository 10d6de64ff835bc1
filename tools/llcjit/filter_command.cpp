// The definitions of filter_command.hpp: `llcjit filter`.
#include "filter_command.hpp"

#include "array_file.hpp"
#include "bindings.hpp"
#include "footprint_argument.hpp"

#include <llcjit/errors.hpp>
#include <llcjit/llcjit.hpp>

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
      ->delimiter(',')
      ->allow_extra_args(false);
  command.add_option("--threads", arguments.threads, "threads (default: all cores)");
  command.add_flag("--unfused", arguments.unfused,
                   "call the kernel once per element through SciPy's signature instead "
                   "of fusing it (the same results, slower)");
  command.add_flag("--exact", arguments.exact,
                   "keep sums, means and variances of large boxes bit-identical to NumPy's "
                   "pairwise sums instead of running sums (docs/filters.md)");
  command
      .add_option("--streaming", arguments.streaming,
                  "write the output around the cache (non-temporal stores): auto (default: "
                  "when input and output exceed the last-level cache and the output's "
                  "elements are 4 or 8 bytes wide), on or off; the same "
                  "results")
      ->check(CLI::IsMember({"auto", "on", "off"}));
  command
      .add_option("--dtype", arguments.dtype,
                  "the output's dtype: bool, int8, uint8, int16, uint16, int32, uint32, int64, "
                  "uint64, float32 or float64 (default: the input's), results converted as "
                  "scipy.ndimage converts them")
      ->check([](const std::string &name) {
        return parse_dtype(name) ? std::string()
                                 : fmt::format("'{}' is not a dtype llcjit writes", name);
      });
  command.add_flag("--explain", arguments.explain,
                   "print the algorithm chosen for the kernel and footprint");
}

CLI::App *add_filter_command(CLI::App &app, FilterArguments &arguments) {
  CLI::App *command = app.add_subcommand(
      "filter", "scipy.ndimage.generic_filter on .npy files (any real or integer dtype, "
                "kept unless --dtype says otherwise) or PNG pictures (8- or 16-bit grey), "
                "with the formula fused into a vectorised loop, e.g. llcjit filter "
                "'min(values)' in.npy out.npy --footprint cross");
  command->add_option("EXPR", arguments.source, "the kernel, a formula of values")->required();
  command->add_option("INPUT", arguments.input, "input .npy or .png")->required();
  command
      ->add_option("OUTPUT", arguments.output,
                   "output .npy, or .png: uint8 and uint16 as 8- and 16-bit grey, other "
                   "dtypes rounded and clamped to 0..255")
      ->required();
  command->add_option("NAME=VALUE", arguments.bindings, "parameter values");
  add_filter_options(*command, arguments);
  return command;
}

int run_filter(const FilterArguments &arguments) {
  check_output_name(arguments.output);
  Array input = read_array(arguments.input);
  if (input.shape.empty())
    throw UsageError(fmt::format("{}: a 0-d array has nothing to filter", arguments.input));
  const Footprint footprint = footprint_of(arguments.size, arguments.footprint, input.shape.size());
  const std::optional<Mode> mode = parse_mode(arguments.mode);
  if (!mode)
    throw UsageError(fmt::format("boundary mode not supported: '{}'", arguments.mode));
  const Callback kernel = compile(arguments.source, {.kind = Kind::Filter});
  const std::vector<double> params = parameter_values(kernel, parse_bindings(arguments.bindings));
  // --dtype's check has parsed the name already; the REPL's :filter too.
  const std::optional<DType> dtype =
      arguments.dtype.empty() ? input.dtype : parse_dtype(arguments.dtype);
  if (!dtype)
    throw UsageError(fmt::format("--dtype: '{}' is not a dtype llcjit writes", arguments.dtype));
  Array output = Array::of(input.shape, *dtype);
  FilterOptions options{.mode = *mode,
                        .cval = arguments.cval,
                        .origin = {},
                        .threads = arguments.threads,
                        .fuse = !arguments.unfused,
                        .exact = arguments.exact};
  if (arguments.streaming != "auto")
    options.streaming = arguments.streaming == "on";
  for (long origin : arguments.origin)
    options.origin.push_back(origin);
  generic_filter(input.view(), output.view(), kernel, params, footprint, options);
  if (arguments.explain) // after the filter, which checks the footprint against the input
    fmt::print("algorithm: {}\n", filter_algorithm(kernel, footprint, options));
  write_array(arguments.output, output);
  return 0;
}

} // namespace llcjit::tool
