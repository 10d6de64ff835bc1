// Any bytes as a script of C ABI calls (include/llcjit/llcjit.h) with
// arbitrary arguments: every int where an enum or a count goes (negative
// ones, INT_MIN, INT_MAX), every double (NaN, infinities), NULL pointers with
// counts of 0 or not, array extents that are negative or whose product
// overflows, strides of any sign. Pointers that come with a count point at
// real buffers of that many elements (lying about a buffer's size is the
// caller's bug), except where the library must refuse the call before it
// reads any (an impossible shape, rows * width past any array). Every call
// must return a status, with llcjit_last_error() set exactly when it is not
// LLCJIT_OK, and no sanitizer report; LLCJIT_INTERNAL_ERROR and
// LLCJIT_JIT_ERROR, which none of these calls should reach, count as
// failures. A fused generic_filter must give the unfused one's values.
//
// LLVM's cost is kept out of the loop: a few small formulas are compiled
// once at start-up, llcjit_compile_n only ever sees a bounded set of sources
// and options (the engine's cache answers repeats of the last ones), and
// fused filters only run on a few footprints and strides.
//
// Environment: LLCJIT_FUZZ_TRACE=1 prints each call; LLCJIT_FUZZ_AVOID
// steers around known bugs (see avoid() below).
#include <llcjit/llcjit.h>

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace std::string_view_literals;

[[noreturn]] void broken(const char *what, const char *detail = "") {
  std::fprintf(stderr, "capi fuzzer: %s %s\n", what, detail);
  std::abort();
}

void expect(bool condition, const char *what) {
  if (!condition)
    broken(what, llcjit_last_error());
}

// LLCJIT_FUZZ_TRACE=1: each call and its status on stderr, to see what an
// input does (`llcjit-fuzz-capi fuzz/corpus/capi/NAME`).
const bool g_trace = std::getenv("LLCJIT_FUZZ_TRACE") != nullptr;

template <typename... Args> void trace(const char *format, Args... args) {
  if (g_trace)
    std::fprintf(stderr, format, args...);
}

std::string shape_text(const std::vector<std::ptrdiff_t> &shape) {
  std::string text = "(";
  for (std::ptrdiff_t extent : shape)
    text += std::to_string(extent) + ",";
  return text + ")";
}

// The status contract: a known code; the last error empty exactly on success.
// LLCJIT_INTERNAL_ERROR is a bug unless it reports the caller's own function
// failing, in SciPy's words `callers_failure`.
llcjit_status checked(const char *call, llcjit_status status,
                      const char *callers_failure = nullptr) {
  const char *message = llcjit_last_error();
  trace("  %s -> %d %s\n", call, static_cast<int>(status), message ? message : "(null)");
  expect(message != nullptr, "llcjit_last_error() is NULL");
  if (status == LLCJIT_OK) {
    expect(message[0] == '\0', "LLCJIT_OK with a last error");
    expect(llcjit_last_error_line() == 0 && llcjit_last_error_column() == 0,
           "LLCJIT_OK with an error position");
    return status;
  }
  expect(message[0] != '\0', "a failure without a message");
  switch (status) {
  case LLCJIT_COMPILE_ERROR:
    expect(llcjit_last_error_line() >= 1 && llcjit_last_error_column() >= 1,
           "a compile error without a position");
    break;
  case LLCJIT_USAGE_ERROR:
  case LLCJIT_OUT_OF_MEMORY: break;
  case LLCJIT_JIT_ERROR: broken("LLCJIT_JIT_ERROR:", message);
  case LLCJIT_INTERNAL_ERROR:
    if (callers_failure == nullptr || std::string_view(message) != callers_failure)
      broken("LLCJIT_INTERNAL_ERROR:", message);
    break;
  default: broken("an unknown status");
  }
  return status;
}

// ---- arbitrary values, biased towards the edges ----

int any_int(FuzzedDataProvider &in) {
  switch (in.ConsumeIntegralInRange(0, 7)) {
  case 0: return std::numeric_limits<int>::min();
  case 1: return std::numeric_limits<int>::max();
  case 2: return in.ConsumeIntegral<int>();
  case 3: return -in.ConsumeIntegralInRange(1, 3);
  default: return in.ConsumeIntegralInRange(0, 12);
  }
}

// LLCJIT_FUZZ_AVOID=name,name,...: steer around known bugs
// (docs/reliability-fuzzing.md) to fuzz past them until they are fixed:
//   threads       thread counts up to 64 only (above 65536 they crash in
//                 TBB; in between each call builds a task_arena of that many
//                 slots: milliseconds, and tbbmalloc's caches grow to GBs)
//   unit-strides  the strides of length-1 axes within +-2^40 (larger ones
//                 overflow the footprint's byte offsets)
//   omega         wvar finite and within +-2^62 (QAWF converts omega to an
//                 integer)
// Unset, every value is arbitrary and the corpus's crash_* inputs fail.
bool avoid(const char *bug) {
  static const std::string list = [] {
    const char *value = std::getenv("LLCJIT_FUZZ_AVOID");
    return "," + std::string(value ? value : "") + ",";
  }();
  return list.find("," + std::string(bug) + ",") != std::string::npos;
}

unsigned any_threads(FuzzedDataProvider &in) {
  unsigned threads;
  switch (in.ConsumeIntegralInRange(0, 5)) {
  case 0: threads = std::numeric_limits<unsigned>::max(); break;
  case 1: threads = 0x80000000u; break;
  case 2: threads = in.ConsumeIntegral<unsigned>(); break;
  default: threads = in.ConsumeIntegralInRange(0u, 3u); break;
  }
  return avoid("threads") ? std::min(threads, 64u) : threads;
}

double any_double(FuzzedDataProvider &in) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  switch (in.ConsumeIntegralInRange(0, 15)) {
  case 0: return std::numeric_limits<double>::quiet_NaN();
  case 1: return inf;
  case 2: return -inf;
  case 3: return std::numeric_limits<double>::max();
  case 4: return -std::numeric_limits<double>::max();
  case 5: return std::numeric_limits<double>::denorm_min();
  case 6: return -0.0;
  case 7: return std::bit_cast<double>(in.ConsumeIntegral<std::uint64_t>());
  case 8: return in.ConsumeFloatingPoint<double>();
  default: return static_cast<double>(in.ConsumeIntegralInRange(-8, 8)) / 2;
  }
}

std::vector<double> doubles(FuzzedDataProvider &in, std::size_t count) {
  std::vector<double> out(count);
  for (double &value : out)
    value = any_double(in);
  return out;
}

// ---- the callbacks ----

struct Formula {
  const char *source;
  llcjit_kind kind;
};
// Cheap integrands, whatever limit, maxp1 or limlst allow, and kernels.
constexpr Formula kFormulas[] = {
    {"x", LLCJIT_KIND_QUAD},
    {"exp(-a*x*x)", LLCJIT_KIND_QUAD},
    {"a*x + b", LLCJIT_KIND_QUAD},
    {"(o0 * 0.5 - 1,)", LLCJIT_KIND_TRANSFORM},
    {"(o0 + 0.25, o1 * 2 - o0)", LLCJIT_KIND_TRANSFORM},
    {"sum(values) * w", LLCJIT_KIND_FILTER},
    {"median(values)", LLCJIT_KIND_FILTER},
    {"values[0] - size", LLCJIT_KIND_FILTER},
};
constexpr std::size_t kFormulaCount = std::size(kFormulas);
constexpr std::size_t kFilterKernels = 3; // the last three

