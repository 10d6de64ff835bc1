// llcjit._speedups: the Python bridge's per-call paths in C, where ctypes
// costs more than the work (a quad of a smooth integrand takes ~0.3 us; a
// ctypes call and its argument objects ~1 us more; a generic_filter's
// ctypes arrays, options and call cost ~9 us of an 8x8 image's 18). Everything
// else in the bridge stays in Python over the C ABI. callables.hpp makes
// the LowLevelCallables, calls.hpp calls llcjit; this file is the module's
// table of them.
#include "callables.hpp"
#include "calls.hpp"

namespace {

using llcjit::python::evaluate_batch;
using llcjit::python::generic_filter;
using llcjit::python::live;
using llcjit::python::make;
using llcjit::python::quad;
using llcjit::python::quad_callable;
using llcjit::python::with_params;

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
