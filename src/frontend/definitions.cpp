// The definitions of definitions.hpp.
#include "frontend/definitions.hpp"

#include "frontend/builtins.hpp"
#include "frontend/kinds.hpp"
#include "frontend/limits.hpp"
#include "frontend/parser.hpp"
#include "frontend/tree_size.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

namespace llcjit::frontend {

namespace {

// The variables a formula may have whatever its kind, and those of nquad
// integrands and transforms unless they declare others; a definition of one
// would silently turn a formula of x into a constant, or a transform's
// output coordinate o0 into a number.
bool is_reserved(std::string_view name) {
  return name == "x" || name == "values" || name == "size" || numbered(name, 'x') ||
         numbered(name, 'o');
}

// The last of the first `visible` definitions named `name` that is (or is
// not) a function.
const Definition *find(std::span<const Definition> definitions, std::size_t visible,
                       std::string_view name, bool function) {
  for (std::size_t i = visible; i-- > 0;)
    if (definitions[i].name == name && definitions[i].function == function)
      return &definitions[i];
  return nullptr;
}

std::string wrong_arity(std::string_view name, std::size_t expected, std::size_t given) {
  return fmt::format("'{}' takes {} argument{}, but {} {} given", name, expected,
                     expected == 1 ? "" : "s", given, given == 1 ? "was" : "were");
}

void check_calls(const Definition &definition, std::span<const Definition> earlier,
                 const Expr &expr) {
  for (const ExprPtr &operand : expr.operands)
    check_calls(definition, earlier, *operand);
  if (expr.kind != ExprKind::Call || find_builtin(expr.name))
    return;
  const Definition *callee = find(earlier, earlier.size(), expr.name, true);
  if (!callee)
    fail(definition.source, expr.name_range,
         fmt::format("unknown function '{}': a definition calls builtins and the functions "
                     "defined before it",
                     expr.name));
  if (callee->parameters.size() != expr.operands.size())
    fail(definition.source, expr.range,
         wrong_arity(expr.name, callee->parameters.size(), expr.operands.size()));
}

// Copies definitions' bodies into a formula, within its limits.
class Expander {
public:
  Expander(std::span<const Definition> definitions, const Program &program,
           std::span<const std::string> declared)
      : definitions_(definitions), declared_(declared), source_(program.source),
        budget_(kMaxNodes - std::min(kMaxNodes, node_count(program))) {}

  // Expands the uses in `expr`, a tree `level` deep in the formula, whose
  // own bindings so far are `bound`.
  void expand(ExprPtr &expr, const std::vector<std::string_view> &bound, unsigned level) {
    check_depth(expr->range, level);
    for (ExprPtr &operand : expr->operands)
      expand(operand, bound, level + 1);
    const Definition *definition = nullptr;
    if (expr->kind == ExprKind::Call)
      definition = find(definitions_, definitions_.size(), expr->name, true);
    else if (expr->kind == ExprKind::Name &&
             std::find(bound.begin(), bound.end(), expr->name) == bound.end())
      definition = find(definitions_, definitions_.size(), expr->name, false);
    if (definition && !definition->function &&
        std::find(declared_.begin(), declared_.end(), expr->name) != declared_.end())
      fail(source_, expr->range,
           fmt::format("'{}' is a variable of this formula, and a definition would replace it; "
                       "define another name",
                       expr->name));
    if (definition) {
      if (definition->parameters.size() != expr->operands.size())
        fail(source_, expr->range,
             wrong_arity(expr->name, definition->parameters.size(), expr->operands.size()));
      const Frame frame{definition, expr->operands, nullptr, expr->range};
      expr = copy(*definition->body, frame, level);
      expanded_ = true;
    }
    refresh_depth(*expr);
  }

  bool expanded() const noexcept { return expanded_; }

private:
  // A definition being copied: its parameters stand for `arguments`, the
  // formula's own (expanded already) when `caller` is null, else those of a
  // call in the caller's body, copied where they are used.
  struct Frame {
    const Definition *definition;
    const std::vector<ExprPtr> &arguments;
    const Frame *caller;
    SourceRange use;
  };

