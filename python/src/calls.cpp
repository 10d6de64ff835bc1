// The definitions of calls.hpp.
#include "calls.hpp"

#include "callables.hpp"

#include <climits>
#include <cstddef>

namespace llcjit::python {

namespace {

// llcjit_quad with the GIL released: (value, abserr, ier), or None when
// llcjit refuses the call (the Python code then raises its error).
PyObject *run_quad(const llcjit_callback *callback, const double *params, Py_ssize_t count,
                   PyObject *const *limits_and_options) {
  llcjit_quad_options options;
  llcjit_quad_options_init(&options);
  // One at a time: a conversion must not run Python code (__float__) with
  // the previous one's error pending.
  double reals[4];
  for (int i = 0; i < 4; ++i) {
    reals[i] = PyFloat_AsDouble(limits_and_options[i]);
    if (reals[i] == -1.0 && PyErr_Occurred())
      return nullptr;
  }
  const auto [a, b, epsabs, epsrel] = reals;
  options.epsabs = epsabs;
  options.epsrel = epsrel;
  if (!PyLong_Check(limits_and_options[4])) // not __int__ of a float (Python 3.9)
    Py_RETURN_NONE;
  const long limit = PyLong_AsLong(limits_and_options[4]);
  if (limit == -1 && PyErr_Occurred())
    return nullptr;
  if (limit < INT_MIN || limit > INT_MAX)
    Py_RETURN_NONE;
  options.limit = static_cast<int>(limit);
  llcjit_quad_result out;
  llcjit_status status;
  Py_BEGIN_ALLOW_THREADS status =
      llcjit_quad(callback, params, static_cast<size_t>(count), a, b, &options, &out);
  Py_END_ALLOW_THREADS if (status != LLCJIT_OK) Py_RETURN_NONE;
  return Py_BuildValue("(ddi)", out.value, out.abserr, out.ier);
}

} // namespace

// quad(callback, values, a, b, epsabs, epsrel, limit): run_quad of the
// llcjit_callback at address `callback` with the parameter values `values`.
PyObject *quad(PyObject *, PyObject *const *args, Py_ssize_t nargs) {
  if (nargs != 7) {
    PyErr_SetString(PyExc_TypeError, "quad(callback, values, a, b, epsabs, epsrel, limit)");
    return nullptr;
  }
  const llcjit_callback *callback = callback_at(args[0]);
  Parameters params;
  if (!callback || !params.read(args[1]))
    return nullptr;
  return run_quad(callback, params.values(), params.count(), args + 2);
}

// quad_callable(callable, a, b, epsabs, epsrel, limit): run_quad of a
// callable made by make, with its own parameter values.
PyObject *quad_callable(PyObject *, PyObject *const *args, Py_ssize_t nargs) {
  Bound bound{};
  if (nargs != 6 || !bound_of(args[0], bound)) {
    PyErr_SetString(PyExc_TypeError,
                    "quad_callable(callable made by make, a, b, epsabs, epsrel, limit)");
    return nullptr;
  }
  // The callable, and so its values, lives through the call: the caller
  // holds it.
  return run_quad(bound.callback, bound.values, bound.count, args + 1);
}

// generic_filter(callback, values, input, input_dtype, output, output_dtype,
// mask, origins, mode, cval, threads, fuse, exact, streaming, progress):
// llcjit_generic_filter with the GIL released, its status as an int. The
// Python code has checked every argument as SciPy does; the arrays share
// their rank (mask C-contiguous), `origins` is a sequence of one int per
// axis and `progress` an llcjit_progress's address or 0.
PyObject *generic_filter(PyObject *, PyObject *const *args, Py_ssize_t nargs) {
  constexpr Py_ssize_t kArguments = 15;
  if (nargs != kArguments) {
    PyErr_SetString(PyExc_TypeError,
                    "generic_filter(callback, values, input, input_dtype, output, output_dtype, "
                    "mask, origins, mode, cval, threads, fuse, exact, streaming, progress)");
    return nullptr;
  }
  const llcjit_callback *callback = callback_at(args[0]);
  if (!callback)
    return nullptr;
  int input_dtype = 0, output_dtype = 0, mode = 0, fuse = 0, exact = 0, streaming = 0;
  unsigned threads = 0;
  if (!read_int(args[3], input_dtype) || !read_int(args[5], output_dtype) ||
      !read_int(args[8], mode) || !read_int(args[10], threads) || !read_int(args[11], fuse) ||
      !read_int(args[12], exact) || !read_int(args[13], streaming))
    return nullptr;
  const double cval = PyFloat_AsDouble(args[9]);
  if (cval == -1.0 && PyErr_Occurred())
    return nullptr;
  auto *progress = static_cast<llcjit_progress *>(PyLong_AsVoidPtr(args[14]));
  if (!progress && PyErr_Occurred())
    return nullptr;
  Buffer input, output, mask;
  if (!input.get(args[2], PyBUF_STRIDES) || !output.get(args[4], PyBUF_STRIDES | PyBUF_WRITABLE) ||
      !mask.get(args[6], PyBUF_ND))
    return nullptr;
  const Py_ssize_t rank = input.view().ndim;
  // NumPy's arrays have at most 64 axes (32 before NumPy 2).
  constexpr Py_ssize_t kMaxRank = 64;
  const Owned origin_values{PySequence_Fast(args[7], "origins must be a sequence")};
  if (!origin_values.get())
    return nullptr;
  if (output.view().ndim != rank || mask.view().ndim != rank || rank > kMaxRank ||
      PySequence_Fast_GET_SIZE(origin_values.get()) != rank || mask.view().itemsize != 1) {
    PyErr_SetString(PyExc_ValueError, "generic_filter: the arrays' ranks or origins disagree");
    return nullptr;
  }
  ptrdiff_t origins[kMaxRank];
  for (Py_ssize_t i = 0; i < rank; ++i)
    if (!read_int(PySequence_Fast_GET_ITEM(origin_values.get(), i), origins[i]))
      return nullptr;
  Parameters params;
  if (!params.read(args[1]))
    return nullptr;
  llcjit_filter_options options;
  llcjit_filter_options_init(&options);
  options.mode = static_cast<llcjit_mode>(mode);
  options.cval = cval;
  options.origin = origins;
  options.threads = threads;
  options.fuse = fuse;
  options.exact = exact;
  options.progress = progress;
  options.streaming = streaming;
  const llcjit_array in = input.array(static_cast<llcjit_dtype>(input_dtype));
  const llcjit_array out = output.array(static_cast<llcjit_dtype>(output_dtype));
  const auto *footprint = static_cast<const unsigned char *>(mask.view().buf);
  const auto *footprint_shape = reinterpret_cast<const ptrdiff_t *>(mask.view().shape);
  llcjit_status status;
  Py_BEGIN_ALLOW_THREADS status =
      llcjit_generic_filter(callback, params.values(), static_cast<size_t>(params.count()), &in,
                            &out, footprint, footprint_shape, &options);
  Py_END_ALLOW_THREADS return PyLong_FromLong(status);
}

// evaluate_batch(callback, values, x, y, threads): llcjit_evaluate_batch
// over the float64 buffers x and y (C-contiguous, as many elements, not
// overlapping: the Python code has made them so) with the GIL released,
// its status as an int.
PyObject *evaluate_batch(PyObject *, PyObject *const *args, Py_ssize_t nargs) {
  if (nargs != 5) {
    PyErr_SetString(PyExc_TypeError, "evaluate_batch(callback, values, x, y, threads)");
    return nullptr;
  }
  const llcjit_callback *callback = callback_at(args[0]);
  if (!callback)
    return nullptr;
  unsigned threads = 0;
  if (!read_int(args[4], threads))
    return nullptr;
  Parameters params;
  Buffer x, y;
  if (!params.read(args[1]) || !x.get(args[2], PyBUF_C_CONTIGUOUS) ||
      !y.get(args[3], PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE))
    return nullptr;
  if (x.view().itemsize != sizeof(double) || y.view().itemsize != sizeof(double) ||
      x.view().len != y.view().len) {
    PyErr_SetString(PyExc_ValueError, "evaluate_batch: x and y must be float64 of one size");
    return nullptr;
  }
  const auto n = static_cast<size_t>(x.view().len) / sizeof(double);
  llcjit_status status;
  Py_BEGIN_ALLOW_THREADS status = llcjit_evaluate_batch(
      callback, params.values(), static_cast<size_t>(params.count()),
      static_cast<const double *>(x.view().buf), static_cast<double *>(y.view().buf), n, threads);
  Py_END_ALLOW_THREADS return PyLong_FromLong(status);
}

} // namespace llcjit::python
