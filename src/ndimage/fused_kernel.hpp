// A filter's kernel as the line walk of generic_filter.cpp calls it: the
// formula's SciPy entry point for gathered neighbourhoods and, fused, its
// loops over a stretch of a line read in place.
#pragma once

#include <llcjit/ndimage.hpp>

#include <cstddef>
#include <cstdint>

namespace llcjit::ndimage {

/// How each output element is computed.
struct Kernel {
  using Rows = void(const void *centre, void *output, std::intptr_t count, const double *params);

  FilterFunction *function; // on a gathered neighbourhood
  void *user_data;
  Rows *rows = nullptr;           // fused: a stretch of interior elements at once
  const double *params = nullptr; // the fused kernel's parameter values
  // Fused, for a 64-byte aligned contiguous output: non-temporal stores.
  Rows *streaming_rows = nullptr;
  std::ptrdiff_t input_item = sizeof(double), output_item = sizeof(double);
  // Where, from an element, lies the neighbour whose input a line walk
  // reaches first: the footprint's last cell in C order.
  std::ptrdiff_t leading_offset = 0;
  // Fused over skewed rows (skewed_rows.hpp): the footprint's first row
  // and its height; a height of 0 reads the input in place.
  std::ptrdiff_t skew_low = 0, skew_height = 0;
};

/// Elements [0, count) of a stretch through the fused kernel, reading
/// from `in` (`in_step` bytes apart) and writing `out`: streamed, with
/// prefetches ahead of the reads, where the kernel streams.
void run_interior(const Kernel &kernel, const char *in, char *out, std::ptrdiff_t count,
                  std::ptrdiff_t in_step);

} // namespace llcjit::ndimage
