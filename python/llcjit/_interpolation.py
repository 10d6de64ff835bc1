"""scipy.ndimage's spline interpolation in process: geometric_transform with
the mapping formula fused into the loop, map_coordinates, spline_filter and
spline_filter1d, with SciPy's arguments, checks and semantics."""
from __future__ import annotations

import ctypes
import operator
from typing import Any, Dict, Optional, Sequence, TYPE_CHECKING, Union

import numpy as np
import scipy

from . import _native
from ._arguments import (_keyword_clash, _no_python_arguments, _not_a_formula, _parameter_buffer,
                         _real, _thread_count)
from ._capsules import _foreign, _signatures
from ._callables import Transform, transform
from ._errors import _check
from ._filter import (_array_struct, _filter_input, _into, _supported, _unsupported_named,
                      _writable)
from ._handle import _Handle
from ._watch import watched

if TYPE_CHECKING:  # numpy.typing costs 4 ms to import
    import numpy.typing as npt

# The signatures scipy.ndimage.geometric_transform accepts for a C mapping.
_MAPPING_SIGNATURES = _signatures("int ({} *, double *, int, int, void *)")


def _check_order(order, lowest=0):
    if order < lowest or order > 5:
        raise RuntimeError("spline order not supported")


def _mode_code(mode):
    if not isinstance(mode, str) or mode not in _native.INTERPOLATION_MODES:
        raise RuntimeError("boundary mode not supported")
    return _native.INTERPOLATION_MODES[mode]


def _get_output(output, input, shape=None, complex_output=False):
    """scipy.ndimage's _get_output: a new array (input's dtype, or the dtype
    `output` names) of `shape`, or `output` itself, checked."""
    shape = input.shape if shape is None else tuple(shape)
    if output is None:  # SciPy's dtype.name: native byte order
        dtype = np.promote_types(input.dtype, np.complex64) if complex_output else \
            np.dtype(input.dtype.name)
        return np.zeros(shape, dtype=dtype)
    if isinstance(output, (type, np.dtype)):
        if complex_output and np.dtype(output).kind != "c":
            import warnings
            warnings.warn("promoting specified output dtype to complex")
            output = np.promote_types(output, np.complex64)
        return np.zeros(shape, dtype=output)
    if isinstance(output, str):
        output = np.sctypeDict[output]
        if complex_output and np.dtype(output).kind != "c":
            raise RuntimeError("output must have complex dtype")
        return np.zeros(shape, dtype=output)
    if not isinstance(output, np.ndarray):
        raise TypeError(f"output must be None, a dtype or a numpy array, not "
                        f"{type(output).__name__}")
    if output.shape != shape:
        raise RuntimeError("output shape not correct")
    if complex_output and output.dtype.kind != "c":
        raise RuntimeError("output must have complex dtype")
    return output


def _unsupported_by_loop(dtype):
    """The interpolation loop's words for a dtype it does not take (the
    spline prefilter's name it: _unsupported_named)."""
    return "data type not supported"


def _interpolation_input(data, order, prefilter):
    """_filter_input in SciPy's words for the input of its prefilter (order
    above 1) or of its interpolation loop."""
    return _filter_input(data, _unsupported_named if prefilter and order > 1
                         else _unsupported_by_loop)


def _check_padding(data, order, mode, cval, prefilter):
    """SciPy pads a grid-constant input by cval, and a nearest one by its
    edges, before its prefilter, with np.pad in the input's dtype: NumPy's
    error (NaN or inf into integers) or warning (a value the dtype cannot
    hold) for that cval, raised by np.pad itself on an array of one element
    a side, and its ValueError for the edges of an empty axis."""
    if not prefilter or order <= 1:
        return
    if mode == "grid-constant":
        np.pad(np.zeros((1,) * data.ndim, data.dtype), 1, mode="constant", constant_values=cval)
    elif mode == "nearest" and data.size == 0:
        np.pad(np.empty(data.shape, data.dtype), 1, mode="edge")


def _options(order, mode, cval, prefilter, threads, streaming):
    # SciPy prefilters any order above 1 with spline_filter, which refuses
    # those below 2 before an order of 1.5 could fail as a non-integer.
    if prefilter and 1 < order < 2:
        raise RuntimeError("spline order not supported")
    if streaming not in (None, True, False):
        raise TypeError(f"streaming must be None, True or False, not {streaming!r}")
    return _native.InterpolationOptions(operator.index(order), _mode_code(mode),
                                        _real(cval, "cval"), int(bool(prefilter)), threads, None,
                                        -1 if streaming is None else int(streaming))


