// `llcjit demo`: the seed formulas compiled, called and timed, and the seed
// quadrature sweep.
#pragma once

namespace llcjit::tool {

int run_demo();

} // namespace llcjit::tool
