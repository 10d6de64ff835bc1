// The REPL's :time: how long the current formula takes to compile, and to
// run once through its SciPy entry point.
#include "session.hpp"

#include "cli.hpp"
#include "formula_commands.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <vector>

#include <fmt/format.h>

namespace llcjit::tool {

// Compile time, each time with a new engine (an engine keeps its last
// results, so a second compile there would be a cache hit), and the cost of
// one call through the kind's SciPy entry point with the bindings.
void Session::time() const {
  const Callback &callback = current();
  using Clock = std::chrono::steady_clock;
  Options options = formula_options();
  options.definitions = Engine::default_engine().definitions();
  double best = std::numeric_limits<double>::infinity();
  for (int repeat = 0; repeat < 5; ++repeat) {
    Engine engine;
    const auto start = Clock::now();
    engine.compile(formula_, options);
    best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  fmt::print("compile: {:.2f} ms (best of 5)\n", best);
  const Bindings bound = bound_values();
  try {
    evaluate(callback, bound, UnknownNames::Ignore); // every value is there
  } catch (const UsageError &missing) {
    hint(fmt::format("per call: {}", missing.what()));
    return;
  }
  std::vector<double> params;
  for (const std::string &name : callback.parameters())
    params.push_back(bound.at(name).at(0));
  std::vector<double> point;
  for (const std::string &name : callback.variables())
    point.push_back(bound.contains(name) ? bound.at(name).at(0) : 0.0);
  std::vector<double> values =
      bound.contains("values") ? bound.at("values") : std::vector<double>{};
  volatile double sink = 0;
  // Calls `call` for at least 0.1 s; nanoseconds per call.
  auto measure = [](auto call) {
    long calls = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    while (elapsed < 0.1) {
      for (int i = 0; i < 1000; ++i)
        call();
      calls += 1000;
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    return elapsed * 1e9 / static_cast<double>(calls);
  };
  double nanoseconds;
  Entry entry;
  if (callback.kind() == Kind::Quad) {
    auto *f = callback.as<double(double, void *)>();
    nanoseconds = measure([&, f] { sink = f(point[0], params.data()); });
    entry = Entry::ScalarUserData;
  } else if (callback.kind() == Kind::NQuad) {
    auto *f = callback.as<double(int, double *, void *)>();
    nanoseconds =
        measure([&, f] { sink = f(static_cast<int>(point.size()), point.data(), params.data()); });
    entry = Entry::ArrayUserData;
  } else if (callback.kind() == Kind::Filter) {
    auto *f = callback.as<int(double *, std::intptr_t, double *, void *)>();
    nanoseconds = measure([&, f] {
      double result;
      f(values.data(), static_cast<std::intptr_t>(values.size()), &result, params.data());
      sink = result;
    });
    entry = Entry::Filter;
  } else {
    hint("per call: timed for quad, nquad and filter kernels");
    return;
  }
  fmt::print("call: {:.1f} ns through '{}'\n", nanoseconds, callback.signature(entry));
}

} // namespace llcjit::tool
