// The entry points of filter kernels: generic_filter's callback, the fused
// row loops its driver runs, and generic_filter1d's callback.
#include "codegen/module_emitter.hpp"

#include "codegen/element_types.hpp"
#include "codegen/loop.hpp"

namespace llcjit::codegen {

// int (double *buffer, intptr_t filter_size, double *return_value, void *user_data)
void ModuleEmitter::filter() {
  llvm::Function *f = define(Entry::Filter, int_, {ptr_, intptr_, ptr_, ptr_});
  llvm::Value *failure = builder_.getInt32(0);
  guard(builder_.CreateAnd(size_matches(f->getArg(1)), has_user_data(f->getArg(3))), failure);
  const BodyInputs inputs{
      .parameters = load_parameters(f->getArg(3)), .values = f->getArg(0), .size = f->getArg(1)};
  builder_.CreateStore(result_of(inputs), f->getArg(2));
  builder_.CreateRet(builder_.getInt32(1));
}

// void (const void *centre, void *output, intptr_t count, const double *params):
// the formula fused into the driver's loop over `count` output points, each
// reading its neighbourhood straight from the input at the layout's offsets
// in the input's element type, and writing the output's (computing in that
// type where exact: narrow_rows.cpp; in 32-bit integers where exact:
// integer_rows.cpp).
// With the steps and offsets constants, the vectoriser turns the loop into
// one that computes several neighbouring output points at once. The
// streaming variant is the same loop; the optimiser makes its vector stores
// non-temporal once they exist (jit/streaming_stores.cpp).
void ModuleEmitter::filter_rows(const FilterLayout &layout, Entry entry) {
  llvm::Function *f = define(entry, void_, {ptr_, ptr_, intptr_, ptr_});
  if (entry == Entry::FilterRowsStreaming) {
    // The contract the optimiser's alignment inference starts from.
    f->addParamAttr(1, llvm::Attribute::getWithAlignment(context_, llvm::Align(64)));
    f->addFnAttr(kStreamingOutputAttribute);
  }
  llvm::Value *centre = f->getArg(0);
  llvm::Value *output = f->getArg(1);
  const std::vector<llvm::Value *> parameters = load_parameters(f->getArg(3));
  const std::optional<frontend::Builtin> narrow = narrow_reduction(layout);
  const bool integer = !narrow && integer_arithmetic(layout);
  emit_loop(builder_, f->getArg(2), {}, [&](llvm::Value *j, const std::vector<llvm::Value *> &) {
    auto at = [&](llvm::Value *base, std::ptrdiff_t step) {
      return builder_.CreateInBoundsGEP(
          builder_.getInt8Ty(), base,
          // A reversed axis has a negative step: no unsigned wrap flag.
          builder_.CreateMul(j, builder_.getInt64(step), "", /*HasNUW=*/false, /*HasNSW=*/true));
    };
    if (narrow) {
      builder_.CreateAlignedStore(narrow_reduce(*narrow, layout, at(centre, layout.input_step)),
                                  at(output, layout.output_step), llvm::Align(1));
      return std::vector<llvm::Value *>{};
    }
    if (integer) {
      store_integer_arithmetic(layout, at(centre, layout.input_step),
                               at(output, layout.output_step));
      return std::vector<llvm::Value *>{};
    }
    const BodyInputs inputs{.parameters = parameters,
                            .values = at(centre, layout.input_step),
                            .size = builder_.getInt64(layout.offsets.size()),
                            .value_offsets = &layout.offsets,
                            .value_type = layout.input_type};
    store_as(builder_, layout.output_type, result_of(inputs), at(output, layout.output_step));
    return std::vector<llvm::Value *>{};
  });
  builder_.CreateRetVoid();
}

// int (double *input_line, intptr_t input_length, double *output_line,
//      intptr_t output_length, void *user_data): one window per output point.
void ModuleEmitter::filter1d() {
  llvm::Function *f = define(Entry::Filter1D, int_, {ptr_, intptr_, ptr_, intptr_, ptr_});
  llvm::Value *input = f->getArg(0);
  llvm::Value *output = f->getArg(2);
  llvm::Value *output_length = f->getArg(3);
  llvm::Value *window =
      builder_.CreateAdd(builder_.CreateSub(f->getArg(1), output_length), builder_.getInt64(1));
  llvm::Value *ok = builder_.CreateAnd(
      {builder_.CreateICmpSGE(window, builder_.getInt64(1)), size_matches(window),
       builder_.CreateICmpSGE(output_length, builder_.getInt64(0)), has_user_data(f->getArg(4))});
  guard(ok, builder_.getInt32(0));
  const std::vector<llvm::Value *> parameters = load_parameters(f->getArg(4));
  emit_loop(builder_, output_length, {}, [&](llvm::Value *j, const std::vector<llvm::Value *> &) {
    const BodyInputs inputs{.parameters = parameters,
                            .values = builder_.CreateInBoundsGEP(double_, input, j),
                            .size = window};
    builder_.CreateStore(result_of(inputs), builder_.CreateInBoundsGEP(double_, output, j));
    return std::vector<llvm::Value *>{};
  });
  builder_.CreateRet(builder_.getInt32(1));
}

} // namespace llcjit::codegen
