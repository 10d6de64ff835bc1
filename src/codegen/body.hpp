// Lowers a formula's statements to IR at the builder's position, given the
// values of its inputs. Every entry point wraps this in its own prologue.
#pragma once

#include "frontend/ast.hpp"
#include "frontend/sema.hpp"

#include <llcjit/dtype.hpp>

#include <llvm/IR/IRBuilder.h>

#include <unordered_map>
#include <vector>

namespace llcjit::codegen {

/// How the body computes exp. exp(x) is +0 for every x < -746 (it
/// underflows below -745.14), but glibc reaches that answer through its
/// error path, which sets errno: in the tails of a Gaussian integrand, where
/// most of QUADPACK's nodes lie, that path was a fifth of a sweep's run time.
enum class ExpLowering {
  CallLibm, ///< call libm: cheapest to compile (each guard adds blocks)
  Branch,   ///< call libm unless x < -746: fastest in a scalar loop
  Select,   ///< call exp(0) instead when x < -746: straight-line, so a loop
            ///< vectorises with libmvec
  Inline,   ///< glibc's own algorithm inline (glibc_exp.hpp), where it
            ///< applies; sets *needs_libm where it does not
};

/// What the body reads, named at construction (every field has a default):
/// BodyInputs{.variables = {x}, .parameters = params}.
struct BodyInputs {
  std::vector<llvm::Value *> variables;  // double, in Analysis::variables order
  std::vector<llvm::Value *> parameters; // double, in Analysis::parameters order
  llvm::Value *values = nullptr;         // double *, filter kinds
  llvm::Value *size = nullptr;           // i64, filter kinds
  /// Fused filter kernels: `values` points at the centre element and
  /// values[i] lies value_offsets[i] bytes from it.
  const std::vector<std::ptrdiff_t> *value_offsets = nullptr;
  /// With value_offsets: the input's element type, read as double.
  DType value_type = DType::Float64;
  ExpLowering exp = ExpLowering::CallLibm;
  /// ExpLowering::Inline: an i1 in memory, set when some exp's argument
  /// needs libm; the caller clears it and recomputes such points.
  llvm::Value *needs_libm = nullptr;
  /// The batch entry with Options::vector_math: pow may become libmvec's
  /// (4 ulp). Elsewhere it stays libm's call, whatever the optimiser knows.
  bool vector_pow = false;
};

/// Emits the formula; returns its result (one value, or the tuple's values).
std::vector<llvm::Value *> emit_body(llvm::IRBuilder<> &builder, const frontend::Program &program,
                                     const frontend::Analysis &analysis, const BodyInputs &inputs);

} // namespace llcjit::codegen
