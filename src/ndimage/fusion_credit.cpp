// The definitions of fusion_credit.hpp, and the measurements behind them.
#include "ndimage/fusion_credit.hpp"

#include "ndimage/kernel_memo.hpp"

#include <llcjit/engine.hpp>
#include <llcjit/kernel_form.hpp>

#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace llcjit::ndimage {

namespace {

// Fitted on this project's VM (docs/performance.md, "A fused compile that
// pays for itself"): medians of 3x3 to 8x8 (148 to 2428 operations),
// chains of two and four 8x8 medians (4984, 10096) and of forty (102,000:
// 67 s), and sums of 5x5 to 15x15 squares compile in 7e-6 s * n^1.38 for n
// operations, within a factor of 1.5 from 600 operations up.
constexpr double kCompileSecondsScale = 7e-6;
constexpr double kCompileExponent = 1.38;
// What each unrolled operation saves per output element against the
// SciPy entry point, which loops over the footprint and calls the
// runtime's reductions: (929 - 29) ms over 1024^2 elements for an 8x8
// median's 2428 operations.
constexpr double kSavedSecondsPerOperation = 0.37e-9;
// Formulas, and layouts of one formula, whose credit is kept; past this
// many the oldest credit is of calls long gone, and all of it is dropped.
constexpr std::size_t kCreditedFormulas = 1024;
constexpr std::size_t kCreditedLayouts = 16;

struct Credit {
  Options fused;
  double seconds_saved = 0.0; // by the fused kernel, had it been compiled
  bool compiled = false;
};

std::mutex credit_mutex;
// By the source's hash (a formula may be a megabyte; two sharing a hash
// only share their credit), then by options (a layout per image width and
// dtype).
std::unordered_map<std::size_t, std::vector<Credit>> credits;

} // namespace

double fused_compile_seconds(double operations) {
  return kCompileSecondsScale * std::pow(operations, kCompileExponent);
}

double fused_operations(const Callback &kernel, std::size_t cells) {
  return per_thread_memo(kernel, cells, [&] {
    Options analysed = kernel.options();
    analysed.values_size = cells;
    return unrolled_operations(kernel.source(), analysed);
  });
}

bool fusion_pays(double operations, std::size_t points, unsigned threads, std::string_view source,
                 const Options &fused) {
  const double compile = fused_compile_seconds(operations);
  if (compile <= kFreeCompileSeconds || Engine::default_engine().has_compiled(source, fused))
    return true;
  std::lock_guard lock(credit_mutex);
  const std::size_t key = std::hash<std::string_view>{}(source);
  if (credits.size() >= kCreditedFormulas && !credits.contains(key))
    credits.clear();
  std::vector<Credit> &layouts = credits[key];
  auto credit = std::find_if(layouts.begin(), layouts.end(),
                             [&](const Credit &c) { return c.fused == fused; });
  if (credit == layouts.end()) {
    if (layouts.size() >= kCreditedLayouts)
      layouts.clear();
    credit = layouts.insert(layouts.end(), Credit{fused});
  }
  const int sharing =
      threads != 0 ? static_cast<int>(threads) : tbb::this_task_arena::max_concurrency();
  credit->seconds_saved += static_cast<double>(points) * operations * kSavedSecondsPerOperation /
                           static_cast<double>(std::max(sharing, 1));
  credit->compiled = credit->compiled || credit->seconds_saved >= compile;
  return credit->compiled;
}

} // namespace llcjit::ndimage
