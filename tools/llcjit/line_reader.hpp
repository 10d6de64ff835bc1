// Reads the REPL's entries: a line, or several while a bracket is open.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llcjit::tool {

/// Words offered for completion at the moment of asking.
using CompletionSource = std::function<std::vector<std::string>()>;

class LineReader {
public:
  virtual ~LineReader() = default;
  /// The next entry; std::nullopt at the end of input (Ctrl-D). On a
  /// terminal Ctrl-C cancels the entry being typed and gives "".
  virtual std::optional<std::string> next() = 0;
};

/// libedit on a terminal: prompts, editing, history kept in `history_file`
/// (none when empty), and completion from `completions`.
std::unique_ptr<LineReader> terminal_reader(std::string history_file, CompletionSource completions);
/// Plain lines from stdin, for scripts.
std::unique_ptr<LineReader> script_reader();

/// Whether `text` leaves a ( or [ open, outside comments: the entry goes on.
bool continues(const std::string &text);

} // namespace llcjit::tool
