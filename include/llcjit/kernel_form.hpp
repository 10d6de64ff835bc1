// How a filter kernel reads its neighbourhood, for drivers that choose an
// algorithm from it. A kernel that reads `values` only through whole
// reductions (min(values), mean(values), ...) is those reductions combined
// element by element, and each of them has an algorithm whose cost per
// output does not grow with the window.
#pragma once

#include <llcjit/options.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llcjit {

/// The reductions of a whole neighbourhood that have window-independent
/// algorithms.
enum class Reduction {
  Min,
  Max,
  Sum,
  Mean,
  Var,
  Std,
  NanMin,
  NanMax,
  NanSum,
  NanMean,
  NanVar,
  NanStd,
  Median,
  Percentile,
  NanMedian,
  NanPercentile,
};

/// The function's name in the language: "min", "nanpercentile", ...
std::string_view to_string(Reduction reduction) noexcept;

struct ReductionForm {
  /// The distinct reductions of `values`, in order of first appearance.
  std::vector<Reduction> reductions;
  /// For each reduction its q (a percentile's, a literal in [0, 100]); 0
  /// for the others.
  std::vector<double> q;
  /// True when the formula is exactly `reductions[0]` of values.
  bool single = false;
  /// The formula with the k-th reduction replaced by `values[k]` and
  /// `size` by its value: a filter kernel of as many values as there are
  /// reductions, with the kernel's parameters, that combines their results
  /// with the kernel's own arithmetic.
  std::string combiner;
};

/// The reduction form of filter kernel `source` compiled with `options`
/// (whose values_size, when set, gives `size` its value); std::nullopt
/// when the formula reads `values` any other way (an element, another
/// reduction, `size` of an unknown footprint). Throws CompileError for a
/// formula that does not compile.
std::optional<ReductionForm> reduction_form(std::string_view source, const Options &options);

/// About how many operations the fused loop's body of filter kernel
/// `source` unrolls per output element for `options.values_size` values
/// (reductions unrolled, medians sorted by a network): the measure its
/// compile time grows with. An estimate to compare kernels by. Throws
/// CompileError for a formula that does not compile.
double unrolled_operations(std::string_view source, const Options &options);

} // namespace llcjit
