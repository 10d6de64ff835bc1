// The JIT: compiles formulas to native code for the host CPU.
#pragma once

#include <llcjit/callback.hpp>
#include <llcjit/options.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace llcjit {

namespace detail {
class EngineImpl;
}

/// Owns one LLVM ORC JIT targeting the host CPU, optimising at O2. Thread-safe:
/// compile from many threads at once. Compiling the same source with the same
/// options while an earlier result is alive returns that result; the last 16
/// results are kept alive, so that a formula given again soon (as a string to
/// each call of a driver) is compiled once.
class Engine {
public:
  Engine();
  ~Engine();
  Engine(const Engine &) = delete;
  Engine &operator=(const Engine &) = delete;

  /// Compiles `source`; throws CompileError on a bad formula.
  Callback compile(std::string_view source, const Options &options = {});
  /// Whether compile(source, options) would find its code compiled already:
  /// a result alive in this engine, or optimised code in the disk cache
  /// (docs/design.md). Compiles nothing; a drivers' choice between
  /// compiling a fused kernel and running without it.
  bool has_compiled(std::string_view source, const Options &options = {});
  /// The optimised LLVM IR that compile() would run.
  std::string ir(std::string_view source, const Options &options = {});
  /// The native assembly that compile() would run.
  std::string assembly(std::string_view source, const Options &options = {});

  /// Defines a function or a constant for every formula this engine
  /// compiles from now on, as if each formula's Options::definitions began
  /// with it: `define("sq(t) = t*t")`, `define("g = 9.81")`. A definition
  /// may use builtins and the definitions before it; a name defined again
  /// takes the new meaning in formulas compiled after. Throws CompileError
  /// (pointing into `definition`) for one that does not parse or check.
  void define(std::string_view definition);
  /// The definitions made so far, in order.
  std::vector<std::string> definitions() const;

  /// The process-wide engine behind the free functions.
  static Engine &default_engine();

private:
  std::shared_ptr<detail::EngineImpl> impl_;
};

/// Compiles with the default engine.
Callback compile(std::string_view source, const Options &options = {});

} // namespace llcjit
