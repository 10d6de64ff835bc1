// The C ABI's quadrature (llcjit_quad, llcjit_quad_sweep, llcjit_nquad and
// llcjit_quad_function) over the C++ drivers.
#include "capi/guarded.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace {

using llcjit::capi::given_or_defaults;
using llcjit::capi::guarded;
using llcjit::capi::progress_of;
using llcjit::capi::require;

llcjit::QuadOptions quad_options(const llcjit_quad_options *given) {
  const llcjit_quad_options options = given_or_defaults(given, &llcjit_quad_options_init);
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
  out.progress = progress_of(options.progress);
  return out;
}

llcjit_quad_result to_c(const llcjit::QuadResult &r) {
  return {r.value, r.abserr, r.neval, r.ier, r.last};
}

// A C function of one of scipy.integrate.quad's LowLevelCallable
// signatures, called as SciPy calls it: the forms with xx get x and then
// `args`, n = 1 + their count.
std::function<double(double)> scipy_function(std::string_view signature,
                                             llcjit_any_function function, void *user_data,
                                             std::vector<double> &xx) {
  if (signature == "double (double)")
    return [f = reinterpret_cast<double (*)(double)>(function)](double x) { return f(x); };
  if (signature == "double (double, void *)")
    return [f = reinterpret_cast<double (*)(double, void *)>(function), user_data](double x) {
      return f(x, user_data);
    };
  const int n = static_cast<int>(xx.size());
  if (signature == "double (int, double *)")
    return [f = reinterpret_cast<double (*)(int, double *)>(function), n, &xx](double x) {
      xx[0] = x;
      return f(n, xx.data());
    };
  if (signature == "double (int, double *, void *)")
    return [f = reinterpret_cast<double (*)(int, double *, void *)>(function), n, &xx,
            user_data](double x) {
      xx[0] = x;
      return f(n, xx.data(), user_data);
    };
  throw llcjit::UsageError(
      "the function's signature is not one scipy.integrate.quad takes: \"double (double)\", "
      "\"double (double, void *)\", \"double (int, double *)\" or "
      "\"double (int, double *, void *)\"");
}

// integrate(f) of the C function `function` called as SciPy calls a
// LowLevelCallable of `signature` with `args`.
template <typename Integrate>
llcjit::QuadResult quad_of_function(const char *signature, llcjit_any_function function,
                                    void *user_data, const double *args, size_t arg_count,
                                    Integrate integrate) {
  require(args != nullptr || arg_count == 0, "args is NULL but arg_count is not 0");
  require(arg_count < INT32_MAX, "more args than an int counts");
  std::vector<double> xx(1 + arg_count);
  std::copy(args, args + arg_count, xx.begin() + 1);
  const std::string_view form = signature;
  require(arg_count == 0 || form.starts_with("double (int"),
          "args go only to a function of the form \"double (int, double *[, void *])\", "
          "as in scipy.integrate.quad");
  return integrate(scipy_function(form, function, user_data, xx));
}

// The C view of a QuadDetails, and the lists it points into.
struct OwnedDetails : llcjit_quad_details {
  llcjit::QuadDetails lists;

  void point_at_lists() {
    const auto data = [](const auto &list) { return list.empty() ? nullptr : list.data(); };
    // QAWO's nnlog is as long as its subinterval lists.
    length = lists.alist.size();
    iord = data(lists.iord);
    alist = data(lists.alist);
    blist = data(lists.blist);
    rlist = data(lists.rlist);
    elist = data(lists.elist);
    level = data(lists.level);
    point_count = lists.pts.size();
    pts = data(lists.pts);
    ndin = data(lists.ndin);
    nnlog = data(lists.nnlog);
    momcom = lists.momcom;
    maxp1 = lists.chebmo.size() / 25;
    chebmo = data(lists.chebmo);
    cycle_count = lists.rslst.size();
    rslst = data(lists.rslst);
    erlst = data(lists.erlst);
    ierlst = data(lists.ierlst);
  }
};

// Runs integrate(lists) and hands *details the lists it filled.
template <typename Integrate>
llcjit_quad_result with_details(llcjit_quad_details **details, Integrate integrate) {
  require(details != nullptr, "details is NULL");
  auto owned = std::make_unique<OwnedDetails>();
  const llcjit_quad_result result = to_c(integrate(owned->lists));
  owned->point_at_lists();
  *details = owned.release();
  return result;
}

// The C ranges as C++ ones, checked.
std::vector<llcjit::Range> ranges_of(const llcjit_range *ranges, size_t range_count) {
  require(ranges != nullptr || range_count == 0, "ranges is NULL but range_count is not 0");
  std::vector<llcjit::Range> cpp;
  for (std::size_t i = 0; i < range_count; ++i) {
    require(ranges[i].lower != nullptr && ranges[i].upper != nullptr, "a bound is NULL");
    cpp.push_back({ranges[i].lower, ranges[i].upper});
  }
  return cpp;
}

} // namespace

