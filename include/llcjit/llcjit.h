/* llcjit's C ABI: compile formula strings into native callbacks and run
 * llcjit's drivers, from C, Fortran, Julia, Rust or Python's ctypes.
 *
 * Plain C99. Handles are opaque; every call that can fail returns an
 * llcjit_status and leaves a message, with line, column and a caret for a
 * formula, in llcjit_last_error() (per thread). No C++ exception crosses
 * this interface. Any int may be passed where an enum is expected: values
 * outside the enum are reported as LLCJIT_USAGE_ERROR (each enum spans every
 * int through its two sentinels, so no value is out of the type's range). */
#ifndef LLCJIT_H
#define LLCJIT_H

#include <llcjit/version.h>

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum llcjit_status {
  LLCJIT_OK = 0,
  LLCJIT_COMPILE_ERROR = 1,        /* the formula does not compile */
  LLCJIT_USAGE_ERROR = 2,          /* wrong arguments */
  LLCJIT_JIT_ERROR = 3,            /* LLVM failed */
  LLCJIT_INTERNAL_ERROR = 4,       /* anything else */
  LLCJIT_CANCELLED = 5,            /* the caller's llcjit_progress asked to stop */
  LLCJIT_OUT_OF_MEMORY = 6,        /* an allocation failed; nothing was leaked, and a
                                    * smaller call may succeed (0.1 and before:
                                    * LLCJIT_INTERNAL_ERROR "out of memory") */
  LLCJIT_STATUS_INT_ = 0x7fffffff, /* not values: the enum spans every int */
  LLCJIT_STATUS_INT_MIN_ = -0x7fffffff - 1
} llcjit_status;

typedef enum llcjit_kind {
  LLCJIT_KIND_AUTO = -1, /* inferred from the variables used */
  LLCJIT_KIND_QUAD = 0,
  LLCJIT_KIND_NQUAD = 1,
  LLCJIT_KIND_FILTER = 2,
  LLCJIT_KIND_FILTER1D = 3,
  LLCJIT_KIND_TRANSFORM = 4,
  LLCJIT_KIND_INT_ = 0x7fffffff, /* not values: the enum spans every int */
  LLCJIT_KIND_INT_MIN_ = -0x7fffffff - 1
} llcjit_kind;

/* The entry points; llcjit_entry_signature() gives SciPy's string. */
typedef enum llcjit_entry {
  LLCJIT_ENTRY_SCALAR = 0,           /* double (double) */
  LLCJIT_ENTRY_SCALAR_USER_DATA = 1, /* double (double, void *) */
  LLCJIT_ENTRY_ARRAY = 2,            /* double (int, double *) */
  LLCJIT_ENTRY_ARRAY_USER_DATA = 3,  /* double (int, double *, void *) */
  LLCJIT_ENTRY_FILTER = 4,           /* int (double *, intptr_t, double *, void *) */
  LLCJIT_ENTRY_FILTER1D = 5,         /* int (double *, intptr_t, double *, intptr_t, void *) */
  LLCJIT_ENTRY_TRANSFORM = 6,        /* int (intptr_t *, double *, int, int, void *) */
  LLCJIT_ENTRY_BATCH = 7,            /* void (const double *, double *, size_t, const double *) */
  LLCJIT_ENTRY_INT_ = 0x7fffffff,    /* not values: the enum spans every int */
  LLCJIT_ENTRY_INT_MIN_ = -0x7fffffff - 1
} llcjit_entry;

typedef struct llcjit_engine llcjit_engine;
typedef struct llcjit_callback llcjit_callback;

/* The library's version, "MAJOR.MINOR.PATCH"; LLCJIT_VERSION_STRING is the
 * version of the header a program was compiled with. */
const char *llcjit_version(void);

/* The last error of this thread: "" when none. The line and column (1-based)
 * of a compile error, 0 otherwise. */
