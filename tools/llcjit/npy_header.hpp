// The header of a .npy file: the Python dict literal NumPy writes, read as
// strictly as numpy.lib.format reads it (ast.literal_eval and its checks).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace llcjit::tool {

struct NpyHeader {
  std::string descr; ///< a simple dtype string such as '<f8'
  bool fortran_order = false;
  std::vector<std::ptrdiff_t> shape;
};

/// Parses `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`:
/// exactly those three keys, in any order, with single- or double-quoted
/// strings, a trailing comma allowed, and a shape of non-negative decimal
/// integers (each below 2^63). Throws UsageError("invalid .npy header: ...")
/// saying what is wrong and at which byte.
NpyHeader parse_npy_header(std::string_view text);

} // namespace llcjit::tool
