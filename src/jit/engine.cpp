// The ORC JIT behind every compile: one LLJIT per Engine, a cache of live
// results, and the path from source text to entry-point addresses.
#include <llcjit/engine.hpp>
#include <llcjit/errors.hpp>

#include "codegen/codegen.hpp"
#include "codegen/runtime.hpp"
#include "frontend/parity.hpp"
#include "frontend/parser.hpp"
#include "frontend/sema.hpp"
#include "frontend/tree_size.hpp"
#include "jit/compiled_code.hpp"
#include "jit/optimizer.hpp"

#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/DynamicLibrary.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Host.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <deque>
#include <limits>
#include <mutex>
#include <unordered_map>

#include <fmt/format.h>

namespace llcjit {
namespace detail {

namespace {

template <typename T> T unwrap(llvm::Expected<T> value, std::string_view doing) {
  if (!value)
    throw JitError(fmt::format("LLVM failed to {}: {}", doing,
                               llvm::toString(value.takeError())));
  return std::move(*value);
}

void check(llvm::Error error, std::string_view doing) {
  if (error)
    throw JitError(fmt::format("LLVM failed to {}: {}", doing,
                               llvm::toString(std::move(error))));
}

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

// Everything a compile's result depends on, as one string.
std::string cache_key(std::string_view source, const Options &options) {
  std::string key = fmt::format(
      "{}|{}|{}|{}|{}|", options.kind ? static_cast<int>(*options.kind) : -1,
      options.values_size ? static_cast<long long>(*options.values_size) : -1LL,
      options.vector_math,
      fmt::join(options.parameters, ","), fmt::join(options.variables, ","));
  for (const auto &[name, value] : options.constants)
    key += fmt::format("{}={:a},", name, value);
  if (const auto &layout = options.filter_layout)
    key += fmt::format("|{},{}:{}", layout->input_step, layout->output_step,
                       fmt::join(layout->offsets, ","));
  key += '|';
  key += source;
  return key;
}

struct Lowered {
  std::unique_ptr<llvm::LLVMContext> context;
  codegen::EmittedModule emitted;
  frontend::Analysis analysis;
  /// A quad integrand's f(-x) is f(x) to the bit.
  bool even_in_x = false;
};

} // namespace

class EngineImpl : public std::enable_shared_from_this<EngineImpl> {
public:
  EngineImpl() {
    initialise_llvm_once();
    machine_builder_ = unwrap(llvm::orc::JITTargetMachineBuilder::detectHost(),
                              "detect the host CPU");
    machine_builder_.setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
    jit_ = unwrap(llvm::orc::LLJITBuilder()
                      .setJITTargetMachineBuilder(machine_builder_)
                      .create(),
                  "create the JIT");
    llvm::orc::SymbolMap runtime;
    for (const codegen::RuntimeSymbol &symbol : codegen::runtime_symbols())
      runtime[jit_->mangleAndIntern(llvm::StringRef(symbol.name.data(), symbol.name.size()))] = {
          llvm::orc::ExecutorAddr::fromPtr(symbol.address),
          llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
    check(jit_->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(runtime))),
          "define the runtime symbols");
  }

  ~EngineImpl() {
    // Every CompiledCode holds a reference to this engine, so none is alive.
  }

  Callback compile(std::string_view source, const Options &options);
  std::string ir(std::string_view source, const Options &options);
  std::string assembly(std::string_view source, const Options &options);
  void *compile_batch(const CompiledCode &code);
  std::vector<Lowered> lower_all(std::string_view source, const Options &options,
                                 jit::Toolchain &tools);
  void release(CompiledCode &code) noexcept;
  // Breaks the cycle between this engine and the results it keeps, which
  // hold it: called when the Engine that owns it goes.
  void forget_recent() noexcept;

