// Fused filter kernels: a formula compiled once more for one footprint and
// one pair of strides, kept for the calls that follow.
#pragma once

#include <llcjit/callback.hpp>
#include <llcjit/options.hpp>

namespace llcjit::ndimage {

/// `kernel`'s formula compiled with Options::filter_layout = `layout`: its
/// Entry::FilterRows runs the interior of a line, its Entry::Filter the
/// border. The most recently used kernels stay compiled, so a driver called
/// again with the same formula, footprint and strides does not recompile.
Callback fused_kernel(const Callback &kernel, const FilterLayout &layout);

} // namespace llcjit::ndimage
