/* Bad arguments through the C ABI, one table row each: the status that must
 * come back and a fragment of llcjit_last_error(). Built as C and run under
 * ASan+UBSan too, where an enum loaded outside its range or an unchecked
 * size would be reported. */
#include <llcjit/llcjit.h>

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static llcjit_callback *gaussian; /* exp(-a*x*x) */
static llcjit_callback *constant; /* x, no parameters */
static llcjit_callback *minimum;  /* min(values) */
static llcjit_callback *identity; /* (o0, o1): a 2-d transform */
static double params[4] = {1.0, 2.0, 3.0, 4.0};
static double data[16];
static llcjit_quad_result result;
static llcjit_quad_result results[4];

static llcjit_quad_options quad_options(void) {
  llcjit_quad_options options;
  llcjit_quad_options_init(&options);
  return options;
}

static llcjit_filter_options filter_options(void) {
  llcjit_filter_options options;
  llcjit_filter_options_init(&options);
  return options;
}

/* A 4 x 4 filter of `shape` (as given) with a 3 x 3 box. */
static llcjit_status filter_shaped(ptrdiff_t rows, ptrdiff_t columns,
                                   const llcjit_filter_options *options) {
  const ptrdiff_t shape[2] = {rows, columns};
  const ptrdiff_t strides[2] = {4 * sizeof(double), sizeof(double)};
  const llcjit_array array = {data, 2, shape, strides};
  static const unsigned char mask[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  const ptrdiff_t mask_shape[2] = {3, 3};
  return llcjit_generic_filter(minimum, NULL, 0, &array, &array, mask, mask_shape, options);
}

/* Compiles "x" with a kind and a tier as given (in range or not). */
static llcjit_status compile_x(int kind, int tier) {
  llcjit_options options;
  llcjit_options_init(&options);
  options.kind = (llcjit_kind)kind;
  options.tier = (llcjit_tier)tier;
  llcjit_callback *f = NULL;
  const llcjit_status status = llcjit_compile(NULL, "x", &options, &f);
  llcjit_callback_release(f);
  return status;
}

static llcjit_status compile_kind(int kind) { return compile_x(kind, LLCJIT_TIER_AUTOMATIC); }
static llcjit_status compile_tier(int tier) { return compile_x(LLCJIT_KIND_AUTO, tier); }

static llcjit_status quad_weight(int weight) {
  llcjit_quad_options options = quad_options();
  options.weight = (llcjit_weight)weight;
  return llcjit_quad(gaussian, params, 1, 0, 1, &options, &result);
}

static llcjit_status quad_limit(int limit) {
  llcjit_quad_options options = quad_options();
  options.limit = limit;
  return llcjit_quad(gaussian, params, 1, 0, 1, &options, &result);
}

static llcjit_status address_of(int entry) {
  void *address = NULL;
  return llcjit_callback_address(gaussian, (llcjit_entry)entry, &address);
}

static llcjit_status filter_mode(int mode) {
  llcjit_filter_options options = filter_options();
  options.mode = (llcjit_mode)mode;
  return filter_shaped(4, 4, &options);
}

static llcjit_status tier_negative(void) { return compile_tier(-1); }
static llcjit_status tier_past_end(void) { return compile_tier(3); }
static llcjit_status tier_int_max(void) { return compile_tier(INT_MAX); }
static llcjit_status kind_negative(void) { return compile_kind(-2); }
static llcjit_status kind_int_min(void) { return compile_kind(INT_MIN); }
static llcjit_status kind_past_end(void) { return compile_kind(5); }
static llcjit_status kind_int_max(void) { return compile_kind(INT_MAX); }
static llcjit_status weight_negative(void) { return quad_weight(-1); }
static llcjit_status weight_int_min(void) { return quad_weight(INT_MIN); }
static llcjit_status weight_past_end(void) { return quad_weight(8); }
static llcjit_status entry_negative(void) { return address_of(-1); }
static llcjit_status entry_int_min(void) { return address_of(INT_MIN); }
static llcjit_status entry_past_end(void) { return address_of(8); }
static llcjit_status mode_negative(void) { return filter_mode(-1); }
static llcjit_status mode_int_min(void) { return filter_mode(INT_MIN); }
static llcjit_status mode_past_end(void) { return filter_mode(5); }
static llcjit_status limit_zero(void) { return quad_limit(0); }
static llcjit_status limit_negative(void) { return quad_limit(INT_MIN); }

static llcjit_status sweep_rows_overflow(void) {
  /* rows * 1 parameter fits, but not as bytes of doubles. */
  return llcjit_quad_sweep(gaussian, params, SIZE_MAX / 2, 0, 1, NULL, results);
}
static llcjit_status sweep_rows_wrap(void) {
  llcjit_callback *two = NULL;
  llcjit_compile(NULL, "a*b*x", NULL, &two);
  /* (SIZE_MAX / 2 + 1) * 2 wraps to 0: once a silent success. */
  const llcjit_status status = llcjit_quad_sweep(two, NULL, SIZE_MAX / 2 + 1, 0, 1, NULL, results);
  llcjit_callback_release(two);
  return status;
}
static llcjit_status sweep_without_parameters(void) {
  return llcjit_quad_sweep(constant, NULL, 3, 0, 1, NULL, results);
}
static llcjit_status sweep_null_rows(void) {
  return llcjit_quad_sweep(gaussian, NULL, 3, 0, 1, NULL, results);
}
static llcjit_status sweep_threads_int_max(void) {
  llcjit_quad_options options = quad_options();
  options.threads = INT_MAX;
  return llcjit_quad_sweep(gaussian, params, 2, 0, 1, &options, results);
}
static llcjit_status filter_threads_65537(void) {
  llcjit_filter_options options = filter_options();
  options.threads = 65537;
  return filter_shaped(4, 4, &options);
}
static llcjit_status filter_streaming_2(void) {
  llcjit_filter_options options = filter_options();
  options.streaming = 2;
  return filter_shaped(4, 4, &options);
}
static llcjit_status quad_cos_half_line_inf(void) {
  llcjit_quad_options options = quad_options();
  const double omega = 1.0 / 0.0;
  options.weight = LLCJIT_WEIGHT_COS;
  options.wvar = &omega;
  options.wvar_count = 1;
  return llcjit_quad(gaussian, params, 1, 0, 1.0 / 0.0, &options, &result);
}
static llcjit_status quad_null_result(void) {
  return llcjit_quad(gaussian, params, 1, 0, 1, NULL, NULL);
}
static llcjit_status quad_null_params(void) {
  return llcjit_quad(gaussian, NULL, 1, 0, 1, NULL, &result);
}
static llcjit_status quad_wrong_params(void) {
  return llcjit_quad(gaussian, params, 3, 0, 1, NULL, &result);
}
static double halve(double x) { return x / 2; }
static llcjit_status quad_function_null(void) {
  return llcjit_quad_function("double (double)", NULL, NULL, NULL, 0, 0, 1, NULL, &result);
}
static llcjit_status quad_full_null_details(void) {
  return llcjit_quad_full(gaussian, params, 1, 0, 1, NULL, &result, NULL);
}
static llcjit_status quad_full_of_filter(void) {
  llcjit_quad_details *details = NULL;
  return llcjit_quad_full(minimum, NULL, 0, 0, 1, NULL, &result, &details);
}
static llcjit_status quad_function_full_null(void) {
  llcjit_quad_details *details = NULL;
  return llcjit_quad_function_full("double (double)", NULL, NULL, NULL, 0, 0, 1, NULL, &result,
                                   &details);
}
static llcjit_status quad_function_signature(void) {
  return llcjit_quad_function("int (double)", (llcjit_any_function)halve, NULL, NULL, 0, 0, 1, NULL,
                              &result);
}
static llcjit_status quad_function_args_to_1d(void) {
  return llcjit_quad_function("double (double)", (llcjit_any_function)halve, NULL, params, 1, 0, 1,
                              NULL, &result);
}
static llcjit_status quad_function_null_args(void) {
  return llcjit_quad_function("double (int, double *)", (llcjit_any_function)halve, NULL, NULL, 2,
                              0, 1, NULL, &result);
}
static llcjit_status evaluate_null_x(void) {
  double y[2];
  return llcjit_evaluate_batch(gaussian, params, 1, NULL, y, 2, 0);
}
static llcjit_status evaluate_overlapping(void) {
  double xy[4] = {0, 1, 2, 3};
  return llcjit_evaluate_batch(gaussian, params, 1, xy, xy + 1, 3, 0);
}
static llcjit_status quad_null_points(void) {
  llcjit_quad_options options = quad_options();
  options.point_count = 2;
  return llcjit_quad(gaussian, params, 1, 0, 1, &options, &result);
}
static llcjit_status quad_of_filter(void) {
  return llcjit_quad(minimum, NULL, 0, 0, 1, NULL, &result);
}
static llcjit_status nquad_null_bound(void) {
  const llcjit_range ranges[1] = {{"0", NULL}};
  return llcjit_nquad(gaussian, ranges, 1, params, 1, NULL, &result);
}
static llcjit_status filter_negative_rows(void) { return filter_shaped(-4, 4, NULL); }
static llcjit_status filter_negative_columns(void) { return filter_shaped(4, -1, NULL); }
static llcjit_status filter_wrapping_shape(void) {
  return filter_shaped(PTRDIFF_MAX / 2 + 1, 4, NULL);
}
static llcjit_status filter_bad_origin(void) {
  llcjit_filter_options options = filter_options();
  const ptrdiff_t origin[2] = {2, 0};
  options.origin = origin;
  return filter_shaped(4, 4, &options);
}
static llcjit_status filter_null_input(void) {
  return llcjit_generic_filter(minimum, NULL, 0, NULL, NULL, NULL, NULL, NULL);
}
static llcjit_status filter_empty_footprint(void) {
  const ptrdiff_t shape[2] = {4, 4};
  const ptrdiff_t strides[2] = {4 * sizeof(double), sizeof(double)};
  const llcjit_array array = {data, 2, shape, strides};
  static const unsigned char mask[1] = {0};
  const ptrdiff_t mask_shape[2] = {1, 1};
  return llcjit_generic_filter(minimum, NULL, 0, &array, &array, mask, mask_shape, NULL);
}
static llcjit_status filter_null_function(void) {
  const ptrdiff_t shape[1] = {4};
  const ptrdiff_t strides[1] = {sizeof(double)};
  const llcjit_array array = {data, 1, shape, strides};
  static const unsigned char mask[1] = {1};
  const ptrdiff_t mask_shape[1] = {1};
  return llcjit_generic_filter_function(NULL, NULL, &array, &array, mask, mask_shape, NULL);
}
static llcjit_status filter_dtype(int dtype) {
  const ptrdiff_t shape[1] = {4};
  const ptrdiff_t strides[1] = {sizeof(double)};
  const llcjit_array array = {data, 1, shape, strides, (llcjit_dtype)dtype};
  static const unsigned char mask[1] = {1};
  const ptrdiff_t mask_shape[1] = {1};
  return llcjit_generic_filter(minimum, NULL, 0, &array, &array, mask, mask_shape, NULL);
}
static llcjit_status filter_dtype_past_the_enum(void) { return filter_dtype(LLCJIT_UINT64 + 1); }
static llcjit_status filter_dtype_negative(void) { return filter_dtype(-1); }
static llcjit_status compile_nul_inside(void) {
  llcjit_callback *f = NULL;
  return llcjit_compile_n(NULL, "x\0+1000", 7, NULL, &f);
}
static llcjit_status compile_null_with_length(void) {
  llcjit_callback *f = NULL;
  return llcjit_compile_n(NULL, NULL, 3, NULL, &f);
}
static llcjit_status compile_null_out(void) { return llcjit_compile(NULL, "x", NULL, NULL); }
static llcjit_status compile_null_names(void) {
  llcjit_options options;
  llcjit_options_init(&options);
  options.parameter_count = 2;
  llcjit_callback *f = NULL;
  return llcjit_compile(NULL, "a*x", &options, &f);
}
static llcjit_status engine_null(void) { return llcjit_engine_create(NULL); }
static llcjit_status clone_null(void) { return llcjit_callback_clone(NULL, NULL); }

/* A 4 x 4 geometric_transform of `shape` (as given) with `options`. */
static llcjit_status transform_shaped(const llcjit_callback *mapping, ptrdiff_t rows,
                                      ptrdiff_t columns,
                                      const llcjit_interpolation_options *options) {
  const ptrdiff_t shape[2] = {rows, columns};
  const ptrdiff_t strides[2] = {4 * sizeof(double), sizeof(double)};
  static double out[16];
  const llcjit_array in = {data, 2, shape, strides};
  const llcjit_array to = {out, 2, shape, strides};
  return llcjit_geometric_transform(mapping, NULL, 0, &in, &to, options);
}
static llcjit_status transform_option(int order, int mode, unsigned threads) {
  llcjit_interpolation_options options;
  llcjit_interpolation_options_init(&options);
  options.order = order;
  options.mode = (llcjit_interpolation_mode)mode;
  options.threads = threads;
  return transform_shaped(identity, 4, 4, &options);
}
static llcjit_status transform_order_6(void) { return transform_option(6, 0, 0); }
static llcjit_status transform_order_negative(void) { return transform_option(-1, 0, 0); }
static llcjit_status transform_mode_7(void) { return transform_option(3, 7, 0); }
static llcjit_status transform_mode_int_min(void) { return transform_option(3, INT_MIN, 0); }
static llcjit_status transform_threads_65537(void) { return transform_option(3, 0, 65537); }
static llcjit_status transform_streaming_minus_2(void) {
  llcjit_interpolation_options options;
  llcjit_interpolation_options_init(&options);
  options.streaming = -2;
  return transform_shaped(identity, 4, 4, &options);
}
static llcjit_status transform_null_mapping(void) { return transform_shaped(NULL, 4, 4, NULL); }
static llcjit_status transform_of_filter(void) { return transform_shaped(minimum, 4, 4, NULL); }
static llcjit_status transform_negative_rows(void) {
  return transform_shaped(identity, -4, 4, NULL);
}
static llcjit_status transform_null_arrays(void) {
  return llcjit_geometric_transform(identity, NULL, 0, NULL, NULL, NULL);
}
static llcjit_status transform_function_null(void) {
  const ptrdiff_t shape[1] = {4};
  const ptrdiff_t strides[1] = {sizeof(double)};
  const llcjit_array array = {data, 1, shape, strides};
  return llcjit_geometric_transform_function(NULL, NULL, &array, &array, NULL);
}
static llcjit_status transform_of_1d(void) {
  const ptrdiff_t shape[1] = {16};
  const ptrdiff_t strides[1] = {sizeof(double)};
  static double out[16];
  const llcjit_array in = {data, 1, shape, strides};
  const llcjit_array to = {out, 1, shape, strides};
  return llcjit_geometric_transform(identity, NULL, 0, &in, &to, NULL);
}
static llcjit_status map_coordinates_of_rank(size_t coordinate_axes) {
  const ptrdiff_t shape[1] = {4};
  const ptrdiff_t strides[1] = {sizeof(double)};
  const ptrdiff_t coordinate_shape[2] = {(ptrdiff_t)coordinate_axes, 2};
  const ptrdiff_t coordinate_strides[2] = {2 * sizeof(double), sizeof(double)};
  static double out[2];
  const ptrdiff_t out_shape[1] = {2};
  const llcjit_array in = {data, 1, shape, strides};
  const llcjit_array coordinates = {data, 2, coordinate_shape, coordinate_strides};
  const llcjit_array to = {out, 1, out_shape, strides};
  return llcjit_map_coordinates(&in, &coordinates, &to, NULL);
}
static llcjit_status map_coordinates_two_for_1d(void) { return map_coordinates_of_rank(2); }
static llcjit_status spline_filter1d_axis(ptrdiff_t axis, int order) {
  const ptrdiff_t shape[2] = {4, 4};
  const ptrdiff_t strides[2] = {4 * sizeof(double), sizeof(double)};
  const llcjit_array array = {data, 2, shape, strides};
  return llcjit_spline_filter1d(&array, &array, order, axis, LLCJIT_INTERPOLATION_MIRROR, 0);
}
static llcjit_status spline_filter1d_axis_2(void) { return spline_filter1d_axis(2, 3); }
static llcjit_status spline_filter1d_axis_ptrdiff_min(void) {
  return spline_filter1d_axis(PTRDIFF_MIN, 3);
}
static llcjit_status spline_filter1d_order_6(void) { return spline_filter1d_axis(0, 6); }
static llcjit_status spline_filter_order_1(void) {
  const ptrdiff_t shape[2] = {4, 4};
  const ptrdiff_t strides[2] = {4 * sizeof(double), sizeof(double)};
  const llcjit_array array = {data, 2, shape, strides};
  return llcjit_spline_filter(&array, &array, 1, LLCJIT_INTERPOLATION_MIRROR, 0);
}
static llcjit_status spline_filter_null(void) {
  return llcjit_spline_filter(NULL, NULL, 3, LLCJIT_INTERPOLATION_MIRROR, 0);
}

static llcjit_status filter1d_call(ptrdiff_t size, ptrdiff_t axis, ptrdiff_t origin, int mode) {
  const ptrdiff_t shape[2] = {4, 4};
  const ptrdiff_t strides[2] = {4 * sizeof(double), sizeof(double)};
  const llcjit_array array = {data, 2, shape, strides};
  llcjit_filter1d_options options;
  llcjit_filter1d_options_init(&options);
  options.origin = origin;
  options.mode = (llcjit_mode)mode;
  return llcjit_generic_filter1d(minimum, NULL, 0, &array, &array, size, axis, &options);
}
static llcjit_status filter1d_size_0(void) { return filter1d_call(0, -1, 0, 0); }
static llcjit_status filter1d_size_negative(void) { return filter1d_call(PTRDIFF_MIN, -1, 0, 0); }
static llcjit_status filter1d_origin_2(void) { return filter1d_call(3, -1, 2, 0); }
static llcjit_status filter1d_origin_min(void) { return filter1d_call(3, -1, PTRDIFF_MIN, 0); }
static llcjit_status filter1d_axis_2(void) { return filter1d_call(3, 2, 0, 0); }
static llcjit_status filter1d_axis_min(void) { return filter1d_call(3, PTRDIFF_MIN, 0, 0); }
static llcjit_status filter1d_mode_5(void) { return filter1d_call(3, -1, 0, 5); }
static llcjit_status filter1d_huge_size(void) { return filter1d_call(PTRDIFF_MAX, -1, 0, 0); }
static llcjit_status filter1d_null_arrays(void) {
  return llcjit_generic_filter1d(minimum, NULL, 0, NULL, NULL, 3, -1, NULL);
}
static llcjit_status filter1d_null_function(void) {
  const ptrdiff_t shape[1] = {4};
  const ptrdiff_t strides[1] = {sizeof(double)};
  const llcjit_array array = {data, 1, shape, strides};
  return llcjit_generic_filter1d_function(NULL, NULL, &array, &array, 3, -1, NULL);
}
static llcjit_status filter1d_of_transform(void) {
  const ptrdiff_t shape[1] = {4};
  const ptrdiff_t strides[1] = {sizeof(double)};
  const llcjit_array array = {data, 1, shape, strides};
  return llcjit_generic_filter1d(identity, NULL, 0, &array, &array, 3, -1, NULL);
}
/* The algorithm for a line of `extent` cells, from `input` into `output`. */
static llcjit_status algorithm_typed(llcjit_callback *kernel, size_t rank, ptrdiff_t extent,
                                     llcjit_dtype input, llcjit_dtype output,
                                     const char **description) {
  static const unsigned char mask[4] = {1, 1, 1, 1};
  const ptrdiff_t shape[1] = {extent};
  return llcjit_filter_algorithm(kernel, mask, shape, rank, NULL, input, output, description);
}
static llcjit_status algorithm_of(llcjit_callback *kernel, size_t rank, ptrdiff_t extent,
                                  const char **description) {
  return algorithm_typed(kernel, rank, extent, LLCJIT_FLOAT64, LLCJIT_FLOAT64, description);
}
static const char *description;
static llcjit_status algorithm_null_description(void) { return algorithm_of(minimum, 1, 4, NULL); }
static llcjit_status algorithm_null_kernel(void) { return algorithm_of(NULL, 1, 4, &description); }
static llcjit_status algorithm_no_axes(void) { return algorithm_of(minimum, 0, 4, &description); }
static llcjit_status algorithm_negative_extent(void) {
  return algorithm_of(minimum, 1, -4, &description);
}
static llcjit_status algorithm_of_integrand(void) {
  return algorithm_of(gaussian, 1, 4, &description);
}
static llcjit_status algorithm_null_footprint(void) {
  return llcjit_filter_algorithm(minimum, NULL, NULL, 1, NULL, LLCJIT_FLOAT64, LLCJIT_FLOAT64,
                                 &description);
}
static llcjit_status algorithm_unknown_dtype(void) {
  return algorithm_typed(minimum, 1, 4, LLCJIT_UINT8, (llcjit_dtype)11, &description);
}

struct row {
  const char *what;
  llcjit_status (*call)(void);
  llcjit_status status;
  const char *fragment;
};

static const struct row kRows[] = {
    {"kind -2", kind_negative, LLCJIT_USAGE_ERROR, "unknown kind"},
    {"kind INT_MIN", kind_int_min, LLCJIT_USAGE_ERROR, "unknown kind"},
    {"kind 5", kind_past_end, LLCJIT_USAGE_ERROR, "unknown kind"},
    {"kind INT_MAX", kind_int_max, LLCJIT_USAGE_ERROR, "unknown kind"},
    {"tier -1", tier_negative, LLCJIT_USAGE_ERROR, "unknown tier"},
    {"tier 3", tier_past_end, LLCJIT_USAGE_ERROR, "unknown tier"},
    {"tier INT_MAX", tier_int_max, LLCJIT_USAGE_ERROR, "unknown tier"},
    {"weight -1", weight_negative, LLCJIT_USAGE_ERROR, "unknown weight"},
    {"weight INT_MIN", weight_int_min, LLCJIT_USAGE_ERROR, "unknown weight"},
    {"weight 8", weight_past_end, LLCJIT_USAGE_ERROR, "unknown weight"},
    {"entry -1", entry_negative, LLCJIT_USAGE_ERROR, "unknown entry point"},
    {"entry INT_MIN", entry_int_min, LLCJIT_USAGE_ERROR, "unknown entry point"},
    {"entry 8", entry_past_end, LLCJIT_USAGE_ERROR, "unknown entry point"},
    {"mode -1", mode_negative, LLCJIT_USAGE_ERROR, "boundary mode not supported"},
    {"mode INT_MIN", mode_int_min, LLCJIT_USAGE_ERROR, "boundary mode not supported"},
    {"mode 5", mode_past_end, LLCJIT_USAGE_ERROR, "boundary mode not supported"},
    {"streaming 2", filter_streaming_2, LLCJIT_USAGE_ERROR, "streaming must be -1"},
    {"limit 0", limit_zero, LLCJIT_USAGE_ERROR, "limit must be at least 1"},
    {"limit INT_MIN", limit_negative, LLCJIT_USAGE_ERROR, "limit must be at least 1"},
    {"sweep rows past memory", sweep_rows_overflow, LLCJIT_USAGE_ERROR, "larger than any array"},
    {"sweep rows * width wraps", sweep_rows_wrap, LLCJIT_USAGE_ERROR, "larger than any array"},
    {"sweep without parameters", sweep_without_parameters, LLCJIT_USAGE_ERROR,
     "integrate it once with quad"},
    {"sweep of NULL rows", sweep_null_rows, LLCJIT_USAGE_ERROR, "parameter_sets is NULL"},
    {"sweep on INT_MAX threads", sweep_threads_int_max, LLCJIT_USAGE_ERROR,
     "threads must be at most 1024"},
    {"filter on 65537 threads", filter_threads_65537, LLCJIT_USAGE_ERROR,
     "threads must be at most 1024"},
    {"cos weight, half-line, omega inf", quad_cos_half_line_inf, LLCJIT_USAGE_ERROR,
     "finite omega below 2^31"},
    {"quad into NULL", quad_null_result, LLCJIT_USAGE_ERROR, "callback or result is NULL"},
    {"quad of NULL params", quad_null_params, LLCJIT_USAGE_ERROR, "params is NULL"},
    {"quad with 3 params for 1", quad_wrong_params, LLCJIT_USAGE_ERROR,
     "expected 1 parameter values, got 3"},
    {"quad of NULL points", quad_null_points, LLCJIT_USAGE_ERROR, "points is NULL"},
    {"evaluate NULL x", evaluate_null_x, LLCJIT_USAGE_ERROR, "x or y is NULL but n is not 0"},
    {"evaluate into its own x", evaluate_overlapping, LLCJIT_USAGE_ERROR, "x and y overlap"},
    {"quad of a NULL function", quad_function_null, LLCJIT_USAGE_ERROR,
     "signature, function or result is NULL"},
    {"full_output lists into NULL", quad_full_null_details, LLCJIT_USAGE_ERROR, "details is NULL"},
    {"full_output quad of a filter", quad_full_of_filter, LLCJIT_USAGE_ERROR,
     "quad integrates quad integrands"},
    {"full_output quad of a NULL function", quad_function_full_null, LLCJIT_USAGE_ERROR,
     "signature, function or result is NULL"},
    {"quad of a function of another signature", quad_function_signature, LLCJIT_USAGE_ERROR,
     "not one scipy.integrate.quad takes"},
    {"args to a function without xx", quad_function_args_to_1d, LLCJIT_USAGE_ERROR,
     "args go only to a function of the form"},
    {"quad of NULL args", quad_function_null_args, LLCJIT_USAGE_ERROR,
     "args is NULL but arg_count is not 0"},
    {"quad of a filter kernel", quad_of_filter, LLCJIT_USAGE_ERROR, "filter callback"},
    {"nquad with a NULL bound", nquad_null_bound, LLCJIT_USAGE_ERROR, "a bound is NULL"},
    {"filter of -4 rows", filter_negative_rows, LLCJIT_USAGE_ERROR, "negative dimensions"},
    {"filter of -1 columns", filter_negative_columns, LLCJIT_USAGE_ERROR, "negative dimensions"},
    {"filter of a wrapping shape", filter_wrapping_shape, LLCJIT_USAGE_ERROR, "is too large"},
    {"filter origin 2 for size 3", filter_bad_origin, LLCJIT_USAGE_ERROR, "invalid origin"},
    {"filter of NULL arrays", filter_null_input, LLCJIT_USAGE_ERROR, "input or output is NULL"},
    {"filter with an empty footprint", filter_empty_footprint, LLCJIT_USAGE_ERROR, "only zeros"},
    {"algorithm into NULL", algorithm_null_description, LLCJIT_USAGE_ERROR,
     "kernel or description is NULL"},
    {"algorithm of NULL", algorithm_null_kernel, LLCJIT_USAGE_ERROR,
     "kernel or description is NULL"},
    {"algorithm of no axes", algorithm_no_axes, LLCJIT_USAGE_ERROR, "at least one axis"},
    {"algorithm of -4 cells", algorithm_negative_extent, LLCJIT_USAGE_ERROR, "at least 1"},
    {"algorithm of an integrand", algorithm_of_integrand, LLCJIT_USAGE_ERROR, "filter"},
    {"algorithm of a NULL footprint", algorithm_null_footprint, LLCJIT_USAGE_ERROR,
     "footprint is NULL"},
    {"algorithm into dtype 11", algorithm_unknown_dtype, LLCJIT_USAGE_ERROR,
     "a dtype is not one of llcjit_dtype's values"},
    {"filter with a dtype past the enum", filter_dtype_past_the_enum, LLCJIT_USAGE_ERROR,
     "dtype is not one of llcjit_dtype's values"},
    {"filter with a negative dtype", filter_dtype_negative, LLCJIT_USAGE_ERROR,
     "dtype is not one of llcjit_dtype's values"},
    {"filter with a NULL function", filter_null_function, LLCJIT_USAGE_ERROR,
     "filter function is NULL"},
    {"NUL inside a formula", compile_nul_inside, LLCJIT_COMPILE_ERROR,
     "1:2: error: unexpected byte 0x00"},
    {"NULL source of length 3", compile_null_with_length, LLCJIT_USAGE_ERROR, "source is NULL"},
    {"compile into NULL", compile_null_out, LLCJIT_USAGE_ERROR, "callback is NULL"},
    {"NULL names with a count", compile_null_names, LLCJIT_USAGE_ERROR, "a name list is NULL"},
    {"transform of order 6", transform_order_6, LLCJIT_USAGE_ERROR, "spline order not supported"},
    {"transform of order -1", transform_order_negative, LLCJIT_USAGE_ERROR,
     "spline order not supported"},
    {"transform mode 7", transform_mode_7, LLCJIT_USAGE_ERROR, "boundary mode not supported"},
    {"transform mode INT_MIN", transform_mode_int_min, LLCJIT_USAGE_ERROR,
     "boundary mode not supported"},
    {"transform on 65537 threads", transform_threads_65537, LLCJIT_USAGE_ERROR,
     "threads must be at most 1024"},
    {"transform streaming -2", transform_streaming_minus_2, LLCJIT_USAGE_ERROR,
     "streaming must be -1"},
    {"transform by a NULL mapping", transform_null_mapping, LLCJIT_USAGE_ERROR,
     "the mapping is NULL"},
    {"transform by a filter kernel", transform_of_filter, LLCJIT_USAGE_ERROR,
     "geometric_transform takes transforms"},
    {"transform of -4 rows", transform_negative_rows, LLCJIT_USAGE_ERROR, "negative dimensions"},
    {"transform of NULL arrays", transform_null_arrays, LLCJIT_USAGE_ERROR,
     "input or output is NULL"},
    {"transform by a NULL function", transform_function_null, LLCJIT_USAGE_ERROR,
     "mapping function is NULL"},
    {"2-d transform of a 1-d array", transform_of_1d, LLCJIT_USAGE_ERROR,
     "function of 2 output coordinates, but the output has 1 axes"},
    {"map_coordinates with 2 coordinates for 1 axis", map_coordinates_two_for_1d,
     LLCJIT_USAGE_ERROR, "invalid shape for coordinate array"},
    {"spline_filter1d along axis 2 of 2", spline_filter1d_axis_2, LLCJIT_USAGE_ERROR,
     "axis 2 is out of bounds"},
    {"spline_filter1d along axis PTRDIFF_MIN", spline_filter1d_axis_ptrdiff_min, LLCJIT_USAGE_ERROR,
     "is out of bounds"},
    {"spline_filter1d of order 6", spline_filter1d_order_6, LLCJIT_USAGE_ERROR,
     "spline order not supported"},
    {"spline_filter of order 1", spline_filter_order_1, LLCJIT_USAGE_ERROR,
     "spline order not supported"},
    {"spline_filter of NULL", spline_filter_null, LLCJIT_USAGE_ERROR, "input or output is NULL"},
    {"filter1d of size 0", filter1d_size_0, LLCJIT_USAGE_ERROR, "invalid filter size"},
    {"filter1d of size PTRDIFF_MIN", filter1d_size_negative, LLCJIT_USAGE_ERROR,
     "invalid filter size"},
    {"filter1d of size PTRDIFF_MAX", filter1d_huge_size, LLCJIT_USAGE_ERROR, "is too long"},
    {"filter1d origin 2 of size 3", filter1d_origin_2, LLCJIT_USAGE_ERROR, "invalid origin"},
    {"filter1d origin PTRDIFF_MIN", filter1d_origin_min, LLCJIT_USAGE_ERROR, "invalid origin"},
    {"filter1d along axis 2 of 2", filter1d_axis_2, LLCJIT_USAGE_ERROR, "axis 2 is out of bounds"},
    {"filter1d along axis PTRDIFF_MIN", filter1d_axis_min, LLCJIT_USAGE_ERROR, "is out of bounds"},
    {"filter1d mode 5", filter1d_mode_5, LLCJIT_USAGE_ERROR, "boundary mode not supported"},
    {"filter1d of NULL arrays", filter1d_null_arrays, LLCJIT_USAGE_ERROR,
     "input or output is NULL"},
    {"filter1d by a NULL function", filter1d_null_function, LLCJIT_USAGE_ERROR,
     "filter function is NULL"},
    {"filter1d by a transform", filter1d_of_transform, LLCJIT_USAGE_ERROR,
     "generic_filter1d takes filter kernels"},
    {"engine into NULL", engine_null, LLCJIT_USAGE_ERROR, "engine is NULL"},
    {"clone of NULL", clone_null, LLCJIT_USAGE_ERROR, "callback or copy is NULL"},
};

int main(void) {
  int passed = 0, failed = 0;
  if (llcjit_compile(NULL, "exp(-a*x*x)", NULL, &gaussian) != LLCJIT_OK ||
      llcjit_compile(NULL, "x", NULL, &constant) != LLCJIT_OK ||
      llcjit_compile(NULL, "min(values)", NULL, &minimum) != LLCJIT_OK ||
      llcjit_compile(NULL, "(o0, o1)", NULL, &identity) != LLCJIT_OK) {
    fprintf(stderr, "cannot compile the test's formulas: %s\n", llcjit_last_error());
    return 1;
  }
  for (size_t i = 0; i < sizeof kRows / sizeof kRows[0]; ++i) {
    const struct row *row = &kRows[i];
    const llcjit_status status = row->call();
    if (status == row->status && strstr(llcjit_last_error(), row->fragment) != NULL) {
      ++passed;
    } else {
      ++failed;
      fprintf(stderr, "%s: status %d (want %d), error '%s' (want '%s')\n", row->what, (int)status,
              (int)row->status, llcjit_last_error(), row->fragment);
    }
  }
  /* maxp1 = INT_MAX once overflowed (maxp1 + 1) * 26 and crashed. */
  {
    llcjit_callback *decay = NULL;
    llcjit_quad_options options = quad_options();
    const double omega = 100;
    options.weight = LLCJIT_WEIGHT_COS;
    options.wvar = &omega;
    options.wvar_count = 1;
    options.maxp1 = INT_MAX;
    options.limit = INT_MAX;
    const double exact = (1 - exp(-10.0) * (cos(1000.0) - 100 * sin(1000.0))) / 10001.0;
    if (llcjit_compile(NULL, "exp(-x)", NULL, &decay) == LLCJIT_OK &&
        llcjit_quad(decay, NULL, 0, 0, 10, &options, &result) == LLCJIT_OK && result.ier == 0 &&
        fabs(result.value - exact) < 1e-14)
      ++passed;
    else
      ++failed, fprintf(stderr, "maxp1 = INT_MAX: %s\n", llcjit_last_error());
    llcjit_callback_release(decay);
  }
  /* The library is the version of the header it was built with. */
  if (strcmp(llcjit_version(), LLCJIT_VERSION_STRING) == 0 && LLCJIT_VERSION_MAJOR >= 0)
    ++passed;
  else
    ++failed, fprintf(stderr, "version %s, header %s\n", llcjit_version(), LLCJIT_VERSION_STRING);
  /* The message of any ier for any limit, and of codes past the table. */
  if (strstr(llcjit_quad_message_for(1, 1000), "subdivisions (1000)") != NULL &&
      strcmp(llcjit_quad_message_for(-5, 50), "Unknown error.") == 0 &&
      llcjit_entry_signature((llcjit_entry)-1) == NULL &&
      llcjit_entry_signature((llcjit_entry)INT_MIN) == NULL)
    ++passed;
  else
    ++failed;
  llcjit_callback_release(gaussian);
  llcjit_callback_release(constant);
  llcjit_callback_release(minimum);
  llcjit_callback_release(identity);
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
