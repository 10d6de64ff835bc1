"""llcjit: formula strings compiled to native callbacks for SciPy.

    >>> import numpy as np, scipy.integrate as si, llcjit
    >>> f = llcjit.integrand("exp(-a*x*x)", a=2.0)   # a scipy.LowLevelCallable
    >>> si.quad(f, -np.inf, np.inf)[0]               # SciPy calls llcjit's code
    1.2533141373155017
    >>> f.evaluate(0.5)
    0.6065306597126334
    >>> llcjit.quad("exp(-a*x*x)", -np.inf, np.inf, a=np.linspace(0.1, 10, 3))[0]
    array([5.60499122, 0.78873161, 0.56049912])
"""
from __future__ import annotations

import ctypes
from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt
import scipy

from . import _native

__all__ = ["CompileError", "LlcjitError", "Integrand", "NQuadIntegrand", "FilterKernel",
           "Filter1DKernel", "Transform", "integrand", "filter_kernel", "filter1d_kernel",
           "transform", "quad", "nquad", "generic_filter"]


class LlcjitError(RuntimeError):
    """An llcjit failure that is not a bad formula."""


class CompileError(ValueError):
    """A formula that does not compile; the message has the line, column and
    a caret under the offending text."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def _check(status):
    if status == _native.OK:
        return
    message = _native.last_error().decode()
    if status == _native.COMPILE_ERROR:
        raise CompileError(message, _native.last_error_line(), _native.last_error_column())
    if status == _native.USAGE_ERROR:
        raise ValueError(message)
    raise LlcjitError(message)


class _Handle:
    """Owns one llcjit_callback handle; the compiled code lives while it does."""

    def __init__(self, pointer):
        self.pointer = pointer
        self._parameters = None
        self._capsules = {}

    @classmethod
    def compile(cls, source, kind=None, variables=None):
        options = _native.Options()
        _native.options_init(ctypes.byref(options))
        if kind is not None:
            if kind not in _native.KINDS:
                raise ValueError(f"unknown kind {kind!r}; one of {sorted(_native.KINDS)}")
            options.kind = _native.KINDS[kind]
        if variables:
            names = (ctypes.c_char_p * len(variables))(*(v.encode() for v in variables))
            options.variables, options.variable_count = names, len(variables)
        pointer = ctypes.c_void_p()
        _check(_native.compile_(None, source.encode(), ctypes.byref(options),
                                ctypes.byref(pointer)))
        return cls(pointer)

    def kind(self):
        return {v: k for k, v in _native.KINDS.items()}[_native.callback_kind(self.pointer)]

    def parameters(self):
        if self._parameters is None:
            count = _native.callback_parameter_count(self.pointer)
            self._parameters = tuple(_native.callback_parameter(self.pointer, i).decode()
                                     for i in range(count))
        return self._parameters

    def capsule(self, entry):
        """The entry point as a PyCapsule named by its SciPy signature."""
        if entry not in self._capsules:
            # The capsule's name points into these bytes: kept beside it.
            signature = _native.entry_signature(entry)
            capsule = _native.capsule_new(self.address(entry), signature, None)
            self._capsules[entry] = signature, capsule
        return self._capsules[entry][1]

    def address(self, entry):
        address = ctypes.c_void_p()
        _check(_native.callback_address(self.pointer, entry, ctypes.byref(address)))
        return address.value

    def __del__(self):
        if self.pointer:
            _native.callback_release(self.pointer)
            self.pointer = None


def _check_names(names, values):
    missing = [name for name in names if name not in values]
    unknown = [name for name in values if name not in names]
    if missing:
        raise TypeError(f"missing value for parameter(s) {', '.join(missing)}")
    if unknown:
        raise TypeError(f"the formula has no parameter(s) {', '.join(unknown)} "
                        f"(its parameters: {', '.join(names) or 'none'})")


def _parameter_buffer(names, values):
    _check_names(names, values)
    return (ctypes.c_double * max(len(names), 1))(*(float(values[n]) for n in names))


class _Callable(scipy.LowLevelCallable):
    """A scipy.LowLevelCallable that also keeps llcjit's code and parameter
    buffer alive for as long as SciPy holds it.

    Deliberately not callable: SciPy hands any callable object to its Python
    path, one Python call per evaluation (150 times slower here), even when it
    is a LowLevelCallable. evaluate() calls the code from Python instead."""

    _entry = None

    def __new__(cls, handle, source, params):
        buffer = _parameter_buffer(handle.parameters(), params)
        user_data = ctypes.c_void_p(ctypes.addressof(buffer))
        self = super().__new__(cls, handle.capsule(cls._entry), user_data)
        self._handle, self._buffer = handle, buffer
        self.source = source
        self.params = dict(params)
        return self

    @property
    def parameters(self) -> Tuple[str, ...]:
        """The parameter names, in user_data order."""
        return self._handle.parameters()

    def with_params(self, /, **params: float) -> "_Callable":
        """The same compiled code with other parameter values (in a buffer
        of their own: this object keeps its values)."""
        return type(self)(self._handle, self.source, {**self.params, **params})

    def __reduce__(self):
        # Source and parameters; the code is compiled again on load.
        return (type(self)._rebuild, (self.source, self.params))

    def __repr__(self):
        arguments = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"llcjit.{type(self).__name__}({self.source!r}{', ' if arguments else ''}{arguments})"


class Integrand(_Callable):
    """A quad integrand, signature "double (double, void *)"."""

    _entry = _native.ENTRY_SCALAR_USER_DATA

    @classmethod
    def _rebuild(cls, source, params):
        return integrand(source, **params)

    def evaluate(self, x: float) -> float:
        """The integrand at x, computed by the compiled code."""
        function = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double, ctypes.c_void_p)(
            self._handle.address(self._entry))
        return function(float(x), ctypes.cast(self._buffer, ctypes.c_void_p))


class FilterKernel(_Callable):
    """A scipy.ndimage.generic_filter kernel, signature
    "int (double *, intptr_t, double *, void *)"."""

    _entry = _native.ENTRY_FILTER

    @classmethod
    def _rebuild(cls, source, params):
        return filter_kernel(source, **params)

    def evaluate(self, values: npt.ArrayLike) -> float:
        """The kernel on one neighbourhood, computed by the compiled code."""
        values = np.ascontiguousarray(values, dtype=np.float64).ravel()
        function = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_double),
                                    ctypes.c_ssize_t, ctypes.POINTER(ctypes.c_double),
                                    ctypes.c_void_p)(self._handle.address(self._entry))
        out = ctypes.c_double()
        ok = function(values.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), values.size,
                      ctypes.byref(out), ctypes.cast(self._buffer, ctypes.c_void_p))
        if not ok:
            raise ValueError("the kernel refused this neighbourhood")
        return out.value


class NQuadIntegrand(_Callable):
    """An integrand of several variables for scipy.integrate.nquad, dblquad
    and tplquad, signature "double (int, double *, void *)": the variables
    arrive in xx, innermost first, the parameters in user_data."""

    _entry = _native.ENTRY_ARRAY_USER_DATA

    @classmethod
    def _rebuild(cls, source, params, variables=None):
        return integrand(source, variables=variables, **params)

    def __reduce__(self):
        return (type(self)._rebuild, (self.source, self.params, self.variables))

    def with_params(self, /, **params):
        copy = super().with_params(**params)
        copy.variables = self.variables
        return copy


class Filter1DKernel(_Callable):
    """A scipy.ndimage.generic_filter1d kernel, signature
    "int (double *, intptr_t, double *, intptr_t, void *)": `values` is the
    window of each output point."""

    _entry = _native.ENTRY_FILTER1D

    @classmethod
    def _rebuild(cls, source, params):
        return filter1d_kernel(source, **params)


class Transform(_Callable):
    """A scipy.ndimage.geometric_transform mapping, signature
    "int (intptr_t *, double *, int, int, void *)": a tuple of input
    coordinates from the output coordinates o0, o1, ..."""

    _entry = _native.ENTRY_TRANSFORM

    @classmethod
    def _rebuild(cls, source, params):
        return transform(source, **params)


def integrand(source: str, /, *, variables: Optional[Sequence[str]] = None,
              **params: float) -> Union[Integrand, NQuadIntegrand]:
    """Compile `source` into a scipy.LowLevelCallable for scipy.integrate:
    an Integrand ("double (double, void *)") for a formula of x, an
    NQuadIntegrand ("double (int, double *, void *)") for one of x0, x1, ...
    or of the names in `variables` (innermost first, e.g. ("y", "x") for
    dblquad). The keyword arguments give the parameter values."""
    handle = _Handle.compile(source, "nquad" if variables else None, variables)
    if handle.kind() == "quad":
        return Integrand(handle, source, params)
    if handle.kind() != "nquad":
        raise ValueError(f"{source!r} is a {handle.kind()} formula, not an integrand")
    result = NQuadIntegrand(handle, source, params)
    result.variables = tuple(variables) if variables else None
    return result


def filter1d_kernel(source: str, /, **params: float) -> Filter1DKernel:
    """Compile `source`, a formula of `values` (one output point's window)
    and `size`, into a scipy.LowLevelCallable for generic_filter1d."""
    return Filter1DKernel(_Handle.compile(source, "filter1d"), source, params)


def transform(source: str, /, **params: float) -> Transform:
    """Compile `source`, a tuple of input coordinates in terms of the output
    coordinates o0, o1, ..., into a scipy.LowLevelCallable for
    geometric_transform."""
    return Transform(_Handle.compile(source, "transform"), source, params)


def filter_kernel(source: str, /, **params: float) -> FilterKernel:
    """Compile `source`, a formula of `values` (and `size`), into a
    scipy.LowLevelCallable for scipy.ndimage.generic_filter."""
    return FilterKernel(_Handle.compile(source, "filter"), source, params)


def _quad_options(epsabs, epsrel, limit, points, weight, wvar, keep):
    options = _native.QuadOptions()
    _native.quad_options_init(ctypes.byref(options))
    options.epsabs, options.epsrel, options.limit = epsabs, epsrel, limit
    if points is not None:
        points = (ctypes.c_double * len(points))(*map(float, points))
        keep.append(points)
        options.points, options.point_count = points, len(points)
    if weight not in _native.WEIGHTS:
        raise ValueError(f"{weight} not a recognized weighting function.")
    options.weight = _native.WEIGHTS[weight]
    if wvar is not None:
        wvar = (ctypes.c_double * len(np.atleast_1d(wvar)))(*map(float, np.atleast_1d(wvar)))
        keep.append(wvar)
        options.wvar, options.wvar_count = wvar, len(wvar)
    return options


def quad(func: Union[str, Integrand], a: float, b: float, /, *, epsabs: float = 1.49e-8,
         epsrel: float = 1.49e-8, limit: int = 50, points: Optional[Sequence[float]] = None,
         weight: Optional[str] = None, wvar: Any = None, full_output: bool = False,
         **params: npt.ArrayLike) -> tuple:
    """Integrate a formula (or an llcjit Integrand) from a to b in process,
    with scipy.integrate.quad's algorithms, options and return values.

    The limits are positional, so that a formula may have parameters named
    a and b. Parameters given as arrays are broadcast together, and every
    element is integrated (on all cores); the values and error estimates come
    back as arrays of that shape."""
    if isinstance(func, Integrand):
        handle, params = func._handle, {**func.params, **params}
    else:
        handle = _Handle.compile(func, "quad")
    names = handle.parameters()
    _check_names(names, params)
    keep = []
    options = _quad_options(epsabs, epsrel, limit, points, weight, wvar, keep)
    arrays = np.broadcast_arrays(*(np.asarray(params[n], dtype=np.float64) for n in names))
    shape = arrays[0].shape if arrays else ()
    grid = np.ascontiguousarray(np.stack([x.ravel() for x in arrays], axis=1)
                                if arrays else np.zeros((1, 0)))
    rows = grid.shape[0]
    results = (_native.QuadResult * rows)()
    if shape == ():
        _check(_native.quad(handle.pointer, grid.ctypes.data_as(ctypes.POINTER(ctypes.c_double)),
                            len(names), float(a), float(b), ctypes.byref(options), results))
    else:
        _check(_native.quad_sweep(handle.pointer,
                                  grid.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), rows,
                                  float(a), float(b), ctypes.byref(options), results))
    values = np.array([r.value for r in results]).reshape(shape)
    errors = np.array([r.abserr for r in results]).reshape(shape)
    if shape == ():
        values, errors = float(values), float(errors)
    if not full_output:
        return values, errors
    info = {"neval": np.array([r.neval for r in results]).reshape(shape),
            "last": np.array([r.last for r in results]).reshape(shape),
            "ier": np.array([r.ier for r in results]).reshape(shape)}
    if shape == ():
        info = {k: int(v) for k, v in info.items()}
        info["message"] = _native.quad_message(info["ier"]).decode()
    return values, errors, info


def nquad(func: Union[str, NQuadIntegrand], ranges: Sequence[Tuple[Any, Any]], /, *,
          variables: Optional[Sequence[str]] = None, epsabs: float = 1.49e-8,
          epsrel: float = 1.49e-8, limit: int = 50, full_output: bool = False,
          **params: float) -> tuple:
    """Iterated integration in process, like scipy.integrate.nquad: ranges[i]
    bounds variable i (innermost first) as a pair of numbers or of formulas
    of the outer variables and the parameters, e.g. [("0", "sqrt(1 - x1^2)"),
    (0, 1)]. Returns (value, abserr), and with full_output a dict with neval."""
    if isinstance(func, NQuadIntegrand):
        handle, params = func._handle, {**func.params, **params}
    else:
        handle = _Handle.compile(func, "nquad", variables)
    names = handle.parameters()
    buffer = _parameter_buffer(names, params)
    bounds = [(str(lo) if not isinstance(lo, str) else lo,
               str(hi) if not isinstance(hi, str) else hi) for lo, hi in ranges]
    c_ranges = (_native.Range * max(len(bounds), 1))(
        *(_native.Range(lo.encode(), hi.encode()) for lo, hi in bounds))
    keep = []
    options = _quad_options(epsabs, epsrel, limit, None, None, None, keep)
    result = _native.QuadResult()
    _check(_native.nquad(handle.pointer, c_ranges, len(bounds), buffer, len(names),
                         ctypes.byref(options), ctypes.byref(result)))
    if full_output:
        return result.value, result.abserr, {"neval": result.neval, "ier": result.ier}
    return result.value, result.abserr


def _array_struct(array, keep):
    shape = (ctypes.c_ssize_t * array.ndim)(*array.shape)
    strides = (ctypes.c_ssize_t * array.ndim)(*array.strides)
    keep += [shape, strides]
    return _native.Array(array.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), array.ndim,
                         shape, strides)


# The signatures scipy.ndimage.generic_filter accepts for a C callback
# (ctypes names intptr_t `long` where the two are the same).
_FILTER_SIGNATURES = ("int (double *, intptr_t, double *, void *)",
                      "int (double *, npy_intp, double *, void *)") + (
    ("int (double *, long, double *, void *)",)
    if ctypes.sizeof(ctypes.c_long) == ctypes.sizeof(ctypes.c_ssize_t) else ())


def _address(obj) -> int:
    """The address a LowLevelCallable's function or user_data stands for."""
    if obj is None:
        return 0
    if isinstance(obj, int):
        return obj
    if type(obj).__name__ == "PyCapsule":
        return _native.capsule_pointer(obj, _native.capsule_name(obj)) or 0
    return ctypes.cast(obj, ctypes.c_void_p).value or 0


def generic_filter(input: npt.ArrayLike,
                   function: Union[str, FilterKernel, scipy.LowLevelCallable],
                   size: Any = None, footprint: Optional[npt.ArrayLike] = None,
                   output: Optional[np.ndarray] = None, mode: str = "reflect",
                   cval: float = 0.0, origin: Any = 0, *, threads: int = 0,
                   fuse: bool = True, **params: float) -> np.ndarray:
    """scipy.ndimage.generic_filter in process, with SciPy's arguments and
    semantics; the result is float64, and strided float64 input is read
    without a copy.

    `function` is a formula of `values` (or a FilterKernel), compiled with
    the footprint into one vectorised loop (set fuse=False to call it once
    per element, as SciPy does; the results are the same), or any
    scipy.LowLevelCallable of SciPy's filter signature, such as a Numba
    cfunc, called once per element. `threads`: 0 for all cores; the result
    does not depend on it. Keyword arguments other than these are the
    formula's parameter values."""
    data = np.asarray(input, dtype=np.float64)
    if footprint is None:
        if size is None:
            raise RuntimeError("no footprint or filter size provided")
        footprint = np.ones(np.broadcast_to(size, (data.ndim,)), dtype=bool)
    mask = np.ascontiguousarray(footprint, dtype=bool)
    if mode not in _native.MODES:
        raise RuntimeError("boundary mode not supported")
    if output is None:
        output = np.empty(data.shape, dtype=np.float64)
    elif not (isinstance(output, np.ndarray) and output.dtype == np.float64):
        raise ValueError("output must be a float64 numpy array")
    if mask.ndim != data.ndim:
        raise RuntimeError("filter footprint array has incorrect shape.")
    origins = np.broadcast_to(np.asarray(origin, dtype=np.intp), (data.ndim,))
    keep = []
    arrays = (ctypes.byref(_array_struct(data, keep)), ctypes.byref(_array_struct(output, keep)),
              mask.ctypes.data_as(ctypes.POINTER(ctypes.c_ubyte)),
              (ctypes.c_ssize_t * mask.ndim)(*mask.shape))
    origin_values = (ctypes.c_ssize_t * data.ndim)(*origins)
    options = _native.FilterOptions(_native.MODES[mode], float(cval), origin_values,
                                    int(threads), int(bool(fuse)))
    if isinstance(function, scipy.LowLevelCallable) and not isinstance(function, FilterKernel):
        if function.signature not in _FILTER_SIGNATURES:
            raise ValueError(f"a LowLevelCallable for generic_filter must have the signature "
                             f"{_FILTER_SIGNATURES[0]!r}, not {function.signature!r}")
        if params:
            raise TypeError("parameters are for formulas; a LowLevelCallable has user_data")
        _check(_native.generic_filter_function(_address(function.function),
                                               _address(function.user_data), *arrays,
                                               ctypes.byref(options)))
        return output
    if isinstance(function, FilterKernel):
        handle, params = function._handle, {**function.params, **params}
    elif isinstance(function, str):
        handle = _Handle.compile(function, "filter")
    else:
        raise TypeError("function must be a formula, an llcjit.FilterKernel or a "
                        "scipy.LowLevelCallable")
    buffer = _parameter_buffer(handle.parameters(), params)
    _check(_native.generic_filter(handle.pointer, buffer, len(handle.parameters()), *arrays,
                                  ctypes.byref(options)))
    return output