llcjit_callback *g_compiled[kFormulaCount];
llcjit_engine *g_engine;
// The last kMaxKept distinct successful llcjit_compile_n results, kept alive
// so that the engine's cache answers them next time instead of LLVM (a few
// thousand distinct ones are possible; all of them alive took gigabytes).
constexpr std::size_t kMaxKept = 64;
// Never destroyed, so that they stay reachable for LeakSanitizer at exit.
using KeptList = std::list<std::pair<std::string, llcjit_callback *>>; // most recent first
KeptList &g_kept = *new KeptList;
std::map<std::string, KeptList::iterator> &g_kept_by_key =
    *new std::map<std::string, KeptList::iterator>;

void keep(const std::string &key, const llcjit_callback *callback) {
  if (auto found = g_kept_by_key.find(key); found != g_kept_by_key.end()) {
    g_kept.splice(g_kept.begin(), g_kept, found->second);
    return;
  }
  llcjit_callback *copy = nullptr;
  expect(llcjit_callback_clone(callback, &copy) == LLCJIT_OK, "cannot clone a callback");
  g_kept.emplace_front(key, copy);
  g_kept_by_key[key] = g_kept.begin();
  if (g_kept.size() > kMaxKept) {
    llcjit_callback_release(g_kept.back().second);
    g_kept_by_key.erase(g_kept.back().first);
    g_kept.pop_back();
  }
}

// The callbacks an input compiled, released when it ends.
std::vector<llcjit_callback *> g_owned;

// ---- llcjit_compile_n ----

struct NameList {
  std::vector<const char *> names;
  bool null_list; // the list pointer is NULL
};

NameList any_names(FuzzedDataProvider &in, bool variables) {
  static const std::vector<std::vector<const char *>> kParameterLists = {
      {}, {"a"}, {"a", "b"}, {"b", "a"}, {"w"}, {"a", "a"}, {"a", nullptr}, {"a", "b", "w"}};
  static const std::vector<std::vector<const char *>> kVariableLists = {
      {}, {"x"}, {"y", "x"}, {"values"}, {nullptr}, {"t"}, {"x", "x"}};
  const auto &lists = variables ? kVariableLists : kParameterLists;
  const std::size_t pick = in.ConsumeIntegralInRange<std::size_t>(0, lists.size());
  if (pick == lists.size())
    return {{}, true};
  return {lists[pick], false};
}

// A count for a list: its length, or (for a NULL list) anything.
std::size_t count_for(FuzzedDataProvider &in, const NameList &list) {
  if (list.null_list)
    return in.ConsumeBool() ? 0 : in.ConsumeIntegral<std::size_t>();
  return in.ConsumeIntegralInRange<std::size_t>(0, list.names.size());
}

void op_compile(FuzzedDataProvider &in, std::vector<const llcjit_callback *> &callbacks) {
  // Formulas of every kind, ones that do not compile (a NUL byte and
  // invalid UTF-8 among them), empty, and NULL.
  static constexpr std::string_view kSources[] = {
      "x"sv,
      "exp(-a*x*x)"sv,
      "a*x + b"sv,
      "sum(values) * w"sv,
      "median(values)"sv,
      "x0 * x1 + c"sv,
      "(o0 / 2, o1 * s)"sv,
      "exp("sv,
      "x\0y"sv,
      ""sv,
      "\xff\xfe x"sv,
      "values[9]"sv,
  };
  const std::size_t pick = in.ConsumeIntegralInRange<std::size_t>(0, std::size(kSources) + 1);
  const char *text = nullptr;
  std::size_t length = 0;
  if (pick == std::size(kSources)) { // NULL with a length
    length = in.ConsumeBool() ? 0 : in.ConsumeIntegral<std::size_t>();
  } else if (pick < std::size(kSources)) {
    text = kSources[pick].data();
    length = kSources[pick].size();
    if (in.ConsumeBool()) // a prefix: the length need not reach a NUL
      length = in.ConsumeIntegralInRange<std::size_t>(0, length);
  } else { // a source that is not NUL-terminated at its length
    static const char kUnterminated[] = {'x', '*', '2'};
    text = kUnterminated;
    length = in.ConsumeIntegralInRange<std::size_t>(0, sizeof kUnterminated);
  }
  llcjit_options options;
  llcjit_options_init(&options);
  const bool has_options = in.ConsumeBool();
  NameList parameters{}, variables{};
  if (has_options) {
    options.kind =
        static_cast<llcjit_kind>(in.ConsumeBool() ? any_int(in) : in.ConsumeIntegralInRange(-1, 4));
    parameters = any_names(in, false);
    options.parameters = parameters.null_list ? nullptr : parameters.names.data();
    options.parameter_count = count_for(in, parameters);
    variables = any_names(in, true);
    options.variables = variables.null_list ? nullptr : variables.names.data();
    options.variable_count = count_for(in, variables);
    options.vector_math = in.ConsumeBool() ? any_int(in) : 0;
  }
  const bool own_engine = in.ConsumeBool();
  const bool null_out = in.ConsumeIntegralInRange(0, 7) == 0;
  trace("compile '%.*s' (%zu bytes%s) kind %d, %zu parameters, %zu variables%s%s\n",
        static_cast<int>(text ? std::min<std::size_t>(length, 40) : 0), text ? text : "", length,
        text ? "" : ", NULL", has_options ? static_cast<int>(options.kind) : -1,
        options.parameter_count, options.variable_count, own_engine ? ", own engine" : "",
        null_out ? ", NULL out" : "");
  llcjit_callback *callback = nullptr;
  const llcjit_status status =
      checked("llcjit_compile_n",
              llcjit_compile_n(own_engine ? g_engine : nullptr, text, length,
                               has_options ? &options : nullptr, null_out ? nullptr : &callback));
  if (status != LLCJIT_OK)
    return;
  expect(callback != nullptr, "LLCJIT_OK without a callback");
  if (has_options && options.kind != LLCJIT_KIND_AUTO)
    expect(llcjit_callback_kind(callback) == options.kind, "compiled to another kind");
  std::string key = text ? std::string(text, length) : std::string();
  key += '|' + std::to_string(own_engine);
  if (has_options) {
    key += '|' + std::to_string(options.kind) + '|' + std::to_string(options.vector_math != 0);
    for (std::size_t i = 0; i < options.parameter_count; ++i)
      key += std::string("|p") + options.parameters[i];
    for (std::size_t i = 0; i < options.variable_count; ++i)
      key += std::string("|v") + options.variables[i];
  }
  keep(key, callback);
  g_owned.push_back(callback);
  callbacks.push_back(callback);
}

const llcjit_callback *any_callback(FuzzedDataProvider &in,
                                    const std::vector<const llcjit_callback *> &callbacks) {
  const std::size_t pick = in.ConsumeIntegralInRange<std::size_t>(0, callbacks.size());
  return pick == callbacks.size() ? nullptr : callbacks[pick];
}

// ---- handles and small functions ----