  static Callback wrap(std::shared_ptr<const CompiledCode> code) {
    return Callback(std::move(code));
  }

private:
  Lowered lower(std::string_view source, const Options &options,
                jit::Toolchain &tools, codegen::EntryGroup group,
                codegen::BatchMath math = {});
  codegen::BatchMath batch_math(const Options &options);
  bool inline_exp_matches_libm();
  bool probe_inline_exp();
  // A TargetMachine builds its subtarget (instruction tables, lowering
  // info) on first use and a Toolchain its code-generation pipeline; both
  // cost milliseconds, so they are reused. One serves one compile at a time,
  // hence the pool.
  class BorrowedToolchain {
  public:
    BorrowedToolchain(EngineImpl &engine, std::unique_ptr<jit::Toolchain> toolchain)
        : engine_(engine), toolchain_(std::move(toolchain)) {}
    ~BorrowedToolchain() {
      std::lock_guard lock(engine_.toolchains_mutex_);
      engine_.idle_toolchains_.push_back(std::move(toolchain_));
    }
    BorrowedToolchain(const BorrowedToolchain &) = delete;
    BorrowedToolchain &operator=(const BorrowedToolchain &) = delete;
    jit::Toolchain &operator*() const { return *toolchain_; }
    jit::Toolchain *operator->() const { return toolchain_.get(); }

  private:
    EngineImpl &engine_;
    std::unique_ptr<jit::Toolchain> toolchain_;
  };

  BorrowedToolchain toolchain() {
    {
      std::lock_guard lock(toolchains_mutex_);
      if (!idle_toolchains_.empty()) {
        auto toolchain = std::move(idle_toolchains_.back());
        idle_toolchains_.pop_back();
        return {*this, std::move(toolchain)};
      }
    }
    return {*this, std::make_unique<jit::Toolchain>(unwrap(
                       machine_builder_.createTargetMachine(),
                       "create a target machine"))};
  }

  llvm::orc::JITTargetMachineBuilder machine_builder_{llvm::Triple()};
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  std::atomic<std::uint64_t> next_module_{0};
  std::mutex toolchains_mutex_;
  std::vector<std::unique_ptr<jit::Toolchain>> idle_toolchains_;
  // Keeps `code` among the recent results, newest first; returns the one
  // it pushes out, to be released once cache_mutex_ is unlocked.
  std::shared_ptr<const CompiledCode>
  keep_recent(const std::shared_ptr<const CompiledCode> &code);

  std::mutex cache_mutex_;
  std::unordered_map<std::string, std::weak_ptr<const CompiledCode>> cache_;
  // The last few results stay alive after their last handle is gone, so
  // that a formula passed again as a string (to every call of a driver from
  // Python or C) is not compiled again each time: that costs milliseconds.
  static constexpr std::size_t kRecentResults = 16;
  std::deque<std::shared_ptr<const CompiledCode>> recent_;

