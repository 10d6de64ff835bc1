// The definitions of numbers.hpp.
#include "numbers.hpp"

#include <llcjit/errors.hpp>

#include <charconv>
#include <cstdlib>
#include <optional>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

std::string_view skip_blanks(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  return text;
}

// `text` without one leading '+', which from_chars does not take; "+-5"
// keeps it, and stays no number.
std::string_view without_plus(std::string_view text) {
  if (text.size() > 1 && text.front() == '+' && text[1] != '-')
    text.remove_prefix(1);
  return text;
}

// The reading of one number; nullopt when `text` is not one.
std::optional<double> read_number(std::string_view text) {
  text = without_plus(skip_blanks(text));
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
  return std::nullopt;
}

// Splits `text` at any of `separators`, keeping empty parts, and reads each
// part with `read`.
template <class Read>
auto split_and_read(std::string_view text, std::string_view separators, Read read) {
  std::vector<decltype(read(text))> values;
  for (;;) {
    const auto end = text.find_first_of(separators);
    values.push_back(read(text.substr(0, end)));
    if (end == std::string_view::npos)
      return values;
    text.remove_prefix(end + 1);
  }
}

struct Integer {
  std::int64_t value = 0;
  enum { None, NotWhole, OutOfRange } problem = None;
};

// A decimal whole number with an optional sign, within [min, max].
Integer read_integer(std::string_view text, std::int64_t min, std::int64_t max) {
  text = without_plus(skip_blanks(text));
  Integer integer;
  const char *end = text.data() + text.size();
  // NOLINTNEXTLINE(bugprone-suspicious-stringview-data-usage): from_chars takes the end
  const auto [ptr, ec] = std::from_chars(text.data(), end, integer.value);
  if (text.empty() || ptr != end || (ec != std::errc() && ec != std::errc::result_out_of_range))
    integer.problem = Integer::NotWhole;
  else if (ec == std::errc::result_out_of_range || integer.value < min || integer.value > max)
    integer.problem = Integer::OutOfRange;
  return integer;
}

} // namespace

std::string_view as_typed(std::string_view value) { return skip_blanks(value); }

std::string option_text(std::string_view option, std::string_view value) {
  value = as_typed(value);
  return value.empty() ? fmt::format("{} ''", option) : fmt::format("{} {}", option, value);
}

double parse_number(std::string_view text, std::string_view what) {
  if (const std::optional<double> value = read_number(text))
    return *value;
  throw UsageError(fmt::format("{} '{}' is not a number", what, as_typed(text)));
}

std::vector<double> parse_numbers(std::string_view text, std::string_view separators,
                                  std::string_view where) {
  return split_and_read(text, separators, [where](std::string_view part) {
    if (const std::optional<double> value = read_number(part))
      return *value;
    throw UsageError(as_typed(part).empty()
                         ? fmt::format("a number is missing in {}", where)
                         : fmt::format("'{}' in {} is not a number", as_typed(part), where));
  });
}

std::int64_t parse_integer(std::string_view text, std::string_view what, std::int64_t min,
                           std::int64_t max) {
  const Integer integer = read_integer(text, min, max);
  if (integer.problem == Integer::NotWhole)
    throw UsageError(fmt::format("{} '{}' is not a whole number", what, as_typed(text)));
  if (integer.problem == Integer::OutOfRange)
    throw UsageError(
        fmt::format("{} '{}' is out of range: from {} to {}", what, as_typed(text), min, max));
  return integer.value;
}

std::vector<std::int64_t> parse_integers(std::string_view text, std::string_view separators,
                                         std::string_view where, std::int64_t min,
                                         std::int64_t max) {
  return split_and_read(text, separators, [&](std::string_view part) {
    const Integer integer = read_integer(part, min, max);
    if (as_typed(part).empty())
      throw UsageError(fmt::format("a number is missing in {}", where));
    if (integer.problem == Integer::NotWhole)
      throw UsageError(fmt::format("'{}' in {} is not a whole number", as_typed(part), where));
    if (integer.problem == Integer::OutOfRange)
      throw UsageError(fmt::format("'{}' in {} is out of range: from {} to {}", as_typed(part),
                                   where, min, max));
    return integer.value;
  });
}

std::vector<std::ptrdiff_t> parse_shape(std::string_view text) {
  const std::vector<std::int64_t> extents =
      parse_integers(text, "x", option_text("--shape", text), PTRDIFF_MIN, PTRDIFF_MAX);
  return {extents.begin(), extents.end()};
}

} // namespace llcjit::tool
