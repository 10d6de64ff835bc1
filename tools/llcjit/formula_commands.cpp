// The definitions of formula_commands.hpp: eval, ir and asm.
#include "formula_commands.hpp"

#include "bindings.hpp"
#include "footprint_argument.hpp"
#include "numbers.hpp"

#include <llcjit/llcjit.hpp>

#include <algorithm>
#include <chrono>
#include <string_view>

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
  command
      .add_option("--tier", arguments.tier,
                  "automatic (quick code first, optimised once called often; the default), "
                  "quick or optimised: the same bits either way")
      ->check(CLI::IsMember({"automatic", "quick", "optimised", "optimized"}));
  command.add_flag("--no-disk-cache", arguments.no_disk_cache,
                   "neither look for the compiled code in the disk cache nor keep it there");
}

Options options_of(const FormulaArguments &arguments) {
  Options options;
  if (!arguments.kind.empty())
    options.kind = parse_kind(arguments.kind);
  options.parameters = arguments.parameters;
  options.variables = arguments.variables;
  options.vector_math = arguments.vector_math;
  options.tier = parse_tier(arguments.tier).value_or(Tier::Automatic);
  options.disk_cache = !arguments.no_disk_cache;
  return options;
}

std::string origin_of(const Callback &callback) {
  if (callback.from_disk_cache())
    return "optimised code loaded from the disk cache";
  return fmt::format("compiled at the {} tier", to_string(callback.tier()));
}

int run_eval(const FormulaArguments &arguments, const std::vector<std::string> &bindings,
             int digits, bool verbose) {
  const Bindings bound = parse_bindings(bindings);
  const auto start = std::chrono::steady_clock::now();
  const Callback callback = compile(arguments.source, options_of(arguments));
  // Quick code is compiled an entry point at a time, on first use: the
  // time is the compile's and the evaluation's.
  const Value value = evaluate(callback, bound);
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  if (verbose)
    fmt::print(stderr, "llcjit: {} and evaluated in {:.2f} ms\n", origin_of(callback),
               took.count());
  fmt::print("{}\n", format_value(value, digits));
  return 0;
}

void add_listing_options(CLI::App &command, ListingArguments &arguments) {
  command.add_option("--size", arguments.size,
                     "also show the fused filter loop for this box, e.g. 3x3, as llcjit "
                     "filter --size");
  command.add_option("--footprint", arguments.footprint,
                     "also show the fused filter loop for this footprint (a shape "
                     "NAME:R or a .npy mask, as llcjit filter --footprint)");
  command
      .add_option("--shape", arguments.shape,
                  "the array the fused loop runs over, e.g. 2048x2048 (default 1024 on "
                  "each axis of the footprint; its rows' length sets the offsets)")
      ->allow_extra_args(false);
  command
      .add_option("--dtype", arguments.dtype,
                  "the array's dtype, in and out (default float64): bool, int8, uint8, int16, "
                  "uint16, int32, uint32, int64, uint64, float32")
      ->check([](const std::string &name) {
        return parse_dtype(name) ? std::string()
                                 : fmt::format("'{}' is not a dtype llcjit filters", name);
      });
  command.add_flag("--full", arguments.full,
                   "print the 256 entries of glibc's exp table too (elided by default)");
}

namespace {

// The 256 entries of glibc's exp table: one line of IR or 256 of assembly,
// shown as their first and last few unless the listing is --full.
std::string elide_exp_table(const std::string &text) {
  constexpr std::size_t kKeep = 2;
  std::string out;
  bool in_table = false;
  std::vector<std::string_view> held; // the table's .quad lines
  auto flush = [&] {
    for (std::size_t i = 0; i < held.size(); ++i) {
      if (i == kKeep && held.size() > 2 * kKeep)
        out += fmt::format("\t# ... {} more entries of glibc's exp table (--full shows "
                           "them)\n",
                           held.size() - 2 * kKeep);
      if (i < kKeep || i + kKeep >= held.size())
        out += fmt::format("{}\n", held[i]);
    }
    held.clear();
  };
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (in_table && line.starts_with("\t.quad")) {
      held.push_back(line);
      continue;
    }
    if (in_table) {
      flush();
      in_table = false;
    }
    if (line.ends_with("llcjit.exp_table:"))
      in_table = true;
    const auto initializer = line.find("@llcjit.exp_table = ");
    const auto first_entry = line.find("[i64 ");
    if (initializer != std::string_view::npos && first_entry != std::string_view::npos) {
      // @llcjit.exp_table = ... [256 x i64] [i64 0, i64 ..., ...]
      std::string_view entries = line.substr(first_entry);
      std::size_t cut = 0;
      for (std::size_t i = 0; i < 2 * kKeep && cut != std::string_view::npos; ++i)
        cut = entries.find(", ", cut + 1);
      out += fmt::format("{}{}, ... ] ; glibc's exp table, elided (--full shows it)\n",
                         line.substr(0, first_entry), entries.substr(0, cut));
      continue;
    }
    out += fmt::format("{}\n", line);
  }
  flush();
  return out;
}

} // namespace

int run_inspect(const FormulaArguments &arguments, const ListingArguments &listing, bool assembly) {
  Engine &engine = Engine::default_engine();
  auto show = [&](const Options &options) {
    const std::string text = assembly ? engine.assembly(arguments.source, options)
                                      : engine.ir(arguments.source, options);
    fmt::print("{}", listing.full ? text : elide_exp_table(text));
  };
  const Options options = options_of(arguments);
  std::vector<std::ptrdiff_t> shape;
  if (listing.shape)
    shape = parse_shape(*listing.shape);
  if (listing.size.empty() && listing.footprint.empty()) {
    if (listing.shape)
      throw UsageError("--shape is the array that the fused loop of --size or --footprint "
                       "runs over; give one of those too");
    show(options);
    return 0;
  }

  const Callback kernel = compile(arguments.source, options);
  if (kernel.kind() != Kind::Filter)
    throw UsageError(fmt::format("--size and --footprint show a filter kernel's fused loop; "
                                 "this formula is a {} callback",
                                 to_string(kernel.kind())));
  const std::size_t rank =
      listing.shape
          ? shape.size()
          : std::max<std::size_t>(2, std::count(listing.size.begin(), listing.size.end(), 'x') + 1);
  const Footprint footprint = footprint_of(listing.size, listing.footprint, rank);
  if (!listing.shape)
    shape.assign(footprint.shape.size(), 1024);
  const std::string comment = assembly ? "#" : ";";
  const DType dtype = parse_dtype(listing.dtype).value_or(DType::Float64); // checked by --dtype
  const std::string algorithm = filter_algorithm(kernel, footprint, {}, dtype, dtype);
  fmt::print("{} algorithm: {}\n", comment, algorithm);
  if (!algorithm.starts_with("the fused loop"))
    fmt::print("{} generic_filter runs that, not the fused loop listed below\n", comment);
  show(fused_kernel_options(kernel, footprint, shape, {}, dtype, dtype));
  return 0;
}

} // namespace llcjit::tool
