// How scipy.ndimage stores a filter's double result into an output array of
// another dtype, repeated bit for bit. SciPy writes `(type)value` in C, with
// unsigned types going through `value > -1 ? (type)value : -(type)-value`;
// C leaves a value out of the type's range undefined, so the bits are those
// of the x86-64 instructions GCC emits for Debian's SciPy, which llcjit
// reproduces here without undefined behaviour:
//   - to int8/16/32, uint8/16 and bool: CVTTSD2SI into 32 bits, then the low
//     bits; out of range or NaN gives INT32_MIN, whose low bits are 0;
//   - to int64 and uint32: CVTTSD2SI into 64 bits (INT64_MIN out of range);
//   - to uint64 from 2^63 up: CVTTSD2SI of value - 2^63 with bit 63 flipped.
// codegen/element_types.cpp emits the same rule in IR for fused kernels;
// tests compare both with SciPy.
#pragma once

#include <llcjit/dtype.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>

namespace llcjit::numeric {

/// CVTTSD2SI into 32 bits: truncation, or INT32_MIN out of range.
inline std::int32_t truncate_to_int32(double value) noexcept {
  return value > -2147483649.0 && value < 2147483648.0 ? static_cast<std::int32_t>(value)
                                                       : INT32_MIN;
}

/// CVTTSD2SI into 64 bits: truncation, or INT64_MIN out of range.
inline std::int64_t truncate_to_int64(double value) noexcept {
  return value >= -0x1p63 && value < 0x1p63 ? static_cast<std::int64_t>(value) : INT64_MIN;
}

/// `(type)value` for an integer `type`, as 64 bits whose low bits are the
/// element's.
inline std::uint64_t c_cast_bits(DType type, double value) noexcept {
  switch (type) {
  case DType::UInt32:
  case DType::Int64: return static_cast<std::uint64_t>(truncate_to_int64(value));
  case DType::UInt64:
    // NaN compares false, so it takes the first branch.
    return !(value >= 0x1p63)
               ? static_cast<std::uint64_t>(truncate_to_int64(value))
               : static_cast<std::uint64_t>(truncate_to_int64(value - 0x1p63)) ^ (1ULL << 63);
  default: return static_cast<std::uint64_t>(static_cast<std::int64_t>(truncate_to_int32(value)));
  }
}

inline bool is_unsigned(DType type) noexcept {
  return type == DType::Bool || type == DType::UInt8 || type == DType::UInt16 ||
         type == DType::UInt32 || type == DType::UInt64;
}

/// Stores `value` at `at` (unaligned) as an element of `type`, as
/// scipy.ndimage's filters do.
inline void store_as(DType type, double value, char *at) noexcept {
  auto put = [at](auto element) { std::memcpy(at, &element, sizeof element); };
  switch (type) {
  case DType::Float64: put(value); return;
  case DType::Float32: put(static_cast<float>(value)); return;
  default: break;
  }
  // Wrapping negation, as C's on unsigned types.
  const std::uint64_t bits =
      !is_unsigned(type) || value > -1.0 ? c_cast_bits(type, value) : 0 - c_cast_bits(type, -value);
  switch (type) {
  case DType::Bool:
  case DType::Int8:
  case DType::UInt8: put(static_cast<std::uint8_t>(bits)); return;
  case DType::Int16:
  case DType::UInt16: put(static_cast<std::uint16_t>(bits)); return;
  case DType::Int32:
  case DType::UInt32: put(static_cast<std::uint32_t>(bits)); return;
  default: put(bits); return;
  }
}

/// The element of `type` at `at` (unaligned) as a double, as C converts it.
inline double load_as_double(DType type, const char *at) noexcept {
  auto get = [at]<typename T>(T) {
    T element;
    std::memcpy(&element, at, sizeof element);
    return static_cast<double>(element);
  };
  switch (type) {
  case DType::Float64: return get(double{});
  case DType::Float32: return get(float{});
  case DType::Bool:
  case DType::UInt8: return get(std::uint8_t{});
  case DType::Int8: return get(std::int8_t{});
  case DType::Int16: return get(std::int16_t{});
  case DType::UInt16: return get(std::uint16_t{});
  case DType::Int32: return get(std::int32_t{});
  case DType::UInt32: return get(std::uint32_t{});
  case DType::Int64: return get(std::int64_t{});
  case DType::UInt64: return get(std::uint64_t{});
  }
  return 0.0;
}

} // namespace llcjit::numeric
