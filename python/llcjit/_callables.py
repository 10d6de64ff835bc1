"""The scipy.LowLevelCallable classes of compiled formulas, and the
constructors that compile a formula into one."""
from __future__ import annotations

import ctypes
from typing import Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt
import scipy

from . import _native
from ._arguments import _parameter_buffer, _real, _real_array, _variable_names
from ._capsules import _owning_capsule
from ._handle import _Handle


class _Callable(scipy.LowLevelCallable):
    """A scipy.LowLevelCallable that also keeps llcjit's code and parameter
    buffer alive for as long as SciPy holds it.

    Deliberately not callable: SciPy hands any callable object to its Python
    path, one Python call per evaluation (150 times slower here), even when it
    is a LowLevelCallable. evaluate() calls the code from Python instead."""

    _entry = None

    def __new__(cls, handle, source, params):
        buffer = _parameter_buffer(handle.parameters(), params)
        # Each handed-out object owns what it points at: the function
        # capsule the code and the parameters (its context, so that
        # LowLevelCallable(f.function) integrates with them), the user_data
        # the parameters (ctypes.cast keeps its source in the result's
        # _objects).
        address, signature = handle.entry(cls._entry)
        function = _owning_capsule(address, signature, ctypes.addressof(buffer), handle, buffer)
        user_data = ctypes.cast(buffer, ctypes.c_void_p)
        self = super().__new__(cls, function, user_data)
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
        return function(_real(x, "x"), ctypes.cast(self._buffer, ctypes.c_void_p))


class FilterKernel(_Callable):
    """A scipy.ndimage.generic_filter kernel, signature
    "int (double *, intptr_t, double *, void *)"."""

    _entry = _native.ENTRY_FILTER

    @classmethod
    def _rebuild(cls, source, params):
        return filter_kernel(source, **params)

    def evaluate(self, values: npt.ArrayLike) -> float:
        """The kernel on one neighbourhood, computed by the compiled code."""
        # A copy: the entry point takes SciPy's scratch buffer, a double *,
        # and the caller's array may be read-only.
        values = np.array(_real_array(values, "values"), dtype=np.float64, order="C").ravel()
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
    names = _variable_names(variables) if variables is not None else None
    handle = _Handle.compile(source, "nquad" if names else None, names)
    if handle.kind() == "quad":
        return Integrand(handle, source, params)
    if handle.kind() != "nquad":
        raise ValueError(f"{source!r} is a {handle.kind()} formula, not an integrand")
    result = NQuadIntegrand(handle, source, params)
    result.variables = names or None
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
