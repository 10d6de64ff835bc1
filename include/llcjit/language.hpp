// What the formula language offers, for tools that list or complete it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llcjit {

struct BuiltinFunction {
  std::string_view name;
  std::string_view summary;
};

/// Every builtin function name the compiler knows, aliases included.
std::vector<BuiltinFunction> builtin_functions();
/// pi, e, inf, nan.
std::vector<std::string_view> builtin_constants();

/// The candidate that `name` is most likely a typo of (at most one edit
/// per three letters: a letter inserted, deleted, changed, or two
/// swapped), for "did you mean" messages; std::nullopt when none is close.
std::optional<std::string_view> closest_name(std::string_view name,
                                             std::span<const std::string_view> candidates);

/// The parsed formula, one node per line indented by depth: operators by
/// their spelling, `negate`, calls as `name()`, `[]`, `?:`, and `name =`
/// for a binding. Throws CompileError for a formula that does not parse.
std::string syntax_tree(std::string_view source);

} // namespace llcjit
