// The names and sizes of dtype.hpp's element types.
#include <llcjit/dtype.hpp>

#include <array>

namespace llcjit {

namespace {

struct Description {
  DType type;
  std::string_view name;
  std::size_t size;
};

constexpr std::array kDescriptions{
    Description{DType::Float64, "float64", 8}, Description{DType::Float32, "float32", 4},
    Description{DType::Bool, "bool", 1},       Description{DType::Int8, "int8", 1},
    Description{DType::UInt8, "uint8", 1},     Description{DType::Int16, "int16", 2},
    Description{DType::UInt16, "uint16", 2},   Description{DType::Int32, "int32", 4},
    Description{DType::UInt32, "uint32", 4},   Description{DType::Int64, "int64", 8},
    Description{DType::UInt64, "uint64", 8},
};

// Indexed by the enumerator's value.
constexpr bool in_enum_order() {
  for (std::size_t k = 0; k < kDescriptions.size(); ++k)
    if (static_cast<std::size_t>(kDescriptions[k].type) != k)
      return false;
  return true;
}
static_assert(in_enum_order());

const Description &describe(DType type) noexcept {
  return kDescriptions[static_cast<std::size_t>(type)];
}

} // namespace

std::string_view to_string(DType type) noexcept { return describe(type).name; }

std::size_t item_size(DType type) noexcept { return describe(type).size; }

std::optional<DType> parse_dtype(std::string_view name) noexcept {
  for (const Description &description : kDescriptions)
    if (description.name == name)
      return description.type;
  return std::nullopt;
}

} // namespace llcjit
