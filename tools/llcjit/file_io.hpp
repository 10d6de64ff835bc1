// Whole files in and out: inputs read at once (so an output may replace its
// own input), outputs written atomically (a failed write never leaves a
// truncated file or destroys the one it was to replace).
#pragma once

#include <llcjit/errors.hpp>

#include <string>
#include <string_view>

namespace llcjit::tool {

/// The bytes of a file, or only its first ones when they are not `magic`
/// (a format's signature): the caller's decoder then refuses them without
/// the rest being read, which from a device or a pipe may never end.
/// Throws UsageError naming the path when it does not exist, is a
/// directory or cannot be read.
std::string read_file(const std::string &path, std::string_view magic = {});

/// decode(read_file(path, magic)), with the path in front of the message of
/// a UsageError it throws: the readers of each format share this.
template <typename Decode>
auto decode_file(const std::string &path, std::string_view magic, Decode decode) {
  const std::string bytes = read_file(path, magic);
  try {
    return decode(std::string_view(bytes));
  } catch (const UsageError &error) {
    throw UsageError(path + ": " + error.what());
  }
}

/// Replaces `path` with `bytes` or leaves it as it was: the bytes go to a
/// temporary file in the same directory, which is flushed to disk and then
/// renamed over `path`. Throws llcjit::Error naming the path and the
/// system's reason (no space, file size limit, permissions) on failure.
void write_file_atomically(const std::string &path, std::string_view bytes);

} // namespace llcjit::tool
