// The definitions of arguments.hpp.
#include "arguments.hpp"

namespace llcjit::python {

// Values as C doubles, from any sequence of real numbers; false with a
// Python error set otherwise.
bool read_values(PyObject *sequence, double *out, Py_ssize_t count) {
  for (Py_ssize_t i = 0; i < count; ++i) {
    const double value = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(sequence, i));
    if (value == -1.0 && PyErr_Occurred())
      return false;
    out[i] = value;
  }
  return true;
}

// The llcjit_callback at the address `object` holds; NULL with a Python
// error set otherwise.
const llcjit_callback *callback_at(PyObject *object) {
  const auto *callback = static_cast<const llcjit_callback *>(PyLong_AsVoidPtr(object));
  if (!callback && !PyErr_Occurred())
    PyErr_SetString(PyExc_ValueError, "the callback's address is NULL");
  return callback;
}

} // namespace llcjit::python
