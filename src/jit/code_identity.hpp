// Everything besides a formula and its options that the machine code
// compiled from it depends on, as one string: a disk-cache entry made under
// another identity is never loaded.
#pragma once

#include <string>
#include <string_view>

namespace llcjit::jit {

/// llcjit's version and this build of its library (path, size and time, so
/// a rebuilt library never loads its predecessor's code), LLVM's version,
/// the target triple, CPU and features (LLVM's "+avx2,-avx512f,..."), and
/// glibc's version (O2 folds libm calls on constants at compile time).
std::string code_identity(std::string_view triple, std::string_view cpu, std::string_view features);

} // namespace llcjit::jit
