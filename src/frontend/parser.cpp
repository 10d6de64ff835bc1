// The definitions of parser.hpp: a Pratt parser for the formula language
// (grammar/llcjit.ebnf).
#include "frontend/parser.hpp"

#include "frontend/lexer.hpp"
#include "frontend/limits.hpp"
#include "frontend/operators.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace llcjit::frontend {

namespace {

class Parser {
public:
  explicit Parser(std::string_view source) : source_(source), lexer_(source) {
    lookahead_[0] = lexer_.next();
    lookahead_[1] = lexer_.next();
  }

  Program program();
  Definition definition();

private:
  Statement statement();
  ExprPtr expression(int min_precedence);
  ExprPtr prefix(int min_precedence);
  ExprPtr primary();
  ExprPtr parenthesized();
  ExprPtr call(Token name);

  const Token &peek(int ahead = 0) const { return lookahead_[ahead]; }
  Token advance() {
    Token token = lookahead_[0];
    lookahead_[0] = lookahead_[1];
    if (lookahead_[0].kind != TokenKind::End)
      lookahead_[1] = lexer_.next();
    return token;
  }
  bool accept(TokenKind kind) {
    if (peek().kind != kind)
      return false;
    advance();
    return true;
  }
  Token expect(TokenKind kind, std::string_view what) {
    if (peek().kind != kind)
      fail(source_, peek().range, fmt::format("expected {}, found {}", what, describe(peek())));
    return advance();
  }

  ExprPtr node(ExprKind kind, SourceRange range, std::vector<ExprPtr> operands);

