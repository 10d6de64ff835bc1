// The C ABI of the interpolation drivers (include/llcjit/llcjit.h):
// geometric_transform, map_coordinates and the spline prefilters.
#include "capi/guarded.hpp"

#include <optional>

namespace {

using llcjit::capi::given_or_defaults;
using llcjit::capi::guarded;
using llcjit::capi::InputOutput;
using llcjit::capi::progress_of;
using llcjit::capi::require;
using llcjit::capi::view;

llcjit::InterpolationMode mode_of(llcjit_interpolation_mode mode) {
  require(mode >= LLCJIT_INTERPOLATION_CONSTANT && mode <= LLCJIT_INTERPOLATION_GRID_WRAP,
          "boundary mode not supported");
  return static_cast<llcjit::InterpolationMode>(mode);
}

llcjit::InterpolationOptions options_of(const llcjit_interpolation_options *given) {
  const llcjit_interpolation_options c =
      given_or_defaults(given, &llcjit_interpolation_options_init);
  require(c.streaming >= -1 && c.streaming <= 1,
          "streaming must be -1 (when the arrays exceed the cache), 0 or 1");
  return {.order = c.order,
          .mode = mode_of(c.mode),
          .cval = c.cval,
          .prefilter = c.prefilter != 0,
          .threads = c.threads,
          .progress = progress_of(c.progress),
          .streaming = c.streaming < 0 ? std::nullopt : std::optional<bool>(c.streaming == 1)};
}

} // namespace

extern "C" {

void llcjit_interpolation_options_init(llcjit_interpolation_options *options) {
  if (options)
    *options = {.order = 3,
                .mode = LLCJIT_INTERPOLATION_CONSTANT,
                .cval = 0.0,
                .prefilter = 1,
                .threads = 0,
                .progress = nullptr,
                .streaming = -1};
}

llcjit_status llcjit_geometric_transform(const llcjit_callback *mapping, const double *params,
                                         size_t param_count, const llcjit_array *input,
                                         const llcjit_array *output,
                                         const llcjit_interpolation_options *options) {
  return guarded([&] {
    require(mapping != nullptr, "the mapping is NULL");
    require(params != nullptr || param_count == 0, "params is NULL but param_count is not 0");
    const InputOutput arrays(input, output);
    llcjit::geometric_transform(arrays.input, arrays.output, mapping->callback,
                                {params, param_count}, options_of(options));
  });
}

llcjit_status llcjit_geometric_transform_function(llcjit_mapping_function mapping, void *user_data,
                                                  const llcjit_array *input,
                                                  const llcjit_array *output,
                                                  const llcjit_interpolation_options *options) {
  return guarded([&] {
    require(mapping != nullptr, "the mapping function is NULL");
    const InputOutput arrays(input, output);
    llcjit::geometric_transform(arrays.input, arrays.output, mapping, user_data,
                                options_of(options));
  });
}

llcjit_status llcjit_map_coordinates(const llcjit_array *input, const llcjit_array *coordinates,
                                     const llcjit_array *output,
                                     const llcjit_interpolation_options *options) {
  return guarded([&] {
    const InputOutput arrays(input, output);
    require(coordinates != nullptr, "the coordinates are NULL");
    llcjit::map_coordinates(arrays.input, view(*coordinates), arrays.output, options_of(options));
  });
}

llcjit_status llcjit_spline_filter1d(const llcjit_array *input, const llcjit_array *output,
                                     int order, ptrdiff_t axis, llcjit_interpolation_mode mode,
                                     unsigned threads) {
  return guarded([&] {
    const InputOutput arrays(input, output);
    llcjit::spline_filter1d(arrays.input, arrays.output, order, axis, mode_of(mode), threads);
  });
}

llcjit_status llcjit_spline_filter(const llcjit_array *input, const llcjit_array *output, int order,
                                   llcjit_interpolation_mode mode, unsigned threads) {
  return guarded([&] {
    const InputOutput arrays(input, output);
    llcjit::spline_filter(arrays.input, arrays.output, order, mode_of(mode), threads);
  });
}

} // extern "C"