  std::once_flag inline_exp_once_;
  bool inline_exp_ = false;
};

Lowered EngineImpl::lower(std::string_view source, const Options &options,
                          jit::Toolchain &tools, codegen::EntryGroup group,
                          codegen::BatchMath math) {
  frontend::Program program = frontend::parse(source);
  if (group == codegen::EntryGroup::Batch &&
      frontend::node_count(program) > codegen::kMaxLoopBodyNodes)
    math.call_per_point = true;
  Lowered lowered;
  lowered.analysis = frontend::analyze(program, options);
  lowered.even_in_x = lowered.analysis.kind == Kind::Quad &&
                      frontend::parity_in(program, 0) == frontend::Parity::Even;
  lowered.context = std::make_unique<llvm::LLVMContext>();
  lowered.emitted = codegen::emit_module(
      program, lowered.analysis, *lowered.context,
      fmt::format("llcjit.{}.", next_module_.fetch_add(1)), group, math);
  tools.optimize(*lowered.emitted.module,
                {.unroll_loops = lowered.analysis.values_size.has_value(),
                 .vector_math_library = math.vector_math});
  return lowered;
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

// glibc runs its FMA build of exp on CPUs with FMA and AVX2, the one
// codegen/glibc_exp.cpp repeats. Whether this process's libm is that one is
// settled by asking it: a batch of exp(x) compiled with exp inline must give
// libm's bits at points spread over the whole range, every table entry and
// each special case. Elsewhere (another libm, another CPU) exp stays a call.
bool EngineImpl::probe_inline_exp() {
  const llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  if (!machine_builder_.getTargetTriple().isX86() || !features.lookup("fma") ||
      !features.lookup("avx2"))
    return false;
  std::vector<double> x;
  for (int i = 0; i <= 3000; ++i) // -760 .. 760, steps of 0.5066...
    x.push_back(-760.0 + i * (1520.0 / 3000.0));
  for (int k = 0; k < 512; ++k) // every table entry, near 0 and near -700
    x.push_back(k * (0.6931471805599453 / 128.0) + 1e-3 * (k % 7) - (k >= 256 ? 700.0 : 0.0));
  for (double special : {0.0, -0.0, 0x1p-54, -0x1p-55, 709.78, 709.79, -745.13, -745.14,
                         std::numeric_limits<double>::infinity(),
                         -std::numeric_limits<double>::infinity(),
                         std::numeric_limits<double>::quiet_NaN()})
    x.push_back(special);

  std::vector<double> y(x.size());
  llvm::orc::ResourceTrackerSP tracker = jit_->getMainJITDylib().createResourceTracker();
  try {
    Options options;
    options.kind = Kind::Quad;
    const BorrowedToolchain tools = toolchain();
    Lowered lowered = lower("exp(x)", options, *tools, codegen::EntryGroup::Batch,
                            {.inline_exp = true});
    check(jit_->addObjectFile(tracker, tools->emit_object(*lowered.emitted.module)),
          "add compiled code to the JIT");
    const std::string &symbol =
        lowered.emitted.symbols[static_cast<std::size_t>(Entry::Batch)];
    using Batch = void (*)(const double *, double *, std::size_t, const double *);
    unwrap(jit_->lookup(symbol), "link compiled code")
        .toPtr<Batch>()(x.data(), y.data(), x.size(), nullptr);
  } catch (const JitError &) {
    // The probe failed to compile: exp stays a call, and the batch entry
    // point still works.
    llvm::consumeError(tracker->remove());
    return false;
  }
  llvm::consumeError(tracker->remove());
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::bit_cast<std::uint64_t>(y[i]) != std::bit_cast<std::uint64_t>(std::exp(x[i])) &&
        !(std::isnan(y[i]) && std::isnan(x[i])))
      return false;
  return true;
}

Callback EngineImpl::compile(std::string_view source, const Options &options) {
  std::string key = cache_key(source, options);
  std::shared_ptr<const CompiledCode> evicted;
  {
    std::lock_guard lock(cache_mutex_);
    if (auto found = cache_.find(key); found != cache_.end())
      if (auto alive = found->second.lock()) {
        evicted = keep_recent(alive);
        return wrap(std::move(alive));
      }
  }

  const BorrowedToolchain tools = toolchain();
  Lowered lowered = lower(source, options, *tools, codegen::EntryGroup::Scipy);
  std::unique_ptr<llvm::MemoryBuffer> object =
      tools->emit_object(*lowered.emitted.module);

  auto code = std::make_shared<CompiledCode>();
  code->has_batch = lowered.analysis.kind == Kind::Quad;
  code->source = source;
  code->options = options;
  code->kind = lowered.analysis.kind;
  code->parameters = std::move(lowered.analysis.parameters);
  code->variables = std::move(lowered.analysis.variables);
  code->used_variables = std::move(lowered.analysis.used_variables);
  code->even_in_x = lowered.even_in_x;
  code->result_arity =
      code->kind == Kind::Transform ? lowered.analysis.result_arity : 0;
  code->tracker = jit_->getMainJITDylib().createResourceTracker();
  code->engine = shared_from_this(); // so that a failure below releases it
  check(jit_->addObjectFile(code->tracker, std::move(object)),
        "add compiled code to the JIT");
  for (std::size_t i = 0; i < kEntryCount; ++i) {
    const std::string &symbol = lowered.emitted.symbols[i];
    if (!symbol.empty())
      code->addresses[i] =
          unwrap(jit_->lookup(symbol), "link compiled code").toPtr<void *>();
  }

  std::lock_guard lock(cache_mutex_);
  std::weak_ptr<const CompiledCode> &slot = cache_[key];
  if (auto raced = slot.lock())
    return wrap(std::move(raced)); // another thread finished first; ours goes
  code->cache_key = std::move(key);
  slot = code;
  evicted = keep_recent(code);
  return wrap(std::move(code));
}

std::shared_ptr<const CompiledCode>
EngineImpl::keep_recent(const std::shared_ptr<const CompiledCode> &code) {
  if (const auto kept = std::find(recent_.begin(), recent_.end(), code); kept != recent_.end())
    recent_.erase(kept);
  recent_.push_front(code);
  if (recent_.size() <= kRecentResults)
    return nullptr;
  std::shared_ptr<const CompiledCode> oldest = std::move(recent_.back());
  recent_.pop_back();
  return oldest;
}

void EngineImpl::forget_recent() noexcept {
  std::deque<std::shared_ptr<const CompiledCode>> recent;
  {
    std::lock_guard lock(cache_mutex_);
    recent.swap(recent_);
  }
}

// ir() and assembly() show every entry point: the SciPy ones, then the
// batch one where the kind has it.
std::vector<Lowered> EngineImpl::lower_all(std::string_view source,
                                           const Options &options,
                                           jit::Toolchain &tools) {
  std::vector<Lowered> modules;
  modules.push_back(lower(source, options, tools, codegen::EntryGroup::Scipy));
  if (modules.front().analysis.kind == Kind::Quad)
    modules.push_back(lower(source, options, tools, codegen::EntryGroup::Batch,
                            batch_math(options)));
  return modules;
}

std::string EngineImpl::ir(std::string_view source, const Options &options) {
  const BorrowedToolchain tools = toolchain();
  std::string text;
  llvm::raw_string_ostream stream(text);
  for (const Lowered &lowered : lower_all(source, options, *tools))
    lowered.emitted.module->print(stream, nullptr);
  return text;
}

std::string EngineImpl::assembly(std::string_view source, const Options &options) {
  const BorrowedToolchain tools = toolchain();
  std::string text;
  for (const Lowered &lowered : lower_all(source, options, *tools))
    text += tools->emit_assembly(*lowered.emitted.module);
  return text;
}

void *EngineImpl::compile_batch(const CompiledCode &code) {
  const codegen::BatchMath math = batch_math(code.options);
  const BorrowedToolchain tools = toolchain();
  Lowered lowered =
      lower(code.source, code.options, *tools, codegen::EntryGroup::Batch, math);
  check(jit_->addObjectFile(code.tracker,
                            tools->emit_object(*lowered.emitted.module)),
        "add compiled code to the JIT");
  const std::string &symbol =
      lowered.emitted.symbols[static_cast<std::size_t>(Entry::Batch)];
  return unwrap(jit_->lookup(symbol), "link compiled code").toPtr<void *>();
}

void EngineImpl::release(CompiledCode &code) noexcept {
  if (!code.cache_key.empty()) {
    std::lock_guard lock(cache_mutex_);
    // Only if no newer compile of the same key has taken the slot.
    if (auto found = cache_.find(code.cache_key);
        found != cache_.end() && found->second.expired())
      cache_.erase(found);
  }
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
  return impl_->compile(source, options);
}
std::string Engine::ir(std::string_view source, const Options &options) {
  return impl_->ir(source, options);
}
std::string Engine::assembly(std::string_view source, const Options &options) {
  return impl_->assembly(source, options);
}

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