void op_query(FuzzedDataProvider &in, const llcjit_callback *callback) {
  trace("query %p\n", static_cast<const void *>(callback));
  const llcjit_kind kind = llcjit_callback_kind(callback);
  expect(callback ? kind >= LLCJIT_KIND_QUAD && kind <= LLCJIT_KIND_TRANSFORM
                  : kind == LLCJIT_KIND_AUTO,
         "llcjit_callback_kind out of range");
  const std::size_t parameters = llcjit_callback_parameter_count(callback);
  const std::size_t at = in.ConsumeBool() ? in.ConsumeIntegral<std::size_t>()
                                          : in.ConsumeIntegralInRange<std::size_t>(0, 4);
  const char *parameter = llcjit_callback_parameter(callback, at);
  expect((parameter != nullptr) == (at < parameters), "llcjit_callback_parameter past the end");
  const std::size_t variables = llcjit_callback_variable_count(callback);
  const char *variable = llcjit_callback_variable(callback, at);
  expect((variable != nullptr) == (at < variables), "llcjit_callback_variable past the end");
  static const char *const kNames[] = {"x", "values", "size", "a", "", "x0", nullptr};
  const char *name = kNames[in.ConsumeIntegralInRange<std::size_t>(0, std::size(kNames) - 1)];
  const int uses = llcjit_callback_uses(callback, name);
  expect(uses == 0 || uses == 1, "llcjit_callback_uses not 0 or 1");
  llcjit_callback *copy = nullptr;
  const bool null_copy = in.ConsumeBool();
  if (checked("llcjit_callback_clone",
              llcjit_callback_clone(callback, null_copy ? nullptr : &copy)) == LLCJIT_OK) {
    expect(llcjit_callback_kind(copy) == kind, "a clone of another kind");
    llcjit_callback_release(copy);
  }
  llcjit_callback_release(nullptr);
}

void op_strings(FuzzedDataProvider &in) {
  const int entry = any_int(in);
  const char *signature = llcjit_entry_signature(static_cast<llcjit_entry>(entry));
  expect((signature != nullptr) == (entry >= LLCJIT_ENTRY_SCALAR && entry <= LLCJIT_ENTRY_BATCH),
         "llcjit_entry_signature NULL for a known entry or not NULL for another");
  if (signature)
    expect(std::strlen(signature) > 0, "an empty signature");
  const int ier = any_int(in);
  const int limit = any_int(in);
  trace("strings: entry %d, ier %d, limit %d\n", entry, ier, limit);
  expect(llcjit_quad_message(ier) != nullptr, "llcjit_quad_message is NULL");
  const char *message = llcjit_quad_message_for(ier, limit);
  expect(message != nullptr && std::strlen(message) < 4096, "llcjit_quad_message_for");
  llcjit_engine *engine = nullptr;
  if (in.ConsumeIntegralInRange(0, 15) == 0) { // an LLJIT each: not too often
    if (checked("llcjit_engine_create",
                llcjit_engine_create(in.ConsumeBool() ? nullptr : &engine)) == LLCJIT_OK)
      llcjit_engine_destroy(engine);
  }
  llcjit_engine_destroy(nullptr);
}

// Calls an entry point the way its signature says, on buffers of the right
// size (and a NULL user_data when the formula has no parameters, or to check
// that the entry refuses it).
void call_entry(FuzzedDataProvider &in, const llcjit_callback *callback, int entry, void *address) {
  const std::size_t width = llcjit_callback_parameter_count(callback);
  std::vector<double> params = doubles(in, std::max<std::size_t>(width, 1));
  void *user_data = width == 0 || in.ConsumeIntegralInRange(0, 7) ? params.data() : nullptr;
  const std::size_t variables = llcjit_callback_variable_count(callback);
  switch (entry) {
  case LLCJIT_ENTRY_SCALAR: reinterpret_cast<double (*)(double)>(address)(any_double(in)); break;
  case LLCJIT_ENTRY_SCALAR_USER_DATA:
    reinterpret_cast<double (*)(double, void *)>(address)(any_double(in), user_data);
    break;
  case LLCJIT_ENTRY_ARRAY:
  case LLCJIT_ENTRY_ARRAY_USER_DATA: {
    // The array's length is what the caller says it is; the entry must use
    // no more of it than the formula's variables, and may refuse others.
    const int n = in.ConsumeIntegralInRange(0, 8);
    std::vector<double> xx = doubles(in, std::max<std::size_t>(n, variables));
    if (entry == LLCJIT_ENTRY_ARRAY)
      reinterpret_cast<double (*)(int, double *)>(address)(n, xx.data());
    else
      reinterpret_cast<double (*)(int, double *, void *)>(address)(n, xx.data(), user_data);
    break;
  }
  case LLCJIT_ENTRY_FILTER: {
    const auto n = in.ConsumeIntegralInRange<std::intptr_t>(0, 32);
    std::vector<double> values = doubles(in, static_cast<std::size_t>(n));
    double result = 0;
    reinterpret_cast<int (*)(double *, std::intptr_t, double *, void *)>(address)(
        values.data(), n, &result, user_data);
    break;
  }
  case LLCJIT_ENTRY_FILTER1D: {
    const auto n = in.ConsumeIntegralInRange<std::intptr_t>(0, 32);
    const auto m = in.ConsumeIntegralInRange<std::intptr_t>(0, n);
    std::vector<double> line = doubles(in, static_cast<std::size_t>(n));
    std::vector<double> out(static_cast<std::size_t>(m) + 1);
    reinterpret_cast<int (*)(double *, std::intptr_t, double *, std::intptr_t, void *)>(address)(
        line.data(), n, out.data(), m, user_data);
    break;
  }
  case LLCJIT_ENTRY_TRANSFORM: {
    // The ranks may be wrong (the entry must then refuse), but the buffers
    // hold as many coordinates as the caller says.
    const int output_rank = in.ConsumeIntegralInRange(0, 6);
    const int input_rank = in.ConsumeIntegralInRange(0, 6);
    std::vector<std::intptr_t> output(static_cast<std::size_t>(output_rank) + 1);
    for (std::intptr_t &coordinate : output)
      coordinate = in.ConsumeIntegral<std::intptr_t>();
    std::vector<double> input(static_cast<std::size_t>(input_rank) + 1);
    reinterpret_cast<int (*)(std::intptr_t *, double *, int, int, void *)>(address)(
        output.data(), input.data(), output_rank, input_rank, user_data);
    break;
  }
  case LLCJIT_ENTRY_BATCH: {
    const auto n = in.ConsumeIntegralInRange<std::size_t>(0, 64);
    std::vector<double> x = doubles(in, n), y(n);
    reinterpret_cast<void (*)(const double *, double *, std::size_t, const double *)>(address)(
        x.data(), y.data(), n, params.data());
    break;
  }
  default: broken("an address for an unknown entry");
  }
}

void op_address(FuzzedDataProvider &in, const llcjit_callback *callback) {
  const int entry = in.ConsumeBool() ? any_int(in) : in.ConsumeIntegralInRange(0, 7);
  void *address = nullptr;
  const bool null_out = in.ConsumeIntegralInRange(0, 7) == 0;
  trace("address %p entry %d\n", static_cast<const void *>(callback), entry);
  if (checked("llcjit_callback_address",
              llcjit_callback_address(callback, static_cast<llcjit_entry>(entry),
                                      null_out ? nullptr : &address)) != LLCJIT_OK)
    return;
  expect(entry >= LLCJIT_ENTRY_SCALAR && entry <= LLCJIT_ENTRY_BATCH,
         "an address for an unknown entry");
  expect(address != nullptr, "LLCJIT_OK with a NULL address");
  // The transform entry needs as many output coordinates as variables; the
  // ranks the fuzzer passes can be wrong, which the entry must refuse.
  call_entry(in, callback, entry, address);
}

// ---- quadrature ----

struct QuadArguments {
  llcjit_quad_options options;
  std::vector<double> points, wvar;
};

