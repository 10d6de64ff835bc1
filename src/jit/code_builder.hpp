// From an analysed formula to entry points in memory, as Kaleidoscope's JIT
// does it: one LLJIT, to which modules are added as object files and looked
// up by symbol. Each formula's code goes in a JITDylib of its own, so its
// symbols have the same names in every process and its object code can be
// kept in the disk cache. Optimised code comes from the disk cache when it
// has it and is stored there when compiled; quick code is compiled each
// time, one entry point at a time (a fraction of a millisecond each), and
// never stored.
#pragma once

#include "codegen/codegen.hpp"
#include "jit/disk_cache.hpp"
#include "jit/pipeline.hpp"
#include "jit/tier_up.hpp"
#include "jit/toolchain_pool.hpp"

#include <llcjit/callback.hpp>
#include <llcjit/options.hpp>

#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <string>

namespace llvm::orc {
class JITDylib;
class LLJIT;
} // namespace llvm::orc

namespace llcjit::jit {

/// The address of each entry point, null where absent.
using EntryAddresses = std::array<void *, kEntryCount>;

class CodeBuilder {
public:
  /// For the host CPU, with the disk cache the environment asks for.
  CodeBuilder();
  ~CodeBuilder();

  /// A JITDylib for one formula's code, which sees the runtime symbols.
  llvm::orc::JITDylib &new_dylib();
  /// Frees a JITDylib and the code in it.
  void remove(llvm::orc::JITDylib &dylib) noexcept;

  /// The group's optimised entry points linked into `dylib`, from the disk
  /// cache when it has them (then `*from_disk` is set).
  EntryAddresses optimised(const Analysed &formula, const Options &options,
                           codegen::EntryGroup group, codegen::BatchMath math,
                           llvm::orc::JITDylib &dylib, bool *from_disk = nullptr);
  /// optimised() if the disk cache has the code; none otherwise.
  std::optional<EntryAddresses> cached(const Analysed &formula, const Options &options,
                                       codegen::EntryGroup group, codegen::BatchMath math,
                                       llvm::orc::JITDylib &dylib);
  /// One SciPy entry point at the quick tier, linked into `dylib` (a module
  /// of its own: what it calls is private to it); with `site`, counting its
  /// calls there.
  void *quick(const Analysed &formula, Entry entry, llvm::orc::JITDylib &dylib,
              const TierUpSite *site);

  /// The modules ir() and assembly() show, at `tier`: the SciPy entry
  /// points, then the batch entry point where the kind has it.
  std::string listing(std::string_view source, const Options &options, codegen::BatchMath math,
                      bool assembly);

  const llvm::orc::JITTargetMachineBuilder &machine() const { return toolchains_.builder(); }
  /// See code_identity.hpp.
  const std::string &identity() const noexcept { return identity_; }
  const std::optional<DiskCache> &disk() const noexcept { return disk_; }
  /// Whether the disk cache holds an entry for this code (not yet checked
  /// against its checksum: load() does that).
  bool on_disk(std::string_view source, const Options &options, codegen::EntryGroup group,
               codegen::BatchMath math) const;

private:
  void link(std::string_view object, llvm::orc::JITDylib &dylib);
  EntryAddresses look_up(const std::array<std::string, kEntryCount> &symbols,
                         llvm::orc::JITDylib &dylib);
  // The disk cache's key for this code; none when the cache is not used.
  std::optional<std::string> disk_key(std::string_view source, const Options &options,
                                      codegen::EntryGroup group, codegen::BatchMath math) const;
  // The entry under `key` linked into `dylib`; none when the cache has none.
  std::optional<EntryAddresses> load(const std::string &key, llvm::orc::JITDylib &dylib);

  ToolchainPool toolchains_;
  ToolchainPool quick_toolchains_;
  std::string identity_;
  std::optional<DiskCache> disk_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  std::atomic<std::uint64_t> next_dylib_{0};
};

} // namespace llcjit::jit
