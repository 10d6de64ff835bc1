// How much straight-line code a fused filter kernel's body unrolls: the
// measure of its compile time, which grows faster than linearly with it.
#pragma once

#include "frontend/ast.hpp"
#include "frontend/sema.hpp"

#include <cstddef>

namespace llcjit::codegen {

/// About how many IR operations the body of `program` emits per output
/// point for a footprint of `analysis.values_size` cells (reductions of at
/// most kMaxUnrolledReduction elements unrolled, medians and percentiles
/// of at most kMaxSortingNetwork sorted by a network, body_emitter.hpp).
/// An estimate to compare formulas by, not a count to the instruction;
/// llcjit::unrolled_operations (kernel_form.hpp) on a source.
double unrolled_operations(const frontend::Program &program, const frontend::Analysis &analysis);

} // namespace llcjit::codegen
