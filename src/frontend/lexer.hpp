// Splits a formula into tokens.
#pragma once

#include "frontend/token.hpp"

#include <string_view>

namespace llcjit::frontend {

/// Produces tokens on demand. Newlines are separators only outside
/// parentheses and brackets, so an unclosed '(' continues onto the next line.
/// Whether `text` is a name as the lexer reads one: a letter or '_', then
/// letters, digits and '_', and not one of the keywords and, or, not.
bool is_identifier(std::string_view text) noexcept;

class Lexer {
public:
  explicit Lexer(std::string_view source) : source_(source) {}

  /// The next token; throws CompileError on text that is no token.
  Token next();

private:
  void skip_blanks_and_comments();
  Token number();
  Token make(TokenKind kind, std::size_t begin) const;

  std::string_view source_;
  std::size_t pos_ = 0;
  int bracket_depth_ = 0;
};

} // namespace llcjit::frontend