const char *llcjit_last_error(void);
unsigned llcjit_last_error_line(void);
unsigned llcjit_last_error_column(void);

/* SciPy's signature string of an entry point; NULL for an unknown one. */
const char *llcjit_entry_signature(llcjit_entry entry);

/* An engine of one's own; most callers use the default one (NULL below). */
llcjit_status llcjit_engine_create(llcjit_engine **engine);
/* Callbacks compiled by it stay valid after it is destroyed. */
void llcjit_engine_destroy(llcjit_engine *engine);

/* How much work LLVM puts into the SciPy entry points (llcjit::Tier). */
typedef enum llcjit_tier {
  LLCJIT_TIER_AUTOMATIC = 0, /* quick first, optimised once called often */
  LLCJIT_TIER_QUICK = 1,
  LLCJIT_TIER_OPTIMISED = 2,
  LLCJIT_TIER_INT_ = 0x7fffffff, /* not values: the enum spans every int */
  LLCJIT_TIER_INT_MIN_ = -0x7fffffff - 1
} llcjit_tier;

typedef struct llcjit_options {
  llcjit_kind kind;
  const char *const *parameters; /* user_data order; NULL: order of first use */
  size_t parameter_count;
  const char *const *variables; /* nquad and transform variable names, or NULL */
  size_t variable_count;
  int vector_math; /* non-zero: the batch entry point may use libmvec */
  llcjit_tier tier;
  int disk_cache; /* non-zero: look for the code in the disk cache, keep it there */
} llcjit_options;

/* Defaults: kind inferred, parameters in order of first use, the automatic
 * tier, the disk cache on. */
void llcjit_options_init(llcjit_options *options);

/* engine NULL: the default engine; options NULL: the defaults. */
llcjit_status llcjit_compile(llcjit_engine *engine, const char *source,
                             const llcjit_options *options, llcjit_callback **callback);
/* The same for a source of `length` bytes that need not end in NUL: a NUL
 * byte inside it is a compile error at its column, as any stray byte. */
llcjit_status llcjit_compile_n(llcjit_engine *engine, const char *source, size_t length,
                               const llcjit_options *options, llcjit_callback **callback);
/* Another handle to the same code; each handle is released once. */
llcjit_status llcjit_callback_clone(const llcjit_callback *callback, llcjit_callback **copy);
void llcjit_callback_release(llcjit_callback *callback);

llcjit_kind llcjit_callback_kind(const llcjit_callback *callback);
size_t llcjit_callback_parameter_count(const llcjit_callback *callback);
/* NULL past the end. The string lives as long as the callback. */
const char *llcjit_callback_parameter(const llcjit_callback *callback, size_t index);
size_t llcjit_callback_variable_count(const llcjit_callback *callback);
const char *llcjit_callback_variable(const llcjit_callback *callback, size_t index);
/* Whether the formula mentions the variable. */
int llcjit_callback_uses(const llcjit_callback *callback, const char *variable);
/* The address of an entry point; LLCJIT_USAGE_ERROR if the kind lacks it. */
llcjit_status llcjit_callback_address(const llcjit_callback *callback, llcjit_entry entry,
                                      void **address);

/* scipy.integrate.quad's weights. */
typedef enum llcjit_weight {
  LLCJIT_WEIGHT_NONE = 0,
  LLCJIT_WEIGHT_CAUCHY = 1,
  LLCJIT_WEIGHT_ALG = 2,
  LLCJIT_WEIGHT_ALG_LOGA = 3,
  LLCJIT_WEIGHT_ALG_LOGB = 4,
  LLCJIT_WEIGHT_ALG_LOG = 5,
  LLCJIT_WEIGHT_COS = 6,
  LLCJIT_WEIGHT_SIN = 7,
  LLCJIT_WEIGHT_INT_ = 0x7fffffff, /* not values: the enum spans every int */
  LLCJIT_WEIGHT_INT_MIN_ = -0x7fffffff - 1
} llcjit_weight;

