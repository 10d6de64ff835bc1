"""The scipy.LowLevelCallable classes of compiled formulas, and the
constructors that compile a formula into one."""
from __future__ import annotations

import ctypes
import re
from typing import Optional, Sequence, TYPE_CHECKING, Tuple, Union

import numpy as np
import scipy

from . import _native
from ._arguments import (_from_args, _parameter_values, _real, _real_array, _source_bytes,
                         _variable_names)
from ._evaluate import evaluate_array, is_scalar_call
from ._handle import _Handle

if TYPE_CHECKING:  # numpy.typing costs 4 ms to import
    import numpy.typing as npt


class _Callable(scipy.LowLevelCallable):
    """A scipy.LowLevelCallable that also keeps llcjit's code and parameter
    buffer alive for as long as SciPy holds it.

    Deliberately not callable: SciPy hands any callable object to its Python
    path, one Python call per evaluation (150 times slower here), even when it
    is a LowLevelCallable. evaluate() calls the code from Python instead."""

    _entry = None

    def __new__(cls, handle, source, params, order=None):
        target, values = cls._target(handle, source, params, order)
        address, signature = target.entry(cls._entry)
        # The function capsule owns the code (through `target`) and the
        # parameter values, its context (so that LowLevelCallable(f.function)
        # integrates with them); the user_data capsule holds the function
        # capsule. _handle: the formula as llcjit's drivers take it; _scipy:
        # the code SciPy calls, which differs when SciPy's args give
        # parameters; _names: the parameters in user_data, in order.
        return _native.speedups.make(cls, address, signature, target, target.raw, values, {
            "_handle": handle, "_scipy": target, "_names": target.parameters(),
            "_order": None if order is None else tuple(order), "source": source,
            "params": dict(params)})

    @classmethod
    def _target(cls, handle, source, params, order):
        """The compiled code SciPy is handed and its parameter values."""
        return handle, _parameter_values(handle.parameters(), params)

    def _user_data(self):
        """The address of the parameter values (SciPy's user_data)."""
        return _native.capsule_context(tuple.__getitem__(self, 0))

    @property
    def parameters(self) -> Tuple[str, ...]:
        """The parameter names, in user_data order."""
        return self._handle.parameters()

    def with_params(self, /, **params: float) -> "_Callable":
        """The same compiled code with other parameter values (in a buffer
        of their own: this object keeps its values)."""
        # The compiled module's path unless a parameter that SciPy's args
        # gave gets a value (other code) or a value is not a real number.
        made = _native.speedups.with_params(self, params)
        if made is not None:
            return made
        return type(self)(self._handle, self.source, {**self.params, **params}, self._order)

    def __reduce__(self):
        # Source and parameters; the code is compiled again on load.
        return (type(self)._rebuild, (self.source, self.params))

    # Equal, and hashed alike, when they compute the same thing: the same
    # kind of object, formula, parameter values and order of SciPy's args
    # (a LowLevelCallable is a tuple, which would compare capsules).
    def _key(self):
        return (type(self), self.source, tuple(sorted(self.params.items())), self._order,
                getattr(self, "variables", None))

    def __eq__(self, other):
        if not isinstance(other, _Callable):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        arguments = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"llcjit.{type(self).__name__}({self.source!r}{', ' if arguments else ''}{arguments})"


