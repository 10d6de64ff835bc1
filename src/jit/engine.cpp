// The JIT behind every compile, shaped as Kaleidoscope's: one LLJIT per
// Engine, to which the pipeline's modules are added as object files and
// looked up by symbol. The pipeline itself (pipeline.cpp), the cache of live
// results (code_cache.cpp), the pool of toolchains (toolchain_pool.cpp) and
// the check of glibc's exp (exp_check.cpp) live beside it.
#include <llcjit/engine.hpp>
#include <llcjit/errors.hpp>

#include "codegen/codegen.hpp"
#include "codegen/runtime.hpp"
#include "jit/code_cache.hpp"
#include "jit/compiled_code.hpp"
#include "jit/engine_definitions.hpp"
#include "jit/exp_check.hpp"
#include "jit/listing.hpp"
#include "jit/llvm_errors.hpp"
#include "jit/pipeline.hpp"
#include "jit/toolchain_pool.hpp"

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/DynamicLibrary.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Host.h>

#include <atomic>
#include <mutex>

#include <fmt/format.h>

namespace llcjit {
namespace detail {

namespace {

using jit::check;
using jit::Lowered;
using jit::unwrap;

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
  return builder;
}

} // namespace

class EngineImpl : public std::enable_shared_from_this<EngineImpl> {
public:
  EngineImpl() : toolchains_(host_machine()) {
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

  Callback compile(std::string_view source, const Options &options);
  std::string ir(std::string_view source, const Options &options);
  std::string assembly(std::string_view source, const Options &options);
  void *compile_batch(const CompiledCode &code);
  jit::EngineDefinitions &definitions() noexcept { return definitions_; }
  void release(CompiledCode &code) noexcept;
  // Breaks the cycle between this engine and the results it keeps, which
  // hold it: called when the Engine that owns it goes.
  void forget_recent() noexcept { cache_.forget_recent(); }

  static Callback wrap(std::shared_ptr<const CompiledCode> code) {
    return Callback(std::move(code));
  }

private:
  Lowered lower(std::string_view source, const Options &options, jit::Toolchain &tools,
                codegen::EntryGroup group, codegen::BatchMath math = {}) {
    return jit::lower(source, options, tools, group, math,
                      fmt::format("llcjit.{}.", next_module_.fetch_add(1)));
  }
  std::vector<Lowered> lower_all(std::string_view source, const Options &options,
                                 jit::Toolchain &tools);
  // Links a module's object code under `tracker`; returns the address of
  // each of its entry points (null where it has none).
  std::array<void *, kEntryCount> link(const Lowered &lowered, jit::Toolchain &tools,
                                       const llvm::orc::ResourceTrackerSP &tracker);
  codegen::BatchMath batch_math(const Options &options);
  bool inline_exp_matches_libm();
  bool probe_inline_exp();

  jit::ToolchainPool toolchains_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  std::atomic<std::uint64_t> next_module_{0};
  CodeCache cache_;
  std::once_flag inline_exp_once_;
  bool inline_exp_ = false;
  jit::EngineDefinitions definitions_;
};

std::array<void *, kEntryCount> EngineImpl::link(const Lowered &lowered, jit::Toolchain &tools,
                                                 const llvm::orc::ResourceTrackerSP &tracker) {
  check(jit_->addObjectFile(tracker, tools.emit_object(*lowered.emitted.module)),
        "add compiled code to the JIT");
  std::array<void *, kEntryCount> addresses{};
  for (std::size_t i = 0; i < kEntryCount; ++i)
    if (const std::string &symbol = lowered.emitted.symbols[i]; !symbol.empty())
      addresses[i] = unwrap(jit_->lookup(symbol), "link compiled code").toPtr<void *>();
  return addresses;
}

// Only the batch entry point, and only when asked, trades the last bits of
// <cmath>'s results for libmvec's speed.
codegen::BatchMath EngineImpl::batch_math(const Options &options) {
  return {.vector_math = options.vector_math, .inline_exp = inline_exp_matches_libm()};
}

bool EngineImpl::inline_exp_matches_libm() {
  std::call_once(inline_exp_once_, [this] { inline_exp_ = probe_inline_exp(); });
  return inline_exp_;
}

// A batch of exp(x) compiled with exp inline must give libm's bits at every
// check point; elsewhere (another libm, another CPU) exp stays a call.
bool EngineImpl::probe_inline_exp() {
  const llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  if (!toolchains_.builder().getTargetTriple().isX86() || !features.lookup("fma") ||
      !features.lookup("avx2"))
    return false;
  const std::vector<double> x = jit::exp_check_points();
  std::vector<double> y(x.size());
  llvm::orc::ResourceTrackerSP tracker = jit_->getMainJITDylib().createResourceTracker();
  try {
    const jit::ToolchainPool::Borrowed tools = toolchains_.borrow();
    const Lowered lowered = lower("exp(x)", {.kind = Kind::Quad}, *tools,
                                  codegen::EntryGroup::Batch, {.inline_exp = true});
    using Batch = void (*)(const double *, double *, std::size_t, const double *);
    reinterpret_cast<Batch>(link(lowered, *tools, tracker)[static_cast<std::size_t>(Entry::Batch)])(
        x.data(), y.data(), x.size(), nullptr);
  } catch (const JitError &) {
    // The probe failed to compile: exp stays a call, and the batch entry
    // point still works.
    llvm::consumeError(tracker->remove());
    return false;
  }
  llvm::consumeError(tracker->remove());
  return jit::agrees_with_libm_exp(x, y);
}

Callback EngineImpl::compile(std::string_view source, const Options &options) {
  std::string key = CodeCache::key(source, options);
  if (std::shared_ptr<const CompiledCode> cached = cache_.find(key))
    return wrap(std::move(cached));

  const jit::ToolchainPool::Borrowed tools = toolchains_.borrow();
  Lowered lowered = lower(source, options, *tools, codegen::EntryGroup::Scipy);
  auto code = std::make_shared<CompiledCode>();
  code->has_batch = lowered.analysis.kind == Kind::Quad;
  code->source = source;
  code->options = options;
  code->kind = lowered.analysis.kind;
  code->parameters = std::move(lowered.analysis.parameters);
  code->variables = std::move(lowered.analysis.variables);
  code->used_variables = std::move(lowered.analysis.used_variables);
  code->even_in_x = lowered.even_in_x;
  code->result_arity = code->kind == Kind::Transform ? lowered.analysis.result_arity : 0;
  code->tracker = jit_->getMainJITDylib().createResourceTracker();
  code->engine = shared_from_this(); // so that a failure below releases it
  code->addresses = link(lowered, *tools, code->tracker);
  return wrap(cache_.insert(std::move(key), std::move(code)));
}

// ir() and assembly() show every entry point: the SciPy ones, then the
// batch one where the kind has it.
std::vector<Lowered> EngineImpl::lower_all(std::string_view source, const Options &options,
                                           jit::Toolchain &tools) {
  std::vector<Lowered> modules;
  modules.push_back(lower(source, options, tools, codegen::EntryGroup::Scipy));
  if (modules.front().analysis.kind == Kind::Quad)
    modules.push_back(
        lower(source, options, tools, codegen::EntryGroup::Batch, batch_math(options)));
  return modules;
}

std::string EngineImpl::ir(std::string_view source, const Options &options) {
  const jit::ToolchainPool::Borrowed tools = toolchains_.borrow();
  std::string text;
  llvm::raw_string_ostream stream(text);
  for (Lowered &lowered : lower_all(source, options, *tools)) {
    jit::name_entry_points_for_listing(lowered.emitted);
    lowered.emitted.module->print(stream, nullptr);
  }
  return text;
}

std::string EngineImpl::assembly(std::string_view source, const Options &options) {
  const jit::ToolchainPool::Borrowed tools = toolchains_.borrow();
  std::string text;
  for (Lowered &lowered : lower_all(source, options, *tools)) {
    jit::name_entry_points_for_listing(lowered.emitted);
    text += tools->emit_assembly(*lowered.emitted.module);
  }
  return text;
}

void *EngineImpl::compile_batch(const CompiledCode &code) {
  const codegen::BatchMath math = batch_math(code.options);
  const jit::ToolchainPool::Borrowed tools = toolchains_.borrow();
  const Lowered lowered =
      lower(code.source, code.options, *tools, codegen::EntryGroup::Batch, math);
  return link(lowered, *tools, code.tracker)[static_cast<std::size_t>(Entry::Batch)];
}

void EngineImpl::release(CompiledCode &code) noexcept {
  cache_.release(code);
  if (code.tracker)
    llvm::consumeError(code.tracker->remove());
}

void *CompiledCode::batch() const {
  std::call_once(batch_once_, [this] { batch_address_ = engine->compile_batch(*this); });
  return batch_address_;
}

CompiledCode::~CompiledCode() {
  if (engine)
    engine->release(*this);
}

} // namespace detail

Engine::Engine() : impl_(std::make_shared<detail::EngineImpl>()) {}
Engine::~Engine() { impl_->forget_recent(); }

Callback Engine::compile(std::string_view source, const Options &options) {
  return impl_->compile(source, impl_->definitions().apply(options));
}
std::string Engine::ir(std::string_view source, const Options &options) {
  return impl_->ir(source, impl_->definitions().apply(options));
}
std::string Engine::assembly(std::string_view source, const Options &options) {
  return impl_->assembly(source, impl_->definitions().apply(options));
}
void Engine::define(std::string_view definition) { impl_->definitions().define(definition); }
std::vector<std::string> Engine::definitions() const { return impl_->definitions().list(); }

Engine &Engine::default_engine() {
  // Never destroyed: callbacks may outlive static destruction, and LLVM's own
  // statics may be gone by then.
  static Engine *engine = new Engine();
  return *engine;
}

Callback compile(std::string_view source, const Options &options) {
  return Engine::default_engine().compile(source, options);
}

} // namespace llcjit
