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
#include <type_traits>

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

/// Calls visit(T{}) with T the C type of `type`'s elements (bool's is
/// uint8_t: SciPy's npy_bool is an unsigned char).
template <typename Visit> void visit_element_type(DType type, Visit &&visit) {
  switch (type) {
  case DType::Float64: visit(double{}); return;
  case DType::Float32: visit(float{}); return;
  case DType::Bool:
  case DType::UInt8: visit(std::uint8_t{}); return;
  case DType::Int8: visit(std::int8_t{}); return;
  case DType::Int16: visit(std::int16_t{}); return;
  case DType::UInt16: visit(std::uint16_t{}); return;
  case DType::Int32: visit(std::int32_t{}); return;
  case DType::UInt32: visit(std::uint32_t{}); return;
  case DType::Int64: visit(std::int64_t{}); return;
  case DType::UInt64: visit(std::uint64_t{}); return;
  }
}

/// Whether double holds every value of `type` (all but the 64-bit
/// integers), so that an element read as double and stored back is itself.
inline bool exact_in_double(DType type) noexcept {
  return type != DType::Int64 && type != DType::UInt64;
}

inline bool is_unsigned(DType type) noexcept {
  return type == DType::Bool || type == DType::UInt8 || type == DType::UInt16 ||
         type == DType::UInt32 || type == DType::UInt64;
}

/// `(T)value` for an integer T, as 64 bits whose low bits are the
/// element's.
template <typename T> std::uint64_t c_cast_bits(double value) noexcept {
  if constexpr (std::is_same_v<T, std::uint64_t>)
    // NaN compares false, so it takes the first branch.
    return !(value >= 0x1p63)
               ? static_cast<std::uint64_t>(truncate_to_int64(value))
               : static_cast<std::uint64_t>(truncate_to_int64(value - 0x1p63)) ^ (1ULL << 63);
  else if constexpr (std::is_same_v<T, std::uint32_t> || std::is_same_v<T, std::int64_t>)
    return static_cast<std::uint64_t>(truncate_to_int64(value));
  else
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(truncate_to_int32(value)));
}

/// `(T)value` in C: how scipy.ndimage's line buffers (generic_filter1d,
/// the spline prefilter) store their results.
template <typename T> T c_cast(double value) noexcept {
  if constexpr (std::is_floating_point_v<T>)
    return static_cast<T>(value);
  else
    return static_cast<T>(c_cast_bits<T>(value));
}

/// `value` as an element of type T, as scipy.ndimage's filters store it.
template <typename T> T cast_from_double(double value) noexcept {
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(value);
  } else if constexpr (std::is_unsigned_v<T>) {
    // Wrapping negation, as C's on unsigned types.
    return static_cast<T>(value > -1.0 ? c_cast_bits<T>(value) : 0 - c_cast_bits<T>(-value));
  } else {
    return static_cast<T>(c_cast_bits<T>(value));
  }
}

/// Stores `value` at `at` (unaligned) as an element of `type`, as
/// scipy.ndimage's filters do.
inline void store_as(DType type, double value, char *at) noexcept {
  visit_element_type(type, [&]<typename T>(T) {
    const T element = cast_from_double<T>(value);
    std::memcpy(at, &element, sizeof element);
  });
}

/// The element of `type` at `at` (unaligned) as a double, as C converts it.
inline double load_as_double(DType type, const char *at) noexcept {
  double value = 0.0;
  visit_element_type(type, [&]<typename T>(T) {
    T element;
    std::memcpy(&element, at, sizeof element);
    value = static_cast<double>(element);
  });
  return value;
}

} // namespace llcjit::numeric