class _SciPyIntegrand(_Callable):
    """What SciPy's quad, nquad, dblquad and tplquad call: always the form
    "double (int, double *, void *)", whose xx holds the variables and then
    SciPy's `args`. The parameters not given by keyword come from args, in
    the order of `params=` (default: first appearance); when SciPy passes
    another number of values the result is NaN, so SciPy warns, never a
    value computed with args ignored."""

    _entry = _native.ENTRY_ARRAY_USER_DATA

    @classmethod
    def _target(cls, handle, source, params, order):
        from_args = _from_args(handle.parameters(), params, order)
        if not from_args:
            return handle, _parameter_values(handle.parameters(), params)
        # The same formula with the parameters from args as trailing
        # variables: xx[0..] the variables, then args; the rest in user_data.
        target = _Handle.compile(source, "nquad", handle.variables() + from_args)
        return target, _parameter_values(target.parameters(), params)

    @property
    def from_args(self) -> Tuple[str, ...]:
        """The parameters SciPy's args give, in order."""
        return _from_args(self.parameters, self.params, self._order)

    def _evaluate(self, variables, args):
        names = self._handle.variables()
        if len(variables) != len(names):
            raise TypeError(f"evaluate takes the {len(names)} variable(s) {', '.join(names)}, "
                            f"got {len(variables)} value(s)")
        if len(args) != len(self.from_args):
            raise TypeError(f"evaluate takes {len(self.from_args)} value(s) after the "
                            f"variables, for the parameter(s) SciPy's args give "
                            f"({', '.join(self.from_args) or 'none'}); got {len(args)}")
        xx = [*(_real(v, name) for name, v in zip(names, variables)),
              *(_real(v, f"parameter {name}") for name, v in zip(self.from_args, args))]
        function = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_int,
                                    ctypes.POINTER(ctypes.c_double), ctypes.c_void_p)(
            self._scipy.address(self._entry))
        values = (ctypes.c_double * max(len(xx), 1))(*xx)
        return function(len(xx), values, self._user_data())


class Integrand(_SciPyIntegrand):
    """A quad integrand for scipy.integrate.quad, signature
    "double (int, double *, void *)": xx[0] is x, then SciPy's args."""

    @classmethod
    def _rebuild(cls, source, params, order=None):
        return integrand(source, params=order, **params)

    def __reduce__(self):
        return (type(self)._rebuild, (self.source, self.params, self._order))

    def evaluate(self, x: npt.ArrayLike, *args: npt.ArrayLike, out: Optional[np.ndarray] = None,
                 workers: int = -1) -> Union[float, np.ndarray]:
        """The integrand at x (with the values of args, if SciPy's args give
        parameters), computed by the compiled code: a float for numbers, and
        for arrays (x and the args broadcast together, as a NumPy ufunc
        broadcasts) a float64 array, through the vectorised batch entry
        point on `workers` threads (-1: all cores), into `out` if given."""
        if is_scalar_call(x, args, out):
            return self._evaluate([x], args)
        if len(args) != len(self.from_args):
            return self._evaluate([x], args)  # its TypeError
        values = {**self.params, **dict(zip(self.from_args, args))}
        return evaluate_array(self._handle, self.parameters, values, x, out, workers)


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
                      ctypes.byref(out), self._user_data())
        if not ok:
            raise ValueError("the kernel refused this neighbourhood")
        return out.value


class NQuadIntegrand(_SciPyIntegrand):
    """An integrand of several variables for scipy.integrate.nquad, dblquad
    and tplquad, signature "double (int, double *, void *)": xx holds the
    variables, innermost first, then SciPy's args."""

    @classmethod
    def _rebuild(cls, source, params, variables=None, order=None):
        return integrand(source, variables=variables, params=order, **params)

    def __reduce__(self):
        return (type(self)._rebuild, (self.source, self.params, self.variables, self._order))

    def with_params(self, /, **params):
        copy = super().with_params(**params)
        copy.variables = self.variables
        return copy

    def evaluate(self, *point: float) -> float:
        """The integrand at a point, its variables innermost first (then the
        values of args, if SciPy's args give parameters)."""
        count = len(self._handle.variables())
        return self._evaluate(point[:count], point[count:])


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
    def _rebuild(cls, source, params, variables=None):
        return transform(source, variables=variables, **params)

    def __reduce__(self):
        return (type(self)._rebuild, (self.source, self.params, self.variables))

    def with_params(self, /, **params):
        copy = super().with_params(**params)
        copy.variables = self.variables
        return copy


