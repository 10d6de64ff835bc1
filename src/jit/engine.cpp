// The engine behind every compile: the front end's analysis, then code at
// the tier asked for (code_builder.cpp), kept while alive so that a formula
// passed again is not compiled again (code_cache.cpp). An Automatic
// callback's quick code tiers up in the background when hot, behind stubs
// (stub_pool.cpp) that keep its addresses valid; the check of glibc's exp
// (exp_check.cpp) decides how the batch entry point computes exp.
#include <llcjit/engine.hpp>
#include <llcjit/errors.hpp>

#include "codegen/codegen.hpp"
#include "jit/background.hpp"
#include "jit/code_builder.hpp"
#include "jit/code_cache.hpp"
#include "jit/compiled_code.hpp"
#include "jit/engine_definitions.hpp"
#include "jit/exp_check.hpp"
#include "jit/pipeline.hpp"
#include "jit/stub_pool.hpp"
#include "jit/tier_up.hpp"

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/TargetParser/Host.h>

#include <mutex>
#include <tuple>

namespace llcjit {
namespace detail {

namespace {

using jit::Analysed;
using jit::EntryAddresses;

// What the quick code of an Automatic callback calls when it is hot.
void tier_up_when_hot(const void *opaque) noexcept;

} // namespace

class EngineImpl : public std::enable_shared_from_this<EngineImpl> {
public:
  EngineImpl() : stubs_(builder_.machine().getTargetTriple()) {}

  Callback compile(std::string_view source, const Options &options);
  bool has_compiled(std::string_view source, const Options &options) {
    return cache_.contains(CodeCache::key(source, options)) ||
           builder_.on_disk(source, options, codegen::EntryGroup::Scipy, {});
  }
  std::string ir(std::string_view source, const Options &options) {
    return builder_.listing(source, options, batch_math(options), /*assembly=*/false);
  }
  std::string assembly(std::string_view source, const Options &options) {
    return builder_.listing(source, options, batch_math(options), /*assembly=*/true);
  }
  void *compile_batch(const CompiledCode &code);
  // Compiles a quick SciPy entry point of `code` on its first use.
  void *compile_entry(const CompiledCode &code, Entry entry);
  // Compiles `code`'s optimised SciPy entry points in the background and
  // points its stubs at them.
  void tier_up(std::shared_ptr<const CompiledCode> code) noexcept;
  jit::EngineDefinitions &definitions() noexcept { return definitions_; }
  void release(CompiledCode &code) noexcept;
  // Breaks the cycle between this engine and the results it keeps, which
  // hold it: called when the Engine that owns it goes.
  void forget_recent() noexcept { cache_.forget_recent(); }

  static Callback wrap(std::shared_ptr<const CompiledCode> code) {
    return Callback(std::move(code));
  }

private:
  // The SciPy entry points of `code` at `tier`.
  void build(const Analysed &formula, Tier tier, CompiledCode &code);
  codegen::BatchMath batch_math(const Options &options);
  bool inline_exp_matches_libm();
  bool probe_inline_exp();

