// NAME=VALUE arguments of the llcjit tool, matched to a callback's inputs.
#pragma once

#include <llcjit/callback.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace llcjit::tool {

/// NAME=VALUE or NAME=V1,V2,... (an array, for `values`).
using Bindings = std::map<std::string, std::vector<double>, std::less<>>;

/// Parses the arguments; throws UsageError on a malformed one.
Bindings parse_bindings(const std::vector<std::string> &arguments);

/// The parameter values in user_data order from NAME=VALUE bindings; the
/// parameter named `swept` (if any) gets a placeholder to be filled in.
/// Throws UsageError for a parameter without one value and for a binding
/// of a name the formula does not have.
std::vector<double> parameter_values(const Callback &callback, const Bindings &bindings,
                                     std::string_view swept = {});

/// What evaluate() does with a bound name the formula does not have.
enum class UnknownNames { Reject, Ignore };

/// Evaluates the callback once with the bound values and renders the result
/// with 17 significant digits; throws UsageError for a missing name, and for
/// an unknown one unless told to ignore it (the REPL keeps bindings for
/// other formulas).
std::string evaluate(const Callback &callback, const Bindings &bindings,
                     UnknownNames unknown = UnknownNames::Reject);

} // namespace llcjit::tool
