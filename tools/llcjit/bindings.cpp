// The definitions of bindings.hpp: NAME=VALUE arguments of the llcjit tool,
// matched to a callback's inputs.
#include "bindings.hpp"

#include "numbers.hpp"

#include <llcjit/errors.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace llcjit::tool {

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

namespace {

// The one number NAME=VALUE gave for `name`, a formula's `role`.
double single_number(const Bindings &bindings, const std::string &name, std::string_view role) {
  const auto found = bindings.find(name);
  if (found == bindings.end())
    throw UsageError(fmt::format("give a value for the {} '{}': {}=...", role, name, name));
  if (found->second.size() != 1)
    throw UsageError(fmt::format("'{}' takes one number", name));
  return found->second[0];
}

} // namespace

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
    params.push_back(single_number(bindings, name, "parameter"));
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
  std::vector<std::string> known;
  std::vector<double> params;
  for (const std::string &name : callback.parameters()) {
    params.push_back(single_number(bindings, name, "parameter"));
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
      point.push_back(callback.uses(name) || bindings.contains(name)
                          ? single_number(bindings, name, "variable")
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