  jit::CodeBuilder builder_;
  jit::StubPool stubs_;
  CodeCache cache_;
  std::once_flag inline_exp_once_;
  bool inline_exp_ = false;
  jit::EngineDefinitions definitions_;
};

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
  if (!builder_.machine().getTargetTriple().isX86() || !features.lookup("fma") ||
      !features.lookup("avx2"))
    return false;
  // The verdict depends only on the code's identity (CPU, glibc, llcjit),
  // so it is kept in the disk cache too.
  const std::string key = builder_.identity() + "|inline exp agrees with libm";
  const std::optional<jit::DiskCache> &disk = builder_.disk();
  if (disk)
    if (std::optional<std::string> verdict = disk->load(key); verdict && verdict->size() == 1)
      return *verdict == "1";
  const std::vector<double> x = jit::exp_check_points();
  std::vector<double> y(x.size());
  llvm::orc::JITDylib &dylib = builder_.new_dylib();
  try {
    const Options options{.kind = Kind::Quad, .disk_cache = false};
    const Analysed formula = jit::analyse("exp(x)", options);
    using Batch = void (*)(const double *, double *, std::size_t, const double *);
    reinterpret_cast<Batch>(builder_.optimised(
        formula, options, codegen::EntryGroup::Batch, {.inline_exp = true},
        dylib)[static_cast<std::size_t>(Entry::Batch)])(x.data(), y.data(), x.size(), nullptr);
  } catch (const JitError &) {
    // The probe failed to compile: exp stays a call, and the batch entry
    // point still works.
    builder_.remove(dylib);
    return false;
  }
  builder_.remove(dylib);
  const bool agrees = jit::agrees_with_libm_exp(x, y);
  if (disk)
    disk->store(key, agrees ? "1" : "0");
  return agrees;
}

Callback EngineImpl::compile(std::string_view source, const Options &options) {
  std::string key = CodeCache::key(source, options);
  if (std::shared_ptr<const CompiledCode> cached = cache_.find(key))
    return wrap(std::move(cached));

  Analysed formula = jit::analyse(source, options);
  auto code = std::make_shared<CompiledCode>();
  code->has_batch = formula.analysis.kind == Kind::Quad;
  code->source = source;
  code->options = options;
  code->kind = formula.analysis.kind;
  code->even_in_x = formula.even_in_x;
  code->result_arity = code->kind == Kind::Transform ? formula.analysis.result_arity : 0;
  code->dylib = &builder_.new_dylib();
  code->engine = shared_from_this(); // so that a failure below releases it
  // A fused filter kernel is a driver's hot loop: optimised at once.
  build(formula,
        options.tier == Tier::Automatic && options.filter_layout ? Tier::Optimised : options.tier,
        *code);
  code->parameters = std::move(formula.analysis.parameters);
  code->variables = std::move(formula.analysis.variables);
  code->used_variables = std::move(formula.analysis.used_variables);
  return wrap(cache_.insert(std::move(key), std::move(code)));
}

void EngineImpl::build(const Analysed &formula, Tier tier, CompiledCode &code) {
  const Options &options = code.options;
  std::optional<EntryAddresses> optimised;
  switch (tier) {
  case Tier::Optimised:
    optimised = builder_.optimised(formula, options, codegen::EntryGroup::Scipy, {}, *code.dylib,
                                   &code.from_disk_cache);
    break;
  case Tier::Automatic:
    // The disk cache's optimised code if it has it, else quick code
    // (compiled per entry point, on first use) that tiers up when hot.
    optimised = builder_.cached(formula, options, codegen::EntryGroup::Scipy, {}, *code.dylib);
    code.from_disk_cache = optimised.has_value();
    break;
  case Tier::Quick: break;
  }
  if (!optimised) {
    code.present = codegen::scipy_entry_points(formula.analysis);
    code.tier = Tier::Quick;
    return;
  }
  for (std::size_t i = 0; i < kEntryCount; ++i) {
    code.present[i] = (*optimised)[i] != nullptr;
    code.addresses[i] = (*optimised)[i];
  }
}

void *EngineImpl::compile_entry(const CompiledCode &code, Entry entry) {
  const auto index = static_cast<std::size_t>(entry);
  const std::lock_guard lock(code.entries_mutex);
  if (void *done = code.addresses[index].load(std::memory_order_acquire))
    return done; // by another thread, or optimised by tier-up
  const Analysed formula = jit::analyse(code.source, code.options);
  if (code.options.tier == Tier::Quick) {
    void *quick = builder_.quick(formula, entry, *code.dylib, nullptr);
    code.addresses[index].store(quick, std::memory_order_release);
    return quick;
  }
  const jit::TierUpSite site{.calls = &code.calls, .code = &code, .hot = tier_up_when_hot};
  void *quick = builder_.quick(formula, entry, *code.dylib, &site);
  void *stub = nullptr;
  std::tie(code.stubs[index], stub) = stubs_.acquire(quick);
  code.addresses[index].store(stub, std::memory_order_release);
  return stub;
}

void *EngineImpl::compile_batch(const CompiledCode &code) {
  const Analysed formula = jit::analyse(code.source, code.options);
  return builder_.optimised(formula, code.options, codegen::EntryGroup::Batch,
                            batch_math(code.options),
                            *code.dylib)[static_cast<std::size_t>(Entry::Batch)];
}

void EngineImpl::tier_up(std::shared_ptr<const CompiledCode> code) noexcept {
  jit::run_in_background([this, code = std::move(code)] {
    const Analysed formula = jit::analyse(code->source, code->options);
    const EntryAddresses optimised =
        builder_.optimised(formula, code->options, codegen::EntryGroup::Scipy, {}, *code->dylib);
    // Stubs handed out now jump to the optimised code; entry points not
    // compiled yet will be the optimised code itself.
    const std::lock_guard lock(code->entries_mutex);
    for (std::size_t i = 0; i < kEntryCount; ++i) {
      if (!optimised[i])
        continue;
      if (code->stubs[i].empty())
        code->addresses[i].store(optimised[i], std::memory_order_release);
      else
        stubs_.retarget(code->stubs[i], optimised[i]);
    }
    code->tier.store(Tier::Optimised, std::memory_order_release);
  });
}

namespace {

void tier_up_when_hot(const void *opaque) noexcept {
  const auto *code = static_cast<const CompiledCode *>(opaque);
  if (code->tier_up_started.exchange(true))
    return;
  // Null while the last handle is being dropped: no code to tier up.
  if (std::shared_ptr<const CompiledCode> alive = code->weak_from_this().lock())
    code->engine->tier_up(std::move(alive));
}

} // namespace

void EngineImpl::release(CompiledCode &code) noexcept {
  cache_.release(code);
  for (std::string &stub : code.stubs)
    if (!stub.empty())
      stubs_.release(std::move(stub));
  if (code.dylib)
    builder_.remove(*code.dylib);
}

void *CompiledCode::entry(Entry entry) const {
  const auto index = static_cast<std::size_t>(entry);
  if (index >= kEntryCount || !present[index])
    return nullptr;
  if (void *address = addresses[index].load(std::memory_order_acquire))
    return address;
  return engine->compile_entry(*this, entry);
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
bool Engine::has_compiled(std::string_view source, const Options &options) {
  return impl_->has_compiled(source, impl_->definitions().apply(options));
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
