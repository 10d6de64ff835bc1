/* The C ABI used from C: compile, call through SciPy's signatures,
 * integrate, and the errors that come back as status codes. */
#include <llcjit/llcjit.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* An entry point's address as a function pointer: memcpy, because ISO C
 * has no cast from void * to a function pointer (POSIX makes it valid). */
typedef double (*scalar_user_data_fn)(double, void *);
typedef double (*scalar_fn)(double);
typedef int (*filter_fn)(double *, intptr_t, double *, void *);
#define AS(type, address, out) memcpy(&(out), &(address), sizeof(type))

static int passed = 0;
static int failed = 0;

#define CHECK(condition)                                                                           \
  do {                                                                                             \
    if (condition) {                                                                               \
      ++passed;                                                                                    \
    } else {                                                                                       \
      ++failed;                                                                                    \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition);                \
    }                                                                                              \
  } while (0)

static void test_compile_and_call(void) {
  llcjit_callback *f = NULL;
  CHECK(llcjit_compile(NULL, "exp(-a*x*x)", NULL, &f) == LLCJIT_OK);
  CHECK(llcjit_callback_kind(f) == LLCJIT_KIND_QUAD);
  CHECK(llcjit_callback_parameter_count(f) == 1);
  CHECK(strcmp(llcjit_callback_parameter(f, 0), "a") == 0);
  CHECK(llcjit_callback_parameter(f, 1) == NULL);
  CHECK(strcmp(llcjit_callback_variable(f, 0), "x") == 0);
  CHECK(llcjit_callback_uses(f, "x") == 1);
  CHECK(strcmp(llcjit_entry_signature(LLCJIT_ENTRY_SCALAR_USER_DATA), "double (double, void *)") ==
        0);

  void *address = NULL;
  CHECK(llcjit_callback_address(f, LLCJIT_ENTRY_SCALAR_USER_DATA, &address) == LLCJIT_OK);
  double a = 2.0;
  scalar_user_data_fn integrand;
  AS(scalar_user_data_fn, address, integrand);
  CHECK(integrand(0.5, &a) == exp(-2.0 * 0.5 * 0.5));

  /* No double (double) entry with a parameter: a usage error, not a crash. */
  CHECK(llcjit_callback_address(f, LLCJIT_ENTRY_SCALAR, &address) == LLCJIT_USAGE_ERROR);
  CHECK(strstr(llcjit_last_error(), "no entry point") != NULL);

  llcjit_callback *copy = NULL;
  CHECK(llcjit_callback_clone(f, &copy) == LLCJIT_OK);
  llcjit_callback_release(f);
  CHECK(llcjit_callback_address(copy, LLCJIT_ENTRY_SCALAR_USER_DATA, &address) == LLCJIT_OK);
  AS(scalar_user_data_fn, address, integrand);
  CHECK(integrand(0.5, &a) == exp(-0.5));
  llcjit_callback_release(copy);
}

static void test_filter_kernel(void) {
  llcjit_options options;
  llcjit_options_init(&options);
  options.kind = LLCJIT_KIND_FILTER;
  llcjit_callback *k = NULL;
  CHECK(llcjit_compile(NULL, "median(values)", &options, &k) == LLCJIT_OK);
  void *address = NULL;
  CHECK(llcjit_callback_address(k, LLCJIT_ENTRY_FILTER, &address) == LLCJIT_OK);
  double buffer[] = {5, 1, 4, 2, 3};
  double out = 0;
  filter_fn kernel;
  AS(filter_fn, address, kernel);
  CHECK(kernel(buffer, 5, &out, NULL) == 1);
  CHECK(out == 3.0);
  llcjit_callback_release(k);
}