  ExprPtr copy(const Expr &from, const Frame &frame, unsigned level) {
    check_depth(frame.use, level);
    const auto &parameters = frame.definition->parameters;
    if (from.kind == ExprKind::Name) {
      const auto parameter = std::find(parameters.begin(), parameters.end(), from.name);
      if (parameter != parameters.end()) {
        const Expr &argument = *frame.arguments[parameter - parameters.begin()];
        return frame.caller ? copy(argument, *frame.caller, level)
                            : copy_as_is(argument, frame.use, level);
      }
    }
    // Names and calls within a definition refer to the definitions before it.
    const std::size_t visible = static_cast<std::size_t>(frame.definition - definitions_.data());
    const std::span<const Definition> earlier = definitions_.first(visible);
    const Definition *callee = nullptr;
    if (from.kind == ExprKind::Call)
      callee = find(earlier, visible, from.name, true);
    else if (from.kind == ExprKind::Name &&
             std::find(parameters.begin(), parameters.end(), from.name) == parameters.end())
      callee = find(earlier, visible, from.name, false);
    if (callee)
      return copy(*callee->body, Frame{callee, from.operands, &frame, frame.use}, level);
    ExprPtr node = make(from, frame.use);
    for (const ExprPtr &operand : from.operands)
      node->operands.push_back(copy(*operand, frame, level + 1));
    refresh_depth(*node);
    return node;
  }

  // An argument, already expanded, copied whole.
  ExprPtr copy_as_is(const Expr &from, SourceRange use, unsigned level) {
    check_depth(use, level);
    ExprPtr node = make(from, from.range);
    for (const ExprPtr &operand : from.operands)
      node->operands.push_back(copy_as_is(*operand, use, level + 1));
    refresh_depth(*node);
    return node;
  }

  ExprPtr make(const Expr &from, SourceRange range) {
    if (budget_ == 0)
      fail(source_, range,
           fmt::format("with its definitions expanded, the formula has more than {} operators "
                       "and operands; split it into several formulas",
                       kMaxNodes));
    --budget_;
    auto node = std::make_unique<Expr>();
    node->kind = from.kind;
    node->range = range;
    node->number = from.number;
    node->name = from.name;
    node->unary_op = from.unary_op;
    node->binary_op = from.binary_op;
    node->name_range = from.kind == ExprKind::Call ? range : from.name_range;
    return node;
  }

  void check_depth(SourceRange at, unsigned level) const {
    if (level > kMaxTreeDepth)
      fail(source_, at,
           fmt::format("with its definitions expanded, the formula is more than {} operators "
                       "deep; split it into bindings (name = ...; ...)",
                       kMaxTreeDepth));
  }

  static void refresh_depth(Expr &expr) {
    expr.depth = 1;
    for (const ExprPtr &operand : expr.operands)
      expr.depth = std::max(expr.depth, operand->depth + 1);
  }

  std::span<const Definition> definitions_;
  std::span<const std::string> declared_;
  std::string_view source_;
  std::size_t budget_;
  bool expanded_ = false;
};

} // namespace

Definitions::Definitions(std::span<const std::string> sources) {
  for (const std::string &source : sources) {
    Definition definition = parse_definition(source);
    if (find_builtin(definition.name) || find_constant(definition.name))
      fail(source, definition.name_range,
           fmt::format("'{}' is a builtin {}; define another name", definition.name,
                       find_builtin(definition.name) ? "function" : "constant"));
    if (is_reserved(definition.name))
      fail(source, definition.name_range,
           fmt::format("'{}' is a variable; define another name", definition.name));
    const auto &parameters = definition.parameters;
    for (auto it = parameters.begin(); it != parameters.end(); ++it)
      if (std::find(parameters.begin(), it, *it) != it)
        fail(source, definition.name_range,
             fmt::format("the parameter '{}' of '{}' is named twice", *it, definition.name));
    check_calls(definition, definitions_, *definition.body);
    definitions_.push_back(std::move(definition));
  }
}

bool Definitions::expand(Program &program, std::span<const std::string> declared) const {
  if (definitions_.empty())
    return false;
  Expander expander(definitions_, program, declared);
  std::vector<std::string_view> bound;
  for (Statement &statement : program.statements) {
    expander.expand(statement.value, bound, 1);
    if (statement.binding)
      bound.push_back(*statement.binding);
  }
  return expander.expanded();
}

} // namespace llcjit::frontend
