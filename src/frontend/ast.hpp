// The syntax tree of a formula. The parser builds it; semantic analysis
// annotates it in place (types and what each name refers to).
#pragma once

#include "frontend/builtins.hpp"
#include "frontend/source.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llcjit::frontend {

enum class ExprKind : std::uint8_t {
  Number,
  Name,
  Unary,
  Binary,
  Conditional, // c ? a : b
  Call,
  Index, // a[i]
  Tuple, // (a, b, ...), only as a transform's result
};

enum class UnaryOp : std::uint8_t { Negate, Plus, Not };

enum class BinaryOp : std::uint8_t {
  Add,
  Sub,
  Mul,
  Div,
  Mod,
  Pow,
  Less,
  LessEqual,
  Greater,
  GreaterEqual,
  Equal,
  NotEqual,
  And,
  Or,
};

/// What a value is: filled in by semantic analysis.
enum class Type : std::uint8_t { Unknown, Scalar, Array, Tuple };

/// What a name refers to: filled in by semantic analysis.
enum class NameKind : std::uint8_t {
  Unresolved,
  Variable,  // index = position among the kind's variables
  Parameter, // index = position in user_data
  Binding,   // index = statement that binds it
  Constant,  // value in Expr::number
  Values,    // the filter's neighbourhood array
  Size,      // its length
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind;
  SourceRange range;
  double number = 0;     // Number; the value of a Constant name
  std::string_view name; // Name; Call (the function's name)
  UnaryOp unary_op = UnaryOp::Plus;
  BinaryOp binary_op = BinaryOp::Add;
  std::vector<ExprPtr> operands; // in source order
  SourceRange name_range;        // Call: the function name alone
  std::uint32_t depth = 1;       // height of this subtree

  Type type = Type::Unknown;
  NameKind name_kind = NameKind::Unresolved;
  std::uint32_t index = 0; // see NameKind
  Builtin builtin{};       // Call
};

/// `name = value` or a bare expression; the last statement is the result.
struct Statement {
  std::optional<std::string_view> binding;
  SourceRange binding_range;
  ExprPtr value;
};

struct Program {
  std::string_view source;
  std::vector<Statement> statements;

  const Expr &result() const { return *statements.back().value; }
};

/// A user's definition of a function, `sq(x) = x*x`, or of a constant,
/// `g = 9.81` (Options::definitions); uses of it are replaced by its body.
struct Definition {
  std::string_view source;
  std::string_view name;
  SourceRange name_range;
  bool function = false;
  std::vector<std::string_view> parameters;
  ExprPtr body;
};

std::string_view spelling(BinaryOp op) noexcept;

} // namespace llcjit::frontend