void any_quad_options(FuzzedDataProvider &in, QuadArguments &args) {
  llcjit_quad_options &o = args.options;
  llcjit_quad_options_init(&o);
  if (in.ConsumeBool())
    o.epsabs = any_double(in);
  if (in.ConsumeBool())
    o.epsrel = any_double(in);
  if (in.ConsumeBool())
    o.limit = any_int(in);
  // QUADPACK keeps its intervals sorted by error, so an integral that never
  // meets its tolerance (a Cauchy pole a denormal from a limit, say) costs
  // time growing with the square of the intervals made, up to limit: slow by
  // design, as in SciPy, not a bug. The lists grow lazily, so a limit past
  // 10,000 exercises nothing a smaller one does not; it is capped there.
  o.limit = std::min(o.limit, 10'000);
  args.points = doubles(in, in.ConsumeIntegralInRange<std::size_t>(0, 6));
  o.points = args.points.data();
  o.point_count = args.points.size();
  if (in.ConsumeIntegralInRange(0, 7) == 0) { // NULL, with a count or not
    o.points = nullptr;
    o.point_count = in.ConsumeBool() ? 0 : in.ConsumeIntegral<std::size_t>();
  }
  o.weight =
      static_cast<llcjit_weight>(in.ConsumeBool() ? any_int(in) : in.ConsumeIntegralInRange(0, 7));
  args.wvar = doubles(in, in.ConsumeIntegralInRange<std::size_t>(0, 3));
  if (avoid("omega"))
    for (double &value : args.wvar)
      if (!(std::fabs(value) < 0x1p62))
        value = 1.0;
  o.wvar = args.wvar.data();
  o.wvar_count = args.wvar.size();
  if (in.ConsumeIntegralInRange(0, 7) == 0) {
    o.wvar = nullptr;
    o.wvar_count = in.ConsumeBool() ? 0 : in.ConsumeIntegral<std::size_t>();
  }
  if (in.ConsumeBool())
    o.maxp1 = any_int(in);
  if (in.ConsumeBool())
    o.limlst = any_int(in);
  o.threads = any_threads(in);
}

void check_result(const llcjit_quad_result &result) {
  trace("    value %.17g abserr %.17g neval %d ier %d last %d\n", result.value, result.abserr,
        result.neval, result.ier, result.last);
  expect(result.ier >= 0 && result.ier <= 8, "a QUADPACK code outside 0..8");
  expect(result.neval >= 0, "a negative neval");
  // abserr may be negative: QUADPACK's running error sums cancel, and SciPy
  // returns the same (a*x + b, a = -3.5, b = -2.5 over (-inf, 5e-324): value
  // 4.2500000200418366, abserr -1.9198415707328127e-06, ier 5, in both).
  expect(llcjit_quad_message_for(result.ier, 50) != nullptr, "no message for a result");
}

void op_quad(FuzzedDataProvider &in, const llcjit_callback *callback) {
  const std::size_t count = in.ConsumeIntegralInRange<std::size_t>(0, 4);
  std::vector<double> params = doubles(in, count);
  const bool null_params = in.ConsumeIntegralInRange(0, 7) == 0;
  const double a = any_double(in), b = any_double(in);
  QuadArguments args{};
  const bool has_options = in.ConsumeBool();
  if (has_options)
    any_quad_options(in, args);
  llcjit_quad_result result;
  const bool null_result = in.ConsumeIntegralInRange(0, 15) == 0;
  for (double value : params)
    trace("    parameter %.17g\n", value);
  trace("quad %p, %zu params%s, [%.17g, %.17g], limit %d weight %d (%zu wvar) maxp1 %d limlst "
        "%d "
        "points %zu%s\n",
        static_cast<const void *>(callback), count, null_params ? " NULL" : "", a, b,
        args.options.limit, static_cast<int>(args.options.weight), args.options.wvar_count,
        args.options.maxp1, args.options.limlst, args.options.point_count,
        has_options ? "" : " (default options)");
  const llcjit_status status =
      checked("llcjit_quad",
              llcjit_quad(callback, null_params ? nullptr : params.data(), count, a, b,
                          has_options ? &args.options : nullptr, null_result ? nullptr : &result));
  if (null_result || (null_params && count > 0) || !callback)
    expect(status == LLCJIT_USAGE_ERROR, "llcjit_quad took a NULL it must refuse");
  if (status == LLCJIT_OK)
    check_result(result);
}

void op_sweep(FuzzedDataProvider &in, const llcjit_callback *callback) {
  const std::size_t width = llcjit_callback_parameter_count(callback);
  QuadArguments args{};
  const bool has_options = in.ConsumeBool();
  if (has_options)
    any_quad_options(in, args);
  const double a = any_double(in), b = any_double(in);
  if (in.ConsumeIntegralInRange(0, 7) == 0) {
    // rows * width past any array: refused before parameter_sets or results
    // are touched, whatever they point at.
    const std::size_t rows = in.ConsumeBool() ? std::numeric_limits<std::size_t>::max() -
                                                    in.ConsumeIntegralInRange<std::size_t>(0, 3)
                                              : std::numeric_limits<std::size_t>::max() / 8 + 1 +
                                                    in.ConsumeIntegralInRange<std::size_t>(0, 3);
    double one = 0;
    llcjit_quad_result result;
    trace("sweep %p, rows %zu past any array\n", static_cast<const void *>(callback), rows);
    const llcjit_status status = checked(
        "llcjit_quad_sweep", llcjit_quad_sweep(callback, in.ConsumeBool() ? nullptr : &one, rows, a,
                                               b, has_options ? &args.options : nullptr, &result));
    expect(status == LLCJIT_USAGE_ERROR, "llcjit_quad_sweep took rows past any array");
    return;
  }
  const std::size_t rows = in.ConsumeIntegralInRange<std::size_t>(0, 64);
  std::vector<double> sets = doubles(in, rows * width);
  std::vector<llcjit_quad_result> results(rows);
  const bool null_sets = in.ConsumeIntegralInRange(0, 7) == 0;
  const bool null_results = in.ConsumeIntegralInRange(0, 15) == 0;
  trace("sweep %p, %zu rows of %zu%s, [%.17g, %.17g], threads %u%s\n",
        static_cast<const void *>(callback), rows, width, null_sets ? " NULL" : "", a, b,
        args.options.threads, has_options ? "" : " (default options)");
  for (double value : sets)
    trace("    parameter %.17g\n", value);
  const llcjit_status status = checked(
      "llcjit_quad_sweep", llcjit_quad_sweep(callback, null_sets ? nullptr : sets.data(), rows, a,
                                             b, has_options ? &args.options : nullptr,
                                             null_results ? nullptr : results.data()));
  if (null_results || (null_sets && rows * width > 0) || !callback)
    expect(status == LLCJIT_USAGE_ERROR, "llcjit_quad_sweep took a NULL it must refuse");
  if (status == LLCJIT_OK)
    for (const llcjit_quad_result &result : results)
      check_result(result);
}

// ---- generic_filter ----

constexpr std::size_t kMaxElements = 4096;
constexpr auto kMaxCount =
    static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()) / sizeof(double);

std::ptrdiff_t any_extent(FuzzedDataProvider &in) {
  constexpr std::ptrdiff_t kMax = std::numeric_limits<std::ptrdiff_t>::max();
  switch (in.ConsumeIntegralInRange(0, 19)) {
  case 0: return -in.ConsumeIntegralInRange<std::ptrdiff_t>(1, 3);
  case 1: return std::numeric_limits<std::ptrdiff_t>::min();
  case 2: return kMax;
  case 3: return std::ptrdiff_t{1} << in.ConsumeIntegralInRange(31, 62);
  case 4: return static_cast<std::ptrdiff_t>(kMaxCount) + in.ConsumeIntegralInRange(-1, 1);
  case 5: return in.ConsumeIntegral<std::ptrdiff_t>();
  default: return in.ConsumeIntegralInRange<std::ptrdiff_t>(0, 6);
  }
}

