// The definitions of callables.hpp. Each llcjit scipy.LowLevelCallable is
// a tuple (capsule, capsule, user_data) as SciPy builds one. The
// capsule's pointer is the entry point, its name the SciPy signature and its
// context the parameter values (SciPy's user_data); it owns them in a Block,
// with references to the compiled code's owner and to the signature's bytes.
#include "callables.hpp"

#include <cstddef>
#include <cstdlib>

namespace llcjit::python {

namespace {

// The parameter values follow the Block in one allocation.
struct Block {
  PyObject *owner;                 // keeps the code alive
  PyObject *signature;             // bytes; the capsule's name points into it
  const llcjit_callback *callback; // the code, for quad_callable
  Py_ssize_t count;
};
static_assert(sizeof(Block) % alignof(double) == 0);

double *values_of(Block *block) { return reinterpret_cast<double *>(block + 1); }
Block *block_of(double *values) { return reinterpret_cast<Block *>(values) - 1; }

Py_ssize_t live_blocks = 0; // for the tests' leak checks; the GIL guards it

void release(Block *block) {
  Py_DECREF(block->owner);
  Py_DECREF(block->signature);
  std::free(block);
  --live_blocks;
}

void destroy_function_capsule(PyObject *capsule) {
  release(block_of(static_cast<double *>(PyCapsule_GetContext(capsule))));
}

// user_data is a capsule of the same values that holds the function capsule.
void destroy_user_data(PyObject *capsule) {
  Py_XDECREF(static_cast<PyObject *>(PyCapsule_GetContext(capsule)));
}

// The block of a callable made by make; NULL for any other object.
Block *block_in(PyObject *object) {
  if (!PyTuple_Check(object) || PyTuple_GET_SIZE(object) != 3)
    return nullptr;
  PyObject *function = PyTuple_GET_ITEM(object, 0);
  if (!PyCapsule_CheckExact(function) ||
      PyCapsule_GetDestructor(function) != &destroy_function_capsule)
    return nullptr;
  return block_of(static_cast<double *>(PyCapsule_GetContext(function)));
}

// The LowLevelCallable of class `cls` over a block holding `count` values
// (filled by `fill`), with `attributes` (owned: stolen) as its __dict__.
template <typename Fill>
PyObject *make_callable(PyTypeObject *cls, void *address, PyObject *owner, PyObject *signature,
                        const llcjit_callback *callback, Py_ssize_t count, PyObject *attributes,
                        Fill fill) {
  const std::size_t size = sizeof(Block) + static_cast<std::size_t>(count) * sizeof(double);
  auto *block = static_cast<Block *>(std::malloc(size));
  if (!block) {
    Py_DECREF(attributes);
    return PyErr_NoMemory();
  }
  if (!fill(values_of(block))) {
    std::free(block);
    Py_DECREF(attributes);
    return nullptr;
  }
  Py_INCREF(owner);
  Py_INCREF(signature);
  *block = {owner, signature, callback, count};
  ++live_blocks;
  PyObject *function =
      PyCapsule_New(address, PyBytes_AS_STRING(signature), &destroy_function_capsule);
  if (!function) {
    release(block);
    Py_DECREF(attributes);
    return nullptr;
  }
  PyCapsule_SetContext(function, values_of(block));
  PyObject *user_data = PyCapsule_New(values_of(block), nullptr, &destroy_user_data);
  if (!user_data) {
    Py_DECREF(function);
    Py_DECREF(attributes);
    return nullptr;
  }
  Py_INCREF(function);
  PyCapsule_SetContext(user_data, function);
  PyObject *self = cls->tp_alloc(cls, 3);
  if (!self) {
    Py_DECREF(function);
    Py_DECREF(user_data);
    Py_DECREF(attributes);
    return nullptr;
  }
  // Item 0 is what SciPy calls, item 1 the `function` property, item 2 the
  // `user_data` property; as LowLevelCallable.__new__ lays them out.
  Py_INCREF(function);
  PyTuple_SET_ITEM(self, 0, function);
  PyTuple_SET_ITEM(self, 1, function);
  PyTuple_SET_ITEM(self, 2, user_data);
  const int set = PyObject_GenericSetDict(self, attributes, nullptr);
  Py_DECREF(attributes);
  if (set < 0) {
    Py_DECREF(self);
    return nullptr;
  }
  return self;
}

} // namespace

// make(cls, address, signature, owner, callback, values, attributes): a new
// callable of class cls (a scipy.LowLevelCallable subclass) for the entry
// point at `address` of SciPy signature `signature` (bytes) of the
// llcjit_callback at address `callback`, which `owner` keeps alive, with the
// parameter values `values` (real numbers) and the instance attributes
// `attributes` (a dict, copied).
PyObject *make(PyObject *, PyObject *const *args, Py_ssize_t nargs) {
  if (nargs != 7 || !PyType_Check(args[0]) || !PyBytes_Check(args[2]) || !PyDict_Check(args[6])) {
    PyErr_SetString(PyExc_TypeError, "make(cls, address, signature: bytes, owner, callback, "
                                     "values, attributes: dict)");
    return nullptr;
  }
  void *address = PyLong_AsVoidPtr(args[1]);
  const auto *callback = static_cast<const llcjit_callback *>(PyLong_AsVoidPtr(args[4]));
  if (!address || !callback) {
    if (!PyErr_Occurred())
      PyErr_SetString(PyExc_ValueError, "the entry point's or the callback's address is NULL");
    return nullptr;
  }
  PyObject *values = PySequence_Fast(args[5], "values must be a sequence");
  if (!values)
    return nullptr;
  PyObject *attributes = PyDict_Copy(args[6]);
  PyObject *self = nullptr;
  if (attributes) {
    const Py_ssize_t count = PySequence_Fast_GET_SIZE(values);
    self = make_callable(reinterpret_cast<PyTypeObject *>(args[0]), address, args[3], args[2],
                         callback, count, attributes,
                         [&](double *out) { return read_values(values, out, count); });
  }
  Py_DECREF(values);
  return self;
}

// with_params(self, params): self with the parameter values in the dict
// `params` replacing its own, in a block of its own, when every name in
// params is one self already has a value for and every value is a real
// number; None otherwise, for the Python code to handle (a parameter that
// SciPy's args gave becomes one with a value: other compiled code) or to
// word the error.
PyObject *with_params(PyObject *, PyObject *const *args, Py_ssize_t nargs) {
  Block *block = nargs == 2 ? block_in(args[0]) : nullptr;
  if (!block || !PyDict_Check(args[1])) {
    PyErr_SetString(PyExc_TypeError, "with_params(callable made by make, params: dict)");
    return nullptr;
  }
  PyObject *self = args[0];
  PyObject *given = args[1];
  PyObject *function = PyTuple_GET_ITEM(self, 0);
  const Owned attributes{PyObject_GenericGetDict(self, nullptr)};
  if (!attributes.get())
    return nullptr;
  PyObject *own = PyDict_GetItemString(attributes.get(), "params"); // borrowed
  PyObject *names = PyDict_GetItemString(attributes.get(), "_names");
  if (!own || !names || !PyDict_Check(own) || !PyTuple_Check(names) ||
      PyTuple_GET_SIZE(names) != block->count)
    Py_RETURN_NONE;
  Py_ssize_t position = 0;
  PyObject *key = nullptr;
  PyObject *value = nullptr;
  while (PyDict_Next(given, &position, &key, &value))
    if (PyDict_Contains(own, key) != 1)
      Py_RETURN_NONE;
  const Owned merged{PyDict_Copy(own)};
  if (!merged.get() || PyDict_Update(merged.get(), given) < 0)
    return nullptr;
  PyObject *copy = PyDict_Copy(attributes.get());
  if (!copy || PyDict_SetItemString(copy, "params", merged.get()) < 0) {
    Py_XDECREF(copy);
    return nullptr;
  }
  PyObject *result = make_callable(
      Py_TYPE(self), PyCapsule_GetPointer(function, PyCapsule_GetName(function)), block->owner,
      block->signature, block->callback, block->count, copy, [&](double *out) {
        for (Py_ssize_t i = 0; i < block->count; ++i) {
          PyObject *entry = PyDict_GetItemWithError(merged.get(), PyTuple_GET_ITEM(names, i));
          const double real = entry ? PyFloat_AsDouble(entry) : -1.0;
          if (!entry || (real == -1.0 && PyErr_Occurred()))
            return false;
          out[i] = real;
        }
        return true;
      });
  if (result)
    return result;
  // A value that is not a real number: the Python code words the error.
  PyErr_Clear();
  Py_RETURN_NONE;
}

PyObject *live(PyObject *, PyObject *) { return PyLong_FromSsize_t(live_blocks); }

bool bound_of(PyObject *object, Bound &bound) {
  Block *block = block_in(object);
  if (!block)
    return false;
  bound = {block->callback, values_of(block), block->count};
  return true;
}

} // namespace llcjit::python