static void test_compile_error(void) {
  llcjit_callback *f = NULL;
  CHECK(llcjit_compile(NULL, "exp(-a*x)*exq(x)", NULL, &f) == LLCJIT_COMPILE_ERROR);
  CHECK(f == NULL);
  CHECK(llcjit_last_error_line() == 1);
  CHECK(llcjit_last_error_column() == 11);
  CHECK(strstr(llcjit_last_error(), "did you mean 'exp'?\n  exp(-a*x)*exq(x)\n            ^~~") !=
        NULL);
  CHECK(llcjit_compile(NULL, NULL, NULL, &f) == LLCJIT_USAGE_ERROR);
  llcjit_options options;
  llcjit_options_init(&options);
  options.kind = (llcjit_kind)42;
  CHECK(llcjit_compile(NULL, "x", &options, &f) == LLCJIT_USAGE_ERROR);
}

static void test_quad(void) {
  llcjit_callback *f = NULL;
  CHECK(llcjit_compile(NULL, "exp(-a*x*x)", NULL, &f) == LLCJIT_OK);
  const double a = 2.0;
  llcjit_quad_result r;
  CHECK(llcjit_quad(f, &a, 1, -INFINITY, INFINITY, NULL, &r) == LLCJIT_OK);
  CHECK(r.ier == 0);
  CHECK(fabs(r.value - sqrt(M_PI / 2.0)) < 1e-12);
  CHECK(r.neval == 270); /* as scipy.integrate.quad */

  double grid[100];
  llcjit_quad_result results[100];
  for (int i = 0; i < 100; ++i)
    grid[i] = 0.1 + i * 0.1;
  llcjit_quad_options options;
  llcjit_quad_options_init(&options);
  options.threads = 2;
  CHECK(llcjit_quad_sweep(f, grid, 100, -INFINITY, INFINITY, &options, results) == LLCJIT_OK);
  double worst = 0;
  for (int i = 0; i < 100; ++i) {
    const double error = fabs(results[i].value - sqrt(M_PI / grid[i])) / sqrt(M_PI / grid[i]);
    worst = error > worst ? error : worst;
  }
  CHECK(worst < 1e-9);

  options.limit = 0;
  CHECK(llcjit_quad(f, &a, 1, 0, 1, &options, &r) == LLCJIT_USAGE_ERROR);
  CHECK(llcjit_quad(f, NULL, 0, 0, 1, NULL, &r) == LLCJIT_USAGE_ERROR);
  CHECK(strstr(llcjit_quad_message(1), "maximum number of subdivisions (50)") != NULL);
  llcjit_callback_release(f);
}

/* A host's own C function, as SciPy would call it: xx = {x, args...}. */
static double host_gaussian(int n, double *xx, void *user_data) {
  const double scale = *(const double *)user_data;
  return n == 2 ? scale * exp(-xx[1] * xx[0] * xx[0]) : NAN;
}

