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

/// Which entry points a module holds. The batch entry point, a vectorised
/// loop, costs several times the compile time of all the others, and only the
/// drivers call it, so it is compiled on first use, in a module of its own.
enum class EntryGroup {
  Scipy, ///< the C signatures SciPy accepts for the formula's kind
  Batch, ///< the batch entry point of a quad integrand
};

/// Marks a function whose second argument is a 64-byte aligned, contiguous
/// output of doubles written from index 0 up: the optimiser may then make
/// its vector stores there non-temporal.
inline constexpr const char *kStreamingOutputAttribute = "llcjit-streaming-output";

/// How the batch entry point computes math functions; the other entry
/// points call libm, which costs the least compile time.
struct BatchMath {
  /// The optimiser will map math calls to libmvec (whose last bits may
  /// differ from libm's), so emit them where it can.
  bool vector_math = false;
  /// exp inline, as glibc computes it (glibc_exp.hpp): the same bits, and
  /// a loop that vectorises. Only where the engine has checked it.
  bool inline_exp = false;
  /// The formula is too large to be one loop's body (kMaxLoopBodyNodes):
  /// the loop calls it as a function instead.
  bool call_per_point = false;
};

/// Formulas with more syntax-tree nodes than this get a batch entry point
/// that calls the formula per point: LLVM's optimiser and register allocator
/// take time that grows faster than the body of a vectorised loop, while a
/// called function compiles in time linear in its size (docs/performance.md).
/// Below it the loop is vectorised, exp inline.
inline constexpr std::size_t kMaxLoopBodyNodes = 200;

/// The entry points the Scipy group of a formula holds, as emit_module
/// emits them, without emitting anything.
std::array<bool, kEntryCount> scipy_entry_points(const frontend::Analysis &analysis);

/// Emits the group's entry points for the formula's kind. `prefix` makes the
/// symbol names unique among the modules of one JIT.
EmittedModule emit_module(const frontend::Program &program, const frontend::Analysis &analysis,
                          llvm::LLVMContext &context, std::string_view prefix, EntryGroup group,
                          BatchMath math);

} // namespace llcjit::codegen
