"""generic_filter: scipy.ndimage.generic_filter in process, with SciPy's
arguments, checks and semantics."""
from __future__ import annotations

import ctypes
import operator
import warnings
from collections.abc import Iterable
from typing import Any, Dict, Optional, Sequence, TYPE_CHECKING, Union

import numpy as np
import scipy

from . import _native
from ._arguments import (_keyword_clash, _no_python_arguments, _not_a_formula, _parameter_values,
                         _real, _thread_count)
from ._capsules import _foreign, _signatures
from ._callables import FilterKernel
from ._errors import _check
from ._handle import _Handle
from ._watch import watched

if TYPE_CHECKING:  # numpy.typing costs 4 ms to import
    import numpy.typing as npt


# llcjit_dtype's value of each dtype llcjit's filters read and write in
# place: the real types scipy.ndimage's filters take (not float16, not
# longdouble), in native byte order (a dtype of the other order is unequal).
# Looked up by dtype: dtype.name costs microseconds in NumPy 1.24.
_DTYPE_CODES = {np.dtype(name): code for name, code in _native.DTYPES.items()}


def _array_struct(array, keep):
    shape = (ctypes.c_ssize_t * array.ndim)(*array.shape)
    strides = (ctypes.c_ssize_t * array.ndim)(*array.strides)
    keep += [shape, strides]
    return _native.Array(array.ctypes.data, array.ndim, shape, strides,
                         _DTYPE_CODES[array.dtype])


def _dtype_code(dtype):
    """llcjit_dtype's value for `dtype` in either byte order, float64 for
    the types the filters read through a float64 copy."""
    return _DTYPE_CODES.get(np.dtype(dtype).newbyteorder("="), _native.DTYPES["float64"])


def _supported(dtype):
    """Whether llcjit's filters read and write `dtype` in place."""
    return dtype in _DTYPE_CODES


# The signatures scipy.ndimage.generic_filter accepts for a C callback
# (ctypes names intptr_t `long` where the two are the same).
_FILTER_SIGNATURES = _signatures("int (double *, {}, double *, void *)")


def _normalize_sequence(value, rank):
    """One value per axis, as scipy.ndimage's _normalize_sequence makes it."""
    if type(value) in (int, float):  # the common case, without the ABC check of Iterable
        return [value] * rank
    if not isinstance(value, str) and isinstance(value, Iterable):
        values = list(value)
        if len(values) != rank:
            raise RuntimeError("sequence argument must have length equal to input rank")
        return values
    return [value] * rank


def _unsupported(dtype):
    """generic_filter's words for a dtype it does not take."""
    return "array type not supported"


def _unsupported_named(dtype):
    """The words of generic_filter1d and the spline filters, which name it."""
    return f"array type {dtype!r} not supported"


def _filter_input(input, unsupported=_unsupported, strings=True):
    """The input, read in place in its own dtype, refusing what
    scipy.ndimage refuses rather than converting it (numpy would drop an
    imaginary part, parse strings and turn None into NaN); the other byte
    order is converted, as SciPy does. A dtype it does not take is a
    RuntimeError worded by `unsupported`, strings too unless `strings` (a
    TypeError then)."""
    data = np.asarray(input)
    if data.dtype.kind == "c":  # np.iscomplexobj's answer for an array, at a tenth of its cost
        raise TypeError("Complex type not supported")
    if data.dtype.kind in "SUV" and strings:
        raise TypeError(f"data type {data.dtype.name!r} not understood")
    if not data.dtype.isnative and data.dtype.kind in "biuf":
        data = data.astype(data.dtype.newbyteorder("="))
    if not _supported(data.dtype):
        raise RuntimeError(unsupported(data.dtype))
    return data


def _filter_output(output, input, unsupported=_unsupported):
    """scipy.ndimage's `output`: None for input's dtype, a dtype, a type or a
    dtype's name for a new array of it, or an array of input's shape to
    write into. An array is checked before llcjit writes into it: a
    read-only one may be an immutable bytes object or a read-only mapping,
    where writing corrupts the bytes or kills the process."""
    if output is None:  # input's dtype is native: SciPy's dtype.name
        output = np.empty(input.shape, dtype=input.dtype)
    elif isinstance(output, (type, np.dtype)):
        output = np.empty(input.shape, dtype=output)
    elif isinstance(output, str):
        output = np.empty(input.shape, dtype=np.sctypeDict[output])
    elif not isinstance(output, np.ndarray):
        raise TypeError(f"output must be None, a dtype or a numpy array, not "
                        f"{type(output).__name__}")
    elif output.shape != input.shape:
        raise RuntimeError("output shape not correct")
    return _writable(output, unsupported)


def _into(output, run):
    """Runs run(native) on `output`, or on a native-order copy written back."""
    native = output if output.dtype.isnative else np.empty(
        output.shape, output.dtype.newbyteorder("="))
    run(native)
    if native is not output:
        output[...] = native
    return output


