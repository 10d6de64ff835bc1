// How large a parsed formula is, for the choices whose cost grows with it.
#pragma once

#include "frontend/ast.hpp"

#include <cstddef>

namespace llcjit::frontend {

/// The nodes of every statement's expression tree.
std::size_t node_count(const Program &program);

} // namespace llcjit::frontend
