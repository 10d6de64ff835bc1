// The definitions of sorting_network.hpp: comparator networks that sort a
// fixed number of values.
#include "codegen/sorting_network.hpp"

#include <algorithm>

namespace llcjit::codegen {

std::vector<std::pair<std::size_t, std::size_t>> sorting_network(std::size_t n) {
  std::size_t padded = 1;
  while (padded < n)
    padded *= 2;
  // Padding at the end stands for +inf: a comparator with one end there
  // leaves both values where they are, so dropping it changes nothing.
  std::vector<std::pair<std::size_t, std::size_t>> comparators;
  for (std::size_t p = 1; p < padded; p *= 2)
    for (std::size_t k = p; k >= 1; k /= 2)
      for (std::size_t j = k % p; j + k < padded; j += 2 * k)
        for (std::size_t i = 0; i < std::min(k, padded - j - k); ++i)
          if ((i + j) / (2 * p) == (i + j + k) / (2 * p) && i + j + k < n)
            comparators.emplace_back(i + j, i + j + k);
  return comparators;
}

} // namespace llcjit::codegen