/* Shared by a long driver call (quad_sweep, generic_filter) and the threads
 * that watch it, each field read and written as one aligned word (an atomic
 * on every CPU llcjit runs on): the call adds to `total` the units of work it
 * sets out to do (integrals, lines of a filter, each pass of a filter that
 * makes several) and to `done` those finished. A non-zero `cancel` makes it
 * stop after the unit each of its threads is on and return LLCJIT_CANCELLED
 * (the output then partly written). Zero it before the call. */
typedef struct llcjit_progress {
  size_t done;
  size_t total;
  int cancel;
} llcjit_progress;

typedef struct llcjit_quad_options {
  double epsabs; /* 1.49e-8 */
  double epsrel; /* 1.49e-8 */
  int limit;     /* 50 */
  const double *points;
  size_t point_count;
  llcjit_weight weight;
  const double *wvar;
  size_t wvar_count;
  int maxp1;                 /* 50 */
  int limlst;                /* 50 */
  unsigned threads;          /* quad_sweep: 0 = all cores */
  llcjit_progress *progress; /* quad_sweep: NULL, or watched and cancellable */
} llcjit_quad_options;

/* scipy.integrate.quad's defaults. */
void llcjit_quad_options_init(llcjit_quad_options *options);

typedef struct llcjit_quad_result {
  double value;
  double abserr;
  int neval;
  int ier; /* QUADPACK's code; 8: the integrand was NaN or infinite */
  int last;
} llcjit_quad_result;

/* SciPy's explanation of an ier code, with the default limit of 50. */
const char *llcjit_quad_message(int ier);
/* The same for a given limit; the string stays valid until this thread's
 * next call of this function. */
const char *llcjit_quad_message_for(int ier, int limit);
/* The same for a cos or sin weight on a half-infinite range (QAWF), whose
 * codes 1, 4 and 7 SciPy words in terms of cycles. */
const char *llcjit_quad_cycles_message(int ier, int limit);

/* One integral of a quad callback over [a, b]; params in parameter order.
 * options NULL: the defaults. */
llcjit_status llcjit_quad(const llcjit_callback *callback, const double *params, size_t param_count,
                          double a, double b, const llcjit_quad_options *options,
                          llcjit_quad_result *result);

/* y[i] = f(x[i]) for i < n, f a quad callback with the given parameters,
 * through its vectorised batch entry point on `threads` threads (0: all
 * cores); x and y must not overlap (the entry point's loads and stores are
 * vectorised on that promise). */
llcjit_status llcjit_evaluate_batch(const llcjit_callback *callback, const double *params,
                                    size_t param_count, const double *x, double *y, size_t n,
                                    unsigned threads);

/* A C function of one of the signatures scipy.integrate.quad takes from a
 * LowLevelCallable ("double (double)", "double (double, void *)",
 * "double (int, double *)", "double (int, double *, void *)"), integrated by
 * the same driver as a compiled formula, called as SciPy calls it: the forms
 * with xx get xx = {x, args...} and n = 1 + arg_count, the others take no
 * args. One call per point. `function` is any function pointer, cast: C
 * has no object pointer that may hold one. */
typedef void (*llcjit_any_function)(void);
llcjit_status llcjit_quad_function(const char *signature, llcjit_any_function function,
                                   void *user_data, const double *args, size_t arg_count, double a,
                                   double b, const llcjit_quad_options *options,
                                   llcjit_quad_result *result);

/* The lists behind one integral: scipy.integrate.quad's full_output
 * infodict, with its names (llcjit::QuadDetails). Owned by the library until
 * llcjit_quad_details_release; a list the routine that ran does not have is
 * NULL. */
