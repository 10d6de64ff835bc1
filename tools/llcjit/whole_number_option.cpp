// The definition of whole_number_option.hpp.
#include "whole_number_option.hpp"

#include "numbers.hpp"

#include <llcjit/errors.hpp>
#include <llcjit/threads.hpp>

namespace llcjit::tool {

CLI::Validator whole_number(std::int64_t min, std::int64_t max) {
  return {[min, max](std::string &text) {
            try {
              text = std::to_string(parse_integer(text, "the value", min, max));
              return std::string();
            } catch (const UsageError &error) {
              return std::string(error.what());
            }
          },
          ""};
}

void add_threads_option(CLI::App &command, unsigned &threads, const std::string &description) {
  command.add_option("--threads", threads, description)->transform(whole_number(0, kMaxThreads));
}

} // namespace llcjit::tool
