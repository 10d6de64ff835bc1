// What a caller can say about how a formula is compiled.
#pragma once

#include <llcjit/dtype.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llcjit {

/// The kind of callback a formula becomes; it decides the formula's variables
/// and which C entry points are emitted.
enum class Kind {
  Quad,      ///< integrand of x, for scipy.integrate.quad
  NQuad,     ///< integrand of several variables, for scipy.integrate.nquad
  Filter,    ///< kernel over `values`, for scipy.ndimage.generic_filter
  Filter1D,  ///< kernel over a window of a line, for generic_filter1d
  Transform, ///< coordinate mapping, for scipy.ndimage.geometric_transform
};

/// "quad", "nquad", "filter", "filter1d", "transform".
std::string_view to_string(Kind kind) noexcept;
/// Parses the names above; std::nullopt for anything else.
std::optional<Kind> parse_kind(std::string_view name) noexcept;

/// Where a filter kernel's neighbourhood lies in memory, for a driver that
/// lays the formula into its own loop over an array (fusion): the footprint's
/// cells as byte offsets from the centre element, in `values` order, and the
/// byte steps between neighbouring output points along the loop, and the
/// arrays' element types (read as double, written as scipy.ndimage converts).
struct FilterLayout {
  std::vector<std::ptrdiff_t> offsets;
  std::ptrdiff_t input_step = sizeof(double);
  std::ptrdiff_t output_step = sizeof(double);
  DType input_type = DType::Float64;
  DType output_type = DType::Float64;

  friend bool operator==(const FilterLayout &, const FilterLayout &) = default;
};

/// How much work LLVM puts into a formula's SciPy entry points (the batch
/// entry point and fused filter kernels, the drivers' hot loops, are always
/// Optimised). Every tier computes the same bits.
enum class Tier {
  /// Quick first, so the first call comes soon; once the formula has been
  /// called tens of thousands of times, Optimised code is compiled in the
  /// background and takes over (the addresses handed out stay valid).
  /// Optimised at once when the disk cache has that code.
  Automatic,
  /// No IR optimisation and LLVM's fast instruction selection: a function
  /// pointer in a fraction of a millisecond, each call a little slower.
  Quick,
  /// LLVM's O2 pipeline and full instruction selection: milliseconds to
  /// compile, the fastest code.
  Optimised,
};

/// "automatic", "quick", "optimised".
std::string_view to_string(Tier tier) noexcept;
/// Parses the names above (and "optimized"); std::nullopt for anything else.
std::optional<Tier> parse_tier(std::string_view name) noexcept;

struct Options {
  /// The callback's kind; inferred from the variables used when empty.
  std::optional<Kind> kind;
  /// Parameter order, i.e. the layout of `user_data`. Empty: the order in which
  /// parameters first appear in the source. When given, every parameter the
  /// formula uses must be listed; listed names it does not use are allowed.
  std::vector<std::string> parameters;
  /// `parameters` lists every parameter even when it is empty: a formula
  /// that names any other is then a CompileError at that name, instead of
  /// a parameter taken in order of first appearance.
  bool parameters_complete = false;
  /// Variable names for NQuad (innermost first) and Transform (output axes).
  /// Empty: x0, x1, ... and o0, o1, ...
  std::vector<std::string> variables;
  /// Names whose values are compiled in as constants instead of being read
  /// from `user_data` (specialisation).
  std::map<std::string, double, std::less<>> constants;
  /// Functions and constants the formula may use, each defined by a formula:
  /// "sq(t) = t*t", "g = 9.81", "gauss(t) = exp(-a*t*t)". Each may use
  /// builtins and the definitions before it; any other name in it becomes a
  /// parameter (or variable) of the formula that uses it. A use is replaced
  /// by the definition, so the code is as if written out; the formula's own
  /// bindings hide definitions of the same name. Engine::define adds to
  /// these for every formula an engine compiles.
  std::vector<std::string> definitions;
  /// For Filter kinds: the number of elements of `values`, when it is known at
  /// compile time (the footprint size). Lets constant indices be checked and
  /// reductions be unrolled; a call with another size then fails.
  std::optional<std::size_t> values_size;
  /// Let the batch entry point call glibc's vector math library (libmvec)
  /// for sin, pow, log, ...: several times faster, accurate to 4 ulp instead
  /// of bit-for-bit the scalar <cmath> results every other entry point gives.
  /// (exp is exact either way: the batch entry point computes it inline as
  /// glibc does.)
  bool vector_math = false;
  /// For Kind::Filter: also emit Entry::FilterRows, the formula fused into a
  /// loop over output points that reads each neighbourhood at these fixed
  /// offsets. Fixes values_size to the number of offsets.
  std::optional<FilterLayout> filter_layout;
  /// Look for the optimised code in the on-disk cache shared by all
  /// processes, and keep it there (docs/design.md). LLCJIT_CACHE=off in the
  /// environment turns the cache off for the whole process.
  bool disk_cache = true;
  /// Which code the SciPy entry points run; see Tier.
  Tier tier = Tier::Automatic;

  friend bool operator==(const Options &, const Options &) = default;
};

} // namespace llcjit
