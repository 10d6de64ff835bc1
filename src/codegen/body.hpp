// Lowers a formula's statements to IR at the builder's position, given the
// values of its inputs. Every entry point wraps this in its own prologue.
#pragma once

#include "frontend/ast.hpp"
#include "frontend/sema.hpp"

#include <llvm/IR/IRBuilder.h>

#include <unordered_map>
#include <vector>

namespace llcjit::codegen {

struct BodyInputs {
  std::vector<llvm::Value *> variables;  // double, in Analysis::variables order
  std::vector<llvm::Value *> parameters; // double, in Analysis::parameters order
  llvm::Value *values = nullptr;         // double *, filter kinds
  llvm::Value *size = nullptr;           // i64, filter kinds
  /// Fused filter kernels: `values` points at the centre element and
  /// values[i] lies value_offsets[i] bytes from it.
  const std::vector<std::ptrdiff_t> *value_offsets = nullptr;
  /// The module's math calls will be mapped to libmvec: emit them without
  /// branches so that the loop around them vectorises.
  bool vector_math = false;
};

/// Emits the formula; returns its result (one value, or the tuple's values).
std::vector<llvm::Value *> emit_body(llvm::IRBuilder<> &builder,
                                     const frontend::Program &program,
                                     const frontend::Analysis &analysis,
                                     const BodyInputs &inputs);

} // namespace llcjit::codegen
