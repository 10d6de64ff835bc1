// The definitions of code_builder.hpp: from an analysed formula to entry
// points in memory.
#include "jit/code_builder.hpp"

#include "codegen/runtime.hpp"
#include "jit/cached_object.hpp"
#include "jit/code_cache.hpp"
#include "jit/code_identity.hpp"
#include "jit/listing.hpp"
#include "jit/llvm_errors.hpp"

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/DynamicLibrary.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>

#include <mutex>

#include <fmt/format.h>

namespace llcjit::jit {

namespace {

void initialise_llvm_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
    // The vectoriser turns exp, sin, ... into calls of glibc's vector
    // variants (_ZGVdN4v_exp); make them resolvable. Harmless if absent.
    llvm::sys::DynamicLibrary::LoadLibraryPermanently("libmvec.so.1");
  });
}

llvm::orc::JITTargetMachineBuilder host_machine() {
  initialise_llvm_once();
  auto builder = unwrap(llvm::orc::JITTargetMachineBuilder::detectHost(), "detect the host CPU");
  builder.setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
  // As LLJIT compiles for JITLink: a JIT's TargetMachine would otherwise
  // use the large code model, whose absolute addressing LLVM's fast
  // instruction selector does not handle, and which costs every call and
  // constant a 64-bit immediate. JITLink builds the GOT and stubs.
  builder.setCodeModel(llvm::CodeModel::Small);
  builder.setRelocationModel(llvm::Reloc::PIC_);
  return builder;
}

// The same machine, generating code at `level` (the quick tier's None).
llvm::orc::JITTargetMachineBuilder with_level(llvm::orc::JITTargetMachineBuilder builder,
                                              llvm::CodeGenOptLevel level) {
  builder.setCodeGenOptLevel(level);
  return builder;
}

// Each group's symbols start with the group's name, so that the groups of
// one formula, and its quick and optimised code, share its JITDylib.
std::string_view symbol_prefix(codegen::EntryGroup group) {
  return group == codegen::EntryGroup::Scipy ? "scipy." : "batch.";
}
constexpr std::string_view kQuickPrefix = "quick.";

// Leaves `module` holding the entry point `keep` and what it calls (the
// function holding the formula), private: a module per entry point then
// costs what that entry point needs, and its helpers never clash with
// another module's.
void keep_only(llvm::Module &module, std::array<std::string, kEntryCount> &symbols, Entry keep) {
  for (std::size_t i = 0; i < kEntryCount; ++i)
    if (!symbols[i].empty() && i != static_cast<std::size_t>(keep)) {
      module.getFunction(symbols[i])->setLinkage(llvm::GlobalValue::InternalLinkage);
      symbols[i].clear();
    }
  for (auto function = module.begin(); function != module.end();) {
    llvm::Function &candidate = *function++;
    if (candidate.hasLocalLinkage() && candidate.use_empty())
      candidate.eraseFromParent();
  }
}

} // namespace

CodeBuilder::CodeBuilder()
    : toolchains_(host_machine()),
      quick_toolchains_(with_level(toolchains_.builder(), llvm::CodeGenOptLevel::None)),
      identity_(code_identity(toolchains_.builder().getTargetTriple().str(),
                              toolchains_.builder().getCPU(),
                              toolchains_.builder().getFeatures().getString())),
      disk_(DiskCache::from_environment()) {
  jit_ =
      unwrap(llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(toolchains_.builder()).create(),
             "create the JIT");
  llvm::orc::SymbolMap runtime;
  for (const codegen::RuntimeSymbol &symbol : codegen::runtime_symbols())
    runtime[jit_->mangleAndIntern(llvm::StringRef(symbol.name.data(), symbol.name.size()))] = {
        llvm::orc::ExecutorAddr::fromPtr(symbol.address),
        llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
  check(jit_->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(runtime))),
        "define the runtime symbols");
}

CodeBuilder::~CodeBuilder() = default;

llvm::orc::JITDylib &CodeBuilder::new_dylib() {
  llvm::orc::JITDylib &dylib =
      unwrap(jit_->createJITDylib(fmt::format("llcjit.{}", next_dylib_.fetch_add(1))),
             "create a JITDylib");
  dylib.addToLinkOrder(jit_->getMainJITDylib());
  return dylib;
}

void CodeBuilder::remove(llvm::orc::JITDylib &dylib) noexcept {
  llvm::consumeError(jit_->getExecutionSession().removeJITDylib(dylib));
}

std::optional<std::string> CodeBuilder::disk_key(std::string_view source, const Options &options,
                                                 codegen::EntryGroup group,
                                                 codegen::BatchMath math) const {
  if (!disk_ || !options.disk_cache)
    return std::nullopt;
  return fmt::format("{}|{}|{}{}|{}", identity_, symbol_prefix(group), math.vector_math,
                     math.inline_exp, detail::CodeCache::key(source, options, /*with_tier=*/false));
}

bool CodeBuilder::on_disk(std::string_view source, const Options &options,
                          codegen::EntryGroup group, codegen::BatchMath math) const {
  // A key is made only where there is a disk cache.
  const std::optional<std::string> key = disk_key(source, options, group, math);
  return key && disk_ && disk_->contains(*key);
}

