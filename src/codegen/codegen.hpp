// Lowers an analysed formula to an LLVM module holding its C entry points.
#pragma once

#include "frontend/ast.hpp"
#include "frontend/sema.hpp"

#include <llcjit/callback.hpp>

#include <array>
#include <memory>
#include <string>
#include <string_view>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace llcjit::codegen {

struct EmittedModule {
  std::unique_ptr<llvm::Module> module;
  /// Symbol of each entry point, indexed by Entry; empty where not emitted.
  std::array<std::string, kEntryCount> symbols;
};

/// Emits every entry point the formula's kind has. `prefix` makes the symbol
/// names unique among the modules of one JIT.
EmittedModule emit_module(const frontend::Program &program,
                          const frontend::Analysis &analysis,
                          llvm::LLVMContext &context, std::string_view prefix);

} // namespace llcjit::codegen
