// --size and --footprint as `llcjit filter`, `ir` and `asm` read them.
#pragma once

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <string>

namespace llcjit::tool {

/// The footprint of --size (a box, "3x3", or "5" for every one of `rank`
/// axes) or --footprint (a shape NAME[:R] in `rank` axes, or a .npy mask);
/// exactly one of them is given. Throws UsageError naming the argument.
Footprint footprint_of(const std::string &size, const std::string &footprint, std::size_t rank);

} // namespace llcjit::tool
