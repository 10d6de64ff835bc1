// The emitter of one module's entry points, shared by the files that each
// write some of them: entry_points.cpp (the switch per kind and the quad,
// nquad and transform prologues), batch_entry_point.cpp (the vectorised
// batch loop of quad integrands) and filter_entry_points.cpp (generic_filter,
// its fused row loops, and generic_filter1d).
#pragma once

#include "codegen/body.hpp"
#include "codegen/codegen.hpp"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

#include <array>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace llcjit::codegen {

class ModuleEmitter {
public:
  ModuleEmitter(const frontend::Program &program, const frontend::Analysis &analysis,
                llvm::LLVMContext &context, std::string_view prefix, BatchMath math)
      : program_(program), analysis_(analysis), context_(context), prefix_(prefix), math_(math),
        builder_(context),
        module_(std::make_unique<llvm::Module>(fmt::format("{}module", prefix), context)) {}

  EmittedModule run(EntryGroup group);

private:
  EmittedModule finish();
  llvm::Function *scalar_user_data();
  void scalar(llvm::Function *primary);
  void quad_array(llvm::Function *primary, bool with_user_data);
  llvm::Function *nquad_array_user_data();
  void nquad_array(llvm::Function *primary);
  void batch();
  void batch_calling_point();
  void filter();
  void filter_rows(const FilterLayout &layout, Entry entry);
  // A fused kernel computed in the arrays' own element type where that is
  // exact (narrow_rows.cpp): the reduction it is, or std::nullopt.
  std::optional<frontend::Builtin> narrow_reduction(const FilterLayout &layout) const;
  // The kernel's result, in the element type, for the neighbourhood of the
  // element at `centre`.
  llvm::Value *narrow_reduce(frontend::Builtin reduction, const FilterLayout &layout,
                             llvm::Value *centre);
  // Whether a fused kernel computes in 32-bit integers, exactly
  // (integer_rows.cpp); and that computation for the element at `centre`,
  // stored at `at`.
  bool integer_arithmetic(const FilterLayout &layout) const;
  void store_integer_arithmetic(const FilterLayout &layout, llvm::Value *centre, llvm::Value *at);
  void filter1d();
  void transform();
  void transform_rows();

  llvm::Function *define(Entry entry, llvm::Type *result,
                         const std::vector<llvm::Type *> &parameters);
  std::vector<llvm::Value *> load_parameters(llvm::Value *pointer);
  llvm::Value *result_of(const BodyInputs &inputs) {
    return emit_body(builder_, program_, analysis_, inputs)[0];
  }
  // Branches to a block returning `failure` unless `ok` holds.
  void guard(llvm::Value *ok, llvm::Value *failure);
  llvm::Value *has_user_data(llvm::Value *user_data);
  llvm::Value *exactly(llvm::Value *n, std::size_t count) {
    return builder_.CreateICmpEQ(n, builder_.getInt32(count));
  }
  llvm::Value *tail_call(llvm::Function *callee, const std::vector<llvm::Value *> &arguments);
  llvm::Value *size_matches(llvm::Value *size);

  std::size_t parameter_count() const { return analysis_.parameters.size(); }
  std::size_t variable_count() const { return analysis_.variables.size(); }

  const frontend::Program &program_;
  const frontend::Analysis &analysis_;
  llvm::LLVMContext &context_;
  std::string_view prefix_;
  BatchMath math_;
  llvm::IRBuilder<> builder_;
  std::unique_ptr<llvm::Module> module_;
  std::array<std::string, kEntryCount> symbols_;

  llvm::Type *double_ = builder_.getDoubleTy();
  llvm::Type *int_ = builder_.getInt32Ty();
  llvm::Type *intptr_ = builder_.getInt64Ty();
  llvm::Type *ptr_ = builder_.getPtrTy();
  llvm::Type *void_ = builder_.getVoidTy();
};

inline llvm::Value *nan_of(llvm::Type *type) {
  return llvm::ConstantFP::get(type, std::numeric_limits<double>::quiet_NaN());
}

} // namespace llcjit::codegen
