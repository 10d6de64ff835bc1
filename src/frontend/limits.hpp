// Bounds on what a formula may be, so that no input exhausts the stack or
// memory of the host process.
#pragma once

#include <cstddef>

namespace llcjit::frontend {

inline constexpr std::size_t kMaxSourceBytes = std::size_t{1} << 20;
/// Syntactic nesting: parentheses, calls, unary operators, exponents.
inline constexpr int kMaxNesting = 256;
/// Height of the expression tree, counting every operator, so that a long
/// chain like a+b+c+... is bounded too (every later pass recurses on it).
inline constexpr unsigned kMaxTreeDepth = 1024;
/// Nodes of the whole tree (literals, names, operators, calls): LLVM's
/// compile time grows with the formula, a little faster than linearly, and
/// this keeps the worst case to seconds instead of minutes and gigabytes
/// (docs/performance.md has the measurements).
inline constexpr std::size_t kMaxNodes = 100'000;

} // namespace llcjit::frontend
