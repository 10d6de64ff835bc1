// The definitions of builtins.hpp: the functions and constants every formula
// can use.
#include "frontend/builtins.hpp"

#include <llcjit/language.hpp>

#include <algorithm>
#include <array>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

namespace llcjit::frontend {

namespace {

using B = Builtin;
constexpr std::uint8_t V = kVariadic;

constexpr std::array kBuiltins = {
    BuiltinInfo{"exp", B::Exp, 1, 1, "e raised to x"},
    BuiltinInfo{"exp2", B::Exp2, 1, 1, "2 raised to x"},
    BuiltinInfo{"expm1", B::Expm1, 1, 1, "exp(x) - 1, accurate near 0"},
    BuiltinInfo{"log", B::Log, 1, 1, "natural logarithm"},
    BuiltinInfo{"log2", B::Log2, 1, 1, "base-2 logarithm"},
    BuiltinInfo{"log10", B::Log10, 1, 1, "base-10 logarithm"},
    BuiltinInfo{"log1p", B::Log1p, 1, 1, "log(1 + x), accurate near 0"},
    BuiltinInfo{"sqrt", B::Sqrt, 1, 1, "square root"},
    BuiltinInfo{"cbrt", B::Cbrt, 1, 1, "cube root"},
    BuiltinInfo{"pow", B::Pow, 2, 2, "x raised to y, as x^y"},
    BuiltinInfo{"hypot", B::Hypot, 2, 2, "sqrt(x*x + y*y) without overflow"},
    BuiltinInfo{"sin", B::Sin, 1, 1, "sine (radians)"},
    BuiltinInfo{"cos", B::Cos, 1, 1, "cosine (radians)"},
    BuiltinInfo{"tan", B::Tan, 1, 1, "tangent (radians)"},
    BuiltinInfo{"asin", B::Asin, 1, 1, "arc sine"},
    BuiltinInfo{"acos", B::Acos, 1, 1, "arc cosine"},
    BuiltinInfo{"atan", B::Atan, 1, 1, "arc tangent"},
    BuiltinInfo{"atan2", B::Atan2, 2, 2, "arc tangent of y/x, quadrant-aware"},
    BuiltinInfo{"sinh", B::Sinh, 1, 1, "hyperbolic sine"},
    BuiltinInfo{"cosh", B::Cosh, 1, 1, "hyperbolic cosine"},
    BuiltinInfo{"tanh", B::Tanh, 1, 1, "hyperbolic tangent"},
    BuiltinInfo{"asinh", B::Asinh, 1, 1, "inverse hyperbolic sine"},
    BuiltinInfo{"acosh", B::Acosh, 1, 1, "inverse hyperbolic cosine"},
    BuiltinInfo{"atanh", B::Atanh, 1, 1, "inverse hyperbolic tangent"},
    BuiltinInfo{"erf", B::Erf, 1, 1, "error function"},
    BuiltinInfo{"erfc", B::Erfc, 1, 1, "complementary error function"},
    BuiltinInfo{"gamma", B::Gamma, 1, 1, "gamma function (C tgamma)"},
    BuiltinInfo{"tgamma", B::Gamma, 1, 1, "gamma function"},
    BuiltinInfo{"lgamma", B::Lgamma, 1, 1, "log of |gamma(x)|"},
    BuiltinInfo{"floor", B::Floor, 1, 1, "round down"},
    BuiltinInfo{"ceil", B::Ceil, 1, 1, "round up"},
    BuiltinInfo{"round", B::Round, 1, 1, "round half away from zero"},
    BuiltinInfo{"trunc", B::Trunc, 1, 1, "round toward zero"},
    BuiltinInfo{"abs", B::Abs, 1, 1, "absolute value (C fabs)"},
    BuiltinInfo{"fabs", B::Abs, 1, 1, "absolute value"},
    BuiltinInfo{"sign", B::Sign, 1, 1, "-1, 0 or 1 (NaN stays NaN), as numpy.sign"},
    BuiltinInfo{"copysign", B::Copysign, 2, 2, "|x| with the sign of y"},
    BuiltinInfo{"fmod", B::Fmod, 2, 2, "C fmod, as x % y"},
    BuiltinInfo{"fma", B::Fma, 3, 3, "x*y + z rounded once"},
    BuiltinInfo{"clamp", B::Clamp, 3, 3, "x limited to [lo, hi] (NaN stays NaN)"},
    BuiltinInfo{"min", B::Min, 1, V,
                "smallest of 2+ values (C fmin), or of an array (NaN propagates)"},
    BuiltinInfo{"max", B::Max, 1, V,
                "largest of 2+ values (C fmax), or of an array (NaN propagates)"},
    BuiltinInfo{"sum", B::Sum, 1, 1, "sum of an array, as numpy.sum"},
    BuiltinInfo{"prod", B::Prod, 1, 1, "product of an array"},
    BuiltinInfo{"mean", B::Mean, 1, 1, "arithmetic mean of an array"},
    BuiltinInfo{"median", B::Median, 1, 1, "median of an array, as numpy.median"},
    BuiltinInfo{"var", B::Var, 1, 1, "population variance (ddof 0)"},
    BuiltinInfo{"std", B::Std, 1, 1, "population standard deviation (ddof 0)"},
    BuiltinInfo{"percentile", B::Percentile, 2, 2,
                "q-th percentile, q in [0, 100], linear as numpy.percentile"},
    BuiltinInfo{"count", B::Count, 1, 1, "number of non-zero (true) elements"},
    BuiltinInfo{"any", B::Any, 1, 1, "1 if any element is non-zero, else 0"},
    BuiltinInfo{"all", B::All, 1, 1, "1 if every element is non-zero, else 0"},
    BuiltinInfo{"argmin", B::Argmin, 1, 1, "index of the first smallest element"},
    BuiltinInfo{"argmax", B::Argmax, 1, 1, "index of the first largest element"},
    BuiltinInfo{"nanmin", B::NanMin, 1, 1, "smallest element ignoring NaN, as numpy.nanmin"},
    BuiltinInfo{"nanmax", B::NanMax, 1, 1, "largest element ignoring NaN, as numpy.nanmax"},
    BuiltinInfo{"nansum", B::NanSum, 1, 1, "sum with NaN as 0, as numpy.nansum"},
    BuiltinInfo{"nanmean", B::NanMean, 1, 1, "mean of the non-NaN elements, as numpy.nanmean"},
    BuiltinInfo{"nanvar", B::NanVar, 1, 1, "variance of the non-NaN elements (ddof 0)"},
    BuiltinInfo{"nanstd", B::NanStd, 1, 1, "standard deviation of the non-NaN elements"},
    BuiltinInfo{"nanmedian", B::NanMedian, 1, 1,
                "median of the non-NaN elements, as numpy.nanmedian"},
    BuiltinInfo{"nanpercentile", B::NanPercentile, 2, 2,
                "q-th percentile of the non-NaN elements, as numpy.nanpercentile"},
};

constexpr std::array kConstants = {
    ConstantInfo{"pi", std::numbers::pi},
    ConstantInfo{"e", std::numbers::e},
    ConstantInfo{"inf", std::numeric_limits<double>::infinity()},
    ConstantInfo{"nan", std::numeric_limits<double>::quiet_NaN()},
};

} // namespace

std::span<const BuiltinInfo> builtins() noexcept { return kBuiltins; }

const BuiltinInfo *find_builtin(std::string_view name) noexcept {
  for (const BuiltinInfo &info : kBuiltins)
    if (info.name == name)
      return &info;
  return nullptr;
}

bool is_reduction(Builtin id, std::size_t argument_count) noexcept {
  if (id == Builtin::Min || id == Builtin::Max)
    return argument_count == 1;
  return id >= Builtin::Sum;
}

std::span<const ConstantInfo> constants() noexcept { return kConstants; }

std::optional<double> find_constant(std::string_view name) noexcept {
  for (const ConstantInfo &info : kConstants)
    if (info.name == name)
      return info.value;
  return std::nullopt;
}

std::optional<std::string_view> suggest_builtin(std::string_view name) {
  std::vector<std::string_view> names;
  for (const BuiltinInfo &info : kBuiltins)
    names.push_back(info.name);
  return closest_name(name, names);
}

} // namespace llcjit::frontend

namespace llcjit {

std::vector<BuiltinFunction> builtin_functions() {
  std::vector<BuiltinFunction> names;
  for (const frontend::BuiltinInfo &info : frontend::builtins())
    names.push_back({info.name, info.summary});
  return names;
}

std::vector<std::string_view> builtin_constants() {
  std::vector<std::string_view> names;
  for (const frontend::ConstantInfo &info : frontend::constants())
    names.push_back(info.name);
  return names;
}

} // namespace llcjit
