// Fused kernels in the arrays' own element type. A minimum, a maximum or an
// odd-sized median of `values` is one of the values, so when the output has
// the input's type and that type converts to double and back exactly (every
// integer type up to 32 bits, bool, float32), computing it on the elements
// themselves gives the bits of the double path: 8 uint8 lanes for each
// double one, and no conversions. The double path's rules carry over: ties
// keep the first element, NaN anywhere gives the canonical NaN, and a float
// median adds +0 (NumPy's mean of one element turns -0 into +0).
#include "codegen/module_emitter.hpp"

#include "codegen/body_emitter.hpp"
#include "codegen/element_types.hpp"
#include "codegen/sorting_network.hpp"
#include "numeric/scipy_cast.hpp"

#include <llvm/IR/Intrinsics.h>

namespace llcjit::codegen {

std::optional<frontend::Builtin> ModuleEmitter::narrow_reduction(const FilterLayout &layout) const {
  // (float64 is narrow already.)
  if (layout.input_type != layout.output_type || layout.input_type == DType::Float64 ||
      !numeric::exact_in_double(layout.input_type) || program_.statements.size() != 1)
    return std::nullopt;
  const frontend::Expr &result = program_.result();
  if (result.kind != frontend::ExprKind::Call || result.operands.size() != 1 ||
      result.operands[0]->kind != frontend::ExprKind::Name ||
      result.operands[0]->name_kind != frontend::NameKind::Values)
    return std::nullopt;
  const bool integer = layout.input_type != DType::Float32;
  const std::size_t count = layout.offsets.size();
  switch (result.builtin) {
  case Builtin::Min:
  case Builtin::Max: return result.builtin;
  // Without NaN the NaN-ignoring forms are the plain ones.
  case Builtin::NanMin: return integer ? std::optional(Builtin::Min) : std::nullopt;
  case Builtin::NanMax: return integer ? std::optional(Builtin::Max) : std::nullopt;
  case Builtin::Median:
  case Builtin::NanMedian:
    if (count % 2 == 1 && count <= kMaxSortingNetwork &&
        (integer || result.builtin == Builtin::Median))
      return Builtin::Median;
    return std::nullopt;
  default: return std::nullopt;
  }
}

llvm::Value *ModuleEmitter::narrow_reduce(Builtin reduction, const FilterLayout &layout,
                                          llvm::Value *centre) {
  llvm::IRBuilder<> &b = builder_;
  const DType type = layout.input_type;
  const bool floating = type == DType::Float32;
  llvm::Type *element = element_type(b.getContext(), type);
  const bool is_signed = !floating && !numeric::is_unsigned(type);
  std::vector<llvm::Value *> values;
  for (std::ptrdiff_t offset : layout.offsets)
    values.push_back(b.CreateAlignedLoad(
        element, b.CreateInBoundsGEP(b.getInt8Ty(), centre, b.getInt64(offset)), llvm::Align(1)));
  // The smaller and the larger of two, the first of equal ones first.
  auto lower = [&](llvm::Value *a, llvm::Value *c) -> llvm::Value * {
    if (floating)
      return b.CreateSelect(b.CreateFCmpOLT(c, a), c, a);
    return b.CreateBinaryIntrinsic(is_signed ? llvm::Intrinsic::smin : llvm::Intrinsic::umin, a, c);
  };
  auto upper = [&](llvm::Value *a, llvm::Value *c) -> llvm::Value * {
    if (floating)
      return b.CreateSelect(b.CreateFCmpOGT(c, a), c, a);
    return b.CreateBinaryIntrinsic(is_signed ? llvm::Intrinsic::smax : llvm::Intrinsic::umax, a, c);
  };
  llvm::Value *result;
  if (reduction == Builtin::Median) {
    std::vector<llvm::Value *> order = values;
    for (const auto &[i, j] : sorting_network(order.size())) {
      llvm::Value *first = order[i];
      order[i] = lower(first, order[j]);
      order[j] = upper(first, order[j]);
    }
    result = order[order.size() / 2];
    if (floating)
      result = b.CreateFAdd(llvm::ConstantFP::get(element, 0.0), result);
  } else {
    result = values[0];
    for (std::size_t k = 1; k < values.size(); ++k)
      result = reduction == Builtin::Min ? lower(result, values[k]) : upper(result, values[k]);
  }
  if (!floating)
    return result;
  llvm::Value *any_nan = b.getFalse();
  for (llvm::Value *value : values)
    any_nan = b.CreateOr(any_nan, b.CreateFCmpUNO(value, value));
  return b.CreateSelect(any_nan, nan_of(element), result);
}

} // namespace llcjit::codegen