typedef struct llcjit_quad_details {
  size_t length; /* the limit: of iord, alist, blist, rlist, elist, level, nnlog */
  const int *iord;
  const double *alist, *blist, *rlist, *elist;
  const int *level;   /* QAGP (break points) */
  size_t point_count; /* QAGP: the break points + 2 */
  const double *pts;
  const int *ndin;
  const int *nnlog; /* QAWO (cos or sin weight, finite range) */
  int momcom;
  size_t maxp1;
  const double *chebmo; /* QAWO: 25 x maxp1, row-major */
  size_t cycle_count;   /* QAWF (cos or sin weight, half-infinite range): limlst */
  const double *rslst, *erlst;
  const int *ierlst;
} llcjit_quad_details;

/* llcjit_quad and llcjit_quad_function that also give the lists (SciPy's
 * full_output) in *details, to release with llcjit_quad_details_release. */
llcjit_status llcjit_quad_full(const llcjit_callback *callback, const double *params,
                               size_t param_count, double a, double b,
                               const llcjit_quad_options *options, llcjit_quad_result *result,
                               llcjit_quad_details **details);
llcjit_status llcjit_quad_function_full(const char *signature, llcjit_any_function function,
                                        void *user_data, const double *args, size_t arg_count,
                                        double a, double b, const llcjit_quad_options *options,
                                        llcjit_quad_result *result, llcjit_quad_details **details);
void llcjit_quad_details_release(llcjit_quad_details *details);

/* One integral per row of parameter_sets (rows x parameter_count, row-major),
 * in parallel; results[rows]. */
llcjit_status llcjit_quad_sweep(const llcjit_callback *callback, const double *parameter_sets,
                                size_t rows, double a, double b, const llcjit_quad_options *options,
                                llcjit_quad_result *results);

/* The bounds of one variable for llcjit_nquad: formulas of the outer
 * variables and the parameters, e.g. {"0", "sqrt(1 - x1^2)"}. */
typedef struct llcjit_range {
  const char *lower;
  const char *upper;
} llcjit_range;

/* Iterated integration like scipy.integrate.nquad: ranges[i] bounds
 * variable i (innermost first); options apply to every level (NULL: the
 * defaults). abserr is the largest of the one-dimensional estimates, neval
 * the integrand's evaluations. */
llcjit_status llcjit_nquad(const llcjit_callback *callback, const llcjit_range *ranges,
                           size_t range_count, const double *params, size_t param_count,
                           const llcjit_quad_options *options, llcjit_quad_result *result);

/* One level of llcjit_nquad_levels, as one element of scipy.integrate.nquad's
 * opts: its options (NULL: the defaults), and break points given as formulas
 * of the outer variables and the parameters (as opts[i] given as a function),
 * besides options->points. Points outside the level's bounds at hand are
 * dropped, as nquad drops them. */
typedef struct llcjit_nquad_level {
  const llcjit_quad_options *options;
  const char *const *points;
  size_t point_count;
} llcjit_nquad_level;

/* llcjit_nquad with a level per variable: levels[i] for variable i
 * (innermost first), range_count of them; levels NULL: the defaults. */
llcjit_status llcjit_nquad_levels(const llcjit_callback *callback, const llcjit_range *ranges,
                                  size_t range_count, const double *params, size_t param_count,
                                  const llcjit_nquad_level *levels, llcjit_quad_result *result);

/* llcjit_nquad_levels that also writes SciPy's explanation of result->ier,
 * worded for the level that gave it (that level's limit, and its cycles for
 * a cos or sin weight on a half-infinite range), into message: truncated to
 * message_size - 1 bytes and terminated, "" when ier is 0 or the call
 * fails; message may be NULL when message_size is 0. */
llcjit_status llcjit_nquad_levels_explained(const llcjit_callback *callback,
                                            const llcjit_range *ranges, size_t range_count,
                                            const double *params, size_t param_count,
                                            const llcjit_nquad_level *levels,
                                            llcjit_quad_result *result, char *message,
                                            size_t message_size);

