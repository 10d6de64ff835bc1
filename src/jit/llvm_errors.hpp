// LLVM's Expected and Error as llcjit's JitError, naming what was being done.
#pragma once

#include <llcjit/errors.hpp>

#include <llvm/Support/Error.h>

#include <string_view>
#include <type_traits>

#include <fmt/format.h>

namespace llcjit::jit {

template <typename T> T unwrap(llvm::Expected<T> value, std::string_view doing) {
  if (!value)
    throw JitError(fmt::format("LLVM failed to {}: {}", doing, llvm::toString(value.takeError())));
  if constexpr (std::is_reference_v<T>)
    return *value;
  else
    return std::move(*value);
}

inline void check(llvm::Error error, std::string_view doing) {
  if (error)
    throw JitError(fmt::format("LLVM failed to {}: {}", doing, llvm::toString(std::move(error))));
}

} // namespace llcjit::jit