// What the library must make of a shape.
enum class ShapeClass {
  Small,      // a real buffer holds it
  Empty,      // no elements (extents may still be refused)
  Impossible, // a negative extent, or more elements than any array: refused
};

// Classifies `shape`, first shrinking extents until a product the fuzzer
// could not allocate either fits in kMaxElements or is impossible.
ShapeClass classify(std::vector<std::ptrdiff_t> &shape) {
  for (std::ptrdiff_t extent : shape)
    if (extent < 0)
      return ShapeClass::Impossible;
  for (;;) {
    unsigned __int128 product = 1;
    bool empty = false;
    for (std::ptrdiff_t extent : shape) {
      empty = empty || extent == 0;
      // Saturating: past 2^64 it is impossible anyway (and cannot wrap).
      if (product <= std::numeric_limits<std::uint64_t>::max())
        product *= static_cast<std::uint64_t>(extent);
    }
    if (empty)
      return ShapeClass::Empty;
    if (product > kMaxCount)
      return ShapeClass::Impossible;
    if (product <= kMaxElements)
      return ShapeClass::Small;
    *std::max_element(shape.begin(), shape.end()) /= 2;
  }
}

std::size_t product_of(const std::vector<std::ptrdiff_t> &shape) {
  std::size_t product = 1;
  for (std::ptrdiff_t extent : shape)
    product *= static_cast<std::size_t>(extent);
  return product;
}

// Byte strides for `shape`: any value where an axis has one element or the
// array none (NumPy leaves those arbitrary), otherwise a few elements either
// way, occasionally misaligned.
std::vector<std::ptrdiff_t> any_strides(FuzzedDataProvider &in,
                                        const std::vector<std::ptrdiff_t> &shape, ShapeClass kind) {
  std::vector<std::ptrdiff_t> strides(shape.size());
  for (std::size_t axis = 0; axis < shape.size(); ++axis) {
    if ((kind != ShapeClass::Small || shape[axis] <= 1) && in.ConsumeBool()) {
      strides[axis] = in.ConsumeBool() ? in.ConsumeIntegral<std::ptrdiff_t>()
                                       : std::numeric_limits<std::ptrdiff_t>::min();
      if (avoid("unit-strides"))
        strides[axis] %= std::ptrdiff_t{1} << 40;
      continue;
    }
    strides[axis] = in.ConsumeIntegralInRange<std::ptrdiff_t>(-12, 12) * 8;
    if (in.ConsumeIntegralInRange(0, 15) == 0)
      strides[axis] += in.ConsumeIntegralInRange(1, 7);
  }
  return strides;
}

// The C-contiguous strides of `shape` (wrapping around for shapes no array
// can have: the library must refuse those whatever their strides).
std::vector<std::ptrdiff_t> c_strides(const std::vector<std::ptrdiff_t> &shape) {
  std::vector<std::ptrdiff_t> strides(shape.size());
  std::uint64_t stride = sizeof(double);
  for (std::size_t axis = shape.size(); axis-- > 0;) {
    strides[axis] = static_cast<std::ptrdiff_t>(stride);
    stride *= static_cast<std::uint64_t>(std::max<std::ptrdiff_t>(shape[axis], 1));
  }
  return strides;
}

// The bytes [low, high) a view of `shape` and `strides` addresses, relative to
// its data pointer (Small shapes only).
std::pair<std::ptrdiff_t, std::ptrdiff_t> span_of(const std::vector<std::ptrdiff_t> &shape,
                                                  const std::vector<std::ptrdiff_t> &strides) {
  std::ptrdiff_t low = 0, high = sizeof(double);
  for (std::size_t axis = 0; axis < shape.size(); ++axis)
    if (shape[axis] > 1)
      (strides[axis] < 0 ? low : high) += (shape[axis] - 1) * strides[axis];
  return {low, high};
}

struct ArraySpec {
  std::vector<std::ptrdiff_t> shape, strides;
  ShapeClass kind = ShapeClass::Small;
  bool null_shape = false, null_strides = false;
};

ArraySpec any_array(FuzzedDataProvider &in) {
  ArraySpec spec;
  const std::size_t rank = in.ConsumeIntegralInRange(0, 15) == 0
                               ? in.ConsumeIntegralInRange<std::size_t>(0, 40)
                               : in.ConsumeIntegralInRange<std::size_t>(1, 3);
  for (std::size_t axis = 0; axis < rank; ++axis)
    spec.shape.push_back(any_extent(in));
  spec.kind = classify(spec.shape);
  spec.strides = in.ConsumeBool() ? c_strides(spec.shape) : any_strides(in, spec.shape, spec.kind);
  spec.null_shape = in.ConsumeIntegralInRange(0, 31) == 0;
  spec.null_strides = in.ConsumeIntegralInRange(0, 31) == 0;
  return spec;
}

// Memory for an input and an output view, filled with NaN around them so
// that a read outside the input shows in the output.
struct FilterBuffers {
  std::vector<double> memory;
  llcjit_array input{}, output{};
};

double *place(std::vector<double> &memory, std::size_t at_byte, std::ptrdiff_t low) {
  return reinterpret_cast<double *>(reinterpret_cast<char *>(memory.data()) + at_byte - low);
}

llcjit_array as_c(const ArraySpec &spec, double *data) {
  return {data, spec.shape.size(), spec.null_shape ? nullptr : spec.shape.data(),
          spec.null_strides ? nullptr : spec.strides.data()};
}

// Lays out input and output (separate, the same, or overlapping) in one
// buffer; views of no elements get NULL or a stray pointer, views of an
// impossible shape a pointer to one double.
void lay_out(FuzzedDataProvider &in, const ArraySpec &input, const ArraySpec &output,
             FilterBuffers &buffers) {
  auto bytes_of = [](const ArraySpec &spec) -> std::pair<std::ptrdiff_t, std::ptrdiff_t> {
    if (spec.kind != ShapeClass::Small)
      return {0, sizeof(double)};
    return span_of(spec.shape, spec.strides);
  };
  const auto [in_low, in_high] = bytes_of(input);
  const auto [out_low, out_high] = bytes_of(output);
  const std::size_t in_bytes = static_cast<std::size_t>(in_high - in_low);
  const std::size_t out_bytes = static_cast<std::size_t>(out_high - out_low);
  buffers.memory.assign((in_bytes + out_bytes) / sizeof(double) + 4,
                        std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < in_bytes / sizeof(double) + 1; ++i)
    buffers.memory[i] = static_cast<double>(i % 11) - 5.0;
  double *input_data = place(buffers.memory, 0, in_low);
  const int where = in.ConsumeIntegralInRange(0, 3);
  double *output_data =
      where == 0 && input.shape == output.shape && input.strides == output.strides
          ? input_data // in place
      : where == 1 ? place(buffers.memory,
                           in.ConsumeIntegralInRange<std::size_t>(0, in_bytes / sizeof(double)) *
                               sizeof(double),
                           out_low)                                             // overlapping
                   : place(buffers.memory, in_bytes + sizeof(double), out_low); // separate
  auto data_for = [&](const ArraySpec &spec, double *data) -> double * {
    if (spec.kind == ShapeClass::Empty && in.ConsumeBool())
      return in.ConsumeBool() ? nullptr : reinterpret_cast<double *>(std::uintptr_t{0x1000});
    if (spec.kind == ShapeClass::Impossible && in.ConsumeBool())
      return nullptr;
    return data;
  };
  buffers.input = as_c(input, data_for(input, input_data));
  buffers.output = as_c(output, data_for(output, output_data));
}

