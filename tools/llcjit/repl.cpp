// The definitions of repl.hpp: the interactive session.
#include "repl.hpp"

#include "line_reader.hpp"
#include "session.hpp"

#include <llcjit/version.h>

#include <unistd.h>

#include <cstdlib>
#include <string>

#include <fmt/format.h>

namespace llcjit::tool {

int run_repl() {
  const bool interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  const char *no_colour = std::getenv("NO_COLOR");
  const char *term = std::getenv("TERM");
  const bool colour =
      interactive && !(no_colour && *no_colour) && !(term && std::string(term) == "dumb");
  Session session(colour);
  std::unique_ptr<LineReader> reader;
  if (interactive) {
    const char *home = std::getenv("HOME");
    reader = terminal_reader(home && *home ? std::string(home) + "/.llcjit_history" : "",
                             [&session] { return session.completions(); });
    fmt::print("llcjit {}: type a formula, or :help\n", LLCJIT_VERSION_STRING);
  } else {
    reader = script_reader();
  }
  while (std::optional<std::string> entry = reader->next())
    if (!session.run(*entry))
      break;
  return !interactive && session.failed() ? 1 : 0;
}

} // namespace llcjit::tool
