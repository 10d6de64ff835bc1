// The element types of the arrays llcjit's filters read and write: NumPy's
// real dtypes in native byte order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

namespace llcjit {

/// An array's element type. A filter reads any of them as double and writes
/// its double results converted as scipy.ndimage does (docs/filters.md).
enum class DType : unsigned char {
  Float64,
  Float32,
  Bool, ///< NumPy's bool: one byte, written as uint8 is
  Int8,
  UInt8,
  Int16,
  UInt16,
  Int32,
  UInt32,
  Int64,
  UInt64,
};

/// NumPy's name: "float64", "bool", "uint16", ...
std::string_view to_string(DType type) noexcept;
/// NumPy's names above; std::nullopt for anything else.
std::optional<DType> parse_dtype(std::string_view name) noexcept;
/// The bytes of one element.
std::size_t item_size(DType type) noexcept;

/// The dtype of elements of C++ type T; a compile error for a type that is
/// none of them (so that a buffer's type cannot be mistaken).
template <typename T> constexpr DType dtype_of() noexcept {
  if constexpr (std::is_same_v<T, double>)
    return DType::Float64;
  else if constexpr (std::is_same_v<T, float>)
    return DType::Float32;
  else if constexpr (std::is_same_v<T, bool>)
    return DType::Bool;
  else if constexpr (std::is_same_v<T, std::int8_t>)
    return DType::Int8;
  else if constexpr (std::is_same_v<T, std::uint8_t>)
    return DType::UInt8;
  else if constexpr (std::is_same_v<T, std::int16_t>)
    return DType::Int16;
  else if constexpr (std::is_same_v<T, std::uint16_t>)
    return DType::UInt16;
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return DType::Int32;
  else if constexpr (std::is_same_v<T, std::uint32_t>)
    return DType::UInt32;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return DType::Int64;
  else if constexpr (std::is_same_v<T, std::uint64_t>)
    return DType::UInt64;
  else
    static_assert(sizeof(T) == 0, "not an element type llcjit's arrays hold");
}

} // namespace llcjit