struct FootprintSpec {
  std::vector<std::ptrdiff_t> shape;
  std::vector<unsigned char> mask;
  ShapeClass kind = ShapeClass::Small;
  bool all_on = false;
  std::size_t on = 0;
};

// Kernel calls one generic_filter may make (elements x footprint cells).
constexpr std::size_t kMaxWork = 16384;

FootprintSpec any_footprint(FuzzedDataProvider &in, std::size_t rank, std::size_t elements) {
  FootprintSpec spec;
  for (std::size_t axis = 0; axis < rank; ++axis)
    spec.shape.push_back(in.ConsumeBool() ? in.ConsumeIntegralInRange<std::ptrdiff_t>(1, 3)
                                          : any_extent(in));
  spec.kind = classify(spec.shape);
  if (spec.kind == ShapeClass::Small)
    while (product_of(spec.shape) * std::max<std::size_t>(elements, 1) > kMaxWork)
      *std::max_element(spec.shape.begin(), spec.shape.end()) /= 2;
  // A zero extent is refused (footprint sizes are at least 1) before the
  // mask is read; give it one byte anyway.
  const std::size_t cells = spec.kind == ShapeClass::Small ? product_of(spec.shape) : 1;
  spec.all_on = in.ConsumeBool();
  spec.mask.resize(cells, 1);
  if (!spec.all_on)
    for (unsigned char &cell : spec.mask)
      cell = in.ConsumeIntegralInRange(0, 3) == 0 ? 0 : in.ConsumeIntegral<unsigned char>();
  spec.on = static_cast<std::size_t>(
      std::count_if(spec.mask.begin(), spec.mask.end(), [](unsigned char c) { return c != 0; }));
  return spec;
}

struct FilterArguments {
  ArraySpec input, output;
  FootprintSpec footprint;
  std::vector<std::ptrdiff_t> origin;
  bool null_origin = true, null_options = false, null_footprint = false,
       null_footprint_shape = false, null_input = false, null_output = false;
  llcjit_filter_options options{};
  FilterBuffers buffers;
};

void any_filter_arguments(FuzzedDataProvider &in, FilterArguments &args) {
  args.input = any_array(in);
  args.output = args.input;
  switch (in.ConsumeIntegralInRange(0, 7)) {
  case 0: // another shape
    args.output = any_array(in);
    break;
  case 1: // other strides
    args.output.strides = any_strides(in, args.output.shape, args.output.kind);
    break;
  default: break;
  }
  args.footprint =
      any_footprint(in, args.input.shape.size(),
                    args.input.kind == ShapeClass::Small ? product_of(args.input.shape) : 0);
  llcjit_filter_options_init(&args.options);
  args.null_options = in.ConsumeIntegralInRange(0, 7) == 0;
  if (in.ConsumeBool())
    args.options.mode =
        static_cast<llcjit_mode>(in.ConsumeBool() ? any_int(in) : in.ConsumeIntegralInRange(0, 4));
  if (in.ConsumeBool())
    args.options.cval = any_double(in);
  if (in.ConsumeBool()) {
    args.null_origin = false;
    for (std::size_t axis = 0; axis < args.input.shape.size(); ++axis)
      args.origin.push_back(in.ConsumeBool() ? in.ConsumeIntegralInRange<std::ptrdiff_t>(-2, 2)
                                             : in.ConsumeIntegral<std::ptrdiff_t>());
    args.options.origin = args.origin.data();
  }
  args.options.threads = any_threads(in);
  args.options.fuse = in.ConsumeBool() ? any_int(in) : 0;
  args.null_footprint = in.ConsumeIntegralInRange(0, 31) == 0;
  args.null_footprint_shape = in.ConsumeIntegralInRange(0, 31) == 0;
  args.null_input = in.ConsumeIntegralInRange(0, 31) == 0;
  args.null_output = in.ConsumeIntegralInRange(0, 31) == 0;
  lay_out(in, args.input, args.output, args.buffers);
  // Any dtype, in the bytes laid out as doubles (strides stay in bytes);
  // now and then none of llcjit_dtype's values.
  auto any_dtype = [&in] {
    if (in.ConsumeIntegralInRange(0, 63) == 0)
      return static_cast<llcjit_dtype>(any_int(in));
    return in.ConsumeBool() ? LLCJIT_FLOAT64
                            : static_cast<llcjit_dtype>(in.ConsumeIntegralInRange(0, 10));
  };
  args.buffers.input.dtype = any_dtype();
  args.buffers.output.dtype = in.ConsumeBool() ? args.buffers.input.dtype : any_dtype();
}

bool known_dtype(llcjit_dtype dtype) { return dtype >= LLCJIT_FLOAT64 && dtype <= LLCJIT_UINT64; }

// Element i of a filter's output laid out with 8-byte C strides (the
// differential runs' layout), as a double.
double element_at(const void *base, std::size_t i, llcjit_dtype dtype) {
  const char *at = static_cast<const char *>(base) + i * sizeof(double);
  auto as = [at]<typename T>(T) {
    T value;
    std::memcpy(&value, at, sizeof value);
    return static_cast<double>(value);
  };
  switch (dtype) {
  case LLCJIT_FLOAT32: return as(float{});
  case LLCJIT_BOOL:
  case LLCJIT_UINT8: return as(std::uint8_t{});
  case LLCJIT_INT8: return as(std::int8_t{});
  case LLCJIT_INT16: return as(std::int16_t{});
  case LLCJIT_UINT16: return as(std::uint16_t{});
  case LLCJIT_INT32: return as(std::int32_t{});
  case LLCJIT_UINT32: return as(std::uint32_t{});
  case LLCJIT_INT64: return as(std::int64_t{});
  case LLCJIT_UINT64: return as(std::uint64_t{});
  default: return as(double{});
  }
}

// Whether the call must be refused whatever else it says.
bool must_refuse(const FilterArguments &args) {
  return args.input.kind == ShapeClass::Impossible || args.output.kind == ShapeClass::Impossible ||
         args.footprint.kind == ShapeClass::Impossible || args.null_footprint ||
         args.null_footprint_shape || args.null_input || args.null_output ||
         !known_dtype(args.buffers.input.dtype) || !known_dtype(args.buffers.output.dtype) ||
         (args.input.shape.size() > 0 && (args.input.null_shape || args.input.null_strides)) ||
         (args.output.shape.size() > 0 && (args.output.null_shape || args.output.null_strides));
}

void trace_filter(const FilterArguments &args) {
  trace("filter cval %.17g, input %s strides %s, output %s strides %s, footprint %s (%zu on), "
        "mode %d "
        "threads %u fuse %d dtypes %d -> %d%s\n",
        args.options.cval, shape_text(args.input.shape).c_str(),
        shape_text(args.input.strides).c_str(), shape_text(args.output.shape).c_str(),
        shape_text(args.output.strides).c_str(), shape_text(args.footprint.shape).c_str(),
        args.footprint.on, static_cast<int>(args.options.mode), args.options.threads,
        args.options.fuse, static_cast<int>(args.buffers.input.dtype),
        static_cast<int>(args.buffers.output.dtype), args.null_options ? " (NULL options)" : "");
}

llcjit_status call_filter(const llcjit_callback *kernel, const double *params,
                          std::size_t param_count, FilterArguments &args,
                          const llcjit_array &output) {
  trace_filter(args);
  return checked("llcjit_generic_filter",
                 llcjit_generic_filter(
                     kernel, params, param_count, args.null_input ? nullptr : &args.buffers.input,
                     args.null_output ? nullptr : &output,
                     args.null_footprint ? nullptr : args.footprint.mask.data(),
                     args.null_footprint_shape ? nullptr : args.footprint.shape.data(),
                     args.null_options ? nullptr : &args.options));
}

