// The definitions of code_identity.hpp: what machine code depends on besides
// the formula.
#include "jit/code_identity.hpp"

#include <llcjit/version.h>

#include <llvm/Config/llvm-config.h>

#include <dlfcn.h>
#include <gnu/libc-version.h>
#include <sys/stat.h>

#include <fmt/format.h>

namespace llcjit::jit {

namespace {

std::string this_library() {
  Dl_info info{};
  struct stat status{};
  if (dladdr(reinterpret_cast<void *>(&code_identity), &info) == 0 || !info.dli_fname ||
      stat(info.dli_fname, &status) != 0)
    return "unknown build";
  return fmt::format("{} {} {}.{:09}", info.dli_fname, status.st_size, status.st_mtim.tv_sec,
                     status.st_mtim.tv_nsec);
}

} // namespace

std::string code_identity(std::string_view triple, std::string_view cpu,
                          std::string_view features) {
  return fmt::format("llcjit {} [{}] LLVM {} {} {} [{}] glibc {}", LLCJIT_VERSION_STRING,
                     this_library(), LLVM_VERSION_STRING, triple, cpu, features,
                     gnu_get_libc_version());
}

} // namespace llcjit::jit