extern "C" {

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
                defaults.threads,
                nullptr};
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

const char *llcjit_quad_cycles_message(int ier, int limit) {
  thread_local std::string message;
  message = ier >= 0 && ier < 9 ? llcjit::quad_cycles_message(ier, limit) : "Unknown error.";
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

llcjit_status llcjit_quad_full(const llcjit_callback *callback, const double *params,
                               size_t param_count, double a, double b,
                               const llcjit_quad_options *options, llcjit_quad_result *result,
                               llcjit_quad_details **details) {
  if (details)
    *details = nullptr;
  return guarded([&] {
    require(callback != nullptr && result != nullptr, "callback or result is NULL");
    require(params != nullptr || param_count == 0, "params is NULL but param_count is not 0");
    *result = with_details(details, [&](llcjit::QuadDetails &lists) {
      return llcjit::quad(callback->callback, {params, param_count}, a, b, quad_options(options),
                          lists);
    });
  });
}

void llcjit_quad_details_release(llcjit_quad_details *details) {
  delete static_cast<OwnedDetails *>(details);
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
    require(params != nullptr || param_count == 0, "params is NULL but param_count is not 0");
    const std::vector<llcjit::Range> cpp = ranges_of(ranges, range_count);
    const llcjit::QuadOptions level = quad_options(options);
    *result =
        to_c(llcjit::nquad(callback->callback, cpp, {params, param_count}, std::span(&level, 1)));
  });
}

llcjit_status llcjit_nquad_levels(const llcjit_callback *callback, const llcjit_range *ranges,
                                  size_t range_count, const double *params, size_t param_count,
                                  const llcjit_nquad_level *levels, llcjit_quad_result *result) {
  return llcjit_nquad_levels_explained(callback, ranges, range_count, params, param_count, levels,
                                       result, nullptr, 0);
}

llcjit_status llcjit_nquad_levels_explained(const llcjit_callback *callback,
                                            const llcjit_range *ranges, size_t range_count,
                                            const double *params, size_t param_count,
                                            const llcjit_nquad_level *levels,
                                            llcjit_quad_result *result, char *message,
                                            size_t message_size) {
  return guarded([&] {
    require(callback != nullptr && result != nullptr, "callback or result is NULL");
    require(message != nullptr || message_size == 0, "message is NULL but message_size is not 0");
    if (message_size != 0)
      message[0] = '\0'; // also when the integration fails
    require(params != nullptr || param_count == 0, "params is NULL but param_count is not 0");
    std::vector<llcjit::Range> cpp = ranges_of(ranges, range_count);
    std::vector<llcjit::QuadOptions> options;
    if (levels != nullptr)
      for (std::size_t i = 0; i < range_count; ++i) {
        const llcjit_nquad_level &level = levels[i];
        require(level.points != nullptr || level.point_count == 0,
                "a level's points is NULL but its point_count is not 0");
        for (std::size_t k = 0; k < level.point_count; ++k) {
          require(level.points[k] != nullptr, "a break point is NULL");
          cpp[i].points.emplace_back(level.points[k]);
        }
        options.push_back(quad_options(level.options));
      }
    const llcjit::QuadResult integral =
        llcjit::nquad(callback->callback, cpp, {params, param_count}, options);
    *result = to_c(integral);
    if (message_size != 0) {
      const std::size_t length = std::min(integral.message.size(), message_size - 1);
      std::copy_n(integral.message.data(), length, message);
      message[length] = '\0';
    }
  });
}

llcjit_status llcjit_quad_function(const char *signature, llcjit_any_function function,
                                   void *user_data, const double *args, size_t arg_count, double a,
                                   double b, const llcjit_quad_options *options,
                                   llcjit_quad_result *result) {
  return guarded([&] {
    require(signature != nullptr && function != nullptr && result != nullptr,
            "signature, function or result is NULL");
    *result = to_c(quad_of_function(signature, function, user_data, args, arg_count, [&](auto &&f) {
      return llcjit::quad(f, a, b, quad_options(options));
    }));
  });
}

llcjit_status llcjit_quad_function_full(const char *signature, llcjit_any_function function,
                                        void *user_data, const double *args, size_t arg_count,
                                        double a, double b, const llcjit_quad_options *options,
                                        llcjit_quad_result *result, llcjit_quad_details **details) {
  if (details)
    *details = nullptr;
  return guarded([&] {
    require(signature != nullptr && function != nullptr && result != nullptr,
            "signature, function or result is NULL");
    *result = with_details(details, [&](llcjit::QuadDetails &lists) {
      return quad_of_function(signature, function, user_data, args, arg_count, [&](auto &&f) {
        return llcjit::quad(f, a, b, quad_options(options), lists);
      });
    });
  });
}

} // extern "C"
