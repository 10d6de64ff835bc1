// The element types of the arrays llcjit's filters read and write: NumPy's
// real dtypes in native byte order.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

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

} // namespace llcjit