// The same value, or both NaN. Signed zeros may differ, as in the compile
// fuzzer: a fused median has its footprint's size compiled in (a sorting
// network) and may pick -0.0 where the general one picks 0.0, as NumPy's
// median of the two is either.
bool same(double a, double b) { return a == b || (a != a && b != b); }

// Where the fused kernels run: few enough footprints and strides that the
// engine compiles each once (its cache keeps the last 16).
bool fusable(const FilterArguments &args, const llcjit_callback *kernel) {
  bool pool_kernel = false;
  for (std::size_t i = kFormulaCount - kFilterKernels; i < kFormulaCount; ++i)
    pool_kernel = pool_kernel || kernel == g_compiled[i];
  const auto &shape = args.input.shape;
  const auto &footprint = args.footprint.shape;
  const bool footprint_ok = (footprint == std::vector<std::ptrdiff_t>{3}) ||
                            (footprint == std::vector<std::ptrdiff_t>{3, 3}) ||
                            (footprint == std::vector<std::ptrdiff_t>{1, 3});
  const bool shape_ok = args.input.kind == ShapeClass::Small &&
                        (shape.size() == 1 || (shape.size() == 2 && shape[1] == 5)) &&
                        args.input.strides == c_strides(shape) && args.output.shape == shape &&
                        args.output.strides == args.input.strides;
  const bool origin_ok = args.null_origin || std::all_of(args.origin.begin(), args.origin.end(),
                                                         [](std::ptrdiff_t o) { return o == 0; });
  return pool_kernel && footprint_ok && args.footprint.all_on && shape_ok && origin_ok &&
         !must_refuse(args);
}

void op_filter(FuzzedDataProvider &in, const llcjit_callback *kernel) {
  const std::size_t count = in.ConsumeIntegralInRange<std::size_t>(0, 3);
  std::vector<double> params = doubles(in, count);
  const bool null_params = in.ConsumeIntegralInRange(0, 15) == 0;
  FilterArguments args;
  any_filter_arguments(in, args);
  trace("kernel %p, %zu params%s\n", static_cast<const void *>(kernel), count,
        null_params ? " NULL" : "");
  for (double value : params)
    trace("    parameter %.17g\n", value);
  // Unfused unless fusable (NULL options mean fused).
  const bool differential = (args.options.fuse != 0 || args.null_options) && fusable(args, kernel);
  if (!fusable(args, kernel)) {
    args.options.fuse = 0;
    args.null_options = false;
  } else if (args.options.fuse != 0) {
    // Fused at once: a long compile would otherwise run per element until
    // its work paid, and the differential compare the route with itself.
    args.options.fuse = 2;
  }
  const llcjit_status status =
      call_filter(kernel, null_params ? nullptr : params.data(), count, args, args.buffers.output);
  if (must_refuse(args) || !kernel || (null_params && count > 0))
    expect(status == LLCJIT_USAGE_ERROR, "llcjit_generic_filter took arguments it must refuse");
  if (status != LLCJIT_OK || !differential || args.buffers.output.data == args.buffers.input.data)
    return;
  // The same call unfused, into a separate contiguous output.
  const std::size_t n = product_of(args.input.shape);
  const auto *input_start = static_cast<const double *>(args.buffers.input.data);
  const auto *output_start = static_cast<const double *>(args.buffers.output.data);
  if (output_start < input_start + n && input_start < output_start + n)
    return; // overlapping: the fused output is already the unfused input
  const llcjit_dtype dtype = args.buffers.output.dtype;
  std::vector<double> fused(n);
  for (std::size_t i = 0; i < n; ++i)
    fused[i] = element_at(output_start, i, dtype);
  std::vector<double> unfused(n);
  llcjit_array output = args.buffers.output;
  output.data = unfused.data();
  if (args.null_options) // what NULL means
    llcjit_filter_options_init(&args.options);
  args.options.fuse = 0;
  args.null_options = false;
  expect(call_filter(kernel, params.data(), count, args, output) == LLCJIT_OK,
         "the unfused filter failed where the fused one ran");
  for (std::size_t i = 0; i < n; ++i)
    if (!same(fused[i], element_at(unfused.data(), i, dtype))) {
      std::fprintf(stderr, "element %zu: fused %.17g, unfused %.17g\n", i, fused[i], unfused[i]);
      broken("a fused generic_filter differs from the unfused one");
    }
}

// llcjit_filter_algorithm over the same arguments as a filter call (no
// arrays, only their dtypes): a description or a usage error, never more.
void op_filter_algorithm(FuzzedDataProvider &in, const llcjit_callback *kernel) {
  FilterArguments args;
  any_filter_arguments(in, args);
  const bool null_description = in.ConsumeIntegralInRange(0, 31) == 0;
  const std::size_t rank = args.footprint.shape.size();
  trace_filter(args);
  const char *description = nullptr;
  const llcjit_status status =
      checked("llcjit_filter_algorithm",
              llcjit_filter_algorithm(
                  kernel, args.null_footprint ? nullptr : args.footprint.mask.data(),
                  args.null_footprint_shape ? nullptr : args.footprint.shape.data(), rank,
                  args.null_options ? nullptr : &args.options, args.buffers.input.dtype,
                  args.buffers.output.dtype, null_description ? nullptr : &description));
  if (!kernel || null_description || rank == 0 || args.null_footprint ||
      args.null_footprint_shape || args.footprint.kind == ShapeClass::Impossible ||
      !known_dtype(args.buffers.input.dtype) || !known_dtype(args.buffers.output.dtype))
    expect(status == LLCJIT_USAGE_ERROR, "llcjit_filter_algorithm took arguments it must refuse");
  if (status == LLCJIT_OK)
    expect(description != nullptr && description[0] != '\0',
           "llcjit_filter_algorithm succeeded without a description");
}

struct FunctionState {
  std::size_t expected_size;
  bool refuse;
};

int filter_function(double *values, std::intptr_t size, double *result, void *user_data) {
  const auto *state = static_cast<const FunctionState *>(user_data);
  if (static_cast<std::size_t>(size) != state->expected_size)
    broken("the filter function got another number of values than the footprint's cells");
  double sum = 0;
  for (std::intptr_t i = 0; i < size; ++i)
    sum += values[i];
  *result = sum;
  return state->refuse ? 0 : 1;
}

void op_filter_function(FuzzedDataProvider &in) {
  FilterArguments args;
  any_filter_arguments(in, args);
  FunctionState state{args.footprint.on, in.ConsumeIntegralInRange(0, 7) == 0};
  const bool null_function = in.ConsumeIntegralInRange(0, 15) == 0;
  trace_filter(args);
  const llcjit_status status =
      checked("llcjit_generic_filter_function",
              llcjit_generic_filter_function(
                  null_function ? nullptr : &filter_function, &state,
                  args.null_input ? nullptr : &args.buffers.input,
                  args.null_output ? nullptr : &args.buffers.output,
                  args.null_footprint ? nullptr : args.footprint.mask.data(),
                  args.null_footprint_shape ? nullptr : args.footprint.shape.data(),
                  args.null_options ? nullptr : &args.options),
              state.refuse ? "unknown error in filter function" : nullptr);
  if (must_refuse(args) || null_function)
    expect(status == LLCJIT_USAGE_ERROR,
           "llcjit_generic_filter_function took arguments it must refuse");
}

