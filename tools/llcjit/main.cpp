// llcjit: the command line, or the REPL when there are no arguments.
#include "cli.hpp"
#include "repl.hpp"

#include <csignal>

int main(int argc, char **argv) {
  // A write past `ulimit -f` then fails with EFBIG, which the atomic writer
  // reports, instead of killing the process with a temporary file left.
  std::signal(SIGXFSZ, SIG_IGN);
  if (argc == 1)
    return llcjit::tool::run_repl();
  return llcjit::tool::run_command_line({argv + 1, argv + argc});
}
