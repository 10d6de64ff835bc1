// A compiled formula: the C entry points SciPy's LowLevelCallable accepts,
// and convenience calls for C++.
#pragma once

#include <llcjit/options.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llcjit {

/// The C entry points a callback may have. signature() gives the exact string
/// scipy.LowLevelCallable compares against.
enum class Entry : std::uint8_t {
  Scalar,         ///< double (double)             quad, no parameters
  ScalarUserData, ///< double (double, void *)     quad
  Array,          ///< double (int, double *)      quad, nquad
  ArrayUserData,  ///< double (int, double *, void *)
  Filter,         ///< int (double *, intptr_t, double *, void *)
  Filter1D,       ///< int (double *, intptr_t, double *, intptr_t, void *)
  Transform,      ///< int (intptr_t *, double *, int, int, void *)
  Batch,          ///< void (const double *, double *, size_t, const double *)
  /// void (const void *centre, void *output, intptr_t count, const double *params):
  /// a fused filter kernel (Options::filter_layout) over `count` output points
  /// whose neighbourhoods all lie inside the input.
  FilterRows,
  /// FilterRows for an output that is contiguous and starts 64-byte
  /// aligned: its vector stores are non-temporal, going around the cache.
  /// Emitted when the layout's output_step is the output's element size.
  FilterRowsStreaming,
  /// void (const intptr_t *start, intptr_t count, double *coordinates,
  ///       const double *params): a Transform's input coordinates for `count`
  /// output points from `start` along the last axis, coordinate k of point
  /// i at coordinates[k * count + i]. The interpolation drivers' loop.
  TransformRows,
};
inline constexpr std::size_t kEntryCount = 11;

/// The C signature of an entry point, spelled as SciPy spells it.
std::string_view signature(Entry entry) noexcept;

namespace detail {
struct CompiledCode;
class EngineImpl;
template <typename F> struct EntryOf;
template <> struct EntryOf<double(double)> {
  static constexpr Entry value = Entry::Scalar;
};
template <> struct EntryOf<double(double, void *)> {
  static constexpr Entry value = Entry::ScalarUserData;
};
template <> struct EntryOf<double(int, double *)> {
  static constexpr Entry value = Entry::Array;
};
template <> struct EntryOf<double(int, double *, void *)> {
  static constexpr Entry value = Entry::ArrayUserData;
};
template <> struct EntryOf<int(double *, std::intptr_t, double *, void *)> {
  static constexpr Entry value = Entry::Filter;
};
template <> struct EntryOf<int(double *, std::intptr_t, double *, std::intptr_t, void *)> {
  static constexpr Entry value = Entry::Filter1D;
};
template <> struct EntryOf<int(std::intptr_t *, double *, int, int, void *)> {
  static constexpr Entry value = Entry::Transform;
};
template <> struct EntryOf<void(const double *, double *, std::size_t, const double *)> {
  static constexpr Entry value = Entry::Batch;
};
template <> struct EntryOf<void(const void *, void *, std::intptr_t, const double *)> {
  static constexpr Entry value = Entry::FilterRows;
};
template <> struct EntryOf<void(const std::intptr_t *, std::intptr_t, double *, const double *)> {
  static constexpr Entry value = Entry::TransformRows;
};
} // namespace detail

class BoundCallback;

/// A parameter's value by name, for Callback::bind.
using NamedValue = std::pair<std::string_view, double>;

/// A handle to compiled code. Cheap to copy and safe to use from many threads;
/// the machine code lives until the last handle to it is gone.
///
/// Parameters are read at call time from `user_data`, a `const double *` to
/// their values in parameters() order, so one callback serves every value.
class Callback {
public:
  Kind kind() const noexcept;
  /// Parameter names, in `user_data` order.
  std::span<const std::string> parameters() const noexcept;
  /// Variable names: {"x"}, the nquad / transform variables, or
  /// {"values", "size"} for the filter kinds.
  std::span<const std::string> variables() const noexcept;
  /// Whether the formula mentions the variable `name` (a formula like
  /// `sqrt(2)` is a quad integrand that does not).
  bool uses(std::string_view name) const noexcept;
  /// Number of coordinates a Transform returns (0 for other kinds).
  std::size_t result_arity() const noexcept;
  /// Whether a quad integrand is even in x by construction, so that f(-x)
  /// is f(x) to the bit (`exp(-a*x*x)`, `1/(1 + x^2)`, `abs(x)`); false
  /// when that cannot be shown (see docs/language.md).
  bool even_in_x() const noexcept;
  /// The formula and the options it was compiled with, so that a driver can
  /// compile it again specialised (a fused filter kernel).
  std::string_view source() const noexcept;
  const Options &options() const noexcept;
  /// The tier of the code the SciPy entry points run now: Quick or
  /// Optimised (an Automatic callback changes from one to the other).
  Tier tier() const noexcept;
  /// Whether the code was loaded from the disk cache rather than compiled.
  bool from_disk_cache() const noexcept;

