// The definitions of lexer.hpp: splits a formula into tokens.
#include "frontend/lexer.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace llcjit::frontend {

namespace {

bool is_identifier_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

} // namespace

bool is_identifier(std::string_view text) noexcept {
  if (text.empty() || !is_identifier_start(text.front()) || text == "and" || text == "or" ||
      text == "not")
    return false;
  for (char c : text)
    if (!is_identifier_char(c))
      return false;
  return true;
}

std::string describe(const Token &token) {
  switch (token.kind) {
  case TokenKind::End: return "end of input";
  case TokenKind::Separator: return token.text == ";" ? "';'" : "end of line";
  case TokenKind::Number: return fmt::format("number '{}'", token.text);
  case TokenKind::Identifier: return fmt::format("name '{}'", token.text);
  default: return fmt::format("'{}'", token.text);
  }
}

Token Lexer::make(TokenKind kind, std::size_t begin) const {
  return {kind,
          {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(pos_ - begin)},
          source_.substr(begin, pos_ - begin)};
}

void Lexer::skip_blanks_and_comments() {
  while (pos_ < source_.size()) {
    const char c = source_[pos_];
    if (c == '#') {
      while (pos_ < source_.size() && source_[pos_] != '\n')
        ++pos_;
    } else if (c == ' ' || c == '\t' || c == '\r' || (c == '\n' && bracket_depth_ > 0)) {
      ++pos_;
    } else {
      return;
    }
  }
}

Token Lexer::number() {
  const std::size_t begin = pos_;
  auto digits = [&] {
    const std::size_t start = pos_;
    while (pos_ < source_.size() && is_digit(source_[pos_]))
      ++pos_;
    return pos_ > start;
  };
  digits();
  if (pos_ < source_.size() && source_[pos_] == '.') {
    ++pos_;
    digits();
  }
  if (pos_ < source_.size() && (source_[pos_] == 'e' || source_[pos_] == 'E')) {
    ++pos_;
    if (pos_ < source_.size() && (source_[pos_] == '+' || source_[pos_] == '-'))
      ++pos_;
    if (!digits())
      fail(source_, {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(pos_ - begin)},
           "malformed number: the exponent needs digits");
  }
  if (pos_ < source_.size() && is_identifier_char(source_[pos_])) {
    std::size_t end = pos_;
    while (end < source_.size() && is_identifier_char(source_[end]))
      ++end;
    fail(source_, {static_cast<std::uint32_t>(pos_), static_cast<std::uint32_t>(end - pos_)},
         fmt::format("missing operator after number '{}'; did you mean '{}*{}'?",
                     source_.substr(begin, pos_ - begin), source_.substr(begin, pos_ - begin),
                     source_.substr(pos_, end - pos_)));
  }
  Token token = make(TokenKind::Number, begin);
  // from_chars, unlike strtod, ignores the locale; it reports overflow, which
  // the language defines as inf, like a C literal too large for a double.
  const auto result =
      std::from_chars(token.text.data(), token.text.data() + token.text.size(), token.number);
  if (result.ec == std::errc::result_out_of_range) {
    const auto exponent = token.text.find_first_of("eE");
    const bool underflow = exponent != std::string_view::npos && token.text[exponent + 1] == '-';
    token.number = underflow ? 0.0 : HUGE_VAL;
  }
  return token;
}

Token Lexer::next() {
  skip_blanks_and_comments();
  const std::size_t begin = pos_;
  if (pos_ >= source_.size())
    return make(TokenKind::End, begin);

  const char c = source_[pos_];
  if (is_digit(c) || (c == '.' && pos_ + 1 < source_.size() && is_digit(source_[pos_ + 1])))
    return number();
  if (is_identifier_start(c)) {
    while (pos_ < source_.size() && is_identifier_char(source_[pos_]))
      ++pos_;
    Token token = make(TokenKind::Identifier, begin);
    if (token.text == "and")
      token.kind = TokenKind::And;
    else if (token.text == "or")
      token.kind = TokenKind::Or;
    else if (token.text == "not")
      token.kind = TokenKind::Not;
    return token;
  }

  auto two = [&](char second) { return pos_ + 1 < source_.size() && source_[pos_ + 1] == second; };
  auto take = [&](std::size_t length, TokenKind kind) {
    pos_ += length;
    return make(kind, begin);
  };
  switch (c) {
  case '\n':
  case ';': return take(1, TokenKind::Separator);
  case '+': return take(1, TokenKind::Plus);
  case '-': return take(1, TokenKind::Minus);
  case '*': return two('*') ? take(2, TokenKind::Power) : take(1, TokenKind::Star);
  case '/': return take(1, TokenKind::Slash);
  case '%': return take(1, TokenKind::Percent);
  case '^': return take(1, TokenKind::Power);
  case '<': return two('=') ? take(2, TokenKind::LessEqual) : take(1, TokenKind::Less);
  case '>': return two('=') ? take(2, TokenKind::GreaterEqual) : take(1, TokenKind::Greater);
  case '=': return two('=') ? take(2, TokenKind::Equal) : take(1, TokenKind::Assign);
  case '!': return two('=') ? take(2, TokenKind::NotEqual) : take(1, TokenKind::Not);
  case '&':
    if (two('&'))
      return take(2, TokenKind::And);
    break;
  case '|':
    if (two('|'))
      return take(2, TokenKind::Or);
    break;
  case '?': return take(1, TokenKind::Question);
  case ':': return take(1, TokenKind::Colon);
  case '(': ++bracket_depth_; return take(1, TokenKind::LeftParen);
  case ')': --bracket_depth_; return take(1, TokenKind::RightParen);
  case '[': ++bracket_depth_; return take(1, TokenKind::LeftBracket);
  case ']': --bracket_depth_; return take(1, TokenKind::RightBracket);
  case ',': return take(1, TokenKind::Comma);
  default: break;
  }
  const auto byte = static_cast<unsigned char>(c);
  const SourceRange at{static_cast<std::uint32_t>(begin), 1};
  if (c == '&' || c == '|')
    fail(source_, at, fmt::format("unexpected character '{}'; did you mean '{}{}'?", c, c, c));
  if (std::isprint(byte))
    fail(source_, at, fmt::format("unexpected character '{}'", c));
  fail(source_, at, fmt::format("unexpected byte 0x{:02X}", byte));
}

} // namespace llcjit::frontend
