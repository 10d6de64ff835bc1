// The definitions an Engine holds for every formula it compiles
// (Engine::define): checked when made, and put in front of each compile's
// own Options::definitions.
#pragma once

#include <llcjit/options.hpp>

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace llcjit::jit {

class EngineDefinitions {
public:
  /// Adds `definition` after the others; throws CompileError (and keeps the
  /// list as it was) when it does not parse or check after them.
  void define(std::string_view definition);
  std::vector<std::string> list() const;

  /// `options` with this engine's definitions in front of its own, unless
  /// they are already there: the options a callback of this engine carries,
  /// compiled again (a fused filter kernel), keep them once.
  Options apply(const Options &options) const;

private:
  mutable std::mutex mutex_;
  std::vector<std::string> definitions_;
};

} // namespace llcjit::jit
