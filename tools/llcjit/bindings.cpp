// The definitions of bindings.hpp: NAME=VALUE arguments of the llcjit tool,
// matched to a callback's inputs.
#include "bindings.hpp"

#include <llcjit/errors.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

// The reading of one number; nullopt when `text` is not one.
std::optional<double> read_number(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  double value = 0;
  const char *end = text.data() + text.size();
  // NOLINTNEXTLINE(bugprone-suspicious-stringview-data-usage): from_chars takes the end
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec == std::errc() && ptr == end)
    return value;
  // Past the range of a double, as the formula language reads such a
  // literal: 1e999 is inf and 1e-999 is 0 (strtod's rounding).
  if (ec == std::errc::result_out_of_range && ptr == end)
    return std::strtod(std::string(text).c_str(), nullptr);
  // from_chars does not accept the spellings a user types for infinities.
  if (text == "inf" || text == "+inf")
    return HUGE_VAL;
  if (text == "-inf")
    return -HUGE_VAL;
  return std::nullopt;
}

} // namespace

double parse_number(std::string_view text, std::string_view what) {
  if (const std::optional<double> value = read_number(text))
    return *value;
  throw UsageError(fmt::format("{} '{}' is not a number", what, text));
}

std::vector<double> parse_numbers(std::string_view text, std::string_view separators,
                                  std::string_view where) {
  std::vector<double> values;
  for (;;) {
    const auto end = text.find_first_of(separators);
    const std::string_view part = text.substr(0, end);
    const std::optional<double> value = read_number(part);
    if (!value)
      throw UsageError(part.empty() ? fmt::format("a number is missing in {}", where)
                                    : fmt::format("'{}' in {} is not a number", part, where));
    values.push_back(*value);
    if (end == std::string_view::npos)
      return values;
    text.remove_prefix(end + 1);
  }
}

Bindings parse_bindings(const std::vector<std::string> &arguments) {
  Bindings bindings;
  for (const std::string &argument : arguments) {
    const auto equals = argument.find('=');
    if (equals == std::string::npos || equals == 0)
      throw UsageError(fmt::format("expected NAME=VALUE, got '{}'", argument));
    std::vector<double> values = parse_numbers(std::string_view(argument).substr(equals + 1), ",",
                                               fmt::format("'{}'", argument));
    if (!bindings.emplace(argument.substr(0, equals), std::move(values)).second)
      throw UsageError(fmt::format("'{}' is given twice", argument.substr(0, equals)));
  }
  return bindings;
}

std::vector<double> parameter_values(const Callback &callback, const Bindings &bindings,
                                     std::span<const std::string_view> swept) {
  for (std::string_view name : swept)
    if (bindings.contains(name))
      throw UsageError(fmt::format("'{}' is given twice", name));
  std::vector<double> params;
  for (const std::string &name : callback.parameters()) {
    if (std::find(swept.begin(), swept.end(), name) != swept.end()) {
      params.push_back(0.0);
      continue;
    }
    auto found = bindings.find(name);
    if (found == bindings.end() || found->second.size() != 1)
      throw UsageError(fmt::format("give a value for the parameter '{}': {}=...", name, name));
    params.push_back(found->second[0]);
  }
  for (const auto &[name, values] : bindings)
    if (std::find(callback.parameters().begin(), callback.parameters().end(), name) ==
        callback.parameters().end())
      throw UsageError(fmt::format("the formula has no parameter '{}'", name));
  return params;
}

std::vector<std::size_t> parameter_positions(const Callback &callback,
                                             std::span<const std::string_view> names) {
  const auto parameters = callback.parameters();
  std::vector<std::size_t> positions;
  for (std::string_view name : names) {
    const auto found = std::find(parameters.begin(), parameters.end(), name);
    if (found == parameters.end())
      throw UsageError(fmt::format("the formula has no parameter '{}'", name));
    positions.push_back(static_cast<std::size_t>(found - parameters.begin()));
  }
  return positions;
}

std::string format_number(double number, int digits) {
  if (std::isnan(number))
    return "nan";
  return digits > 0 ? fmt::format("{:.{}g}", number, digits) : fmt::format("{}", number);
}

std::string format_value(const Value &value, int digits) {
  std::vector<std::string> parts;
  for (double number : value.numbers)
    parts.push_back(format_number(number, digits));
  return value.tuple ? fmt::format("({})", fmt::join(parts, ", "))
                     : fmt::format("{}", fmt::join(parts, ", "));
}

Value evaluate(const Callback &callback, const Bindings &bindings, UnknownNames unknown) {
  auto scalar = [&](const std::string &name, std::string_view role) {
    auto found = bindings.find(name);
    if (found == bindings.end())
      throw UsageError(fmt::format("give a value for the {} '{}': {}=...", role, name, name));
    if (found->second.size() != 1)
      throw UsageError(fmt::format("'{}' takes one number", name));
    return found->second[0];
  };

  std::vector<std::string> known;
  std::vector<double> params;
  for (const std::string &name : callback.parameters()) {
    params.push_back(scalar(name, "parameter"));
    known.push_back(name);
  }

  const Kind kind = callback.kind();
  Value result;
  if (kind == Kind::Filter || kind == Kind::Filter1D) {
    auto values = bindings.find("values");
    if (values == bindings.end())
      throw UsageError("give the neighbourhood: values=V1,V2,...");
    known.emplace_back("values");
    result.numbers = {callback.filter(values->second, params)};
  } else {
    // Variables the formula does not mention need no value.
    std::vector<double> point;
    for (const std::string &name : callback.variables()) {
      known.push_back(name);
      point.push_back(callback.uses(name) || bindings.contains(name) ? scalar(name, "variable")
                                                                     : 0.0);
    }
    if (kind == Kind::Transform) {
      std::vector<std::intptr_t> output;
      for (double coordinate : point) {
        if (coordinate != static_cast<double>(static_cast<std::intptr_t>(coordinate)))
          throw UsageError("output coordinates are integers");
        output.push_back(static_cast<std::intptr_t>(coordinate));
      }
      result = {callback.transform(output, params), true};
    } else {
      result.numbers = {callback.evaluate(point, params)};
    }
  }

  for (const auto &[name, values] : bindings)
    if (unknown == UnknownNames::Reject &&
        std::find(known.begin(), known.end(), name) == known.end())
      throw UsageError(fmt::format("the formula has no parameter or variable '{}' (it has: {})",
                                   name, fmt::join(known, ", ")));
  return result;
}

} // namespace llcjit::tool