EntryAddresses CodeBuilder::optimised(const Analysed &formula, const Options &options,
                                      codegen::EntryGroup group, codegen::BatchMath math,
                                      llvm::orc::JITDylib &dylib, bool *from_disk) {
  const std::optional<std::string> key = disk_key(formula.program.source, options, group, math);
  if (key)
    if (std::optional<EntryAddresses> found = load(*key, dylib)) {
      if (from_disk)
        *from_disk = true;
      return *found;
    }
  CachedObject compiled;
  {
    const ToolchainPool::Borrowed tools = toolchains_.borrow();
    Lowered lowered = lower(formula, *tools, group, math, symbol_prefix(group));
    compiled.object = tools->emit_object(*lowered.emitted.module)->getBuffer().str();
    compiled.symbols = std::move(lowered.emitted.symbols);
  }
  if (key && disk_)
    disk_->store(*key, pack(compiled));
  link(compiled.object, dylib);
  return look_up(compiled.symbols, dylib);
}

std::optional<EntryAddresses> CodeBuilder::cached(const Analysed &formula, const Options &options,
                                                  codegen::EntryGroup group,
                                                  codegen::BatchMath math,
                                                  llvm::orc::JITDylib &dylib) {
  const std::optional<std::string> key = disk_key(formula.program.source, options, group, math);
  return key ? load(*key, dylib) : std::nullopt;
}

std::optional<EntryAddresses> CodeBuilder::load(const std::string &key,
                                                llvm::orc::JITDylib &dylib) {
  if (!disk_)
    return std::nullopt;
  const std::optional<std::string> payload = disk_->load(key);
  if (!payload)
    return std::nullopt;
  const std::optional<CachedObject> object = unpack(*payload);
  if (!object)
    return std::nullopt;
  link(object->object, dylib);
  return look_up(object->symbols, dylib);
}

void *CodeBuilder::quick(const Analysed &formula, Entry entry, llvm::orc::JITDylib &dylib,
                         const TierUpSite *site) {
  const ToolchainPool::Borrowed tools = quick_toolchains_.borrow();
  Lowered lowered = lower(formula, *tools, codegen::EntryGroup::Scipy, {}, kQuickPrefix);
  std::array<std::string, kEntryCount> &symbols = lowered.emitted.symbols;
  keep_only(*lowered.emitted.module, symbols, entry);
  if (site)
    count_calls(*lowered.emitted.module, symbols, *site);
  link(tools->emit_object(*lowered.emitted.module)->getBuffer(), dylib);
  return look_up(symbols, dylib)[static_cast<std::size_t>(entry)];
}

std::string CodeBuilder::listing(std::string_view source, const Options &options,
                                 codegen::BatchMath math, bool assembly) {
  const Analysed formula = analyse(source, options);
  std::string text;
  llvm::raw_string_ostream stream(text);
  auto show = [&](Toolchain &tools, codegen::EntryGroup group, codegen::BatchMath group_math) {
    Lowered lowered = lower(formula, tools, group, group_math, symbol_prefix(group));
    name_entry_points_for_listing(lowered.emitted);
    if (assembly)
      stream << tools.emit_assembly(*lowered.emitted.module);
    else
      lowered.emitted.module->print(stream, nullptr);
  };
  {
    const ToolchainPool::Borrowed tools =
        options.tier == Tier::Quick ? quick_toolchains_.borrow() : toolchains_.borrow();
    show(*tools, codegen::EntryGroup::Scipy, {});
  }
  if (formula.analysis.kind == Kind::Quad)
    show(*toolchains_.borrow(), codegen::EntryGroup::Batch, math);
  return text;
}

void CodeBuilder::link(std::string_view object, llvm::orc::JITDylib &dylib) {
  check(jit_->addObjectFile(dylib, llvm::MemoryBuffer::getMemBufferCopy(
                                       llvm::StringRef(object.data(), object.size()))),
        "add compiled code to the JIT");
}

EntryAddresses CodeBuilder::look_up(const std::array<std::string, kEntryCount> &symbols,
                                    llvm::orc::JITDylib &dylib) {
  // One lookup for all: each one runs the session's whole lookup machinery.
  llvm::orc::SymbolLookupSet wanted;
  std::array<llvm::orc::SymbolStringPtr, kEntryCount> names;
  for (std::size_t i = 0; i < kEntryCount; ++i)
    if (!symbols[i].empty())
      wanted.add(names[i] = jit_->mangleAndIntern(symbols[i]));
  const llvm::orc::SymbolMap found =
      unwrap(jit_->getExecutionSession().lookup(llvm::orc::makeJITDylibSearchOrder(&dylib),
                                                std::move(wanted)),
             "link compiled code");
  EntryAddresses addresses{};
  for (std::size_t i = 0; i < kEntryCount; ++i)
    if (names[i])
      addresses[i] = found.at(names[i]).getAddress().toPtr<void *>();
  return addresses;
}

} // namespace llcjit::jit
