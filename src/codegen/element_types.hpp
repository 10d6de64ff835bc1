// Array elements of every dtype in IR: read as double, and written from a
// double as scipy.ndimage converts (numeric/scipy_cast.hpp has the rule).
#pragma once

#include <llcjit/dtype.hpp>

#include <llvm/IR/IRBuilder.h>

namespace llcjit::codegen {

/// The IR type of `type`'s elements: double, float, or an integer of its
/// width.
llvm::Type *element_type(llvm::LLVMContext &context, DType type);

/// Loads the element of `type` at `at` (byte-aligned) as a double.
llvm::Value *load_as_double(llvm::IRBuilder<> &builder, DType type, llvm::Value *at);

/// Stores the double `value` at `at` (byte-aligned) as an element of `type`.
void store_as(llvm::IRBuilder<> &builder, DType type, llvm::Value *value, llvm::Value *at);

} // namespace llcjit::codegen
