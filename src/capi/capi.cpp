// The C ABI (include/llcjit/llcjit.h) over the C++ API: engines, compiled
// callbacks, generic_filter and generic_filter1d (quad.cpp has the
// quadrature, interpolation.cpp the interpolation).
#include "capi/guarded.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <vector>

namespace {

using llcjit::capi::dtype_of;
using llcjit::capi::given_or_defaults;
using llcjit::capi::guarded;
using llcjit::capi::last_error;
using llcjit::capi::progress_of;
using llcjit::capi::require;

std::vector<std::string> names(const char *const *list, std::size_t count) {
  require(list != nullptr || count == 0, "a name list is NULL but its count is not 0");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) {
    require(list[i] != nullptr, "a name in a list is NULL");
    out.emplace_back(list[i]);
  }
  return out;
}

// llcjit_mode's value as the C++ API's; UsageError for any other int.
llcjit::Mode mode_of(llcjit_mode mode) {
  static constexpr std::array kModes = {llcjit::Mode::Reflect, llcjit::Mode::Constant,
                                        llcjit::Mode::Nearest, llcjit::Mode::Mirror,
                                        llcjit::Mode::Wrap};
  require(mode >= LLCJIT_MODE_REFLECT && mode <= LLCJIT_MODE_WRAP, "boundary mode not supported");
  return kModes[static_cast<std::size_t>(mode)];
}

// The footprint of `rank` axes a C caller gave: the box of its shape
// (which checks the extents), with the mask copied in.
llcjit::Footprint footprint_of(const unsigned char *mask, const ptrdiff_t *mask_shape,
                               size_t rank) {
  require(mask != nullptr && mask_shape != nullptr, "the footprint is NULL");
  llcjit::Footprint footprint = llcjit::Footprint::box({mask_shape, mask_shape + rank});
  std::copy_n(mask, footprint.mask.size(), footprint.mask.begin());
  return footprint;
}

// The filter options a C caller gave (or the defaults) for `rank` axes.
llcjit::FilterOptions filter_options_of(const llcjit_filter_options *given, size_t rank) {
  const llcjit_filter_options c = given_or_defaults(given, &llcjit_filter_options_init);
  llcjit::FilterOptions options;
  options.mode = mode_of(c.mode);
  options.cval = c.cval;
  if (c.origin)
    options.origin.assign(c.origin, c.origin + rank);
  options.threads = c.threads;
  options.fuse = c.fuse != 0;
  options.fuse_now = c.fuse == 2;
  options.exact = c.exact != 0;
  options.progress = progress_of(c.progress);
  require(c.streaming >= -1 && c.streaming <= 1,
          "streaming must be -1 (when the arrays exceed the cache), 0 or 1");
  if (c.streaming >= 0)
    options.streaming = c.streaming == 1;
  return options;
}

// The C arguments of the generic_filter functions as the C++ driver takes
// them, checked.
struct FilterCall {
  llcjit::ArrayView input, output;
  llcjit::Footprint footprint;
  llcjit::FilterOptions options;

  FilterCall(const llcjit_array *in, const llcjit_array *out, const unsigned char *mask,
             const ptrdiff_t *mask_shape, const llcjit_filter_options *given) {
    const llcjit::capi::InputOutput arrays(in, out);
    input = arrays.input;
    output = arrays.output;
    footprint = footprint_of(mask, mask_shape, in->rank);
    options = filter_options_of(given, in->rank);
  }
};

} // namespace