/* NumPy's real element types, in native byte order. */
typedef enum llcjit_dtype {
  LLCJIT_FLOAT64 = 0,
  LLCJIT_FLOAT32 = 1,
  LLCJIT_BOOL = 2, /* one byte, read as its value (SciPy's npy_bool is an unsigned char) */
  LLCJIT_INT8 = 3,
  LLCJIT_UINT8 = 4,
  LLCJIT_INT16 = 5,
  LLCJIT_UINT16 = 6,
  LLCJIT_INT32 = 7,
  LLCJIT_UINT32 = 8,
  LLCJIT_INT64 = 9,
  LLCJIT_UINT64 = 10,
  LLCJIT_DTYPE_INT_ = 0x7fffffff, /* not values: the enum spans every int */
  LLCJIT_DTYPE_INT_MIN_ = -0x7fffffff - 1
} llcjit_dtype;

/* A strided N-d array in NumPy's layout (strides in bytes). A filter reads
 * any dtype as double and converts its results to the output's dtype as
 * scipy.ndimage does (docs/filters.md). A zero-initialised dtype is float64;
 * the field was added in 0.1, after the others. */
typedef struct llcjit_array {
  void *data;
  size_t rank;
  const ptrdiff_t *shape;
  const ptrdiff_t *strides;
  llcjit_dtype dtype;
} llcjit_array;

typedef enum llcjit_mode {
  LLCJIT_MODE_REFLECT = 0, /* also SciPy's grid-mirror */
  LLCJIT_MODE_CONSTANT = 1,
  LLCJIT_MODE_NEAREST = 2,
  LLCJIT_MODE_MIRROR = 3,
  LLCJIT_MODE_WRAP = 4,
  LLCJIT_MODE_INT_ = 0x7fffffff, /* not values: the enum spans every int */
  LLCJIT_MODE_INT_MIN_ = -0x7fffffff - 1
} llcjit_mode;

typedef struct llcjit_filter_options {
  llcjit_mode mode;          /* LLCJIT_MODE_REFLECT */
  double cval;               /* 0: the value outside the array for LLCJIT_MODE_CONSTANT */
  const ptrdiff_t *origin;   /* one value per axis, or NULL: 0 */
  unsigned threads;          /* 0: all cores; the result does not depend on it */
  int fuse;                  /* non-zero (the default, 1): compile the formula into the driver's
                              * loop, or run a window-independent algorithm for kernels made of
                              * min/max/sum/mean of values; 0: call its SciPy entry point once
                              * per element. A loop that would take long to compile is compiled
                              * once the calls' work pays for it, unless fuse is 2: from the
                              * first call (docs/filters.md) */
  int exact;                 /* 0 (the default): large box sums, means and variances may run as
                              * running sums (within one rounding of the exact value); non-zero: always
                              * NumPy's pairwise sums, bit for bit (docs/filters.md) */
  llcjit_progress *progress; /* NULL, or watched and cancellable (0.1) */
  int streaming;             /* -1 (the default): write around the cache when input and
                              * output take all of it or more (a fused kernel: when the
                              * output's elements are 8 bytes wide); 0: never;
                              * 1: always. The results are the same (0.1) */
} llcjit_filter_options;

/* The defaults above, as scipy.ndimage.generic_filter's. Fill the struct with
 * this before setting fields: new fields are added at its end (exact, in
 * 0.1, progress and streaming in 0.1), and a host that sets every field by hand must be
 * rebuilt. */
void llcjit_filter_options_init(llcjit_filter_options *options);

/* scipy.ndimage.generic_filter with a filter kernel: output (input's shape;
 * may be input or overlap it) from input. params: the kernel's parameter
 * values in its order. footprint: a C-order mask of footprint_shape (one
 * extent per axis of input). options NULL: the defaults. */
llcjit_status llcjit_generic_filter(const llcjit_callback *kernel, const double *params,
                                    size_t param_count, const llcjit_array *input,
                                    const llcjit_array *output, const unsigned char *footprint,
                                    const ptrdiff_t *footprint_shape,
                                    const llcjit_filter_options *options);

