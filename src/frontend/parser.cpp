// The definitions of parser.hpp: a Pratt parser for the formula language
// (grammar/llcjit.ebnf).
#include "frontend/parser.hpp"

#include "frontend/lexer.hpp"
#include "frontend/limits.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace llcjit::frontend {

namespace {

// Binding strength, loosest first.
enum Precedence : int {
  kLowest = 0,
  kConditional,
  kOr,
  kAnd,
  kNot,
  kComparison,
  kAdditive,
  kMultiplicative,
  kUnary,
  kPower,
};

int infix_precedence(TokenKind kind) {
  switch (kind) {
  case TokenKind::Question: return kConditional;
  case TokenKind::Or: return kOr;
  case TokenKind::And: return kAnd;
  case TokenKind::Less:
  case TokenKind::LessEqual:
  case TokenKind::Greater:
  case TokenKind::GreaterEqual:
  case TokenKind::Equal:
  case TokenKind::NotEqual: return kComparison;
  case TokenKind::Plus:
  case TokenKind::Minus: return kAdditive;
  case TokenKind::Star:
  case TokenKind::Slash:
  case TokenKind::Percent: return kMultiplicative;
  case TokenKind::Power: return kPower;
  default: return -1;
  }
}

BinaryOp binary_op(TokenKind kind) {
  switch (kind) {
  case TokenKind::Plus: return BinaryOp::Add;
  case TokenKind::Minus: return BinaryOp::Sub;
  case TokenKind::Star: return BinaryOp::Mul;
  case TokenKind::Slash: return BinaryOp::Div;
  case TokenKind::Percent: return BinaryOp::Mod;
  case TokenKind::Power: return BinaryOp::Pow;
  case TokenKind::Less: return BinaryOp::Less;
  case TokenKind::LessEqual: return BinaryOp::LessEqual;
  case TokenKind::Greater: return BinaryOp::Greater;
  case TokenKind::GreaterEqual: return BinaryOp::GreaterEqual;
  case TokenKind::Equal: return BinaryOp::Equal;
  case TokenKind::NotEqual: return BinaryOp::NotEqual;
  case TokenKind::And: return BinaryOp::And;
  default: return BinaryOp::Or;
  }
}

class Parser {
public:
  explicit Parser(std::string_view source) : source_(source), lexer_(source) {
    lookahead_[0] = lexer_.next();
    lookahead_[1] = lexer_.next();
  }

  Program program();

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
    const int precedence = infix_precedence(peek().kind);
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
    // Power is right-associative and its exponent may carry a sign (2^-x);
    // comparisons do not chain.
    const int right_precedence = op.kind == TokenKind::Power ? kUnary
                                 : precedence == kComparison ? kAdditive
                                                             : precedence + 1;
    ExprPtr right = expression(right_precedence);
    if (precedence == kComparison && infix_precedence(peek().kind) == kComparison)
      fail(
          source_, peek().range,
          fmt::format("comparisons do not chain; write 'a {} b and b {} c'", op.text, peek().text));
    const SourceRange range = SourceRange::cover(left->range, right->range);
    std::vector<ExprPtr> operands;
    operands.push_back(std::move(left));
    operands.push_back(std::move(right));
    left = node(ExprKind::Binary, range, std::move(operands));
    left->binary_op = binary_op(op.kind);
  }
}

ExprPtr Parser::prefix(int min_precedence) {
  const Token op = peek();
  UnaryOp unary;
  int operand_precedence;
  switch (op.kind) {
  case TokenKind::Minus:
    unary = UnaryOp::Negate;
    operand_precedence = kUnary;
    break;
  case TokenKind::Plus:
    unary = UnaryOp::Plus;
    operand_precedence = kUnary;
    break;
  case TokenKind::Not:
    if (min_precedence > kNot)
      fail(source_, op.range,
           fmt::format("'{}' binds looser than the operator before it; write "
                       "'({} ...)'",
                       op.text, op.text));
    unary = UnaryOp::Not;
    operand_precedence = kNot;
    break;
  default: {
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
  }
  advance();
  ExprPtr operand = expression(operand_precedence);
  const SourceRange range = SourceRange::cover(op.range, operand->range);
  std::vector<ExprPtr> operands;
  operands.push_back(std::move(operand));
  ExprPtr expr = node(ExprKind::Unary, range, std::move(operands));
  expr->unary_op = unary;
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

} // namespace

Program parse(std::string_view source) {
  if (source.size() > kMaxSourceBytes)
    fail(source, {static_cast<std::uint32_t>(kMaxSourceBytes), 1},
         fmt::format("formula is {} bytes; the limit is {} (1 MiB)", source.size(),
                     kMaxSourceBytes));
  return Parser(source).program();
}

std::string_view spelling(BinaryOp op) noexcept {
  static constexpr std::array<std::string_view, 14> kSpelling = {
      "+", "-", "*", "/", "%", "^", "<", "<=", ">", ">=", "==", "!=", "and", "or"};
  return kSpelling[static_cast<std::size_t>(op)];
}

} // namespace llcjit::frontend
