// Integer options of the llcjit tool, read as numbers.hpp reads whole
// numbers.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <limits>
#include <string>

namespace llcjit::tool {

/// A CLI11 transformer for an integer option of type T. CLI11 reads integers
/// with strtoll in base 0 ("010" is 8, "0x10" 16) and clamps what overflows;
/// this one reads the option as parse_integer does within T's range and
/// hands CLI11 the decimal digits, so a bad value is CLI11's error (exit 2).
CLI::Validator whole_number(std::int64_t min, std::int64_t max);

/// --threads on `command` into `threads`: 0 (all cores) to kMaxThreads,
/// read as whole_number reads it.
void add_threads_option(CLI::App &command, unsigned &threads,
                        const std::string &description = "threads (default: all cores)");

template <class T> CLI::Validator whole_number() {
  static_assert(std::numeric_limits<T>::is_integer &&
                std::numeric_limits<T>::max() <= std::numeric_limits<std::int64_t>::max());
  return whole_number(static_cast<std::int64_t>(std::numeric_limits<T>::min()),
                      static_cast<std::int64_t>(std::numeric_limits<T>::max()));
}

} // namespace llcjit::tool