def _mapping(mapping, output_rank, params):
    """(handle, parameter buffer) of a formula or Transform, or the function
    and user_data of a foreign LowLevelCallable."""
    if isinstance(mapping, scipy.LowLevelCallable) and not isinstance(mapping, Transform):
        return None, _foreign(mapping, _MAPPING_SIGNATURES, "geometric_transform", params)
    if isinstance(mapping, str):
        try:
            mapping, params = transform(mapping, rank=output_rank, **params), {}
        except TypeError as error:
            names = _Handle.compile(mapping, "transform",
                                    tuple(f"o{i}" for i in range(output_rank))).parameters()
            raise _keyword_clash(error, names, params, geometric_transform, "transform") from None
    elif not isinstance(mapping, Transform):
        raise _not_a_formula(mapping,
                             "a formula string, an llcjit object or a scipy.LowLevelCallable")
    handle = mapping._handle
    return handle, _parameter_buffer(handle.parameters(), {**mapping.params, **params})


def geometric_transform(input: npt.ArrayLike,
                        mapping: Union[str, Transform, scipy.LowLevelCallable],
                        output_shape: Optional[Sequence[int]] = None,
                        output: Any = None, order: int = 3, mode: str = "constant",
                        cval: float = 0.0, prefilter: bool = True,
                        extra_arguments: Sequence[Any] = (),
                        extra_keywords: Optional[Dict[str, Any]] = None, *, threads: int = 0,
                        workers: Optional[int] = None, streaming: Optional[bool] = None,
                        progress: Any = None, **params: float) -> np.ndarray:
    """scipy.ndimage.geometric_transform in process, with SciPy's arguments
    and results: every output element is the spline of `order` through
    `input` at the input coordinates `mapping` gives for its index.

    `mapping` is a formula of the output coordinates o0, o1, ... returning
    a tuple of input coordinates (its parameters' values are the keyword
    arguments), or a Transform; its loop runs fused, vectorised across a row
    of output points, on `threads` threads (0: all cores) or SciPy's
    `workers` (-1: all cores); the result does not depend on it. A scipy.LowLevelCallable of SciPy's mapping signature
    (a Numba cfunc) is called once per element instead, from several
    threads at once unless threads=1. SciPy's extra_arguments and
    extra_keywords are for Python mappings, which llcjit does not run. Integer outputs are
    rounded and clamped as SciPy's are; complex inputs interpolate their real
    and imaginary parts (docs/interpolation.md). `streaming`: whether a
    float64 output with contiguous, aligned rows is written around the cache
    (None: when input and output take half the last-level cache or more);
    the same results."""
    _check_order(order)
    _no_python_arguments(extra_arguments, extra_keywords)
    threads = _thread_count(threads, workers)
    data = np.asarray(input)
    shape = data.shape
    if output_shape is not None:
        len(output_shape)  # asked first, as SciPy does: an int "has no len()"
        shape = tuple(output_shape)
    if data.ndim < 1 or len(shape) < 1:
        raise RuntimeError("input and output rank must be > 0")
    complex_output = np.iscomplexobj(data)
    output = _get_output(output, data, shape=shape, complex_output=complex_output)
    if complex_output:
        for part, into, value in ((data.real, output.real, np.real(cval)),
                                  (data.imag, output.imag, np.imag(cval))):
            geometric_transform(part, mapping, shape, into, order, mode, value, prefilter,
                                threads=threads, streaming=streaming, progress=progress,
                                **params)
        return output
    data = _interpolation_input(data, order, prefilter)
    _check_padding(data, order, mode, cval, prefilter)
    options = _options(order, mode, cval, prefilter, threads, streaming)
    handle, extra = _mapping(mapping, len(shape), params)

    def run(native):
        keep = []
        arrays = (ctypes.byref(_array_struct(data, keep)),
                  ctypes.byref(_array_struct(native, keep)), ctypes.byref(options))

        def call(state):
            options.progress = state
            if handle is None:
                return _native.geometric_transform_function(*extra, *arrays)
            return _native.geometric_transform(handle.pointer, extra, len(handle.parameters()),
                                               *arrays)
        _check(watched(call, native.size, "elements", progress))
    return _into(_writable(output, _unsupported_by_loop), run)


