// The definitions of filter_command.hpp: `llcjit filter`.
#include "filter_command.hpp"

#include "array_file.hpp"
#include "bindings.hpp"
#include "npy.hpp"

#include <llcjit/errors.hpp>
#include <llcjit/language.hpp>
#include <llcjit/llcjit.hpp>

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <optional>

namespace llcjit::tool {

namespace {

// NAME or NAME:R (cross, square, diamond, disk, ball), std::nullopt for a
// word that is not one of them (a file name).
std::optional<Footprint> named_footprint(const std::string &text, std::size_t rank) {
  const auto colon = text.find(':');
  const std::string name = text.substr(0, colon);
  if (name != "cross" && name != "square" && name != "diamond" && name != "disk" && name != "ball")
    return std::nullopt;
  std::ptrdiff_t radius = 1;
  if (colon != std::string::npos) {
    const std::string digits = text.substr(colon + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), radius);
    if (error != std::errc() || end != digits.data() + digits.size() || radius < 0)
      throw UsageError(
          fmt::format("--footprint {}: the radius after ':' is a whole number >= 0", text));
  }
  if (name == "cross")
    return Footprint::cross(rank, radius);
  if (name == "diamond")
    return Footprint::diamond(rank, radius);
  if (name == "ball")
    return Footprint::ball(rank, radius);
  if (name == "disk") {
    if (rank != 2)
      throw UsageError(fmt::format("--footprint {}: a disk is 2-d and the input has {} axes; "
                                   "ball:R is the ball of any rank",
                                   text, rank));
    return Footprint::ball(2, radius);
  }
  if (radius > (PTRDIFF_MAX - 1) / 2)
    throw UsageError(fmt::format("--footprint {}: the radius is too large", text));
  return Footprint::box(std::vector<std::ptrdiff_t>(rank, 2 * radius + 1));
}

Footprint footprint_of(const FilterArguments &arguments, std::size_t rank) {
  if (arguments.size.empty() == arguments.footprint.empty())
    throw UsageError("give either --size or --footprint");
  if (!arguments.size.empty()) {
    std::vector<std::ptrdiff_t> shape;
    std::string text = arguments.size;
    for (char &c : text)
      c = c == 'x' ? ',' : c;
    const std::vector<double> extents = parse_bindings({"size=" + text}).at("size");
    for (double extent : extents) {
      if (extent < 1 || extent != static_cast<std::ptrdiff_t>(extent))
        throw UsageError(fmt::format("--size {}: sizes are whole numbers >= 1", arguments.size));
      shape.push_back(static_cast<std::ptrdiff_t>(extent));
    }
    if (shape.size() == 1)
      shape.assign(rank, shape[0]); // as SciPy's scalar size
    return Footprint::box(shape);
  }
  if (std::optional<Footprint> named = named_footprint(arguments.footprint, rank))
    return *named;
  if (!std::filesystem::exists(arguments.footprint)) {
    const std::string_view names[] = {"cross", "square", "diamond", "disk", "ball"};
    const std::optional<std::string_view> suggestion = closest_name(arguments.footprint, names);
    throw UsageError(fmt::format("--footprint {}: no such file or footprint name{}",
                                 arguments.footprint,
                                 suggestion ? fmt::format("; did you mean '{}'?", *suggestion)
                                            : std::string(" (cross, square, diamond, disk, "
                                                          "ball, with :R for a radius)")));
  }
  const DoubleArray mask = read_npy(arguments.footprint);
  Footprint footprint{mask.shape, {}};
  for (double cell : mask.data)
    footprint.mask.push_back(cell != 0.0);
  return footprint;
}

} // namespace

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
  command.add_flag("--explain", arguments.explain,
                   "print the algorithm chosen for the kernel and footprint");
}

CLI::App *add_filter_command(CLI::App &app, FilterArguments &arguments) {
  CLI::App *command = app.add_subcommand(
      "filter", "scipy.ndimage.generic_filter on .npy files (any real or integer dtype "
                "in, float64 out) or PNG pictures (8-bit grey), with the formula fused into "
                "a vectorised loop, e.g. llcjit filter 'min(values)' in.npy out.npy "
                "--footprint cross");
  command->add_option("EXPR", arguments.source, "the kernel, a formula of values")->required();
  command->add_option("INPUT", arguments.input, "input .npy or .png")->required();
  command
      ->add_option("OUTPUT", arguments.output,
                   "output .npy (float64) or .png (rounded, clamped to 0..255)")
      ->required();
  command->add_option("NAME=VALUE", arguments.bindings, "parameter values");
  add_filter_options(*command, arguments);
  return command;
}

int run_filter(const FilterArguments &arguments) {
  check_output_name(arguments.output);
  DoubleArray input = read_array(arguments.input);
  if (input.shape.empty())
    throw UsageError(fmt::format("{}: a 0-d array has nothing to filter", arguments.input));
  const Footprint footprint = footprint_of(arguments, input.shape.size());
  const std::optional<Mode> mode = parse_mode(arguments.mode);
  if (!mode)
    throw UsageError(fmt::format("boundary mode not supported: '{}'", arguments.mode));
  const Callback kernel = compile(arguments.source, {.kind = Kind::Filter});
  const std::vector<double> params = parameter_values(kernel, parse_bindings(arguments.bindings));
  DoubleArray output{input.shape, std::vector<double>(input.data.size())};
  FilterOptions options{.mode = *mode,
                        .cval = arguments.cval,
                        .origin = {},
                        .threads = arguments.threads,
                        .fuse = !arguments.unfused,
                        .exact = arguments.exact};
  for (long origin : arguments.origin)
    options.origin.push_back(origin);
  generic_filter(ArrayView::contiguous(input.data.data(), input.shape),
                 ArrayView::contiguous(output.data.data(), output.shape), kernel, params, footprint,
                 options);
  if (arguments.explain) // after the filter, which checks the footprint against the input
    fmt::print("algorithm: {}\n", filter_algorithm(kernel, footprint, options));
  write_array(arguments.output, output);
  return 0;
}

} // namespace llcjit::tool
