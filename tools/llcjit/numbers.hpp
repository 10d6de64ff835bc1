// How the llcjit tool reads the numbers a user types: in NAME=VALUE
// bindings, limits, lists such as --shape 4x4, and whole numbers (on
// integer options through whole_number_option.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llcjit::tool {

/// How a message quotes an option and its value: "--shape 4x4x", or
/// "--shape ''" for an empty one.
std::string option_text(std::string_view option, std::string_view value);

/// An option's value as the user typed it: without the blanks the command
/// line puts before a leading '-' (cli.cpp), which the readers below skip.
std::string_view as_typed(std::string_view value);

/// One number as the tool reads every number: a decimal literal with an
/// optional sign, inf or nan spelled out, and past a double's range inf
/// or 0, as the formula language reads literals. Throws UsageError "{what} '{text}' is
/// not a number", e.g. what = "the lower limit".
double parse_number(std::string_view text, std::string_view what);

/// The numbers of `text` between any of `separators`, each read as
/// parse_number reads one; the UsageError quotes the bad part "in {where}",
/// where describes the whole as the user typed it, e.g. "--size 3x". An
/// empty part (`3x`, `1,,2`, ``) is a missing number, never skipped.
std::vector<double> parse_numbers(std::string_view text, std::string_view separators,
                                  std::string_view where);

/// One whole number in decimal, an optional sign and digits ("010" is ten,
/// "0x10" and "1e3" are not whole numbers), within [min, max]. Throws
/// UsageError "{what} '{text}' is not a whole number" or "... is out of
/// range: from {min} to {max}".
std::int64_t parse_integer(std::string_view text, std::string_view what, std::int64_t min,
                           std::int64_t max);

/// The whole numbers of `text` between any of `separators`, each read as
/// parse_integer reads one; errors as parse_numbers words them.
std::vector<std::int64_t> parse_integers(std::string_view text, std::string_view separators,
                                         std::string_view where, std::int64_t min,
                                         std::int64_t max);

/// An array's shape as --shape takes it, e.g. 512x768: whole numbers (the
/// array refuses negative ones in NumPy's words).
std::vector<std::ptrdiff_t> parse_shape(std::string_view text);

} // namespace llcjit::tool
