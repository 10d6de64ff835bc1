// A test-only shared library that lets pytest hand llcjit's entry points to
// SciPy through ctypes, until the C ABI exists. Every function returns 0 /
// null on failure and leaves the message in scipy_shim_error().
#include <llcjit/llcjit.hpp>

#include <memory>
#include <string>

namespace {
thread_local std::string last_error;
}

extern "C" {

const char *scipy_shim_error() { return last_error.c_str(); }

// Returns a heap-held Callback, or null.
void *scipy_shim_compile(const char *source, const char *kind) {
  try {
    llcjit::Options options;
    if (kind && *kind)
      options.kind = llcjit::parse_kind(kind);
    return new llcjit::Callback(llcjit::compile(source, options));
  } catch (const std::exception &error) {
    last_error = error.what();
    return nullptr;
  }
}

void scipy_shim_release(void *callback) { delete static_cast<llcjit::Callback *>(callback); }

// The address of entry point `entry` (llcjit::Entry's value), or null.
void *scipy_shim_address(void *callback, int entry) {
  try {
    return static_cast<llcjit::Callback *>(callback)->address(static_cast<llcjit::Entry>(entry));
  } catch (const std::exception &error) {
    last_error = error.what();
    return nullptr;
  }
}

const char *scipy_shim_signature(int entry) {
  return llcjit::signature(static_cast<llcjit::Entry>(entry)).data();
}

} // extern "C"
