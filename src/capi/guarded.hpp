// What the C ABI's files share: the handles behind its opaque types, and
// guarded(), which turns every exception into a status and the calling
// thread's last error, so that none crosses the ABI.
#pragma once

#include <llcjit/llcjit.h>
#include <llcjit/llcjit.hpp>

#include <atomic>
#include <cstddef>
#include <new>
#include <string>

struct llcjit_engine {
  llcjit::Engine engine;
};

struct llcjit_callback {
  llcjit::Callback callback;
};

namespace llcjit::capi {

// A C caller's llcjit_progress, read and written by the drivers as the
// Progress of the C++ API, whose atomics have its layout.
static_assert(sizeof(Progress) == sizeof(llcjit_progress) &&
              alignof(Progress) == alignof(llcjit_progress) &&
              offsetof(Progress, done) == offsetof(llcjit_progress, done) &&
              offsetof(Progress, total) == offsetof(llcjit_progress, total) &&
              offsetof(Progress, cancel) == offsetof(llcjit_progress, cancel) &&
              std::atomic<std::size_t>::is_always_lock_free &&
              std::atomic<int>::is_always_lock_free);

inline Progress *progress_of(llcjit_progress *progress) noexcept {
  return reinterpret_cast<Progress *>(progress);
}

struct LastError {
  std::string message;
  unsigned line = 0;
  unsigned column = 0;
};

inline LastError &last_error() {
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
  } catch (const llcjit::Cancelled &e) {
    error.message = e.what();
    return LLCJIT_CANCELLED;
  } catch (const std::bad_alloc &) {
    error.message = "out of memory";
    return LLCJIT_OUT_OF_MEMORY;
  } catch (const std::exception &e) {
    error.message = e.what();
    return LLCJIT_INTERNAL_ERROR;
  } catch (...) {
    error.message = "unknown error";
    return LLCJIT_INTERNAL_ERROR;
  }
}

inline void require(bool condition, const char *message) {
  if (!condition)
    throw llcjit::UsageError(message);
}

// A C dtype as the C++ drivers take it; `message` when it is none of
// llcjit_dtype's values.
inline llcjit::DType dtype_of(llcjit_dtype dtype, const char *message) {
  require(dtype >= LLCJIT_FLOAT64 && dtype <= LLCJIT_UINT64, message);
  return static_cast<llcjit::DType>(dtype);
}

// A C array as the C++ drivers take it, checked.
inline llcjit::ArrayView view(const llcjit_array &array) {
  require(array.rank == 0 || (array.shape != nullptr && array.strides != nullptr),
          "an array's shape or strides are NULL");
  llcjit::ArrayView out{
      array.data,
      {},
      {},
      dtype_of(array.dtype, "an array's dtype is not one of llcjit_dtype's values")};
  if (array.rank > 0) {
    out.shape.assign(array.shape, array.shape + array.rank);
    out.strides.assign(array.strides, array.strides + array.rank);
  }
  require(array.data != nullptr || out.size() == 0, "an array's data is NULL");
  return out;
}

// The options a C caller gave, or `init`'s defaults for NULL.
template <typename COptions>
COptions given_or_defaults(const COptions *given, void (*init)(COptions *)) {
  COptions options;
  init(&options);
  if (given)
    options = *given;
  return options;
}

// A driver's input and output as the C++ API takes them, checked.
struct InputOutput {
  llcjit::ArrayView input, output;
  InputOutput(const llcjit_array *in, const llcjit_array *out) {
    require(in != nullptr && out != nullptr, "input or output is NULL");
    input = view(*in);
    output = view(*out);
  }
};

} // namespace llcjit::capi
