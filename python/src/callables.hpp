// The llcjit scipy.LowLevelCallables, made and remade with other parameter
// values without SciPy's Python-level parsing.
#pragma once

#include "arguments.hpp"

namespace llcjit::python {

// make(cls, address, signature, owner, callback, values, attributes): a new
// callable of class cls (a scipy.LowLevelCallable subclass) for the entry
// point at `address` of SciPy signature `signature` (bytes) of the
// llcjit_callback at address `callback`, which `owner` keeps alive, with the
// parameter values `values` (real numbers) and the instance attributes
// `attributes` (a dict, copied).
PyObject *make(PyObject *, PyObject *const *args, Py_ssize_t nargs);

// with_params(self, params): self with the parameter values in the dict
// `params` replacing its own, in a block of its own, when every name in
// params is one self already has a value for and every value is a real
// number; None otherwise, for the Python code to handle (a parameter that
// SciPy's args gave becomes one with a value: other compiled code) or to
// word the error.
PyObject *with_params(PyObject *, PyObject *const *args, Py_ssize_t nargs);

// live(): how many parameter blocks exist (for the tests' leak checks).
PyObject *live(PyObject *, PyObject *);

/// What a callable made by make runs: its code and its own parameter
/// values, which live as long as the callable.
struct Bound {
  const llcjit_callback *callback;
  const double *values;
  Py_ssize_t count;
};

/// The code and values of `object` when make made it; false (with no
/// Python error set) for any other object.
bool bound_of(PyObject *object, Bound &bound);

} // namespace llcjit::python
