// Adaptive quadrature of llcjit integrands: QUADPACK's algorithms as
// scipy.integrate.quad runs them, in process, without a call per node.
#pragma once

#include <llcjit/callback.hpp>
#include <llcjit/progress.hpp>
#include <llcjit/threads.hpp>

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llcjit {

/// scipy.integrate.quad's `weight`: the integrand is multiplied by w(x).
enum class Weight {
  None,
  Cauchy,  ///< 1 / (x - c), a principal value; wvar = {c}: QAWC
  Alg,     ///< (x-a)^alpha (b-x)^beta; wvar = {alpha, beta}: QAWS
  AlgLogA, ///< the same times log(x - a)
  AlgLogB, ///< the same times log(b - x)
  AlgLog,  ///< the same times log(x - a) log(b - x)
  Cos,     ///< cos(omega x); wvar = {omega}: QAWO, or QAWF on a half-line
  Sin,     ///< sin(omega x): QAWO, QAWF
};

/// "cauchy", "alg", "alg-loga", "alg-logb", "alg-log", "cos", "sin"
/// (SciPy's names); std::nullopt for others.
std::optional<Weight> parse_weight(std::string_view name) noexcept;

/// scipy.integrate.quad's options, with its defaults.
struct QuadOptions {
  double epsabs = 1.49e-8;
  double epsrel = 1.49e-8;
  int limit = 50;             ///< upper bound on the number of subintervals
  std::vector<double> points; ///< break points: QAGP (those outside (a, b) dropped)
  Weight weight = Weight::None;
  std::vector<double> wvar; ///< the weight's parameters (see Weight)
  int maxp1 = 50;           ///< Chebyshev moments kept, cos and sin weights
  int limlst = 50;          ///< cycles, cos and sin weights on a half-line
  unsigned threads = 0;     ///< quad_sweep only; 0 = all cores, at most kMaxThreads
  /// quad_sweep only: reports each integral done, and stops the sweep
  /// (Cancelled) when asked to. Not owned; null: none.
  Progress *progress = nullptr;
};

struct QuadResult {
  double value = 0;
  double abserr = 0;
  int neval = 0;       ///< integrand evaluations
  int ier = 0;         ///< QUADPACK's code, 0 on success (see message)
  int last = 0;        ///< subintervals used
  std::string message; ///< SciPy's explanation of ier; empty when ier is 0
};

/// The lists behind one quad() result: scipy.integrate.quad's full_output
/// `infodict`, with its names. Which lists a result has depends on the
/// QUADPACK routine that ran, as in SciPy; the others stay empty.
struct QuadDetails {
  /// Every routine but QAWF: the subintervals, `limit` entries of which the
  /// first QuadResult::last are used (the rest are 0). iord is QUADPACK's
  /// 1-based ordering by error estimate.
  std::vector<int> iord;
  std::vector<double> alist, blist, rlist, elist;
  /// QAGP (break points): each subinterval's bisection level (`limit`
  /// entries); the points a, the breaks and b in order, and ndin (1 where a
  /// first estimate was replaced by the sum's), both breaks + 2 long.
  std::vector<int> level;
  std::vector<double> pts;
  std::vector<int> ndin;
  /// QAWO (cos or sin weight, finite range): each subinterval's level, the
  /// levels whose Chebyshev moments were computed, and the moments,
  /// 25 x maxp1 row-major (SciPy's array of shape (25, maxp1)).
  std::vector<int> nnlog;
  int momcom = 0;
  std::vector<double> chebmo;
  /// QAWF (cos or sin weight, half-infinite range): per cycle, `limlst`
  /// entries of which the first QuadResult::last are used: the integral,
  /// its error estimate and its routine's ier.
  std::vector<double> rslst, erlst;
  std::vector<int> ierlst;
};

/// ier when the integrand gave NaN or an infinity (llcjit's addition to
/// QUADPACK's codes 1-6): the integration stops there instead of carrying
/// the non-finite value into the result.
inline constexpr int kNonFiniteIntegrand = 8;

/// SciPy's explanation of a QUADPACK ier code (kNonFiniteIntegrand
/// included) for the given subdivision limit; "" for 0.
std::string quad_message(int ier, int limit = 50);
/// The same for a cos or sin weight on a half-infinite range (QAWF), whose
/// codes 1, 4 and 7 SciPy explains in terms of cycles.
std::string quad_cycles_message(int ier, int limit = 50);

/// Integrates a quad callback over [a, b] with SciPy's semantics: a == b
/// gives 0; b < a swaps the limits and negates the result; finite limits use
/// QAGS, an infinite one QAGI, break points QAGP, a Cauchy weight QAWC, an
/// algebraic-logarithmic one QAWS, cos or sin QAWO (finite) or QAWF (a
/// half-line). `params` are the
/// parameter values in callback.parameters() order. Throws UsageError for
/// invalid input (a callback of another kind, a wrong number of parameters,
/// limit < 1, tolerances that cannot be met, break points with an infinite
/// limit or more than limit - 1 of them inside (a, b); points outside are
/// dropped, as SciPy drops them), in SciPy's words (docs/quadrature.md).
QuadResult quad(const Callback &callback, std::span<const double> params, double a, double b,
                const QuadOptions &options = {});
/// quad(callback, {2.0}, a, b): the parameter values written in place.
inline QuadResult quad(const Callback &callback, std::initializer_list<double> params, double a,
                       double b, const QuadOptions &options = {}) {
  return quad(callback, std::span(params.begin(), params.size()), a, b, options);
}
/// quad() that also fills `details` with the routine's lists (SciPy's
/// full_output), replacing what it held.
QuadResult quad(const Callback &callback, std::span<const double> params, double a, double b,
                const QuadOptions &options, QuadDetails &details);
/// A callback without parameters, or with them bound by name.
inline QuadResult quad(const Callback &callback, double a, double b,
                       const QuadOptions &options = {}) {
  return quad(callback, std::span<const double>(), a, b, options);
}
inline QuadResult quad(const BoundCallback &bound, double a, double b,
                       const QuadOptions &options = {}) {
  return quad(bound.callback(), bound.params(), a, b, options);
}

/// Any C++ function of x (a lambda, a function pointer) through the same
/// QUADPACK driver, as Boost.Math's quadrature takes any callable. It is
/// called once per point (a compiled formula's batch entry point takes a
/// vector of them), and an exception it throws leaves quad unchanged.
QuadResult quad(const std::function<double(double)> &f, double a, double b,
                const QuadOptions &options = {});
QuadResult quad(const std::function<double(double)> &f, double a, double b,
                const QuadOptions &options, QuadDetails &details);

/// quad() for every row of `parameter_sets` (row-major, one row of
/// callback.parameters().size() values per integral), on options.threads
/// threads; results in row order, the same whatever the thread count.
std::vector<QuadResult> quad_sweep(const Callback &callback, std::span<const double> parameter_sets,
                                   double a, double b, const QuadOptions &options = {});

/// quad_sweep of any C++ function f(x, params): one integral per row of
/// `parameter_sets` (row-major, `width` values per row), on options.threads
/// threads, so f must be safe to call from several threads at once. The
/// first exception f throws ends the sweep and leaves it.
std::vector<QuadResult> quad_sweep(const std::function<double(double, std::span<const double>)> &f,
                                   std::size_t width, std::span<const double> parameter_sets,
                                   double a, double b, const QuadOptions &options = {});

/// The bounds of one variable for nquad: formulas of the outer variables and
/// the parameters, as scipy.integrate.nquad accepts callables for them, e.g.
/// {"0", "sqrt(1 - x1^2)"}; "-inf" and "inf" for infinite limits.
struct Range {
  std::string lower;
  std::string upper;
  /// Break points of this variable's integrals, formulas like the bounds
  /// (SciPy's opts[i] given as a function returning {"points": [...]}),
  /// with the level's QuadOptions::points; as nquad does, those outside the
  /// bounds at hand are dropped.
  std::vector<std::string> points = {};
};

/// Iterated integration like scipy.integrate.nquad: ranges[i] bounds
/// variable i of the integrand (innermost first, the order of
/// callback.variables()); the integral over the last variable is outermost.
/// `options` holds one QuadOptions for every level, one for all, or none.
/// The result's abserr is the largest of all the one-dimensional integrals'
/// (NaN with ier 8, whose message names the point), neval counts the
/// integrand's evaluations, ier is the worst code met.
/// Throws CompileError for a bound that does not compile and UsageError for
/// a bound that uses its own or an inner variable, or mismatched sizes.
QuadResult nquad(const Callback &callback, std::span<const Range> ranges,
                 std::span<const double> params, std::span<const QuadOptions> options = {});

/// scipy.integrate.dblquad: the integral over x in [a, b] of the integral
/// over y in [gfun(x), hfun(x)] of f(y, x); the callback's variables are
/// (y, x), innermost first, and gfun, hfun are formulas of x.
QuadResult dblquad(const Callback &callback, double a, double b, const std::string &gfun,
                   const std::string &hfun, std::span<const double> params = {},
                   const QuadOptions &options = {});

/// scipy.integrate.tplquad: x in [a, b], y in [gfun(x), hfun(x)], z in
/// [qfun(x, y), rfun(x, y)] of f(z, y, x).
QuadResult tplquad(const Callback &callback, double a, double b, const std::string &gfun,
                   const std::string &hfun, const std::string &qfun, const std::string &rfun,
                   std::span<const double> params = {}, const QuadOptions &options = {});

} // namespace llcjit
