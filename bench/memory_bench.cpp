// Resident set growth over 10,000 distinct compiles whose handles are
// dropped: released code must not accumulate.
#include <llcjit/llcjit.hpp>

#include <fmt/format.h>

#include <fstream>
#include <string>
#include <unistd.h>

namespace {

double resident_megabytes() {
  std::ifstream statm("/proc/self/statm");
  long total = 0, resident = 0;
  statm >> total >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1e6;
}

void compile_many(llcjit::Engine &engine, int count, int offset) {
  for (int i = 0; i < count; ++i) {
    const llcjit::Callback f =
        engine.compile(fmt::format("exp(-a*x*x) * {} + median(values)", offset + i),
                       {.kind = llcjit::Kind::Filter});
    (void)f;
  }
}

} // namespace

int main() {
  llcjit::Engine engine;
  // Warm up so that one-time allocations (LLVM's tables, the allocator's
  // arenas) are not counted as growth.
  compile_many(engine, 1000, 0);
  const double before = resident_megabytes();
  compile_many(engine, 10000, 1000);
  const double after = resident_megabytes();
  fmt::print("{{\"rss_before_mb\": {:.1f}, \"rss_after_mb\": {:.1f}, "
             "\"growth_mb\": {:.1f}, \"compiles\": 10000}}\n",
             before, after, after - before);
}
