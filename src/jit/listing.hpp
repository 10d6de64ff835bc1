// IR and assembly listings for people to read (Engine::ir, Engine::assembly):
// each entry point named by its role and C signature instead of the
// unique symbol the JIT links it under.
#pragma once

#include "codegen/codegen.hpp"

namespace llcjit::jit {

/// Renames the module's entry points to "ROLE: SIGNATURE", e.g.
/// "generic_filter: int (double *, intptr_t, double *, void *)". The module
/// is for a listing only: linked, the names would clash across modules.
void name_entry_points_for_listing(codegen::EmittedModule &emitted);

} // namespace llcjit::jit
