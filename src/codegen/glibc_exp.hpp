// exp(x) inline, as the x86-64 glibc's FMA build computes it (glibc 2.28 and
// later, on CPUs with FMA and AVX2): the same operations, the same fused
// multiply-adds, the same table, so the same bits. A loop of it vectorises,
// where a loop of libm calls cannot; a quad sweep spent a third of its time
// in those calls. The engine checks it against the process's libm before
// using it (jit/engine.cpp).
#pragma once

#include <llvm/IR/IRBuilder.h>

namespace llcjit::codegen {

/// exp(x) is +0 for every x below this (it underflows below -745.14), and
/// glibc reaches that answer through its error path: both the inline exp
/// and the guarded libm calls (ExpLowering) skip it.
inline constexpr double kExpIsZeroBelow = -746.0;

struct InlineExp {
  /// glibc's exp(x), wherever needs_libm is false.
  llvm::Value *value;
  /// i1: x lies where glibc takes a special path (|x| >= 512, other than
  /// x < -746 where the result is +0, or NaN): call libm's exp instead.
  llvm::Value *needs_libm;
};

InlineExp emit_glibc_exp(llvm::IRBuilder<> &builder, llvm::Value *x);

} // namespace llcjit::codegen
