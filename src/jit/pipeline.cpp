// The definitions of pipeline.hpp: the compile pipeline as one function.
#include "jit/pipeline.hpp"

#include "frontend/parity.hpp"
#include "frontend/parser.hpp"
#include "frontend/tree_size.hpp"

#include <llvm/IR/Module.h>

namespace llcjit::jit {

Lowered lower(std::string_view source, const Options &options, Toolchain &tools,
              codegen::EntryGroup group, codegen::BatchMath math, std::string_view prefix) {
  frontend::Program program = frontend::parse(source);
  Lowered lowered;
  lowered.analysis = frontend::analyze(program, options);
  lowered.even_in_x = lowered.analysis.kind == Kind::Quad &&
                      frontend::parity_in(program, 0) == frontend::Parity::Even;
  if (group == codegen::EntryGroup::Batch &&
      frontend::node_count(program) > codegen::kMaxLoopBodyNodes)
    math.call_per_point = true;
  lowered.context = std::make_unique<llvm::LLVMContext>();
  lowered.emitted =
      codegen::emit_module(program, lowered.analysis, *lowered.context, prefix, group, math);
  tools.optimize(*lowered.emitted.module, {.unroll_loops = lowered.analysis.values_size.has_value(),
                                           .vector_math_library = math.vector_math});
  return lowered;
}

} // namespace llcjit::jit
