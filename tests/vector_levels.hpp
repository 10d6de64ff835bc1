// The vector levels this CPU runs (src/ndimage/vectors.hpp), SSE2 first:
// for the tests that compare every level's build with SSE2's.
#pragma once

#include "ndimage/vectors.hpp"

#include <vector>

inline std::vector<llcjit::ndimage::VectorLevel> levels_here() {
  using llcjit::ndimage::VectorLevel;
  std::vector<VectorLevel> levels = {VectorLevel::Sse2};
  const VectorLevel host = llcjit::ndimage::host_vector_level();
  if (host != VectorLevel::Sse2)
    levels.push_back(VectorLevel::Avx2);
  if (host == VectorLevel::Avx512)
    levels.push_back(VectorLevel::Avx512);
  return levels;
}
