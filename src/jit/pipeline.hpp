// The compile pipeline as one function: source text to an optimised LLVM
// module, through the front end (parse, analyse, parity) and the code
// generator. It holds no state; the JIT (engine.cpp) links what it returns.
#pragma once

#include "codegen/codegen.hpp"
#include "frontend/sema.hpp"
#include "jit/optimizer.hpp"

#include <llcjit/options.hpp>

#include <llvm/IR/LLVMContext.h>

#include <memory>
#include <string_view>

namespace llcjit::jit {

/// One formula lowered to an optimised module, with what the front end
/// found out about it.
struct Lowered {
  std::unique_ptr<llvm::LLVMContext> context;
  codegen::EmittedModule emitted;
  frontend::Analysis analysis;
  /// A quad integrand's f(-x) is f(x) to the bit.
  bool even_in_x = false;
};

/// Parses, analyses and emits `group`'s entry points of `source` with
/// symbol names starting with `prefix`, then optimises them with `tools`.
/// Throws CompileError or UsageError for a formula or options at fault.
Lowered lower(std::string_view source, const Options &options, Toolchain &tools,
              codegen::EntryGroup group, codegen::BatchMath math, std::string_view prefix);

} // namespace llcjit::jit
