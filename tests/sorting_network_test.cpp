// The comparator networks behind median and percentile of a known size sort
// every input: all 0/1 inputs up to 16 values (which, by the 0-1 principle,
// proves the network sorts anything of that size), and random permutations
// with ties up to 64.
#include "codegen/sorting_network.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace {

template <typename T>
void apply(const std::vector<std::pair<std::size_t, std::size_t>> &network,
           std::vector<T> &values) {
  for (const auto &[i, j] : network) {
    ASSERT_LT(i, j);
    ASSERT_LT(j, values.size());
    if (values[j] < values[i])
      std::swap(values[i], values[j]);
  }
}

TEST(SortingNetwork, SortsEveryZeroOneInputUpTo16) {
  for (std::size_t n = 1; n <= 16; ++n) {
    const auto network = llcjit::codegen::sorting_network(n);
    for (std::uint32_t bits = 0; bits < (1u << n); ++bits) {
      std::vector<int> values(n);
      for (std::size_t i = 0; i < n; ++i)
        values[i] = (bits >> i) & 1;
      apply(network, values);
      ASSERT_TRUE(std::is_sorted(values.begin(), values.end())) << n << " " << bits;
    }
  }
}

TEST(SortingNetwork, SortsRandomInputsUpTo64) {
  std::mt19937 random(7);
  for (std::size_t n = 17; n <= 64; ++n) {
    const auto network = llcjit::codegen::sorting_network(n);
    for (int trial = 0; trial < 200; ++trial) {
      std::vector<int> values(n);
      for (int &value : values)
        value = static_cast<int>(random() % (n / 2 + 1));
      std::vector<int> expected = values;
      std::sort(expected.begin(), expected.end());
      apply(network, values);
      ASSERT_EQ(values, expected) << n;
    }
  }
}

TEST(SortingNetwork, SizeOfBatchersNetworks) {
  // Knuth's table for Batcher's odd-even merge: 19 comparators for 8 values,
  // 63 for 16, 191 for 32, 543 for 64.
  EXPECT_EQ(llcjit::codegen::sorting_network(8).size(), 19u);
  EXPECT_EQ(llcjit::codegen::sorting_network(16).size(), 63u);
  EXPECT_EQ(llcjit::codegen::sorting_network(32).size(), 191u);
  EXPECT_EQ(llcjit::codegen::sorting_network(64).size(), 543u);
  EXPECT_TRUE(llcjit::codegen::sorting_network(1).empty());
}

} // namespace