def _writable(output, unsupported=_unsupported):
    """`output`, if llcjit may write into it (SciPy's errors otherwise)."""
    if not output.flags.writeable:
        raise ValueError("output array is read-only.")
    dtype = output.dtype
    native = dtype if dtype.isnative else dtype.newbyteorder("=")
    if not _supported(native):
        raise RuntimeError(unsupported(native))
    return output


def _filter_origins(origins, extents):
    """scipy.ndimage's origin checks, in its order: within the footprint
    first, then an integer (0.7 is a TypeError, not 0; so is True, which
    SciPy's C code refuses though generic_filter1d takes it)."""
    for origin, extent in zip(origins, extents):
        if extent // 2 + origin < 0 or extent // 2 + origin >= extent:
            raise ValueError("invalid origin")
    if any(isinstance(origin, (bool, np.bool_)) for origin in origins):
        raise TypeError("an integer is required")
    return [operator.index(origin) for origin in origins]


def _size_beside_footprint(size, footprint, stacklevel):
    """`size`, or None with SciPy's warning (at `stacklevel` from here)
    where a footprint makes it ignored."""
    if size is None or footprint is None:
        return size
    warnings.warn("ignoring size because footprint is set", UserWarning,
                  stacklevel=stacklevel + 1)
    return None


def _footprint(size, footprint, origin, ndim):
    """The footprint mask and the origins for an array of `ndim` axes, with
    scipy.ndimage.generic_filter's checks and errors, in its order."""
    size = _size_beside_footprint(size, footprint, 3)  # the caller of generic_filter
    origins = _normalize_sequence(origin, ndim)
    if footprint is None:
        if size is None:
            raise RuntimeError("no footprint or filter size provided")
        footprint = np.ones(_normalize_sequence(size, ndim), dtype=bool)
    mask = np.asarray(footprint, dtype=bool, order="C")  # not ascontiguousarray: keeps 0-d
    if mask.ndim != ndim or 0 in mask.shape:
        raise RuntimeError("filter footprint array has incorrect shape.")
    origin_values = _filter_origins(origins, mask.shape)
    if ndim == 0:  # the driver wants an axis; SciPy filters a 0-d array as its one value
        mask, origin_values = mask.reshape(1), [0]
    return mask, origin_values


def _filter_handle(function, accepted):
    """The compiled kernel of a formula or a FilterKernel; TypeError naming
    what is `accepted` for anything else."""
    if isinstance(function, FilterKernel):
        return function._handle
    if isinstance(function, str):
        return _Handle.compile(function, "filter")
    raise _not_a_formula(function, accepted)


def _check_mode(mode):
    if not isinstance(mode, str) or mode not in _native.MODES:
        raise RuntimeError("boundary mode not supported")


