// The definition of fast_filter.hpp's describe(): the plan in words, for
// llcjit filter --explain and llcjit.filter_algorithm.
#include "ndimage/box_extremes.hpp"
#include "ndimage/fast_filter.hpp"
#include "ndimage/pair_sums.hpp"
#include "ndimage/reduction_algorithms.hpp"
#include "ndimage/slices.hpp"
#include "ndimage/window.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace llcjit::ndimage {

namespace {

std::string_view axis_word(std::size_t count) { return count == 1 ? "axis" : "axes"; }

std::string axes(std::size_t count) { return fmt::format("{} {}", count, axis_word(count)); }

} // namespace

std::string describe(const FastPlan &plan) {
  std::vector<std::string> parts;
  for (Reduction reduction : plan.form->reductions) {
    const std::string_view name = to_string(reduction);
    const Algorithm algorithm = algorithm_for(reduction);
    const bool spread = algorithm.moment == Moment::Var || algorithm.moment == Moment::Std;
    switch (algorithm.family) {
    case Family::Order:
      if (plan.column_histograms)
        parts.push_back(fmt::format("{}: column histograms of the 256 values (Perreault-Hebert: "
                                    "constant time per element, the counts per value caught "
                                    "up lazily)",
                                    name));
      else if (plan.byte_histograms)
        parts.push_back(fmt::format("{}: a histogram of the 256 values per window, updated at "
                                    "its {} runs",
                                    name, plan.runs));
      else
        parts.push_back(fmt::format("{}: running ranks (one radix sort per stripe of output "
                                    "lines, a bitset of ranks per window updated at its {} runs)",
                                    name, plan.runs));
      break;
    case Family::Moment: {
      const std::string_view terms = spread ? " of the values and of their squares" : "";
      // numpy.nansum of nothing but NaN is 0: it needs no count.
      const std::string_view count =
          algorithm.moment == Moment::Sum ? "" : " and a count of the numbers";
      const std::string how =
          plan.box ? fmt::format("separable over {}", axes(box_passes(plan.windows).size()))
                   : fmt::format("down the footprint's {} column runs", plan.column_runs);
      // A box one row high (a line as a row) has no columns to go down.
      const bool one_row = plan.windows.size() == 2 && plan.windows[0].size == 1;
      if (plan.integer_sums && plan.windows.size() == 1)
        parts.push_back(
            fmt::format("{}: exact running sums in 32-bit integers along the line", name));
      else if (plan.integer_sums)
        parts.push_back(fmt::format("{}: exact running sums in 32-bit integers, {}down the "
                                    "columns, then along the rows",
                                    name, plan.windows.size() > 2 ? "over the planes, " : ""));
      else if (plan.box && plan.windows.size() == 2 &&
               plain_sum(algorithm.moment, algorithm.ignore_nan))
        parts.push_back(fmt::format("{}: exact running sums on two grids (each value cut into "
                                    "multiples of two powers of two), {}along the rows (the "
                                    "fused loop when the input has non-finite values)",
                                    name, one_row ? "" : "down the columns, then "));
      else if (algorithm.ignore_nan)
        parts.push_back(fmt::format("{}: double-double running sums{} with NaN as 0{}, {} "
                                    "(the fused loop when the input has infinities)",
                                    name, terms, count, how));
      else
        parts.push_back(fmt::format("{}: double-double running sums{}, {} (the fused loop "
                                    "when the input has non-finite values)",
                                    name, terms, how));
      break;
    }
    case Family::Extreme:
      if (plan.box && plan.windows.size() == 2) {
        const auto how = [](const Window &window, std::string_view longer) {
          return window.size <= kShortRun ? std::string_view("element by element") : longer;
        };
        const std::string down = plan.windows[0].size == 1
                                     ? std::string()
                                     : fmt::format(", then down the columns {}",
                                                   how(plan.windows[0], "by van Herk/Gil-Werman"));
        parts.push_back(fmt::format("{}: running {} along whole rows {}{}", name, name,
                                    how(plan.windows[1], "by doubling"), down));
      } else if (plan.box)
        parts.push_back(fmt::format("{}: van Herk/Gil-Werman running {}, separable over {}", name,
                                    name, axes(box_passes(plan.windows).size())));
      else if (plan.windows.size() == 2) {
        const std::ptrdiff_t levels = plan.row_terms->levels;
        const std::string along =
            levels == 0 ? std::string("element by element,")
                        : fmt::format("by doubling (runs of up to {}), then", 1 << levels);
        parts.push_back(fmt::format("{}: along whole rows {} {} picks per element over the "
                                    "footprint's {} runs",
                                    name, along, plan.row_terms->terms.size(), plan.runs));
      } else
        parts.push_back(fmt::format("{}: van Herk/Gil-Werman running {} over the footprint's "
                                    "{} runs along its last axis",
                                    name, name, plan.runs));
      break;
    }
  }
  const std::string reductions = fmt::format("{}", fmt::join(parts, "; "));
  const std::string_view combines =
      plan.form->single ? "" : "; the formula combines the results element by element";
  std::string text = fmt::format("{} cells; {}{}", plan.cells, reductions, combines);
  if (const std::optional<PairSlots> pair = plan.line_pair)
    text = fmt::format(
        "{} cells; {} and {} together, in one van Herk/Gil-Werman pass {}, the formula "
        "combining them from the cache; where the rows are not contiguous in memory or "
        "fewer than eight lie across the line, {}",
        plan.cells, to_string(plan.form->reductions[pair->max]),
        to_string(plan.form->reductions[pair->min]),
        plan.windows[0].size == 1 ? "along the rows (eight rows at a time in the lanes of vectors)"
                                  : "down the columns",
        plan.fused_without_pair ? "the fused loop" : reductions + std::string(combines));
  if (plan.line_as_row)
    text += "; the line as an image of one row";
  if (plan.slicing) {
    const std::vector<std::size_t> &across = plan.slicing->across;
    const std::string elsewhere =
        plan.whole ? fmt::format("over the whole array ({})", describe(*plan.whole))
                   : std::string("the fused loop");
    const std::string interleaved =
        fmt::format("all channels at once along its rows of pixels {}, up to {} channels",
                    kPackedPixels, kMaxSliceSpacing);
    text += fmt::format("; on each 2-d slice across {} {}, where a slice holds {} elements or "
                        "more and they lie at most {} apart in memory; else {}",
                        axis_word(across.size()), fmt::join(across, ", "), kMinSliceElements,
                        kMaxSliceSpacing, elsewhere);
    if (plan.interleaves)
      text += fmt::format("; but {}", interleaved);
    if (plan.fused_on_pixel_rows)
      text += fmt::format("; but the fused loop along its rows of pixels {}", kPackedPixels);
  }
  return text;
}

} // namespace llcjit::ndimage
