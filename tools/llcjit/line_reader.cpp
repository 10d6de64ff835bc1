// The definitions of line_reader.hpp: reads the REPL's entries.
#include "line_reader.hpp"

#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string_view>

#include <editline/readline.h>

namespace llcjit::tool {

namespace {

// Brackets still open in `text` (a '#' comment runs to the end of its line).
int open_brackets(std::string_view text) {
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
  return open;
}

} // namespace

bool continues(const std::string &text) { return open_brackets(text) > 0; }

namespace {

// Reads one entry through `line(prompt)`, more lines while a bracket is open.
// Each line is scanned once, so an entry of many lines costs time linear in
// its length (the compiler then refuses it if it is too deep or too long).
template <typename ReadLine> std::optional<std::string> read_entry(ReadLine line) {
  std::optional<std::string> entry = line("> ");
  if (!entry)
    return entry;
  int open = open_brackets(*entry);
  while (open > 0) {
    std::optional<std::string> more = line("... ");
    if (!more)
      break;
    open += open_brackets(*more);
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

// Ctrl-C while a line is typed: SIGINT sets the flag, and read_key() then
// answers end-of-input, so readline() returns NULL and next() tells the two
// apart by the flag. libedit's own handling of an interrupted read retries
// it, so the keys are read here. SIGINT stays blocked except while waiting
// for a key (ppoll unblocks it atomically), so it cannot slip in between the
// flag's check and the wait.
volatile std::sig_atomic_t interrupted = 0;

void on_interrupt(int) { interrupted = 1; }

sigset_t with_sigint() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  return set;
}

int read_key(FILE *stream) {
  sigset_t waiting;
  pthread_sigmask(SIG_SETMASK, nullptr, &waiting);
  sigdelset(&waiting, SIGINT);
  pollfd input{fileno(stream), POLLIN, 0};
  for (;;) {
    if (interrupted)
      return EOF;
    if (ppoll(&input, 1, nullptr, &waiting) < 0) {
      if (errno == EINTR)
        continue;
      return EOF;
    }
    unsigned char key;
    const ssize_t count = ::read(input.fd, &key, 1);
    if (count == 1)
      return key;
    if (count == 0 || errno != EINTR)
      return EOF;
  }
}

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
    // libedit's own handlers would pass Ctrl-C on and end the process.
    rl_catch_signals = 0;
    rl_getc_function = read_key;
    struct sigaction action{};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_action_);
    const sigset_t sigint = with_sigint();
    pthread_sigmask(SIG_BLOCK, &sigint, &previous_mask_);
    stifle_history(1000);
    if (!history_file_.empty())
      read_history(history_file_.c_str());
  }

  ~TerminalReader() override {
    pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
    sigaction(SIGINT, &previous_action_, nullptr);
    active_completions = nullptr;
  }

  std::optional<std::string> next() override {
    bool cancelled = false;
    std::optional<std::string> entry =
        read_entry([&](const char *prompt) -> std::optional<std::string> {
          if (cancelled)
            return std::nullopt;
          // A Ctrl-C pressed while the last entry ran is not for this line.
          const sigset_t sigint = with_sigint();
          timespec now{};
          while (sigtimedwait(&sigint, nullptr, &now) == SIGINT) {
          }
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
  struct sigaction previous_action_{};
  sigset_t previous_mask_{};
};

} // namespace

std::unique_ptr<LineReader> terminal_reader(std::string history_file,
                                            CompletionSource completions) {
  return std::make_unique<TerminalReader>(std::move(history_file), std::move(completions));
}

std::unique_ptr<LineReader> script_reader() { return std::make_unique<ScriptReader>(); }

} // namespace llcjit::tool
