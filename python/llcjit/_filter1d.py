"""generic_filter1d: scipy.ndimage.generic_filter1d in process, with SciPy's
arguments, checks and semantics."""
from __future__ import annotations

import ctypes
import operator
import sys
from typing import Any, Dict, Optional, Sequence, TYPE_CHECKING, Union

import numpy as np
import scipy

from . import _native
from ._arguments import (_keyword_clash, _no_python_arguments, _not_a_formula, _parameter_buffer,
                         _real, _thread_count)
from ._capsules import _foreign, _signatures
from ._callables import Filter1DKernel, FilterKernel
from ._errors import _check
from ._filter import _array_struct, _filter_input, _filter_output, _into, _unsupported_named
from ._handle import _Handle
from ._watch import watched

if TYPE_CHECKING:  # numpy.typing costs 4 ms to import
    import numpy.typing as npt

# The signatures scipy.ndimage.generic_filter1d accepts for a C callback.
_FILTER1D_SIGNATURES = _signatures("int (double *, {0}, double *, {0}, void *)")


def generic_filter1d(input: npt.ArrayLike,
                     function: Union[str, Filter1DKernel, FilterKernel, scipy.LowLevelCallable],
                     filter_size: int, axis: int = -1, output: Optional[Any] = None,
                     mode: str = "reflect", cval: float = 0.0, origin: int = 0,
                     extra_arguments: Sequence[Any] = (),
                     extra_keywords: Optional[Dict[str, Any]] = None, *,
                     threads: int = 0, workers: Optional[int] = None, progress: Any = None,
                     **params: float) -> np.ndarray:
    """scipy.ndimage.generic_filter1d in process, with SciPy's arguments and
    semantics: each line along `axis`, extended past its ends by `mode`, is
    filtered into the output line.

    `function` is a formula of `values`, the window of `filter_size` values
    of one output point (and `size`), such as "max(values) - min(values)"
    (or a Filter1DKernel or FilterKernel): run once per line for small
    arrays, fused as generic_filter's kernel over a line footprint for
    larger ones (a loop long to compile once its work pays, as there;
    docs/filters.md), on `threads` threads (0: all cores) or
    SciPy's `workers` (-1: all cores); the result does not depend on it. Any scipy.LowLevelCallable of SciPy's
    generic_filter1d signature (a Numba cfunc) is called once per line with
    the extended line, as SciPy calls it, from several threads at once
    unless threads=1. The input is read in place in its
    dtype; the result has the input's dtype unless `output` says otherwise,
    stored as SciPy's line buffers store it (docs/filters.md). Keyword
    arguments other than these are the formula's parameter values."""
    _no_python_arguments(extra_arguments, extra_keywords)
    data = _filter_input(input, _unsupported_named)
    output = _filter_output(output, data, _unsupported_named)
    if filter_size < 1:
        raise RuntimeError("invalid filter size")
    axis = np.core.multiarray.normalize_axis_index(axis, data.ndim)
    if filter_size // 2 + origin < 0 or filter_size // 2 + origin >= filter_size:
        raise ValueError("invalid origin")
    if not isinstance(mode, str) or mode not in _native.MODES:
        raise RuntimeError("boundary mode not supported")
    if operator.index(filter_size) > sys.maxsize:  # SciPy's C call's words
        raise OverflowError("Python int too large to convert to C ssize_t")
    options = _native.Filter1DOptions(_native.MODES[mode], _real(cval, "cval"),
                                      operator.index(origin), _thread_count(threads, workers),
                                      None)
    if isinstance(function, scipy.LowLevelCallable) and not isinstance(
            function, (Filter1DKernel, FilterKernel)):
        function_and_data = _foreign(function, _FILTER1D_SIGNATURES, "generic_filter1d",
                                     params)

        def call(state, arrays):
            options.progress = state
            return _native.generic_filter1d_function(*function_and_data, *arrays,
                                                     ctypes.byref(options))
    else:
        if isinstance(function, (Filter1DKernel, FilterKernel)):
            handle, params = function._handle, {**function.params, **params}
        elif isinstance(function, str):
            handle = _Handle.compile(function, "filter1d")
        else:
            raise _not_a_formula(function, "a formula string, an llcjit object or a "
                                           "scipy.LowLevelCallable")
        try:
            buffer = _parameter_buffer(handle.parameters(), params)
        except TypeError as error:
            raise _keyword_clash(error, handle.parameters(), params, generic_filter1d,
                                 "filter1d_kernel") from None

        def call(state, arrays):
            options.progress = state
            return _native.generic_filter1d(handle.pointer, buffer, len(handle.parameters()),
                                            *arrays, ctypes.byref(options))

    def run(native):
        keep = []
        arrays = (ctypes.byref(_array_struct(data, keep)),
                  ctypes.byref(_array_struct(native, keep)), operator.index(filter_size), axis)
        _check(watched(lambda state: call(state, arrays), data.size, "elements", progress))
    return _into(output, run)
