// The definitions of element_types.hpp. The conversion to integers is
// numeric/scipy_cast.hpp's rule in straight-line IR, so that a fused loop
// still vectorises: fptosi is poison out of range, but a select that does
// not pick it is not.
#include "codegen/element_types.hpp"

#include "numeric/scipy_cast.hpp"

namespace llcjit::codegen {

llvm::Type *element_type(llvm::LLVMContext &context, DType type) {
  switch (type) {
  case DType::Float64: return llvm::Type::getDoubleTy(context);
  case DType::Float32: return llvm::Type::getFloatTy(context);
  default: return llvm::Type::getIntNTy(context, 8 * static_cast<unsigned>(item_size(type)));
  }
}

namespace {

// CVTTSD2SI into 32 bits, sign-extended to 64, or into 64 bits.
llvm::Value *truncate(llvm::IRBuilder<> &b, llvm::Value *x, bool wide) {
  llvm::Type *double_ = b.getDoubleTy();
  const double low = wide ? -0x1p63 : -2147483649.0;
  const double high = wide ? 0x1p63 : 2147483648.0;
  llvm::Value *in_range =
      b.CreateAnd(wide ? b.CreateFCmpOGE(x, llvm::ConstantFP::get(double_, low))
                       : b.CreateFCmpOGT(x, llvm::ConstantFP::get(double_, low)),
                  b.CreateFCmpOLT(x, llvm::ConstantFP::get(double_, high)));
  llvm::Value *converted = wide ? b.CreateFPToSI(x, b.getInt64Ty())
                                : b.CreateSExt(b.CreateFPToSI(x, b.getInt32Ty()), b.getInt64Ty());
  const std::int64_t invalid = wide ? INT64_MIN : INT32_MIN;
  return b.CreateSelect(in_range, converted, b.getInt64(static_cast<std::uint64_t>(invalid)));
}

// numeric::c_cast_bits in IR.
llvm::Value *c_cast_bits(llvm::IRBuilder<> &b, DType type, llvm::Value *x) {
  switch (type) {
  case DType::UInt32:
  case DType::Int64: return truncate(b, x, true);
  case DType::UInt64: {
    llvm::Value *two63 = llvm::ConstantFP::get(b.getDoubleTy(), 0x1p63);
    llvm::Value *high =
        b.CreateXor(truncate(b, b.CreateFSub(x, two63), true), b.getInt64(1ULL << 63));
    return b.CreateSelect(b.CreateFCmpOGE(x, two63), high, truncate(b, x, true));
  }
  default: return truncate(b, x, false);
  }
}

} // namespace

llvm::Value *load_as_double(llvm::IRBuilder<> &b, DType type, llvm::Value *at) {
  llvm::Value *element =
      b.CreateAlignedLoad(element_type(b.getContext(), type), at, llvm::Align(1));
  switch (type) {
  case DType::Float64: return element;
  case DType::Float32: return b.CreateFPExt(element, b.getDoubleTy());
  default:
    return numeric::is_unsigned(type) ? b.CreateUIToFP(element, b.getDoubleTy())
                                      : b.CreateSIToFP(element, b.getDoubleTy());
  }
}

void store_as(llvm::IRBuilder<> &b, DType type, llvm::Value *value, llvm::Value *at) {
  llvm::Value *element;
  switch (type) {
  case DType::Float64: element = value; break;
  case DType::Float32: element = b.CreateFPTrunc(value, b.getFloatTy()); break;
  default: {
    llvm::Value *bits = c_cast_bits(b, type, value);
    if (numeric::is_unsigned(type)) {
      llvm::Value *negated = b.CreateNeg(c_cast_bits(b, type, b.CreateFNeg(value)));
      bits = b.CreateSelect(b.CreateFCmpOGT(value, llvm::ConstantFP::get(b.getDoubleTy(), -1.0)),
                            bits, negated);
    }
    element = b.CreateTrunc(bits, element_type(b.getContext(), type));
  }
  }
  b.CreateAlignedStore(element, at, llvm::Align(1));
}

} // namespace llcjit::codegen