// ---- generic_filter1d and interpolation ----

// Whether arrays alone make a call one that must be refused.
bool arrays_refused(const FilterArguments &args) {
  return args.input.kind == ShapeClass::Impossible || args.output.kind == ShapeClass::Impossible ||
         args.null_input || args.null_output || !known_dtype(args.buffers.input.dtype) ||
         !known_dtype(args.buffers.output.dtype) ||
         (args.input.shape.size() > 0 && (args.input.null_shape || args.input.null_strides)) ||
         (args.output.shape.size() > 0 && (args.output.null_shape || args.output.null_strides));
}

// A window, origin or axis: small ones that run, and extremes that must be
// refused (never one so large that the call would run out of memory).
std::ptrdiff_t any_window_value(FuzzedDataProvider &in, std::ptrdiff_t low, std::ptrdiff_t high) {
  switch (in.ConsumeIntegralInRange(0, 7)) {
  case 0: return std::numeric_limits<std::ptrdiff_t>::min();
  case 1: return std::numeric_limits<std::ptrdiff_t>::max();
  default: return in.ConsumeIntegralInRange(low, high);
  }
}

void op_filter1d(FuzzedDataProvider &in, const llcjit_callback *kernel) {
  FilterArguments args;
  any_filter_arguments(in, args);
  llcjit_filter1d_options options;
  llcjit_filter1d_options_init(&options);
  options.mode = args.options.mode;
  options.cval = args.options.cval;
  options.threads = args.options.threads;
  options.origin = any_window_value(in, -3, 3);
  const std::ptrdiff_t size = any_window_value(in, -1, 6);
  const std::ptrdiff_t axis = any_window_value(in, -4, 3);
  const bool with_function = in.ConsumeIntegralInRange(0, 3) == 0;
  trace("filter1d size %td axis %td origin %td\n", size, axis, options.origin);
  trace_filter(args);
  const llcjit_array *input = args.null_input ? nullptr : &args.buffers.input;
  const llcjit_array *output = args.null_output ? nullptr : &args.buffers.output;
  const llcjit_filter1d_options *given = args.null_options ? nullptr : &options;
  const llcjit_status status =
      with_function
          ? checked("llcjit_generic_filter1d_function",
                    llcjit_generic_filter1d_function(
                        [](double *, std::intptr_t, double *out, std::intptr_t n, void *) {
                          std::fill(out, out + n, 1.0);
                          return 1;
                        },
                        nullptr, input, output, size, axis, given))
          : checked("llcjit_generic_filter1d",
                    llcjit_generic_filter1d(kernel, nullptr, 0, input, output, size, axis, given));
  if (arrays_refused(args) || size < 1 || (!with_function && !kernel))
    expect(status == LLCJIT_USAGE_ERROR, "llcjit_generic_filter1d took arguments it must refuse");
}

void op_interpolate(FuzzedDataProvider &in, const llcjit_callback *mapping) {
  FilterArguments args;
  any_filter_arguments(in, args);
  llcjit_interpolation_options options;
  llcjit_interpolation_options_init(&options);
  options.order = in.ConsumeBool() ? in.ConsumeIntegralInRange(0, 5) : any_int(in);
  options.mode = static_cast<llcjit_interpolation_mode>(
      in.ConsumeBool() ? in.ConsumeIntegralInRange(0, 6) : any_int(in));
  options.cval = args.options.cval;
  options.prefilter = in.ConsumeBool();
  options.threads = args.options.threads;
  const llcjit_array *input = args.null_input ? nullptr : &args.buffers.input;
  const llcjit_array *output = args.null_output ? nullptr : &args.buffers.output;
  const llcjit_interpolation_options *given = args.null_options ? nullptr : &options;
  // Calls that would run for long: (order + 1)^rank taps for every output
  // element (llcjit refuses past 2^20 taps a point).
  const int order = args.null_options ? 3 : options.order;
  if (order >= 0 && order <= 5 && args.output.kind == ShapeClass::Small) {
    double work = static_cast<double>(product_of(args.output.shape));
    for (std::size_t axis = 0; axis < args.input.shape.size(); ++axis)
      work *= order + 1;
    if (work > kMaxWork * 64)
      return;
  }
  trace("interpolate order %d mode %d prefilter %d\n", options.order,
        static_cast<int>(options.mode), options.prefilter);
  trace_filter(args);
  llcjit_status status;
  if (in.ConsumeBool()) {
    status = checked("llcjit_geometric_transform",
                     llcjit_geometric_transform(mapping, nullptr, 0, input, output, given));
  } else {
    // Coordinates of the output's shape with one more axis in front, whose
    // extent is the input's rank (or not).
    ArraySpec spec = args.output;
    spec.shape.insert(spec.shape.begin(), in.ConsumeBool()
                                              ? static_cast<std::ptrdiff_t>(args.input.shape.size())
                                              : any_extent(in));
    const std::vector<std::ptrdiff_t> asked = spec.shape;
    spec.kind = classify(spec.shape);
    if (spec.kind == ShapeClass::Impossible || spec.shape != asked)
      return; // classify shrank it: no coordinates to match the output
    spec.strides = c_strides(spec.shape);
    std::vector<double> coordinates(spec.kind == ShapeClass::Small ? product_of(spec.shape) : 1);
    for (double &coordinate : coordinates)
      coordinate = in.ConsumeIntegralInRange(0, 7) == 0
                       ? any_double(in)
                       : in.ConsumeIntegralInRange(-16, 16) * 0.375;
    llcjit_array coordinate_array = as_c(spec, coordinates.data());
    status = checked("llcjit_map_coordinates",
                     llcjit_map_coordinates(input, &coordinate_array, output, given));
  }
  const bool bad_options = !args.null_options && (options.order < 0 || options.order > 5 ||
                                                  options.mode < 0 || options.mode > 6);
  if (arrays_refused(args) || bad_options)
    expect(status == LLCJIT_USAGE_ERROR, "an interpolation took arguments it must refuse");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  for (std::size_t i = 0; i < kFormulaCount; ++i) {
    llcjit_options options;
    llcjit_options_init(&options);
    options.kind = kFormulas[i].kind;
    if (llcjit_compile(nullptr, kFormulas[i].source, &options, &g_compiled[i]) != LLCJIT_OK)
      broken("cannot compile", llcjit_last_error());
  }
  if (llcjit_engine_create(&g_engine) != LLCJIT_OK)
    broken("cannot create an engine", llcjit_last_error());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  std::vector<const llcjit_callback *> callbacks(std::begin(g_compiled), std::end(g_compiled));
  for (int step = 0; step < 24 && in.remaining_bytes() > 0; ++step) {
    switch (in.ConsumeIntegralInRange(0, 11)) {
    case 0: op_compile(in, callbacks); break;
    case 1: op_query(in, any_callback(in, callbacks)); break;
    case 2: op_strings(in); break;
    case 3: op_address(in, any_callback(in, callbacks)); break;
    case 4: op_quad(in, any_callback(in, callbacks)); break;
    case 5: op_sweep(in, any_callback(in, callbacks)); break;
    case 6:
    case 7: op_filter(in, any_callback(in, callbacks)); break;
    case 8: op_filter_function(in); break;
    case 9: op_filter1d(in, any_callback(in, callbacks)); break;
    case 10: op_interpolate(in, any_callback(in, callbacks)); break;
    case 11: op_filter_algorithm(in, any_callback(in, callbacks)); break;
    }
  }
  for (llcjit_callback *callback : g_owned)
    llcjit_callback_release(callback);
  g_owned.clear();
  return 0;
}
