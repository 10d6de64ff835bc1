// How many threads llcjit's drivers may be asked to run on.
#pragma once

namespace llcjit {

/// The most threads a driver (quad_sweep, generic_filter) takes; 0 means
/// all cores. More is a UsageError rather than an arena oneTBB cannot make
/// (65,537 threads crashed inside it).
inline constexpr unsigned kMaxThreads = 1024;

} // namespace llcjit