/* What llcjit_generic_filter runs for kernel over a footprint of `rank`
 * axes (footprint_shape, its mask in C order) with options (NULL: the
 * defaults) from an array of dtype `input` into one of dtype `output` (the
 * choice depends on them: the extremes run on narrow elements from smaller
 * windows on), in words: the fused loop, the per-element call, or each
 * reduction's window-independent algorithm (llcjit::filter_algorithm).
 * *description stays valid until this thread's next call. */
llcjit_status llcjit_filter_algorithm(const llcjit_callback *kernel, const unsigned char *footprint,
                                      const ptrdiff_t *footprint_shape, size_t rank,
                                      const llcjit_filter_options *options, llcjit_dtype input,
                                      llcjit_dtype output, const char **description);

/* SciPy's generic_filter callback: returns 0 on failure. */
typedef int (*llcjit_filter_function)(double *values, intptr_t size, double *result,
                                      void *user_data);

/* The same driver with any C function of that signature (never fused),
 * from several threads at once unless options->threads is 1. A function
 * that returns 0 stops the filter with LLCJIT_INTERNAL_ERROR and SciPy's
 * message, "unknown error in filter function". */
llcjit_status llcjit_generic_filter_function(llcjit_filter_function function, void *user_data,
                                             const llcjit_array *input, const llcjit_array *output,
                                             const unsigned char *footprint,
                                             const ptrdiff_t *footprint_shape,
                                             const llcjit_filter_options *options);

typedef struct llcjit_filter1d_options {
  llcjit_mode mode;          /* LLCJIT_MODE_REFLECT */
  double cval;               /* 0: the value outside for LLCJIT_MODE_CONSTANT */
  ptrdiff_t origin;          /* 0; from -(filter_size / 2) to (filter_size - 1) / 2 */
  unsigned threads;          /* 0: all cores; the result does not depend on it */
  llcjit_progress *progress; /* NULL, or watched and cancellable */
} llcjit_filter1d_options;

/* scipy.ndimage.generic_filter1d's defaults. Fill the struct with this
 * before setting fields: new fields are added at its end. */
void llcjit_filter1d_options_init(llcjit_filter1d_options *options);

/* scipy.ndimage.generic_filter1d with a kernel, a formula of values (the
 * window of filter_size values of one output point; kind filter1d or
 * filter), over the lines along axis (negative from the end): small arrays
 * once per line, larger ones fused as generic_filter's kernel over a line
 * footprint (docs/filters.md). output: input's shape (may be input).
 * options NULL: the defaults. */
llcjit_status llcjit_generic_filter1d(const llcjit_callback *kernel, const double *params,
                                      size_t param_count, const llcjit_array *input,
                                      const llcjit_array *output, ptrdiff_t filter_size,
                                      ptrdiff_t axis, const llcjit_filter1d_options *options);

/* SciPy's generic_filter1d callback: returns 0 on failure. */
typedef int (*llcjit_filter1d_function)(double *input_line, intptr_t input_length,
                                        double *output_line, intptr_t output_length,
                                        void *user_data);

/* The same driver with any C function of that signature, once per line,
 * from several threads at once unless options->threads is 1. A function
 * that returns 0 stops the filter with LLCJIT_INTERNAL_ERROR and SciPy's
 * message, "unknown error in line processing function". */
llcjit_status llcjit_generic_filter1d_function(llcjit_filter1d_function function, void *user_data,
                                               const llcjit_array *input,
                                               const llcjit_array *output, ptrdiff_t filter_size,
                                               ptrdiff_t axis,
                                               const llcjit_filter1d_options *options);

/* scipy.ndimage's interpolation modes (SciPy's grid-mirror is
 * LLCJIT_INTERPOLATION_REFLECT). Unlike the filters', wrap and grid-wrap
 * differ, as do constant and grid-constant (docs/interpolation.md). */
