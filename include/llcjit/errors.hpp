// Exceptions thrown by llcjit. Every failure a user can provoke is one of
// these; nothing in llcjit aborts the host process.
#pragma once

#include <stdexcept>
#include <string>

namespace llcjit {

/// Base of every exception llcjit throws.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A formula that cannot be compiled. what() is the full rendered diagnostic:
///
///   1:11: error: unknown function 'exq'; did you mean 'exp'?
///     exp(-a*x)*exq(x)
///               ^~~
class CompileError : public Error {
public:
  CompileError(std::string message, unsigned line, unsigned column, std::string snippet);

  /// 1-based line and column (in bytes) of the offending text.
  unsigned line() const noexcept { return line_; }
  unsigned column() const noexcept { return column_; }
  /// The message alone, without location or snippet.
  const std::string &message() const noexcept { return message_; }
  /// The source line and the caret line under it, each indented by two spaces.
  const std::string &snippet() const noexcept { return snippet_; }

private:
  std::string message_;
  std::string snippet_;
  unsigned line_;
  unsigned column_;
};

/// The API was used wrongly: a missing entry point, a wrong number of
/// parameter values, an option that does not fit the kind.
class UsageError : public Error {
public:
  using Error::Error;
};

/// LLVM failed to compile or link generated code.
class JitError : public Error {
public:
  using Error::Error;
};

/// A driver call stopped because its Progress asked it to (progress.hpp).
class Cancelled : public Error {
public:
  Cancelled() : Error("cancelled") {}
};

} // namespace llcjit
