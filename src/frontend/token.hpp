// The tokens of the formula language (grammar/llcjit.ebnf).
#pragma once

#include "frontend/source.hpp"

#include <string_view>

namespace llcjit::frontend {

enum class TokenKind {
  Number,
  Identifier,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Power, // ^ or **
  Less,
  LessEqual,
  Greater,
  GreaterEqual,
  Equal, // ==
  NotEqual,
  And, // and, &&
  Or,  // or, ||
  Not, // not, !
  Question,
  Colon,
  LeftParen,
  RightParen,
  LeftBracket,
  RightBracket,
  Comma,
  Assign,    // =
  Separator, // ; or a newline outside brackets
  End,
};

struct Token {
  TokenKind kind;
  SourceRange range;
  std::string_view text;
  double number = 0; // value of a Number token
};

/// How a token is named in "expected X, found Y" messages.
std::string describe(const Token &token);

} // namespace llcjit::frontend
