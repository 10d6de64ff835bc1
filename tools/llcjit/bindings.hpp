// NAME=VALUE arguments of the llcjit tool, matched to a callback's inputs.
#pragma once

#include <llcjit/callback.hpp>

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llcjit::tool {

/// NAME=VALUE or NAME=V1,V2,... (an array, for `values`).
using Bindings = std::map<std::string, std::vector<double>, std::less<>>;

/// Parses the arguments; throws UsageError on a malformed one.
Bindings parse_bindings(const std::vector<std::string> &arguments);

/// The parameter values in user_data order from NAME=VALUE bindings; the
/// parameters named in `swept` (parameter_positions checks those names) get
/// placeholders to be filled in. Throws UsageError for a parameter without
/// one value, a binding the formula does not have, and a name both bound
/// and swept.
std::vector<double> parameter_values(const Callback &callback, const Bindings &bindings,
                                     std::span<const std::string_view> swept = {});

/// The user_data positions of the parameters `names`; throws UsageError
/// for a name the formula does not have.
std::vector<std::size_t> parameter_positions(const Callback &callback,
                                             std::span<const std::string_view> names);

/// What evaluate() does with a bound name the formula does not have.
enum class UnknownNames { Reject, Ignore };

/// A formula's value: one number, or a transform's tuple of coordinates.
struct Value {
  std::vector<double> numbers;
  bool tuple = false;
};

/// Evaluates the callback once with the bound values; throws UsageError for
/// a missing name, and for an unknown one unless told to ignore it (the REPL
/// keeps bindings for other formulas).
Value evaluate(const Callback &callback, const Bindings &bindings,
               UnknownNames unknown = UnknownNames::Reject);

/// `number` as Python prints a float: the shortest text that reads back to
/// the same double (`digits` 0), or `digits` significant digits; NaN is
/// `nan` whatever its sign bit, as NumPy prints it.
std::string format_number(double number, int digits = 0);
/// The value, a tuple as (a, b).
std::string format_value(const Value &value, int digits = 0);

} // namespace llcjit::tool
