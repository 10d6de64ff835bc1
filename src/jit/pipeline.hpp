// The compile pipeline as two functions: source text to a parsed and
// analysed formula (the front end: parse, analyse, parity), and that to an
// optimised LLVM module (the code generator and the optimiser). They hold
// no state; the JIT (engine.cpp) links what they return. A formula found in
// the disk cache needs only the first.
#pragma once

#include "codegen/codegen.hpp"
#include "frontend/ast.hpp"
#include "frontend/sema.hpp"
#include "jit/optimizer.hpp"

#include <llcjit/options.hpp>

#include <llvm/IR/LLVMContext.h>

#include <memory>
#include <string_view>

namespace llcjit::jit {

/// One formula as the front end sees it. Refers to the source text, which
/// must outlive it.
struct Analysed {
  frontend::Program program;
  frontend::Analysis analysis;
  /// A quad integrand's f(-x) is f(x) to the bit.
  bool even_in_x = false;
};

/// One formula lowered to an optimised module.
struct Lowered {
  std::unique_ptr<llvm::LLVMContext> context;
  codegen::EmittedModule emitted;
};

/// Parses and analyses `source`. Throws CompileError or UsageError for a
/// formula or options at fault.
Analysed analyse(std::string_view source, const Options &options);

/// Emits `group`'s entry points of `formula` with symbol names starting with
/// `prefix`, then optimises them with `tools`.
Lowered lower(const Analysed &formula, Toolchain &tools, codegen::EntryGroup group,
              codegen::BatchMath math, std::string_view prefix);

} // namespace llcjit::jit
