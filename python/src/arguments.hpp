// Python arguments as llcjit's C ABI takes them: each reader returns false
// (or NULL) with a Python error set where it cannot.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <llcjit/llcjit.h>

#include <cstddef>
#include <new>
#include <utility>

namespace llcjit::python {

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

// Values as C doubles, from any sequence of real numbers; false with a
// Python error set otherwise.
bool read_values(PyObject *sequence, double *out, Py_ssize_t count);

// The llcjit_callback at the address `object` holds; NULL with a Python
// error set otherwise.
const llcjit_callback *callback_at(PyObject *object);

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

} // namespace llcjit::python