  bool has(Entry entry) const noexcept;
  /// The entry points this callback has, in Entry order.
  std::vector<Entry> entries() const;
  /// SciPy's signature string of `entry`; throws UsageError if absent.
  std::string_view signature(Entry entry) const;
  /// Address of `entry`; throws UsageError if absent.
  void *address(Entry entry) const;

  /// Typed function pointer, e.g. `cb.as<double(double, void *)>()`.
  template <typename F> F *as() const {
    return reinterpret_cast<F *>(address(detail::EntryOf<F>::value));
  }

  /// Evaluates a quad integrand at x: `f(0.5, params)` or `f(0.5, {2.0})`.
  double operator()(double x, std::span<const double> params = {}) const;
  double operator()(double x, std::initializer_list<double> params) const {
    return (*this)(x, std::span(params.begin(), params.size()));
  }
  /// Evaluates a quad or nquad integrand at a point (variables in order).
  double evaluate(std::span<const double> variables, std::span<const double> params = {}) const;
  double evaluate(std::initializer_list<double> variables,
                  std::initializer_list<double> params = {}) const {
    return evaluate(std::span(variables.begin(), variables.size()),
                    std::span(params.begin(), params.size()));
  }
  /// Evaluates a quad integrand at every x into y (of x's size) through the
  /// batch entry point, vectorised, on `threads` threads (0: all cores, at
  /// most kMaxThreads; an array too small to share runs on this one). The
  /// values are the scalar entry points' to the bit unless the callback was
  /// compiled with Options::vector_math. UsageError when x and y overlap.
  void evaluate_batch(std::span<const double> x, std::span<double> y,
                      std::span<const double> params = {}, unsigned threads = 0) const;
  /// Evaluates a filter kernel on one neighbourhood.
  double filter(std::span<const double> values, std::span<const double> params = {}) const;
  double filter(std::span<const double> values, std::initializer_list<double> params) const {
    return filter(values, std::span(params.begin(), params.size()));
  }
  double filter(std::initializer_list<double> values,
                std::initializer_list<double> params = {}) const {
    return filter(std::span(values.begin(), values.size()),
                  std::span(params.begin(), params.size()));
  }
  /// Maps output coordinates to input coordinates.
  std::vector<double> transform(std::span<const std::intptr_t> output,
                                std::span<const double> params = {}) const;

  /// The callback with every parameter given a value by name, as exprtk and
  /// muparser bind variables: `f.bind({{"a", 2.0}})(0.5)`. Throws
  /// UsageError for a parameter left without a value, a name the formula
  /// does not have, or a name given twice.
  BoundCallback bind(std::initializer_list<NamedValue> values) const;
  BoundCallback bind(const std::map<std::string, double, std::less<>> &values) const;

private:
  friend class detail::EngineImpl;
  explicit Callback(std::shared_ptr<const detail::CompiledCode> code);
  void check_params(std::span<const double> params) const;
  BoundCallback bind(std::span<const NamedValue> values) const;

  std::shared_ptr<const detail::CompiledCode> code_;
};

/// A callback and its parameters' values: a function of the variables
/// alone, for C++ code and for llcjit::quad.
class BoundCallback {
public:
  const Callback &callback() const noexcept { return callback_; }
  /// The values in callback().parameters() order.
  std::span<const double> params() const noexcept { return params_; }

  double operator()(double x) const { return callback_(x, params_); }
  double evaluate(std::span<const double> variables) const {
    return callback_.evaluate(variables, params_);
  }
  double evaluate(std::initializer_list<double> variables) const {
    return evaluate(std::span(variables.begin(), variables.size()));
  }
  double filter(std::span<const double> values) const { return callback_.filter(values, params_); }
  double filter(std::initializer_list<double> values) const {
    return filter(std::span(values.begin(), values.size()));
  }

private:
  friend class Callback;
  BoundCallback(Callback callback, std::vector<double> params)
      : callback_(std::move(callback)), params_(std::move(params)) {}

  Callback callback_;
  std::vector<double> params_;
};

} // namespace llcjit