typedef enum llcjit_interpolation_mode {
  LLCJIT_INTERPOLATION_CONSTANT = 0,
  LLCJIT_INTERPOLATION_GRID_CONSTANT = 1,
  LLCJIT_INTERPOLATION_NEAREST = 2,
  LLCJIT_INTERPOLATION_REFLECT = 3,
  LLCJIT_INTERPOLATION_MIRROR = 4,
  LLCJIT_INTERPOLATION_WRAP = 5,
  LLCJIT_INTERPOLATION_GRID_WRAP = 6,
  LLCJIT_INTERPOLATION_INT_ = 0x7fffffff, /* not values: the enum spans every int */
  LLCJIT_INTERPOLATION_INT_MIN_ = -0x7fffffff - 1
} llcjit_interpolation_mode;

typedef struct llcjit_interpolation_options {
  int order;                      /* 3: the B-spline's order, 0 to 5 */
  llcjit_interpolation_mode mode; /* LLCJIT_INTERPOLATION_CONSTANT */
  double cval;                    /* 0 */
  int prefilter;                  /* 1: interpolate the input's B-spline coefficients (orders
                                   * above 1) */
  unsigned threads;               /* 0: all cores; the result does not depend on it */
  llcjit_progress *progress;      /* NULL, or watched and cancellable */
  int streaming;                  /* -1 (the default): write a float64 output with contiguous,
                                   * aligned rows around the cache when input and output take
                                   * half of it or more; 0: never; 1: always. The results are
                                   * the same (0.1) */
} llcjit_interpolation_options;

/* scipy.ndimage.geometric_transform's defaults. Fill the struct with this
 * before setting fields: new fields are added at its end. */
void llcjit_interpolation_options_init(llcjit_interpolation_options *options);

/* scipy.ndimage.geometric_transform with a transform formula (as many
 * variables as output has axes, as many results as input has), fused: the
 * output (its shape is the output shape) interpolates input at the
 * coordinates the formula gives for each output index. options NULL: the
 * defaults. */
llcjit_status llcjit_geometric_transform(const llcjit_callback *mapping, const double *params,
                                         size_t param_count, const llcjit_array *input,
                                         const llcjit_array *output,
                                         const llcjit_interpolation_options *options);

/* SciPy's geometric_transform callback: returns 0 on failure. */
typedef int (*llcjit_mapping_function)(intptr_t *output_coordinates, double *input_coordinates,
                                       int output_rank, int input_rank, void *user_data);

/* The same with any C function of that signature, called per element,
 * from several threads at once unless options->threads is 1. A function
 * that returns 0 stops the transform with LLCJIT_INTERNAL_ERROR and SciPy's
 * message, "unknown error in mapping function". */
llcjit_status llcjit_geometric_transform_function(llcjit_mapping_function mapping, void *user_data,
                                                  const llcjit_array *input,
                                                  const llcjit_array *output,
                                                  const llcjit_interpolation_options *options);

/* scipy.ndimage.map_coordinates: coordinates has shape (input rank, output
 * shape...) and any dtype. */
llcjit_status llcjit_map_coordinates(const llcjit_array *input, const llcjit_array *coordinates,
                                     const llcjit_array *output,
                                     const llcjit_interpolation_options *options);

/* scipy.ndimage.spline_filter1d (orders 0 to 5; axis negative from the
 * end) and spline_filter (orders 2 to 5); output has input's shape and may
 * be input. threads 0: all cores. */
llcjit_status llcjit_spline_filter1d(const llcjit_array *input, const llcjit_array *output,
                                     int order, ptrdiff_t axis, llcjit_interpolation_mode mode,
                                     unsigned threads);
llcjit_status llcjit_spline_filter(const llcjit_array *input, const llcjit_array *output, int order,
                                   llcjit_interpolation_mode mode, unsigned threads);

#ifdef __cplusplus
}
#endif

#endif /* LLCJIT_H */