extern "C" {

const char *llcjit_version(void) { return LLCJIT_VERSION_STRING; }

const char *llcjit_last_error(void) { return last_error().message.c_str(); }
unsigned llcjit_last_error_line(void) { return last_error().line; }
unsigned llcjit_last_error_column(void) { return last_error().column; }

const char *llcjit_entry_signature(llcjit_entry entry) {
  if (entry < LLCJIT_ENTRY_SCALAR || entry > LLCJIT_ENTRY_BATCH)
    return nullptr;
  // The C++ strings are views of string literals, so NUL-terminated.
  return llcjit::signature(static_cast<llcjit::Entry>(entry)).data();
}

llcjit_status llcjit_engine_create(llcjit_engine **engine) {
  return guarded([&] {
    require(engine != nullptr, "engine is NULL");
    *engine = new llcjit_engine{};
  });
}

void llcjit_engine_destroy(llcjit_engine *engine) { delete engine; }

static_assert(LLCJIT_TIER_AUTOMATIC == static_cast<int>(llcjit::Tier::Automatic) &&
              LLCJIT_TIER_QUICK == static_cast<int>(llcjit::Tier::Quick) &&
              LLCJIT_TIER_OPTIMISED == static_cast<int>(llcjit::Tier::Optimised));

static_assert(LLCJIT_FLOAT64 == static_cast<int>(llcjit::DType::Float64) &&
              LLCJIT_FLOAT32 == static_cast<int>(llcjit::DType::Float32) &&
              LLCJIT_BOOL == static_cast<int>(llcjit::DType::Bool) &&
              LLCJIT_INT8 == static_cast<int>(llcjit::DType::Int8) &&
              LLCJIT_UINT8 == static_cast<int>(llcjit::DType::UInt8) &&
              LLCJIT_INT16 == static_cast<int>(llcjit::DType::Int16) &&
              LLCJIT_UINT16 == static_cast<int>(llcjit::DType::UInt16) &&
              LLCJIT_INT32 == static_cast<int>(llcjit::DType::Int32) &&
              LLCJIT_UINT32 == static_cast<int>(llcjit::DType::UInt32) &&
              LLCJIT_INT64 == static_cast<int>(llcjit::DType::Int64) &&
              LLCJIT_UINT64 == static_cast<int>(llcjit::DType::UInt64));

void llcjit_options_init(llcjit_options *options) {
  if (options)
    *options = {LLCJIT_KIND_AUTO, nullptr, 0, nullptr, 0, 0, LLCJIT_TIER_AUTOMATIC, 1};
}

llcjit_status llcjit_compile(llcjit_engine *engine, const char *source,
                             const llcjit_options *options, llcjit_callback **callback) {
  if (source == nullptr)
    return guarded([] { require(false, "source is NULL"); });
  return llcjit_compile_n(engine, source, std::strlen(source), options, callback);
}

llcjit_status llcjit_compile_n(llcjit_engine *engine, const char *source, size_t length,
                               const llcjit_options *options, llcjit_callback **callback) {
  return guarded([&] {
    require(source != nullptr || length == 0, "source is NULL but length is not 0");
    require(callback != nullptr, "callback is NULL");
    llcjit::Options cpp;
    if (options) {
      require(options->kind >= LLCJIT_KIND_AUTO && options->kind <= LLCJIT_KIND_TRANSFORM,
              "unknown kind");
      if (options->kind != LLCJIT_KIND_AUTO)
        cpp.kind = static_cast<llcjit::Kind>(options->kind);
      cpp.parameters = names(options->parameters, options->parameter_count);
      cpp.variables = names(options->variables, options->variable_count);
      cpp.vector_math = options->vector_math != 0;
      require(options->tier >= LLCJIT_TIER_AUTOMATIC && options->tier <= LLCJIT_TIER_OPTIMISED,
              "unknown tier");
      cpp.tier = static_cast<llcjit::Tier>(options->tier);
      cpp.disk_cache = options->disk_cache != 0;
    }
    llcjit::Engine &target = engine ? engine->engine : llcjit::Engine::default_engine();
    *callback = new llcjit_callback{target.compile({source, length}, cpp)};
  });
}

llcjit_status llcjit_callback_clone(const llcjit_callback *callback, llcjit_callback **copy) {
  return guarded([&] {
    require(callback != nullptr && copy != nullptr, "callback or copy is NULL");
    *copy = new llcjit_callback{callback->callback};
  });
}

void llcjit_callback_release(llcjit_callback *callback) { delete callback; }

llcjit_kind llcjit_callback_kind(const llcjit_callback *callback) {
  return callback ? static_cast<llcjit_kind>(callback->callback.kind()) : LLCJIT_KIND_AUTO;
}

size_t llcjit_callback_parameter_count(const llcjit_callback *callback) {
  return callback ? callback->callback.parameters().size() : 0;
}

const char *llcjit_callback_parameter(const llcjit_callback *callback, size_t index) {
  if (!callback || index >= callback->callback.parameters().size())
    return nullptr;
  return callback->callback.parameters()[index].c_str();
}

size_t llcjit_callback_variable_count(const llcjit_callback *callback) {
  return callback ? callback->callback.variables().size() : 0;
}

const char *llcjit_callback_variable(const llcjit_callback *callback, size_t index) {
  if (!callback || index >= callback->callback.variables().size())
    return nullptr;
  return callback->callback.variables()[index].c_str();
}

int llcjit_callback_uses(const llcjit_callback *callback, const char *variable) {
  return callback && variable && callback->callback.uses(variable) ? 1 : 0;
}

llcjit_status llcjit_callback_address(const llcjit_callback *callback, llcjit_entry entry,
                                      void **address) {
  return guarded([&] {
    require(callback != nullptr && address != nullptr, "callback or address is NULL");
    require(entry >= LLCJIT_ENTRY_SCALAR && entry <= LLCJIT_ENTRY_BATCH, "unknown entry point");
    *address = callback->callback.address(static_cast<llcjit::Entry>(entry));
  });
}

llcjit_status llcjit_evaluate_batch(const llcjit_callback *callback, const double *params,
                                    size_t param_count, const double *x, double *y, size_t n,
                                    unsigned threads) {
  return guarded([&] {
    require(callback != nullptr, "callback is NULL");
    require(params != nullptr || param_count == 0, "params is NULL but param_count is not 0");
    require((x != nullptr && y != nullptr) || n == 0, "x or y is NULL but n is not 0");
    require(n <= PTRDIFF_MAX / sizeof(double), "n is larger than any array");
    callback->callback.evaluate_batch({x, n}, {y, n}, {params, param_count}, threads);
  });
}

void llcjit_filter_options_init(llcjit_filter_options *options) {
  if (options)
    *options = {LLCJIT_MODE_REFLECT, 0.0, nullptr, 0, 1, 0, nullptr, -1};
}

llcjit_status llcjit_generic_filter(const llcjit_callback *kernel, const double *params,
                                    size_t param_count, const llcjit_array *input,
                                    const llcjit_array *output, const unsigned char *footprint,
                                    const ptrdiff_t *footprint_shape,
                                    const llcjit_filter_options *options) {
  return guarded([&] {
    require(kernel != nullptr, "the kernel is NULL");
    require(params != nullptr || param_count == 0, "params is NULL but param_count is not 0");
    const FilterCall call(input, output, footprint, footprint_shape, options);
    llcjit::generic_filter(call.input, call.output, kernel->callback, {params, param_count},
                           call.footprint, call.options);
  });
}

llcjit_status llcjit_filter_algorithm(const llcjit_callback *kernel, const unsigned char *footprint,
                                      const ptrdiff_t *footprint_shape, size_t rank,
                                      const llcjit_filter_options *options, llcjit_dtype input,
                                      llcjit_dtype output, const char **description) {
  return guarded([&] {
    require(kernel != nullptr && description != nullptr, "the kernel or description is NULL");
    require(rank >= 1, "the footprint needs at least one axis");
    constexpr const char *kUnknown = "a dtype is not one of llcjit_dtype's values";
    const llcjit::DType from = dtype_of(input, kUnknown), to = dtype_of(output, kUnknown);
    // Kept for the caller until this thread's next call.
    thread_local std::string text;
    text =
        llcjit::filter_algorithm(kernel->callback, footprint_of(footprint, footprint_shape, rank),
                                 filter_options_of(options, rank), from, to);
    *description = text.c_str();
  });
}

llcjit_status llcjit_generic_filter_function(llcjit_filter_function function, void *user_data,
                                             const llcjit_array *input, const llcjit_array *output,
                                             const unsigned char *footprint,
                                             const ptrdiff_t *footprint_shape,
                                             const llcjit_filter_options *options) {
  return guarded([&] {
    require(function != nullptr, "the filter function is NULL");
    const FilterCall call(input, output, footprint, footprint_shape, options);
    llcjit::generic_filter(call.input, call.output, function, user_data, call.footprint,
                           call.options);
  });
}

void llcjit_filter1d_options_init(llcjit_filter1d_options *options) {
  if (options)
    *options = {
        .mode = LLCJIT_MODE_REFLECT, .cval = 0.0, .origin = 0, .threads = 0, .progress = nullptr};
}

namespace {

// The C arguments of the generic_filter1d functions as the C++ driver
// takes them, checked.
struct Filter1DCall {
  llcjit::ArrayView input, output;
  llcjit::Filter1DOptions options;

  Filter1DCall(const llcjit_array *in, const llcjit_array *out,
               const llcjit_filter1d_options *given) {
    const llcjit::capi::InputOutput arrays(in, out);
    const llcjit_filter1d_options c = given_or_defaults(given, &llcjit_filter1d_options_init);
    input = arrays.input;
    output = arrays.output;
    options = {.mode = mode_of(c.mode),
               .cval = c.cval,
               .origin = c.origin,
               .threads = c.threads,
               .progress = progress_of(c.progress)};
  }
};

} // namespace

llcjit_status llcjit_generic_filter1d(const llcjit_callback *kernel, const double *params,
                                      size_t param_count, const llcjit_array *input,
                                      const llcjit_array *output, ptrdiff_t filter_size,
                                      ptrdiff_t axis, const llcjit_filter1d_options *options) {
  return guarded([&] {
    require(kernel != nullptr, "the kernel is NULL");
    require(params != nullptr || param_count == 0, "params is NULL but param_count is not 0");
    const Filter1DCall call(input, output, options);
    llcjit::generic_filter1d(call.input, call.output, kernel->callback, {params, param_count},
                             filter_size, axis, call.options);
  });
}

llcjit_status llcjit_generic_filter1d_function(llcjit_filter1d_function function, void *user_data,
                                               const llcjit_array *input,
                                               const llcjit_array *output, ptrdiff_t filter_size,
                                               ptrdiff_t axis,
                                               const llcjit_filter1d_options *options) {
  return guarded([&] {
    require(function != nullptr, "the filter function is NULL");
    const Filter1DCall call(input, output, options);
    llcjit::generic_filter1d(call.input, call.output, function, user_data, filter_size, axis,
                             call.options);
  });
}

} // extern "C"
