#include "line_reader.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>

#include <editline/readline.h>

namespace llcjit::tool {

bool continues(const std::string &text) {
  int open = 0;
  bool comment = false;
  for (char c : text) {
    if (c == '\n')
      comment = false;
    else if (c == '#')
      comment = true;
    else if (!comment && (c == '(' || c == '['))
      ++open;
    else if (!comment && (c == ')' || c == ']'))
      --open;
  }
  return open > 0;
}

namespace {

// Reads one entry through `line(prompt)`, more lines while a bracket is open.
template <typename ReadLine>
std::optional<std::string> read_entry(ReadLine line) {
  std::optional<std::string> entry = line("> ");
  while (entry && continues(*entry)) {
    std::optional<std::string> more = line("... ");
    if (!more)
      break;
    *entry += '\n' + *more;
  }
  return entry;
}

class ScriptReader : public LineReader {
public:
  std::optional<std::string> next() override {
    return read_entry([](const char *) -> std::optional<std::string> {
      std::string line;
      if (!std::getline(std::cin, line))
        return std::nullopt;
      return line;
    });
  }
};

// libedit's readline() returns NULL both at the end of input and when a
// read is interrupted; this flag tells them apart.
volatile std::sig_atomic_t interrupted = 0;

void on_interrupt(int) { interrupted = 1; }

// libedit asks a plain function for completions; it reads them from here.
CompletionSource *active_completions = nullptr;

char *next_completion(const char *text, int state) {
  static std::vector<std::string> matches;
  static std::size_t index;
  if (state == 0) {
    matches.clear();
    index = 0;
    const std::size_t length = std::strlen(text);
    for (const std::string &word : (*active_completions)())
      if (word.compare(0, length, text) == 0)
        matches.push_back(word);
  }
  return index < matches.size() ? strdup(matches[index++].c_str()) : nullptr;
}

char **complete(const char *text, int, int) {
  rl_attempted_completion_over = 1; // no file names
  return rl_completion_matches(text, next_completion);
}

class TerminalReader : public LineReader {
public:
  TerminalReader(std::string history_file, CompletionSource completions)
      : history_file_(std::move(history_file)), completions_(std::move(completions)) {
    rl_readline_name = "llcjit";
    // Words break at operators and brackets, so `exp(-a*x` completes x; not
    // at ':', which starts a command.
    rl_basic_word_break_characters = " \t\n()[]+-*/^%<>=!&|?,;";
    active_completions = &completions_;
    rl_attempted_completion_function = complete;
    rl_completion_append_character = 0;
    // Ctrl-C reaches on_interrupt, which makes the read return; libedit's
    // own handlers would pass it on and end the process.
    rl_catch_signals = 0;
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; // no SA_RESTART: the read must return
    sigaction(SIGINT, &action, &previous_);
    stifle_history(1000);
    if (!history_file_.empty())
      read_history(history_file_.c_str());
  }

  ~TerminalReader() override {
    sigaction(SIGINT, &previous_, nullptr);
    active_completions = nullptr;
  }

  std::optional<std::string> next() override {
    bool cancelled = false;
    std::optional<std::string> entry =
        read_entry([&](const char *prompt) -> std::optional<std::string> {
          if (cancelled)
            return std::nullopt;
          interrupted = 0;
          std::unique_ptr<char, decltype(&std::free)> line(readline(prompt), &std::free);
          if (!line) {
            cancelled = interrupted != 0;
            return std::nullopt;
          }
          return std::string(line.get());
        });
    if (cancelled) {
      std::fputs("^C\n", stdout);
      return std::string();
    }
    if (!entry) {
      std::fputs("\n", stdout);
      return std::nullopt;
    }
    if (entry->find_first_not_of(" \t\n") != std::string::npos) {
      add_history(entry->c_str());
      if (!history_file_.empty())
        write_history(history_file_.c_str());
    }
    return entry;
  }

private:
  std::string history_file_;
  CompletionSource completions_;
  struct sigaction previous_ {};
};

} // namespace

std::unique_ptr<LineReader> terminal_reader(std::string history_file,
                                            CompletionSource completions) {
  return std::make_unique<TerminalReader>(std::move(history_file), std::move(completions));
}

std::unique_ptr<LineReader> script_reader() { return std::make_unique<ScriptReader>(); }

} // namespace llcjit::tool
