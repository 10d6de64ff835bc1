// The definitions of pipeline.hpp: the compile pipeline as two functions.
#include "jit/pipeline.hpp"

#include "frontend/parity.hpp"
#include "frontend/parser.hpp"
#include "frontend/tree_size.hpp"

#include <llvm/IR/Module.h>

namespace llcjit::jit {

Analysed analyse(std::string_view source, const Options &options) {
  Analysed formula{.program = frontend::parse(source)};
  formula.analysis = frontend::analyze(formula.program, options);
  formula.even_in_x = formula.analysis.kind == Kind::Quad &&
                      frontend::parity_in(formula.program, 0) == frontend::Parity::Even;
  return formula;
}

Lowered lower(const Analysed &formula, Toolchain &tools, codegen::EntryGroup group,
              codegen::BatchMath math, std::string_view prefix) {
  if (group == codegen::EntryGroup::Batch &&
      frontend::node_count(formula.program) > codegen::kMaxLoopBodyNodes)
    math.call_per_point = true;
  Lowered lowered;
  lowered.context = std::make_unique<llvm::LLVMContext>();
  lowered.emitted = codegen::emit_module(formula.program, formula.analysis, *lowered.context,
                                         prefix, group, math);
  tools.optimize(*lowered.emitted.module, {.unroll_loops = formula.analysis.values_size.has_value(),
                                           .vector_math_library = math.vector_math});
  return lowered;
}

} // namespace llcjit::jit