static void test_quad_function(void) {
  llcjit_callback *f = NULL;
  CHECK(llcjit_compile(NULL, "exp(-a*x*x)", NULL, &f) == LLCJIT_OK);
  const double a = 2.0, scale = 1.0;
  llcjit_quad_result formula, host;
  CHECK(llcjit_quad(f, &a, 1, -INFINITY, INFINITY, NULL, &formula) == LLCJIT_OK);
  CHECK(llcjit_quad_function("double (int, double *, void *)", (llcjit_any_function)host_gaussian,
                             (void *)&scale, &a, 1, -INFINITY, INFINITY, NULL, &host) == LLCJIT_OK);
  /* The same driver: the same values; the host's function is called at
   * both x and -x, where the formula, even in x, is called once. */
  CHECK(host.value == formula.value && host.abserr == formula.abserr);
  CHECK(host.ier == 0 && host.neval == 270);
  CHECK(llcjit_quad_function("double (int, double *, void *)", (llcjit_any_function)host_gaussian,
                             (void *)&scale, NULL, 0, 0, 1, NULL, &host) == LLCJIT_OK);
  CHECK(host.ier == 8); /* n is 1: the function's NaN, llcjit's ier for it */

  /* SciPy's full_output lists, from the formula and from the host's function. */
  llcjit_quad_details *details = NULL, *host_details = NULL;
  CHECK(llcjit_quad_full(f, &a, 1, -INFINITY, INFINITY, NULL, &formula, &details) == LLCJIT_OK);
  CHECK(llcjit_quad_function_full("double (int, double *, void *)",
                                  (llcjit_any_function)host_gaussian, (void *)&scale, &a, 1,
                                  -INFINITY, INFINITY, NULL, &host, &host_details) == LLCJIT_OK);
  CHECK(details->length == 50 && details->alist && details->iord && !details->pts &&
        !details->chebmo && !details->rslst);
  CHECK(formula.last >= 1 && details->alist[0] == host_details->alist[0] &&
        details->rlist[formula.last - 1] == host_details->rlist[host.last - 1]);
  llcjit_quad_details_release(details);
  llcjit_quad_details_release(host_details);
  llcjit_quad_details_release(NULL);
  details = (llcjit_quad_details *)&scale;
  CHECK(llcjit_quad_full(f, NULL, 0, 0, 1, NULL, &formula, &details) == LLCJIT_USAGE_ERROR);
  CHECK(details == NULL); /* cleared, never left pointing at anything */
  CHECK(llcjit_quad_full(f, &a, 1, 0, 1, NULL, &formula, NULL) == LLCJIT_USAGE_ERROR);
  llcjit_callback_release(f);
}

static void test_nquad(void) {
  llcjit_callback *f = NULL;
  CHECK(llcjit_compile(NULL, "x0 * x1", NULL, &f) == LLCJIT_OK);
  const llcjit_range ranges[] = {{"0", "sqrt(1 - x1^2)"}, {"0", "1"}};
  llcjit_quad_result r;
  CHECK(llcjit_nquad(f, ranges, 2, NULL, 0, NULL, &r) == LLCJIT_OK);
  CHECK(fabs(r.value - 0.125) < 1e-14);
  CHECK(r.neval == 441); /* as scipy.integrate.nquad */
  const llcjit_range bad[] = {{"0", "x0"}, {"0", "1"}};
  CHECK(llcjit_nquad(f, bad, 2, NULL, 0, NULL, &r) == LLCJIT_USAGE_ERROR);
  const llcjit_range broken[] = {{"0", "sqrt("}, {"0", "1"}};
  CHECK(llcjit_nquad(f, broken, 2, NULL, 0, NULL, &r) == LLCJIT_COMPILE_ERROR);
  /* Options per level, with a break point as a formula of the outer variable. */
  {
    llcjit_quad_options tight;
    llcjit_quad_options_init(&tight);
    tight.limit = 100;
    const char *kink[] = {"x1 / 3"};
    const llcjit_nquad_level levels[] = {{&tight, kink, 1}, {NULL, NULL, 0}};
    CHECK(llcjit_nquad_levels(f, ranges, 2, NULL, 0, levels, &r) == LLCJIT_OK);
    CHECK(fabs(r.value - 0.125) < 1e-14);
    /* The message is the failing level's: its limit, not the default 50. */
    llcjit_quad_options one;
    llcjit_quad_options_init(&one);
    one.limit = 1;
    const llcjit_nquad_level outer_fails[] = {{NULL, NULL, 0}, {&one, NULL, 0}};
    llcjit_callback *root = NULL;
    CHECK(llcjit_compile(NULL, "x0 * sqrt(x1)", NULL, &root) == LLCJIT_OK);
    const llcjit_range square[] = {{"0", "1"}, {"0", "1"}};
    char message[512];
    CHECK(llcjit_nquad_levels_explained(root, square, 2, NULL, 0, outer_fails, &r, message,
                                        sizeof message) == LLCJIT_OK);
    CHECK(r.ier == 1 && strstr(message, "subdivisions (1)") != NULL);
    char tiny[4];
    CHECK(llcjit_nquad_levels_explained(root, square, 2, NULL, 0, outer_fails, &r, tiny,
                                        sizeof tiny) == LLCJIT_OK);
    CHECK(strcmp(tiny, "The") == 0);
    llcjit_callback_release(root);
    CHECK(llcjit_nquad_levels_explained(f, ranges, 2, NULL, 0, levels, &r, message,
                                        sizeof message) == LLCJIT_OK);
    CHECK(r.ier == 0 && message[0] == '\0');
    CHECK(llcjit_nquad_levels_explained(f, ranges, 2, NULL, 0, levels, &r, NULL, 1) ==
          LLCJIT_USAGE_ERROR);
    const llcjit_nquad_level no_points[] = {{NULL, NULL, 1}, {NULL, NULL, 0}};
    CHECK(llcjit_nquad_levels(f, ranges, 2, NULL, 0, no_points, &r) == LLCJIT_USAGE_ERROR);
  }
  llcjit_callback_release(f);
}

