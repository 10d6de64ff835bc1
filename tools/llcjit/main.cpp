// llcjit: the command line, or the REPL when there are no arguments.
#include "cli.hpp"
#include "repl.hpp"

int main(int argc, char **argv) {
  if (argc == 1)
    return llcjit::tool::run_repl();
  return llcjit::tool::run_command_line({argv + 1, argv + argc});
}