def integrand(source: str, /, *, variables: Optional[Sequence[str]] = None,
              params: Optional[Sequence[str]] = None,
              **values: float) -> Union[Integrand, NQuadIntegrand]:
    """Compile `source` into a scipy.LowLevelCallable for scipy.integrate:
    an Integrand for a formula of x, an NQuadIntegrand for one of x0, x1, ...
    or of the names in `variables` (innermost first, e.g. ("y", "x") for
    dblquad); both "double (int, double *, void *)".

    The keyword arguments give parameter values; the parameters they do not
    give come from SciPy's `args`, in the order of `params` (all the
    parameter names; default: their order of first appearance)."""
    _source_bytes(source)
    names = _variable_names(variables) if variables is not None else None
    handle = _Handle.compile(source, "nquad" if names else None, names)
    if handle.kind() == "quad":
        return Integrand(handle, source, values, params)
    if handle.kind() != "nquad":
        raise ValueError(f"{source!r} is a {handle.kind()} formula, not an integrand")
    result = NQuadIntegrand(handle, source, values, params)
    result.variables = names or None
    return result


def evaluate(source: str, /, *, out: Optional[np.ndarray] = None, workers: int = -1,
             **values: npt.ArrayLike) -> Union[float, np.ndarray]:
    """The formula of x `source` at x=... with its parameters, as numexpr's
    evaluate: arrays broadcast together, the result a float64 array computed
    by the vectorised batch entry point on `workers` threads (-1: all cores),
    into `out` if given. Compiled once per source: the engine keeps its last
    results."""
    handle = _Handle.compile(source, "quad")
    if "x" not in values:
        others = handle.parameters()
        hint = (f"; {source!r} reads {', '.join(others)} as parameters: for a formula of "
                "several variables, llcjit.integrand(source).evaluate(x0, x1, ...)"
                if any(re.fullmatch(r"x\d+", n) for n in others) else "")
        raise TypeError(f"evaluate needs x=... (the formula's variable){hint}")
    x = values.pop("x")
    names = handle.parameters()
    missing = [n for n in names if n not in values]
    unknown = [n for n in values if n not in names]
    if missing or unknown:
        raise TypeError(f"the formula's parameters are {', '.join(names) or 'none'}: "
                        + (f"give {', '.join(missing)}" if missing else
                           f"it has no {', '.join(unknown)}"))
    if is_scalar_call(x, values.values(), out):
        return Integrand(handle, source, values).evaluate(x)
    return evaluate_array(handle, names, values, x, out, workers)


def filter1d_kernel(source: str, /, **params: float) -> Filter1DKernel:
    """Compile `source`, a formula of `values` (one output point's window)
    and `size`, into a scipy.LowLevelCallable for generic_filter1d."""
    return Filter1DKernel(_Handle.compile(source, "filter1d"), source, params)


def transform(source: str, /, *, rank: Optional[int] = None,
              variables: Optional[Sequence[str]] = None, **params: float) -> Transform:
    """Compile `source`, a tuple of input coordinates in terms of the output
    coordinates o0, o1, ..., into a scipy.LowLevelCallable for
    geometric_transform.

    SciPy calls it with the output's rank, which the formula does not always
    show: by default it is the highest o-index used plus one, and at least
    the tuple's length (the input's rank), as for a mapping between arrays
    of one rank. `rank` gives it (rank=1 for '(1, o0*2)', a line out of a
    2-d image), or `variables` names the output coordinates (as many as the
    output's rank). A call with another rank fails, as SciPy reports it."""
    if rank is not None and variables is not None:
        raise TypeError("give rank or variables, not both")
    if rank is not None:
        if isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
            raise ValueError(f"rank must be a positive integer, not {rank!r}")
        variables = tuple(f"o{i}" for i in range(rank))
    names = _variable_names(variables) if variables is not None else None
    handle = _Handle.compile(source, "transform", names)
    if rank is not None:
        past = [name for name in handle.parameters() if re.fullmatch(r"o[0-9]+", name)]
        if past:
            raise ValueError(f"{source!r} uses {', '.join(past)}, but rank={rank} gives the "
                             f"output coordinates o0 to o{rank - 1}")
    result = Transform(handle, source, params)
    result.variables = names or None
    return result


def filter_kernel(source: str, /, **params: float) -> FilterKernel:
    """Compile `source`, a formula of `values` (and `size`), into a
    scipy.LowLevelCallable for scipy.ndimage.generic_filter."""
    return FilterKernel(_Handle.compile(source, "filter"), source, params)
