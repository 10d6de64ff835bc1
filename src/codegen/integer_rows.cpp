// Fused kernels in 32-bit integers. A formula that adds, subtracts and
// multiplies values of integer elements and integer literals (a moving
// range's combiner `values[0] - values[1]`, a difference `values[2] -
// values[0]`) computes an integer in double; where every intermediate stays
// below 2^53 that double is exact, and where the result lies within int32
// so is the same arithmetic modulo 2^32 on int32 lanes (twice as many per
// vector as doubles, and no conversions). Stored into an integer output,
// that integer gives SciPy's conversion of the double bit for bit: the low
// bits of the value (numeric/scipy_cast.hpp). Float outputs keep the
// double path, whose -0 (of `-values[0]` at 0) an integer cannot carry.
#include "codegen/module_emitter.hpp"

#include "codegen/element_types.hpp"
#include "numeric/scipy_cast.hpp"

#include <cmath>
#include <cstdint>

namespace llcjit::codegen {

namespace {

using frontend::BinaryOp;
using frontend::Expr;
using frontend::ExprKind;
using frontend::NameKind;
using frontend::UnaryOp;

// The least and greatest value a formula takes.
struct Range {
  std::int64_t low, high;
};

// Doubles hold every integer below this exactly.
constexpr std::int64_t kExactInDouble = std::int64_t{1} << 53;

// The range of element values of `type`, where an int32 lane holds them.
std::optional<Range> element_range(DType type) {
  switch (type) {
  case DType::Bool: return Range{0, 1};
  case DType::Int8: return Range{INT8_MIN, INT8_MAX};
  case DType::UInt8: return Range{0, UINT8_MAX};
  case DType::Int16: return Range{INT16_MIN, INT16_MAX};
  case DType::UInt16: return Range{0, UINT16_MAX};
  case DType::Int32: return Range{INT32_MIN, INT32_MAX};
  default: return std::nullopt;
  }
}

// `values[k]` with a literal k in [-count, count): its position in C
// order, as the double path wraps it.
std::optional<std::size_t> value_index(const Expr &expr, std::size_t count) {
  const Expr &array = *expr.operands[0], &position = *expr.operands[1];
  if (array.kind != ExprKind::Name || array.name_kind != NameKind::Values ||
      position.kind != ExprKind::Number || position.number != std::trunc(position.number))
    return std::nullopt;
  const auto n = static_cast<double>(count);
  if (!(position.number >= -n && position.number < n))
    return std::nullopt;
  const auto k = static_cast<std::int64_t>(position.number);
  return static_cast<std::size_t>(k < 0 ? k + static_cast<std::int64_t>(count) : k);
}

// The range of an integer formula of the values, or std::nullopt where it
// is another formula or an intermediate may reach 2^53.
std::optional<Range> integer_range(const Expr &expr, Range element, std::size_t count) {
  const auto exact = [](Range r) -> std::optional<Range> {
    if (r.low <= -kExactInDouble || r.high >= kExactInDouble)
      return std::nullopt;
    return r;
  };
  switch (expr.kind) {
  case ExprKind::Number:
    if (expr.number != std::trunc(expr.number) || std::fabs(expr.number) >= 0x1p53)
      return std::nullopt;
    return Range{static_cast<std::int64_t>(expr.number), static_cast<std::int64_t>(expr.number)};
  case ExprKind::Index: return value_index(expr, count) ? std::optional(element) : std::nullopt;
  case ExprKind::Unary: {
    const auto operand = integer_range(*expr.operands[0], element, count);
    if (!operand || expr.unary_op == UnaryOp::Not)
      return std::nullopt;
    return expr.unary_op == UnaryOp::Plus ? operand : Range{-operand->high, -operand->low};
  }
  case ExprKind::Binary: {
    const auto a = integer_range(*expr.operands[0], element, count);
    const auto b = integer_range(*expr.operands[1], element, count);
    if (!a || !b)
      return std::nullopt;
    // Below 2^53 each: sums and differences fit int64, and products of
    // magnitudes up to 2^53 are tested before they are formed.
    switch (expr.binary_op) {
    case BinaryOp::Add: return exact({a->low + b->low, a->high + b->high});
    case BinaryOp::Sub: return exact({a->low - b->high, a->high - b->low});
    case BinaryOp::Mul: {
      Range r{INT64_MAX, INT64_MIN};
      for (std::int64_t x : {a->low, a->high})
        for (std::int64_t y : {b->low, b->high}) {
          std::int64_t product = 0;
          if (__builtin_mul_overflow(x, y, &product))
            return std::nullopt;
          r = {std::min(r.low, product), std::max(r.high, product)};
        }
      return exact(r);
    }
    default: return std::nullopt;
    }
  }
  default: return std::nullopt;
  }
}

} // namespace

bool ModuleEmitter::integer_arithmetic(const FilterLayout &layout) const {
  const std::optional<Range> element = element_range(layout.input_type);
  if (!element || layout.output_type == DType::Float64 || layout.output_type == DType::Float32 ||
      program_.statements.size() != 1)
    return false;
  const std::optional<Range> result =
      integer_range(program_.result(), *element, layout.offsets.size());
  return result && result->low >= INT32_MIN && result->high <= INT32_MAX;
}

void ModuleEmitter::store_integer_arithmetic(const FilterLayout &layout, llvm::Value *centre,
                                             llvm::Value *at) {
  llvm::IRBuilder<> &b = builder_;
  llvm::Type *element = element_type(b.getContext(), layout.input_type);
  const bool is_signed = !numeric::is_unsigned(layout.input_type);
  // Wrapping arithmetic: only the result is known to fit.
  const auto emit = [&](const auto &self, const Expr &expr) -> llvm::Value * {
    switch (expr.kind) {
    case ExprKind::Number: // modulo 2^32, as the arithmetic
      return b.getInt32(static_cast<std::uint32_t>(static_cast<std::int64_t>(expr.number)));
    case ExprKind::Index: {
      const std::size_t k = *value_index(expr, layout.offsets.size());
      llvm::Value *value = b.CreateAlignedLoad(
          element, b.CreateInBoundsGEP(b.getInt8Ty(), centre, b.getInt64(layout.offsets[k])),
          llvm::Align(1));
      return is_signed ? b.CreateSExtOrTrunc(value, b.getInt32Ty())
                       : b.CreateZExtOrTrunc(value, b.getInt32Ty());
    }
    case ExprKind::Unary: {
      llvm::Value *operand = self(self, *expr.operands[0]);
      return expr.unary_op == UnaryOp::Negate ? b.CreateNeg(operand) : operand;
    }
    default: {
      llvm::Value *x = self(self, *expr.operands[0]);
      llvm::Value *y = self(self, *expr.operands[1]);
      switch (expr.binary_op) {
      case BinaryOp::Add: return b.CreateAdd(x, y);
      case BinaryOp::Sub: return b.CreateSub(x, y);
      default: return b.CreateMul(x, y);
      }
    }
    }
  };
  llvm::Value *result = emit(emit, program_.result());
  b.CreateAlignedStore(
      b.CreateSExtOrTrunc(result, element_type(b.getContext(), layout.output_type)), at,
      llvm::Align(1));
}

} // namespace llcjit::codegen