def generic_filter(input: npt.ArrayLike,
                   function: Union[str, FilterKernel, scipy.LowLevelCallable],
                   size: Any = None, footprint: Optional[npt.ArrayLike] = None,
                   output: Optional[np.ndarray] = None, mode: str = "reflect",
                   cval: float = 0.0, origin: Any = 0, extra_arguments: Sequence[Any] = (),
                   extra_keywords: Optional[Dict[str, Any]] = None, *, threads: int = 0,
                   workers: Optional[int] = None, fuse: Union[bool, str] = True,
                   exact: bool = False, streaming: Optional[bool] = None,
                   progress: Any = None, **params: float) -> np.ndarray:
    """scipy.ndimage.generic_filter in process, with SciPy's arguments and
    semantics. The input is read in place in its dtype (bool, int8 to
    uint64, float32, float64; strided views too); the result has the
    input's dtype unless `output` (a dtype, its name, or an array to write
    into) says otherwise, the kernel's double result converted as SciPy
    converts it (docs/filters.md).

    `function` is a formula of `values` (or a FilterKernel), compiled with
    the footprint into one vectorised loop (set fuse=False to call it once
    per element, as SciPy does; the results are the same); a loop estimated
    to take over a tenth of a second to compile (medians of 7x7 and 8x8
    windows, chains of two 5x5 ones) is compiled once the work of the calls so far pays
    for it, running per element until then, unless fuse="always" or the
    disk cache holds it. Or `function` is any
    scipy.LowLevelCallable of SciPy's filter signature, such as a Numba
    cfunc, called once per element. A formula made only of whole reductions
    of `values` (min, max, sum, mean, var, std, median, percentile and their
    NaN-ignoring forms) runs through an algorithm whose cost does not grow
    with the window where that is faster (docs/filters.md): extremes,
    medians and percentiles bit for bit; sums, means and variances over
    large boxes within one rounding of the exact value instead of NumPy's
    pairwise sums, unless `exact=True`.
    `threads`: 0 for all cores, or SciPy's `workers` (-1 for all cores); the
    result does not depend on it.
    `streaming`: whether a fused kernel writes the output around the cache
    (non-temporal stores); None: when input and output take the
    last-level cache or more (for a fused kernel, when the output's
    elements are 8 bytes wide).
    The result does not depend on it. A large
    filter stops on Ctrl-C (KeyboardInterrupt), its output partly written;
    `progress` is a function called with (lines done, lines in all) as it
    runs, or True for a tqdm bar. Keyword arguments other than these are
    the formula's parameter values."""
    _no_python_arguments(extra_arguments, extra_keywords)
    data = _filter_input(input)
    mask, origin_values = _footprint(size, footprint, origin, data.ndim)
    output = _filter_output(output, data)
    _check_mode(mode)
    # An output in the other byte order is written in this one, then copied.
    native = output if output.dtype.isnative else np.empty(
        output.shape, output.dtype.newbyteorder("="))

    def result():
        if native is not output:
            output[...] = native
        return output
    # The driver wants an axis; SciPy filters a 0-d array as its one value.
    written = native.reshape(1) if native.ndim == 0 else native
    data = data.reshape(1) if data.ndim == 0 else data
    if streaming not in (None, True, False):
        raise TypeError(f"streaming must be None, True or False, not {streaming!r}")
    settings = (_native.MODES[mode], _real(cval, "cval"), _thread_count(threads, workers),
                _fuse_code(fuse), int(bool(exact)), -1 if streaming is None else int(streaming))
    if isinstance(function, scipy.LowLevelCallable) and not isinstance(function, FilterKernel):
        function_and_data = _foreign(function, _FILTER_SIGNATURES, "generic_filter", params)
        mode_code, cval, threads, fuse, exact, streaming = settings
        options = _native.FilterOptions(mode_code, cval,
                                        (ctypes.c_ssize_t * mask.ndim)(*origin_values), threads,
                                        fuse, exact, None, streaming)
        keep = []
        arrays = (ctypes.byref(_array_struct(data, keep)),
                  ctypes.byref(_array_struct(written, keep)),
                  mask.ctypes.data_as(ctypes.POINTER(ctypes.c_ubyte)),
                  (ctypes.c_ssize_t * mask.ndim)(*mask.shape))

        def run_function(state):
            options.progress = state
            return _native.generic_filter_function(*function_and_data, *arrays,
                                                   ctypes.byref(options))
        _check(watched(run_function, data.size, "elements", progress))
        return result()
    handle = _filter_handle(function,
                            "a formula string, an llcjit object or a scipy.LowLevelCallable")
    if isinstance(function, FilterKernel):
        params = {**function.params, **params}
    try:
        values = _parameter_values(handle.parameters(), params)
    except TypeError as error:
        raise _keyword_clash(error, handle.parameters(), params, generic_filter,
                             "filter_kernel") from None
    # Through _speedups: ctypes' arrays and options cost more than a small
    # image's filter (docs/performance.md).
    arguments = (handle.raw, values, data, _DTYPE_CODES[data.dtype], written,
                 _DTYPE_CODES[written.dtype], mask, origin_values, *settings)

    def run_kernel(state):
        return _native.speedups.generic_filter(
            *arguments, 0 if state is None else ctypes.addressof(state.contents))
    _check(watched(run_kernel, data.size, "elements", progress))
    return result()


def _fuse_code(fuse: Any) -> int:
    """The C ABI's fuse: 0 per element, 1 fused where the compile pays, 2
    fused from the first call."""
    if isinstance(fuse, str):
        if fuse != "always":
            raise ValueError(f"fuse must be True, False or 'always', not {fuse!r}")
        return 2
    return int(bool(fuse))


def filter_algorithm(input: npt.ArrayLike, function: Union[str, FilterKernel],
                     size: Any = None, footprint: Optional[npt.ArrayLike] = None,
                     mode: str = "reflect", cval: float = 0.0, origin: Any = 0, *,
                     output: Any = None, fuse: Union[bool, str] = True,
                     exact: bool = False) -> str:
    """What generic_filter runs for the same arguments, in words, as
    `llcjit filter --explain` says it: the fused loop, the formula called
    once per element (fuse=False), or the window-independent algorithm of
    each reduction (docs/filters.md). Only the input's number of axes and
    dtype, and the output's dtype (`output`: None, a dtype or an array, as
    for generic_filter), matter (but a window far longer than the array may
    run brute force: docs/filters.md); nothing is filtered. The errors are
    generic_filter's."""
    data = _filter_input(input)
    mask, origin_values = _footprint(size, footprint, origin, data.ndim)
    # generic_filter's output, with its checks (np.empty touches no page).
    written = _filter_output(output, data).dtype
    dtypes = [_dtype_code(data.dtype), _dtype_code(written)]
    _check_mode(mode)
    handle = _filter_handle(function, "a formula string or an llcjit object")
    options = _native.FilterOptions(_native.MODES[mode], _real(cval, "cval"),
                                    (ctypes.c_ssize_t * mask.ndim)(*origin_values), 0,
                                    _fuse_code(fuse), int(bool(exact)), None, -1)
    description = ctypes.c_char_p()
    _check(_native.filter_algorithm(handle.pointer,
                                    mask.ctypes.data_as(ctypes.POINTER(ctypes.c_ubyte)),
                                    (ctypes.c_ssize_t * mask.ndim)(*mask.shape), mask.ndim,
                                    ctypes.byref(options), *dtypes, ctypes.byref(description)))
    return description.value.decode()
