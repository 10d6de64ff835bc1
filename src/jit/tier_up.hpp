// The Automatic tier's quick code counts its calls and, every kTierUpCalls
// calls, asks for optimised code; the entry points handed out are stubs
// (stub_pool.hpp) that jump to the quick code first and to the optimised
// code once it is compiled, so they stay valid throughout. Quick modules are
// never kept on disk, so the addresses they hold are baked in as constants.
#pragma once

#include <llcjit/callback.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace llvm {
class Module;
}

namespace llcjit::jit {

/// About a millisecond of calls: a formula called less never pays for an
/// optimised compile; one in a driver's loop is optimised early in it.
inline constexpr std::uint64_t kTierUpCalls = std::uint64_t{1} << 16;

/// Where a quick module's counter lives, and what it calls when hot.
struct TierUpSite {
  std::atomic<std::uint64_t> *calls;
  const void *code;
  void (*hot)(const void *code) noexcept;
};

/// Makes each entry point named in `symbols` count its calls at `site`.
void count_calls(llvm::Module &module, const std::array<std::string, kEntryCount> &symbols,
                 const TierUpSite &site);

} // namespace llcjit::jit
