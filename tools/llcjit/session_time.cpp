// The REPL's :time: how long the current formula takes to compile at each
// tier and to load from the disk cache, and to run once through its SciPy
// entry point.
#include "session.hpp"

#include "cli.hpp"
#include "formula_commands.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

using Clock = std::chrono::steady_clock;

// The best of five compiles, each in a new engine (an engine keeps its last
// results, so a second compile there would not compile), with one entry
// point ready; null when the compiles did not come from where `from_disk`
// says.
std::optional<double> best_compile(const std::string &formula, const Options &options,
                                   bool from_disk) {
  double best = std::numeric_limits<double>::infinity();
  for (int repeat = 0; repeat < 5; ++repeat) {
    Engine engine;
    const auto start = Clock::now();
    const Callback callback = engine.compile(formula, options);
    callback.address(callback.entries().front()); // quick code is compiled on first use
    best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (callback.from_disk_cache() != from_disk)
      return std::nullopt;
  }
  return best;
}

} // namespace

// Compile time at each tier and from the disk cache, and the cost of one
// call through the kind's SciPy entry point with the bindings.
void Session::time() const {
  const Callback &callback = current();
  Options options = formula_options();
  options.definitions = Engine::default_engine().definitions();
  options.disk_cache = false;
  options.tier = Tier::Quick;
  const double quick = best_compile(formula_, options, false).value_or(0);
  options.tier = Tier::Optimised;
  const double optimised = best_compile(formula_, options, false).value_or(0);
  options.disk_cache = true;
  Engine().compile(formula_, options); // now in the disk cache, if there is one
  const std::optional<double> loaded = best_compile(formula_, options, true);
  fmt::print("compile: quick tier {:.2f} ms, optimised tier {:.2f} ms, {} (best of 5, each "
             "in a new engine)\n",
             quick, optimised,
             loaded ? fmt::format("from the disk cache {:.2f} ms", *loaded)
                    : std::string("no disk cache (LLCJIT_CACHE=off, or its directory is not "
                                  "writable)"));
  // Before the calls below, which may make an Automatic formula tier up.
  const std::string origin = origin_of(callback);
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
  fmt::print("call: {:.1f} ns through '{}' (this formula's code: {}; running {} now)\n",
             nanoseconds, callback.signature(entry), origin, to_string(callback.tier()));
}

} // namespace llcjit::tool