/* SciPy's generic_filter signature, written in C: the largest value. */
static int largest(double *values, intptr_t size, double *result, void *user_data) {
  double best = values[0];
  for (intptr_t i = 1; i < size; ++i)
    best = values[i] > best ? values[i] : best;
  *result = best + *(const double *)user_data;
  return 1;
}

static void test_generic_filter(void) {
  llcjit_callback *k = NULL;
  CHECK(llcjit_compile(NULL, "max(values)", NULL, &k) == LLCJIT_OK);
  double image[12] = {1, 7, 3, 4, 5, 6, 2, 8, 9, 0, 11, 10}, out[12] = {0};
  const ptrdiff_t shape[] = {3, 4}, strides[] = {4 * sizeof(double), sizeof(double)};
  const llcjit_array input = {image, 2, shape, strides};
  const llcjit_array output = {out, 2, shape, strides};
  const unsigned char cross[] = {0, 1, 0, 1, 1, 1, 0, 1, 0};
  const ptrdiff_t footprint_shape[] = {3, 3};
  llcjit_filter_options options;
  llcjit_filter_options_init(&options);
  CHECK(options.mode == LLCJIT_MODE_REFLECT && options.fuse == 1 && options.threads == 0 &&
        options.streaming == -1);
  options.mode = LLCJIT_MODE_CONSTANT;
  options.cval = -1.0;
  /* Unfused, fused, and fused with the output written around the cache. */
  for (int run = 0; run <= 2; ++run) {
    options.fuse = run > 0;
    options.streaming = run == 2 ? 1 : -1;
    CHECK(llcjit_generic_filter(k, NULL, 0, &input, &output, cross, footprint_shape, &options) ==
          LLCJIT_OK);
    CHECK(out[0] == 7.0);   /* max of 1, 7 (right), 5 (below) and cval -1 twice */
    CHECK(out[5] == 7.0);   /* max of 6, 7 (above), 5 (left), 2 (right), 0 (below) */
    CHECK(out[11] == 11.0); /* as scipy.ndimage.generic_filter gives */
  }
  options.streaming = -1;
  const double offset = 100.0;
  CHECK(llcjit_generic_filter_function(largest, (void *)&offset, &input, &output, cross,
                                       footprint_shape, &options) == LLCJIT_OK);
  CHECK(out[0] == 107.0 && out[5] == 107.0 && out[11] == 111.0);
  /* What runs, in words: the cross is fused; a 1x60 box doubles along the
   * rows; a 3x3 box runs fused in float64 and along whole rows in uint8. */
  const char *algorithm = NULL;
  CHECK(llcjit_filter_algorithm(k, cross, footprint_shape, 2, &options, LLCJIT_FLOAT64,
                                LLCJIT_FLOAT64, &algorithm) == LLCJIT_OK);
  CHECK(strstr(algorithm, "fused loop") != NULL);
  static unsigned char line[60];
  memset(line, 1, sizeof line);
  const ptrdiff_t line_shape[] = {1, 60};
  CHECK(llcjit_filter_algorithm(k, line, line_shape, 2, NULL, LLCJIT_FLOAT64, LLCJIT_FLOAT64,
                                &algorithm) == LLCJIT_OK);
  CHECK(strstr(algorithm, "whole rows by doubling") != NULL);
  const unsigned char square[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  CHECK(llcjit_filter_algorithm(k, square, footprint_shape, 2, NULL, LLCJIT_FLOAT64, LLCJIT_FLOAT64,
                                &algorithm) == LLCJIT_OK);
  CHECK(strstr(algorithm, "fused loop") != NULL);
  CHECK(llcjit_filter_algorithm(k, square, footprint_shape, 2, NULL, LLCJIT_UINT8, LLCJIT_UINT8,
                                &algorithm) == LLCJIT_OK);
  CHECK(strstr(algorithm, "whole rows") != NULL);
  CHECK(llcjit_generic_filter_function(NULL, NULL, &input, &output, cross, footprint_shape, NULL) ==
        LLCJIT_USAGE_ERROR);
  const unsigned char none[9] = {0};
  CHECK(llcjit_generic_filter(k, NULL, 0, &input, &output, none, footprint_shape, NULL) ==
        LLCJIT_USAGE_ERROR);
  CHECK(strstr(llcjit_last_error(), "only zeros") != NULL);
  options.mode = (llcjit_mode)17;
  CHECK(llcjit_generic_filter(k, NULL, 0, &input, &output, cross, footprint_shape, &options) ==
        LLCJIT_USAGE_ERROR);
  llcjit_callback_release(k);
}

/* uint8 in, uint8 out: results past 255 wrap as SciPy's C cast wraps them. */
static void test_generic_filter_uint8(void) {
  llcjit_callback *k = NULL;
  CHECK(llcjit_compile(NULL, "max(values) * 40", NULL, &k) == LLCJIT_OK);
  unsigned char image[12] = {1, 7, 3, 4, 5, 6, 2, 8, 9, 0, 11, 10}, out[12] = {0};
  const ptrdiff_t shape[] = {3, 4}, strides[] = {4, 1};
  const llcjit_array input = {image, 2, shape, strides, LLCJIT_UINT8};
  const llcjit_array output = {out, 2, shape, strides, LLCJIT_UINT8};
  const unsigned char cross[] = {0, 1, 0, 1, 1, 1, 0, 1, 0};
  const ptrdiff_t footprint_shape[] = {3, 3};
  llcjit_filter_options options;
  llcjit_filter_options_init(&options);
  for (int fuse = 0; fuse <= 1; ++fuse) {
    options.fuse = fuse;
    CHECK(llcjit_generic_filter(k, NULL, 0, &input, &output, cross, footprint_shape, &options) ==
          LLCJIT_OK);
    CHECK(out[0] == 280 - 256); /* max 7 (reflect), times 40 */
    CHECK(out[11] == 440 - 256);
  }
  llcjit_callback_release(k);
}

static void test_engine_outlived(void) {
  llcjit_engine *engine = NULL;
  CHECK(llcjit_engine_create(&engine) == LLCJIT_OK);
  llcjit_callback *f = NULL;
  CHECK(llcjit_compile(engine, "x * x + 1", NULL, &f) == LLCJIT_OK);
  llcjit_engine_destroy(engine);
  void *address = NULL;
  CHECK(llcjit_callback_address(f, LLCJIT_ENTRY_SCALAR, &address) == LLCJIT_OK);
  scalar_fn square_plus_one;
  AS(scalar_fn, address, square_plus_one);
  CHECK(square_plus_one(3.0) == 10.0);
  llcjit_callback_release(f);
}

int main(void) {
  test_compile_and_call();
  test_filter_kernel();
  test_compile_error();
  test_quad();
  test_quad_function();
  test_nquad();
  test_generic_filter();
  test_generic_filter_uint8();
  test_engine_outlived();
  printf("capi: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
