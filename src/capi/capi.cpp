// The C ABI (include/llcjit/llcjit.h) over the C++ API: handles, status
// codes and a per-thread last error; no exception crosses it.
#include <llcjit/llcjit.h>
#include <llcjit/llcjit.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <vector>

struct llcjit_engine {
  llcjit::Engine engine;
};

struct llcjit_callback {
  llcjit::Callback callback;
};

namespace {

struct LastError {
  std::string message;
  unsigned line = 0;
  unsigned column = 0;
};

LastError &last_error() {
  thread_local LastError error;
  return error;
}

// Runs `body`, turning every exception into a status and the last error.
template <typename Body> llcjit_status guarded(Body &&body) noexcept {
  LastError &error = last_error();
  error = {};
  try {
    body();
    return LLCJIT_OK;
  } catch (const llcjit::CompileError &e) {
    error = {e.what(), e.line(), e.column()};
    return LLCJIT_COMPILE_ERROR;
  } catch (const llcjit::UsageError &e) {
    error.message = e.what();
    return LLCJIT_USAGE_ERROR;
  } catch (const llcjit::JitError &e) {
    error.message = e.what();
    return LLCJIT_JIT_ERROR;
  } catch (const std::bad_alloc &) {
    error.message = "out of memory";
    return LLCJIT_INTERNAL_ERROR;
  } catch (const std::exception &e) {
    error.message = e.what();
    return LLCJIT_INTERNAL_ERROR;
  } catch (...) {
    error.message = "unknown error";
    return LLCJIT_INTERNAL_ERROR;
  }
}

void require(bool condition, const char *message) {
  if (!condition)
    throw llcjit::UsageError(message);
}

std::vector<std::string> names(const char *const *list, std::size_t count) {
  require(list != nullptr || count == 0, "a name list is NULL but its count is not 0");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) {
    require(list[i] != nullptr, "a name in a list is NULL");
    out.emplace_back(list[i]);
  }
  return out;
}

llcjit::QuadOptions quad_options(const llcjit_quad_options *given) {
  llcjit_quad_options options;
  llcjit_quad_options_init(&options);
  if (given)
    options = *given;
  require(options.points != nullptr || options.point_count == 0,
          "points is NULL but point_count is not 0");
  require(options.wvar != nullptr || options.wvar_count == 0,
          "wvar is NULL but wvar_count is not 0");
  require(options.weight >= LLCJIT_WEIGHT_NONE && options.weight <= LLCJIT_WEIGHT_SIN,
          "unknown weight");
  static constexpr std::array kWeights = {
      llcjit::Weight::None,    llcjit::Weight::Cauchy, llcjit::Weight::Alg, llcjit::Weight::AlgLogA,
      llcjit::Weight::AlgLogB, llcjit::Weight::AlgLog, llcjit::Weight::Cos, llcjit::Weight::Sin};
  llcjit::QuadOptions out;
  out.epsabs = options.epsabs;
  out.epsrel = options.epsrel;
  out.limit = options.limit;
  out.points.assign(options.points, options.points + options.point_count);
  out.weight = kWeights[static_cast<std::size_t>(options.weight)];
  out.wvar.assign(options.wvar, options.wvar + options.wvar_count);
  out.maxp1 = options.maxp1;
  out.limlst = options.limlst;
  out.threads = options.threads;
  return out;
}

llcjit_quad_result to_c(const llcjit::QuadResult &r) {
  return {r.value, r.abserr, r.neval, r.ier, r.last};
}

// The C arguments of the generic_filter functions as the C++ driver takes
// them, checked.
struct FilterCall {
  llcjit::ArrayView input, output;
  llcjit::Footprint footprint;
  llcjit::FilterOptions options;

  FilterCall(const llcjit_array *in, const llcjit_array *out, const unsigned char *mask,
             const ptrdiff_t *mask_shape, const llcjit_filter_options *given) {
    require(in != nullptr && out != nullptr, "input or output is NULL");
    require(mask != nullptr && mask_shape != nullptr, "the footprint is NULL");
    llcjit_filter_options c;
    llcjit_filter_options_init(&c);
    if (given)
      c = *given;
    require(c.mode >= LLCJIT_MODE_REFLECT && c.mode <= LLCJIT_MODE_WRAP,
            "boundary mode not supported");
    input = view(*in);
    output = view(*out);
    // The box of that shape sizes the mask, which is then copied in.
    footprint = llcjit::Footprint::box({mask_shape, mask_shape + in->rank});
    std::copy_n(mask, footprint.mask.size(), footprint.mask.begin());
    static constexpr std::array kModes = {llcjit::Mode::Reflect, llcjit::Mode::Constant,
                                          llcjit::Mode::Nearest, llcjit::Mode::Mirror,
                                          llcjit::Mode::Wrap};
    options.mode = kModes[static_cast<std::size_t>(c.mode)];
    options.cval = c.cval;
    if (c.origin)
      options.origin.assign(c.origin, c.origin + in->rank);
    options.threads = c.threads;
    options.fuse = c.fuse != 0;
    options.exact = c.exact != 0;
  }