  std::string_view source_;
  Lexer lexer_;
  std::array<Token, 2> lookahead_;
  int nesting_ = 0;
  std::size_t nodes_ = 0;
};

// Counts syntactic nesting while a parse function is active.
class NestingGuard {
public:
  NestingGuard(int &nesting, std::string_view source, SourceRange at) : nesting_(nesting) {
    if (++nesting_ > kMaxNesting)
      fail(source, at, fmt::format("formula nests deeper than {} levels", kMaxNesting));
  }
  ~NestingGuard() { --nesting_; }
  NestingGuard(const NestingGuard &) = delete;
  NestingGuard &operator=(const NestingGuard &) = delete;

private:
  int &nesting_;
};

ExprPtr Parser::node(ExprKind kind, SourceRange range, std::vector<ExprPtr> operands) {
  if (++nodes_ > kMaxNodes)
    fail(source_, range,
         fmt::format("formula has more than {} operators and operands; split it "
                     "into several formulas",
                     kMaxNodes));
  auto expr = std::make_unique<Expr>();
  expr->kind = kind;
  expr->range = range;
  for (const ExprPtr &operand : operands)
    expr->depth = std::max(expr->depth, operand->depth + 1);
  if (expr->depth > kMaxTreeDepth)
    fail(source_, range,
         fmt::format("formula is more than {} operators deep; split it into "
                     "bindings (name = ...; ...)",
                     kMaxTreeDepth));
  expr->operands = std::move(operands);
  return expr;
}

Program Parser::program() {
  Program program{source_, {}};
  while (accept(TokenKind::Separator)) {
  }
  if (peek().kind == TokenKind::End)
    fail(source_, peek().range, "empty formula: write an expression such as 'exp(-a*x*x)'");
  while (peek().kind != TokenKind::End) {
    program.statements.push_back(statement());
    if (peek().kind != TokenKind::End && peek().kind != TokenKind::Separator) {
      if (peek().kind == TokenKind::Assign)
        fail(source_, peek().range,
             "unexpected '=': write '==' to compare, or 'name = value' to "
             "bind a name");
      fail(source_, peek().range,
           fmt::format("unexpected {} after an expression; is an operator "
                       "or ';' missing?",
                       describe(peek())));
    }
    while (accept(TokenKind::Separator)) {
    }
  }
  const Statement &last = program.statements.back();
  if (last.binding)
    fail(source_, last.binding_range,
         fmt::format("the formula ends by binding '{}'; its last statement "
                     "must be the result",
                     *last.binding));
  return program;
}

Definition Parser::definition() {
  Definition definition{source_, {}, {}, false, {}, nullptr};
  const Token name = expect(TokenKind::Identifier, "the name to define");
  definition.name = name.text;
  definition.name_range = name.range;
  if (accept(TokenKind::LeftParen)) {
    definition.function = true;
    if (peek().kind != TokenKind::RightParen) {
      do
        definition.parameters.push_back(expect(TokenKind::Identifier, "a parameter name").text);
      while (accept(TokenKind::Comma));
    }
    expect(TokenKind::RightParen, "',' or ')' after a parameter name");
  }
  expect(TokenKind::Assign, definition.function ? "'=' before the function's formula"
                                                : "'=' before the constant's formula");
  definition.body = expression(kLowest);
  if (peek().kind != TokenKind::End)
    fail(source_, peek().range,
         fmt::format("unexpected {}: a definition is one expression", describe(peek())));
  return definition;
}

Statement Parser::statement() {
  Statement statement;
  if (peek().kind == TokenKind::Identifier && peek(1).kind == TokenKind::Assign) {
    const Token name = advance();
    advance();
    statement.binding = name.text;
    statement.binding_range = name.range;
  }
  statement.value = expression(kLowest);
  return statement;
}

ExprPtr Parser::expression(int min_precedence) {
  NestingGuard guard(nesting_, source_, peek().range);
  ExprPtr left = prefix(min_precedence);
  for (;;) {
    const BinaryOperator *binary = binary_operator(peek().kind);
    const int precedence = peek().kind == TokenKind::Question ? kConditional
                           : binary                           ? binary->precedence
                                                              : -1;
    if (precedence < min_precedence || precedence < 0)
      return left;
    const Token op = advance();
    if (op.kind == TokenKind::Question) {
      ExprPtr then = expression(kConditional);
      expect(TokenKind::Colon, "':' of the conditional 'c ? a : b'");
      ExprPtr otherwise = expression(kConditional);
      const SourceRange range = SourceRange::cover(left->range, otherwise->range);
      std::vector<ExprPtr> operands;
      operands.push_back(std::move(left));
      operands.push_back(std::move(then));
      operands.push_back(std::move(otherwise));
      left = node(ExprKind::Conditional, range, std::move(operands));
      continue;
    }
    // A right-associative operator (^) takes a signed operand on its right
    // (2^-x); one that does not chain (a comparison) takes no second one.
    const int right_precedence =
        binary->associativity == Associativity::Right ? kUnary : precedence + 1;
    ExprPtr right = expression(right_precedence);
    if (const BinaryOperator *next = binary_operator(peek().kind);
        binary->associativity == Associativity::None && next && next->precedence == precedence)
      fail(
          source_, peek().range,
          fmt::format("comparisons do not chain; write 'a {} b and b {} c'", op.text, peek().text));
    const SourceRange range = SourceRange::cover(left->range, right->range);
    std::vector<ExprPtr> operands;
    operands.push_back(std::move(left));
    operands.push_back(std::move(right));
    left = node(ExprKind::Binary, range, std::move(operands));
    left->binary_op = binary->op;
  }
}

ExprPtr Parser::prefix(int min_precedence) {
  const Token op = peek();
  const UnaryOperator *unary = unary_operator(op.kind);
  if (!unary) {
    ExprPtr operand = primary();
    while (peek().kind == TokenKind::LeftBracket) {
      advance();
      ExprPtr index = expression(kLowest);
      const Token close = expect(TokenKind::RightBracket, "']'");
      const SourceRange range = SourceRange::cover(operand->range, close.range);
      std::vector<ExprPtr> operands;
      operands.push_back(std::move(operand));
      operands.push_back(std::move(index));
      operand = node(ExprKind::Index, range, std::move(operands));
    }
    return operand;
  }
  if (unary->operand < min_precedence)
    fail(source_, op.range,
         fmt::format("'{}' binds looser than the operator before it; write "
                     "'({} ...)'",
                     op.text, op.text));
  advance();
  ExprPtr operand = expression(unary->operand);
  const SourceRange range = SourceRange::cover(op.range, operand->range);
  std::vector<ExprPtr> operands;
  operands.push_back(std::move(operand));
  ExprPtr expr = node(ExprKind::Unary, range, std::move(operands));
  expr->unary_op = unary->op;
  return expr;
}

ExprPtr Parser::primary() {
  const Token token = peek();
  switch (token.kind) {
  case TokenKind::Number: {
    advance();
    ExprPtr expr = node(ExprKind::Number, token.range, {});
    expr->number = token.number;
    return expr;
  }
  case TokenKind::Identifier: {
    advance();
    if (peek().kind == TokenKind::LeftParen)
      return call(token);
    ExprPtr expr = node(ExprKind::Name, token.range, {});
    expr->name = token.text;
    return expr;
  }
  case TokenKind::LeftParen: return parenthesized();
  default:
    fail(source_, token.range, fmt::format("expected an expression, found {}", describe(token)));
  }
}

ExprPtr Parser::parenthesized() {
  const Token open = advance();
  ExprPtr first = expression(kLowest);
  if (peek().kind != TokenKind::Comma) {
    // The message names where the '(' was, which takes a scan of the source
    // from its start: only when it is needed, or parsing n parentheses
    // would take time n^2.
    if (peek().kind != TokenKind::RightParen) {
      const LineColumn at = locate(source_, open.range.offset);
      expect(TokenKind::RightParen,
             fmt::format("')' to close the '(' at {}:{}", at.line, at.column));
    }
    advance();
    return first;
  }
  std::vector<ExprPtr> elements;
  elements.push_back(std::move(first));
  while (accept(TokenKind::Comma) && peek().kind != TokenKind::RightParen)
    elements.push_back(expression(kLowest));
  const Token close = expect(TokenKind::RightParen, "',' or ')' in a tuple");
  return node(ExprKind::Tuple, SourceRange::cover(open.range, close.range), std::move(elements));
}

ExprPtr Parser::call(Token name) {
  advance(); // '('
  std::vector<ExprPtr> arguments;
  if (peek().kind != TokenKind::RightParen) {
    do
      arguments.push_back(expression(kLowest));
    while (accept(TokenKind::Comma));
  }
  const Token close =
      expect(TokenKind::RightParen, fmt::format("',' or ')' in the arguments of '{}'", name.text));
  ExprPtr expr =
      node(ExprKind::Call, SourceRange::cover(name.range, close.range), std::move(arguments));
  expr->name = name.text;
  expr->name_range = name.range;
  return expr;
}

// A text over kMaxSourceBytes is refused before the lexer sees it.
void check_size(std::string_view source, std::string_view what) {
  if (source.size() > kMaxSourceBytes)
    fail(source, {static_cast<std::uint32_t>(kMaxSourceBytes), 1},
         fmt::format("{} is {} bytes; the limit is {} (1 MiB)", what, source.size(),
                     kMaxSourceBytes));
}

} // namespace

Program parse(std::string_view source) {
  check_size(source, "formula");
  return Parser(source).program();
}

Definition parse_definition(std::string_view source) {
  check_size(source, "definition");
  return Parser(source).definition();
}

} // namespace llcjit::frontend
