// The functions and constants every formula can use.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace llcjit::frontend {

enum class Builtin : std::uint8_t {
  // Element-wise: scalars, or arrays element by element.
  Exp,
  Exp2,
  Expm1,
  Log,
  Log2,
  Log10,
  Log1p,
  Sqrt,
  Cbrt,
  Pow,
  Hypot,
  Sin,
  Cos,
  Tan,
  Asin,
  Acos,
  Atan,
  Atan2,
  Sinh,
  Cosh,
  Tanh,
  Asinh,
  Acosh,
  Atanh,
  Erf,
  Erfc,
  Gamma,
  Lgamma,
  Floor,
  Ceil,
  Round,
  Trunc,
  Abs,
  Sign,
  Copysign,
  Fmod,
  Fma,
  Clamp,
  // Element-wise with two or more arguments, a reduction with one array.
  Min,
  Max,
  // Reductions of one array.
  Sum,
  Prod,
  Mean,
  Median,
  Var,
  Std,
  Percentile,
  Count,
  Any,
  All,
  Argmin,
  Argmax,
  // The NaN-ignoring reductions (numpy.nanmin, ...).
  NanMin,
  NanMax,
  NanSum,
  NanMean,
  NanVar,
  NanStd,
  NanMedian,
  NanPercentile,
};

inline constexpr std::uint8_t kVariadic = 0xFF;

struct BuiltinInfo {
  std::string_view name;
  Builtin id;
  std::uint8_t min_args;
  std::uint8_t max_args; // kVariadic: no upper bound
  std::string_view summary;
};

/// Every builtin name, aliases included, in documentation order.
std::span<const BuiltinInfo> builtins() noexcept;
const BuiltinInfo *find_builtin(std::string_view name) noexcept;
/// True for the builtins whose (first) argument is reduced to a scalar;
/// min and max only with a single argument.
bool is_reduction(Builtin id, std::size_t argument_count) noexcept;

struct ConstantInfo {
  std::string_view name;
  double value;
};
std::span<const ConstantInfo> constants() noexcept;
std::optional<double> find_constant(std::string_view name) noexcept;

/// The builtin name closest to `name`, if one is close enough to be a typo.
std::optional<std::string_view> suggest_builtin(std::string_view name);

} // namespace llcjit::frontend