  static llcjit::ArrayView view(const llcjit_array &array) {
    require(array.rank == 0 || (array.shape != nullptr && array.strides != nullptr),
            "an array's shape or strides are NULL");
    llcjit::ArrayView out{array.data, {}, {}};
    if (array.rank > 0) {
      out.shape.assign(array.shape, array.shape + array.rank);
      out.strides.assign(array.strides, array.strides + array.rank);
    }
    require(array.data != nullptr || out.size() == 0, "an array's data is NULL");
    return out;
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

void llcjit_options_init(llcjit_options *options) {
  if (options)
    *options = {LLCJIT_KIND_AUTO, nullptr, 0, nullptr, 0, 0};
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

void llcjit_quad_options_init(llcjit_quad_options *options) {
  if (options) {
    const llcjit::QuadOptions defaults;
    *options = {defaults.epsabs,
                defaults.epsrel,
                defaults.limit,
                nullptr,
                0,
                LLCJIT_WEIGHT_NONE,
                nullptr,
                0,
                defaults.maxp1,
                defaults.limlst,
                defaults.threads};
  }
}

const char *llcjit_quad_message(int ier) {
  static const std::array<std::string, 9> kMessages = [] {
    std::array<std::string, 9> messages;
    for (int i = 0; i < 9; ++i)
      messages[i] = llcjit::quad_message(i, llcjit::QuadOptions{}.limit);
    return messages;
  }();
  return ier >= 0 && ier < 9 ? kMessages[ier].c_str() : "Unknown error.";
}

const char *llcjit_quad_message_for(int ier, int limit) {
  thread_local std::string message;
  message = ier >= 0 && ier < 9 ? llcjit::quad_message(ier, limit) : "Unknown error.";
  return message.c_str();
}

llcjit_status llcjit_quad(const llcjit_callback *callback, const double *params, size_t param_count,
                          double a, double b, const llcjit_quad_options *options,
                          llcjit_quad_result *result) {
  return guarded([&] {
    require(callback != nullptr && result != nullptr, "callback or result is NULL");
    require(params != nullptr || param_count == 0, "params is NULL but param_count is not 0");
    *result =
        to_c(llcjit::quad(callback->callback, {params, param_count}, a, b, quad_options(options)));
  });
}

llcjit_status llcjit_quad_sweep(const llcjit_callback *callback, const double *parameter_sets,
                                size_t rows, double a, double b, const llcjit_quad_options *options,
                                llcjit_quad_result *results) {
  return guarded([&] {
    require(callback != nullptr && results != nullptr, "callback or results is NULL");
    const std::size_t width = callback->callback.parameters().size();
    std::size_t values = 0;
    require(!__builtin_mul_overflow(rows, width, &values) && values <= PTRDIFF_MAX / sizeof(double),
            "rows * parameter count is larger than any array");
    require(parameter_sets != nullptr || values == 0, "parameter_sets is NULL but rows is not 0");
    const std::vector<llcjit::QuadResult> all = llcjit::quad_sweep(
        callback->callback, {parameter_sets, values}, a, b, quad_options(options));
    for (std::size_t i = 0; i < all.size(); ++i)
      results[i] = to_c(all[i]);
  });
}

llcjit_status llcjit_nquad(const llcjit_callback *callback, const llcjit_range *ranges,
                           size_t range_count, const double *params, size_t param_count,
                           const llcjit_quad_options *options, llcjit_quad_result *result) {
  return guarded([&] {
    require(callback != nullptr && result != nullptr, "callback or result is NULL");
    require(ranges != nullptr || range_count == 0, "ranges is NULL but range_count is not 0");
    require(params != nullptr || param_count == 0, "params is NULL but param_count is not 0");
    std::vector<llcjit::Range> cpp;
    for (std::size_t i = 0; i < range_count; ++i) {
      require(ranges[i].lower != nullptr && ranges[i].upper != nullptr, "a bound is NULL");
      cpp.push_back({ranges[i].lower, ranges[i].upper});
    }
    const llcjit::QuadOptions level = quad_options(options);
    *result =
        to_c(llcjit::nquad(callback->callback, cpp, {params, param_count}, std::span(&level, 1)));
  });
}

void llcjit_filter_options_init(llcjit_filter_options *options) {
  if (options)
    *options = {LLCJIT_MODE_REFLECT, 0.0, nullptr, 0, 1, 0};
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

} // extern "C"
