// The bridge's calls into llcjit, each with the GIL released while llcjit
// runs: quad (of a callback, or of a callable made by make), generic_filter
// and evaluate_batch over NumPy arrays.
#pragma once

#include "arguments.hpp"

namespace llcjit::python {

// quad(callback, values, a, b, epsabs, epsrel, limit): run_quad of the
// llcjit_callback at address `callback` with the parameter values `values`.
PyObject *quad(PyObject *, PyObject *const *args, Py_ssize_t nargs);

// quad_callable(callable, a, b, epsabs, epsrel, limit): run_quad of a
// callable made by make, with its own parameter values.
PyObject *quad_callable(PyObject *, PyObject *const *args, Py_ssize_t nargs);

// generic_filter(callback, values, input, input_dtype, output, output_dtype,
// mask, origins, mode, cval, threads, fuse, exact, streaming, progress):
// llcjit_generic_filter with the GIL released, its status as an int. The
// Python code has checked every argument as SciPy does; the arrays share
// their rank (mask C-contiguous), `origins` is a sequence of one int per
// axis and `progress` an llcjit_progress's address or 0.
PyObject *generic_filter(PyObject *, PyObject *const *args, Py_ssize_t nargs);

// evaluate_batch(callback, values, x, y, threads): llcjit_evaluate_batch
// over the float64 buffers x and y (C-contiguous, as many elements, not
// overlapping: the Python code has made them so) with the GIL released,
// its status as an int.
PyObject *evaluate_batch(PyObject *, PyObject *const *args, Py_ssize_t nargs);

} // namespace llcjit::python
