// `llcjit demo`: the seed formulas compiled, called and timed.
#pragma once

namespace llcjit::tool {

int run_demo();

} // namespace llcjit::tool
