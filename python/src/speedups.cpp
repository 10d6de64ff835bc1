// llcjit._speedups: the Python bridge's per-call paths in C, where ctypes
// costs more than the work (a quad of a smooth integrand takes ~0.3 us; a
// ctypes call and its argument objects ~1 us more; a generic_filter's
// ctypes arrays, options and call cost ~9 us of an 8x8 image's 18). Everything
// else in the bridge stays in Python over the C ABI.
//
// Each llcjit scipy.LowLevelCallable is a tuple (capsule, capsule, user_data)
// as SciPy builds one, made here without SciPy's Python-level parsing. The
// capsule's pointer is the entry point, its name the SciPy signature and its
// context the parameter values (SciPy's user_data); it owns them in a Block,
// with references to the compiled code's owner and to the signature's bytes.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <llcjit/llcjit.h>

#include <climits>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <utility>

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

// A reference owned for the length of a scope.
class Owned {
public:
  explicit Owned(PyObject *object) : object_(object) {}
  Owned(const Owned &) = delete;
  Owned &operator=(const Owned &) = delete;
  ~Owned() { Py_XDECREF(object_); }
  PyObject *get() const { return object_; }

private:
  PyObject *object_;
};

bool is_ours(PyObject *capsule) {
  return PyCapsule_CheckExact(capsule) &&
         PyCapsule_GetDestructor(capsule) == &destroy_function_capsule;
}

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
  if (nargs != 2 || !PyTuple_Check(args[0]) || PyTuple_GET_SIZE(args[0]) != 3 ||
      !is_ours(PyTuple_GET_ITEM(args[0], 0)) || !PyDict_Check(args[1])) {
    PyErr_SetString(PyExc_TypeError, "with_params(callable made by make, params: dict)");
    return nullptr;
  }
  PyObject *self = args[0];
  PyObject *given = args[1];
  PyObject *function = PyTuple_GET_ITEM(self, 0);
  Block *block = block_of(static_cast<double *>(PyCapsule_GetContext(function)));
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

// The llcjit_callback at the address `object` holds; NULL with a Python
// error set otherwise.
const llcjit_callback *callback_at(PyObject *object) {
  const auto *callback = static_cast<const llcjit_callback *>(PyLong_AsVoidPtr(object));
  if (!callback && !PyErr_Occurred())
    PyErr_SetString(PyExc_ValueError, "the callback's address is NULL");
  return callback;
}

// A call's parameter values as C doubles: up to kOnStack on the stack, more
// on the heap, freed with the scope.
class Parameters {
public:
  Parameters() = default;
  Parameters(const Parameters &) = delete;
  Parameters &operator=(const Parameters &) = delete;
  ~Parameters() {
    if (values_ != stack_)
      delete[] values_;
  }
  // From any sequence of real numbers; false with a Python error set
  // otherwise.
  bool read(PyObject *object) {
    const Owned sequence{PySequence_Fast(object, "values must be a sequence")};
    if (!sequence.get())
      return false;
    count_ = PySequence_Fast_GET_SIZE(sequence.get());
    if (count_ > kOnStack) {
      values_ = new (std::nothrow) double[count_];
      if (!values_) {
        values_ = stack_;
        PyErr_NoMemory();
        return false;
      }
    }
    return read_values(sequence.get(), values_, count_);
  }
  const double *values() const { return values_; }
  Py_ssize_t count() const { return count_; }

private:
  static constexpr Py_ssize_t kOnStack = 16;
  double stack_[kOnStack];
  double *values_ = stack_;
  Py_ssize_t count_ = 0;
};

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
  if (nargs != 6 || !PyTuple_Check(args[0]) || PyTuple_GET_SIZE(args[0]) != 3 ||
      !is_ours(PyTuple_GET_ITEM(args[0], 0))) {
    PyErr_SetString(PyExc_TypeError,
                    "quad_callable(callable made by make, a, b, epsabs, epsrel, limit)");
    return nullptr;
  }
  PyObject *function = PyTuple_GET_ITEM(args[0], 0);
  // The callable, and so its block, lives through the call: the caller
  // holds it.
  Block *block = block_of(static_cast<double *>(PyCapsule_GetContext(function)));
  return run_quad(block->callback, values_of(block), block->count, args + 1);
}

// A NumPy array's memory, shape and strides (the buffer protocol's view,
// released with the scope): what an llcjit_array points into, without the
// ctypes arrays that cost the Python path about a third of a small filter.
class Buffer {
public:
  Buffer() = default;
  Buffer(const Buffer &) = delete;
  Buffer &operator=(const Buffer &) = delete;
  ~Buffer() {
    if (held_)
      PyBuffer_Release(&view_);
  }
  bool get(PyObject *object, int flags) {
    held_ = PyObject_GetBuffer(object, &view_, flags) == 0;
    return held_;
  }
  const Py_buffer &view() const { return view_; }
  llcjit_array array(llcjit_dtype dtype) const {
    static_assert(sizeof(Py_ssize_t) == sizeof(ptrdiff_t));
    return {view_.buf, static_cast<size_t>(view_.ndim),
            reinterpret_cast<const ptrdiff_t *>(view_.shape),
            reinterpret_cast<const ptrdiff_t *>(view_.strides), dtype};
  }

private:
  Py_buffer view_{};
  bool held_ = false;
};

// An int argument that must fit T; false with a Python error otherwise.
template <typename T> bool read_int(PyObject *object, T &out) {
  const long long value = PyLong_AsLongLong(object);
  if (value == -1 && PyErr_Occurred())
    return false;
  if (!std::in_range<T>(value)) {
    PyErr_SetString(PyExc_OverflowError, "an integer argument is out of range");
    return false;
  }
  out = static_cast<T>(value);
  return true;
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

PyObject *live(PyObject *, PyObject *) { return PyLong_FromSsize_t(live_blocks); }

PyMethodDef kMethods[] = {
    {"make", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&make)), METH_FASTCALL,
     "A new llcjit LowLevelCallable over an entry point and parameter values."},
    {"with_params", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&with_params)),
     METH_FASTCALL, "The callable with other values of parameters it has, or None."},
    {"quad", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&quad)), METH_FASTCALL,
     "One llcjit_quad: (value, abserr, ier), or None when refused."},
    {"quad_callable", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&quad_callable)),
     METH_FASTCALL,
     "llcjit_quad of a callable made by make: (value, abserr, ier), or None when refused."},
    {"generic_filter", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&generic_filter)),
     METH_FASTCALL, "llcjit_generic_filter of a compiled kernel over NumPy arrays: its status."},
    {"evaluate_batch", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&evaluate_batch)),
     METH_FASTCALL, "llcjit_evaluate_batch over float64 buffers: its status."},
    {"live", &live, METH_NOARGS, "How many parameter blocks exist (for leak tests)."},
    {nullptr, nullptr, 0, nullptr}};

PyModuleDef kModule = {PyModuleDef_HEAD_INIT,
                       "llcjit._speedups",
                       nullptr,
                       -1,
                       kMethods,
                       nullptr,
                       nullptr,
                       nullptr,
                       nullptr};

} // namespace

// CPython finds the module by this name: PyInit_ and the module's.
PyMODINIT_FUNC PyInit__speedups() { // NOLINT(bugprone-reserved-identifier)
  return PyModule_Create(&kModule);
}
