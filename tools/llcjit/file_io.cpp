// The definitions of file_io.hpp: whole files in and out.
#include "file_io.hpp"

#include <llcjit/errors.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace llcjit::tool {

namespace {

std::string reason() { return std::strerror(errno); }

// Closes a descriptor, and removes the temporary file unless it was renamed.
class TemporaryFile {
public:
  explicit TemporaryFile(const std::string &target) : name_(target + ".XXXXXX") {
    fd_ = mkstemp(name_.data());
    if (fd_ < 0)
      throw Error(fmt::format("cannot write {}: {}", target, reason()));
  }
  TemporaryFile(const TemporaryFile &) = delete;
  TemporaryFile &operator=(const TemporaryFile &) = delete;
  ~TemporaryFile() {
    if (fd_ >= 0)
      ::close(fd_);
    if (!renamed_)
      ::unlink(name_.c_str());
  }

  int fd() const { return fd_; }
  const std::string &name() const { return name_; }
  bool close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }
  void renamed() { renamed_ = true; }

private:
  std::string name_;
  int fd_ = -1;
  bool renamed_ = false;
};

// The permissions an ordinary new file gets (0666 less the umask), which
// mkstemp's 0600 would otherwise narrow.
mode_t new_file_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

} // namespace

std::string read_file(const std::string &path, std::string_view magic) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw UsageError(fmt::format("{} is a directory, not a file", path));
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    throw UsageError(fmt::format("cannot open {}: {}", path, reason()));
  std::string bytes(magic.size(), '\0');
  bytes.resize(std::fread(bytes.data(), 1, bytes.size(), file));
  char buffer[1 << 16];
  std::size_t got;
  if (bytes == magic)
    while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0)
      bytes.append(buffer, got);
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed)
    throw UsageError(fmt::format("cannot read {}", path));
  return bytes;
}

void write_file_atomically(const std::string &path, std::string_view bytes) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw UsageError(fmt::format("{} is a directory, not a file", path));
  TemporaryFile temporary(path);
  const auto fail = [&] { throw Error(fmt::format("cannot write {}: {}", path, reason())); };
  while (!bytes.empty()) {
    const ssize_t wrote = ::write(temporary.fd(), bytes.data(), bytes.size());
    if (wrote < 0) {
      if (errno == EINTR)
        continue;
      fail();
    }
    bytes.remove_prefix(static_cast<std::size_t>(wrote));
  }
  if (::fchmod(temporary.fd(), new_file_mode()) != 0 || ::fsync(temporary.fd()) != 0 ||
      !temporary.close())
    fail();
  if (std::rename(temporary.name().c_str(), path.c_str()) != 0)
    fail();
  temporary.renamed();
}

} // namespace llcjit::tool