def map_coordinates(input: npt.ArrayLike, coordinates: npt.ArrayLike, output: Any = None,
                    order: int = 3, mode: str = "constant", cval: float = 0.0,
                    prefilter: bool = True, *, threads: int = 0,
                    workers: Optional[int] = None, streaming: Optional[bool] = None,
                    progress: Any = None) -> np.ndarray:
    """scipy.ndimage.map_coordinates in process: output[j...] is the spline
    through `input` at (coordinates[0, j...], coordinates[1, j...], ...),
    with SciPy's arguments and results (docs/interpolation.md), on
    `threads` threads (0: all cores) or SciPy's `workers` (-1: all cores);
    `streaming` as geometric_transform's."""
    _check_order(order)
    threads = _thread_count(threads, workers)
    data = np.asarray(input)
    coordinates = np.asarray(coordinates)
    if np.iscomplexobj(coordinates):
        raise TypeError("Complex type not supported")
    shape = coordinates.shape[1:]
    if data.ndim < 1 or len(shape) < 1:
        raise RuntimeError("input and output rank must be > 0")
    if coordinates.shape[0] != data.ndim:
        raise RuntimeError("invalid shape for coordinate array")
    complex_output = np.iscomplexobj(data)
    output = _get_output(output, data, shape=shape, complex_output=complex_output)
    if complex_output:
        for part, into, value in ((data.real, output.real, np.real(cval)),
                                  (data.imag, output.imag, np.imag(cval))):
            map_coordinates(part, coordinates, into, order, mode, value, prefilter,
                            threads=threads, streaming=streaming, progress=progress)
        return output
    data = _interpolation_input(data, order, prefilter)
    _check_padding(data, order, mode, cval, prefilter)
    if not coordinates.dtype.isnative and coordinates.dtype.kind in "biuf":
        coordinates = coordinates.astype(coordinates.dtype.newbyteorder("="))
    if not _supported(coordinates.dtype):
        raise RuntimeError("coordinate array data type not supported")
    options = _options(order, mode, cval, prefilter, threads, streaming)

    def run(native):
        keep = []
        arrays = (ctypes.byref(_array_struct(data, keep)),
                  ctypes.byref(_array_struct(coordinates, keep)),
                  ctypes.byref(_array_struct(native, keep)), ctypes.byref(options))

        def call(state):
            options.progress = state
            return _native.map_coordinates(*arrays)
        _check(watched(call, native.size, "elements", progress))
    return _into(_writable(output, _unsupported_by_loop), run)


def spline_filter1d(input: npt.ArrayLike, order: int = 3, axis: int = -1,
                    output: Any = np.float64, mode: str = "mirror", *,
                    threads: int = 0, workers: Optional[int] = None) -> np.ndarray:
    """scipy.ndimage.spline_filter1d in process: the B-spline coefficients
    of `order` along `axis`, with SciPy's arguments and results, on
    `threads` threads (0: all cores) or SciPy's `workers` (-1: all cores)."""
    _check_order(order)
    threads = _thread_count(threads, workers)
    data = np.asarray(input)
    complex_output = np.iscomplexobj(data)
    output = _get_output(output, data, complex_output=complex_output)
    if complex_output:
        spline_filter1d(data.real, order, axis, output.real, mode, threads=threads)
        spline_filter1d(data.imag, order, axis, output.imag, mode, threads=threads)
        return output
    if order in (0, 1):
        output[...] = np.array(data)
        return output
    code = _mode_code(mode)
    axis = np.core.multiarray.normalize_axis_index(axis, data.ndim)
    # SciPy's C function takes the order as a C int: 2.0 is a TypeError
    # (after the axis is checked).
    order = operator.index(order)
    data = _filter_input(data, _unsupported_named, strings=False)

    def run(native):
        keep = []
        _check(_native.spline_filter1d(ctypes.byref(_array_struct(data, keep)),
                                       ctypes.byref(_array_struct(native, keep)), order, axis,
                                       code, threads))
    return _into(_writable(output, _unsupported_named), run)


def spline_filter(input: npt.ArrayLike, order: int = 3, output: Any = np.float64,
                  mode: str = "mirror", *, threads: int = 0,
                  workers: Optional[int] = None) -> np.ndarray:
    """scipy.ndimage.spline_filter in process: spline_filter1d along every
    axis, the intermediate results in the output's dtype."""
    _check_order(order, 2)
    threads = _thread_count(threads, workers)
    data = np.asarray(input)
    complex_output = np.iscomplexobj(data)
    output = _get_output(output, data, complex_output=complex_output)
    if complex_output:
        spline_filter(data.real, order, output.real, mode, threads=threads)
        spline_filter(data.imag, order, output.imag, mode, threads=threads)
        return output
    if data.ndim == 0:
        output[...] = data[...]
        return output
    for axis in range(data.ndim):
        spline_filter1d(data, order, axis, output=output, mode=mode, threads=threads)
        data = output
    return output
