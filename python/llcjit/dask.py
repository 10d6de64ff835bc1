"""llcjit on Dask: generic_filter and generic_filter1d over chunked arrays
and quad over arrays of parameters, each a lazy dask array whose blocks run llcjit's in-process
drivers on one thread each; Dask schedules them (threads, processes, or a
dask.distributed cluster) and shows their progress (dask's ProgressBar, the
distributed dashboard). Results equal the in-memory calls' bit for bit,
whatever the chunks (docs/scale-out.md).

    import dask.array as da, llcjit.dask
    image = da.random.random((8192, 8192), chunks=2048)
    eroded = llcjit.dask.generic_filter(image, "min(values)", size=3)
    eroded.compute()                      # or .persist(), dask.compute(...)
"""
from __future__ import annotations

try:
    import dask.array as da
except ImportError as error:  # an optional dependency of llcjit
    raise ImportError("llcjit.dask needs Dask: install Debian's python3-dask (and "
                      "python3-distributed for a cluster)") from error

import warnings
from typing import Any, Optional

import numpy as np

from ._callables import Filter1DKernel, FilterKernel, filter1d_kernel
from ._filter import (_filter_input, _filter_output, _normalize_sequence,
                      _size_beside_footprint)
from ._filter import generic_filter as _generic_filter
from ._filter1d import generic_filter1d as _generic_filter1d
from ._neighbours import map_neighbourhoods
from ._full_output import message, over_cycles, warn_integration, warn_points_ignored
from ._quad import quad as _quad

__all__ = ["generic_filter", "generic_filter1d", "quad"]

# numpy.pad's name for each of SciPy's filter modes: SciPy's `reflect`
# (d c b a | a b c d | d c b a) is numpy's `symmetric`, SciPy's `mirror`
# (d c b | a b c d | c b a) numpy's `reflect`. (Dask's overlap boundaries
# have no `mirror`, so the border is padded once with numpy's semantics and
# the seams between chunks come from the neighbours: _neighbours.py.)
_PAD_MODES = {"reflect": "symmetric", "grid-mirror": "symmetric", "mirror": "reflect",
              "nearest": "edge", "wrap": "wrap", "grid-wrap": "wrap", "constant": "constant",
              "grid-constant": "constant"}


def _extend(data, axis, width, pad_mode, cval):
    """data extended by `width` elements at both ends of `axis`, as
    numpy.pad(mode=pad_mode) extends it, also where width exceeds the axis
    (dask's pad repeats no reflection)."""
    if width == 0:
        return data
    if pad_mode == "constant":
        widths = [(width, width) if i == axis else (0, 0) for i in range(data.ndim)]
        return da.pad(data, widths, mode="constant", constant_values=cval)
    # Where numpy.pad takes each element of the extension from.
    source = np.pad(np.arange(data.shape[axis]), width, mode=pad_mode)
    return da.concatenate([da.take(data, source[:width], axis=axis), data,
                           da.take(data, source[-width:], axis=axis)], axis=axis)


def _reach(size, origin):
    """How far a window of `size` at `origin` reaches from its output point
    along an axis: it covers i - (size//2 + origin) .. i + (size - 1 -
    size//2 - origin), as scipy.ndimage places it."""
    return max(size // 2 + origin, size - 1 - size // 2 - origin)


def _with_neighbours(data, depth, mode, cval, block_function, dtype, arguments):
    """block_function(block, **arguments) over every block of `data` with
    depth[axis] of its neighbours' elements around it along each axis, the
    array's border extended once with SciPy's `mode`: lazily, trimmed back
    to data's shape."""
    padded = data
    for axis, width in enumerate(depth):
        padded = _extend(padded, axis, width, _PAD_MODES[mode], cval)
    filtered = map_neighbourhoods(padded, depth, block_function, dtype, arguments)
    return filtered[tuple(slice(d, d + n) for d, n in zip(depth, data.shape))]


def _with_known_chunks(data):
    """data, whose blocks' sizes the neighbours' edges are cut by: they
    must be known (boolean indexing leaves them NaN until computed)."""
    if any(np.isnan(size) for sizes in data.chunks for size in sizes):
        raise ValueError("llcjit.dask needs the array's chunk sizes, which are unknown (as "
                         "after boolean indexing): call x.compute_chunk_sizes() first")
    return data


def _filter_block(block, function, footprint, mode, cval, origin, exact, out_type, params):
    # One thread per block: Dask runs the blocks in parallel. (Dask's
    # blockwise has an argument of its own named `output`.)
    return _generic_filter(block, function, footprint=footprint, mode=mode, cval=cval,
                           origin=origin, threads=1, exact=exact, output=out_type, **params)


def generic_filter(input: Any, function: Any, size: Any = None,
                   footprint: Optional[Any] = None, mode: str = "reflect", cval: float = 0.0,
                   origin: Any = 0, *, output: Any = None, exact: bool = False,
                   **params: float) -> da.Array:
    """llcjit.generic_filter over a dask array (or anything da.asarray
    takes), lazily: a dask array of the input's shape, of the input's dtype
    or of the dtype `output` names (a dtype, a type or a name, as SciPy
    takes it; not an array: a dask array is not written into).

    The arguments are llcjit.generic_filter's (SciPy's), checked here, so
    that a formula that does not compile raises CompileError before
    anything is scheduled. Each block is filtered with the neighbours'
    values around it (the window's reach per axis, from the footprint and
    the origin) and the array's border is extended once with SciPy's
    `mode`, so the result is the in-memory call's bit for bit for any
    chunking. (Sums, means and variances over boxes large enough for
    llcjit's running sums are within one rounding of the exact value, as
    in memory, but their bits depend on where a line starts: exact=True
    makes them NumPy's, in memory and here alike.)"""
    size = _size_beside_footprint(size, footprint, 2)  # warned once, at the caller's line
    data = _with_known_chunks(da.asarray(input))
    rank = data.ndim
    if isinstance(output, np.ndarray) or hasattr(output, "dask"):
        raise TypeError("llcjit.dask.generic_filter's output is a dtype; an array is not "
                        "written into")
    # Every check of the in-memory call: of the input's type, the output's
    # and the rest, on one element per axis.
    native = _filter_input(np.empty((0,), dtype=data.dtype)).dtype
    output = _filter_output(output, np.empty((0,), dtype=native)).dtype
    _generic_filter(np.zeros((1,) * rank, native), function, size, footprint, mode=mode,
                    cval=cval, origin=origin, threads=1, exact=exact, output=output, **params)
    data = data.astype(native)
    # In memory the filter reads cval as a double: the border it pads with
    # must not round cval to the input's type. (Compared as float64: NumPy
    # 2 would compare a float32 with a Python float in float32.)
    cval = float(cval)
    if mode in ("constant", "grid-constant"):
        with np.errstate(invalid="ignore", over="ignore"):
            held = np.asarray(cval).astype(native).astype(np.float64)
        if not held == np.float64(cval):
            # Bool bytes other than 0 and 1 read as their value, as in memory.
            data = (data.view(np.uint8) if native == np.bool_ else data).astype(np.float64)
    if footprint is None:
        footprint = np.ones(_normalize_sequence(size, rank), dtype=bool)
    footprint = np.asarray(footprint, dtype=bool)
    origins = [int(o) for o in _normalize_sequence(origin, rank)]
    block = dict(function=function, footprint=footprint, mode=mode, cval=cval, origin=origins,
                 exact=exact, out_type=output, params=params)
    if rank == 0 or data.size == 0:  # no neighbours to bring in
        return data.map_blocks(_filter_block, dtype=output, **block)
    depth = tuple(_reach(size, o) for size, o in zip(footprint.shape, origins))
    return _with_neighbours(data, depth, mode, cval, _filter_block, output, block)


def _filter1d_block(block, kernel, filter_size, axis, mode, cval, origin, out_type):
    # One thread per block: Dask runs the blocks in parallel.
    return _generic_filter1d(block, kernel, filter_size, axis=axis, output=out_type, mode=mode,
                             cval=cval, origin=origin, threads=1)


def generic_filter1d(input: Any, function: Any, filter_size: int, axis: int = -1,
                     mode: str = "reflect", cval: float = 0.0, origin: int = 0,
                     **params: float) -> da.Array:
    """scipy.ndimage.generic_filter1d over a dask array, lazily, with an
    llcjit kernel: a formula of `values` (each output point's window, as
    llcjit.filter1d_kernel compiles it), a Filter1DKernel or FilterKernel,
    or any other scipy.LowLevelCallable of generic_filter1d's signature.
    The result has
    the input's shape and dtype and equals scipy.ndimage.generic_filter1d's
    with the same kernel bit for bit for any chunking: llcjit's kernels read
    a window, so each block gets its neighbours' elements to the window's
    reach along `axis` (the border extended once with SciPy's mode); another
    callable may read its whole line, so its lines are not cut (`axis` is
    one chunk). llcjit's driver runs each block on one thread, the GIL
    released."""
    data = _with_known_chunks(da.asarray(input))
    if isinstance(function, str):
        kernel = filter1d_kernel(function, **params)  # compiled here: errors come now
    elif params and isinstance(function, (Filter1DKernel, FilterKernel)):
        kernel = function.with_params(**params)  # as llcjit.generic_filter1d binds them
    elif params:
        raise TypeError("parameters are for formulas; a LowLevelCallable has user_data")
    else:
        kernel = function
    windowed = isinstance(kernel, (Filter1DKernel, FilterKernel))
    # Every check of SciPy's call (kernel, size, axis, mode, origin), on one
    # element per axis.
    _generic_filter1d(np.zeros((1,) * max(data.ndim, 1), dtype=data.dtype), kernel,
                      filter_size, axis=axis, mode=mode, cval=cval, origin=origin)
    axis = axis + data.ndim if axis < 0 else axis
    block = dict(kernel=kernel, filter_size=filter_size, axis=axis, mode=mode, cval=cval,
                 origin=origin, out_type=data.dtype)
    if not windowed:
        return data.rechunk({axis: -1}).map_blocks(_filter1d_block, dtype=data.dtype, **block)
    if data.size == 0:
        return data.map_blocks(_filter1d_block, dtype=data.dtype, **block)
    depth = tuple(_reach(filter_size, origin) if i == axis else 0 for i in range(data.ndim))
    # SciPy extends the line in double: the border (cval too) is not rounded
    # to the input's type; the output is, as SciPy casts it.
    return _with_neighbours(data.astype(np.float64), depth, mode, cval, _filter1d_block,
                            data.dtype, block)


_RESULT = np.dtype([("value", "f8"), ("abserr", "f8"), ("neval", "i4"), ("ier", "i4")])


def _quad_block(*blocks, formula, a, b, names, options, full_output, block_info=None):
    # A sweep, also of one element (a 0-d block): its results are arrays.
    shape = np.shape(blocks[0])
    sweep = {n: np.atleast_1d(block) for n, block in zip(names, blocks)}
    out = np.zeros(shape, dtype=_RESULT)
    values, abserr, info = _quad(formula, a, b, full_output=True, workers=1, **sweep, **options)
    out["neval"], out["ier"] = info["neval"].reshape(shape), info["ier"].reshape(shape)
    out["value"], out["abserr"] = values.reshape(shape), abserr.reshape(shape)
    if not full_output:
        _warn_for_block(out["ier"], block_info, a, b, options)
    return out


def _warn_for_block(ier, block_info, a, b, options):
    """SciPy's IntegrationWarning where an integral of the block did not
    converge: for a 0-d array SciPy's text alone, else naming the block and
    the first one's flat index in the whole array (each block warns where
    it runs: on a cluster, in the worker)."""
    failed = np.flatnonzero(ier)
    if failed.size == 0:
        return
    text = message(int(ier.flat[failed[0]]), options.get("limit", 50),
                   over_cycles(options.get("weight"), a, b))
    if ier.ndim == 0:
        warn_integration(text, stacklevel=2)
        return
    where = f"the first, at flat index {failed[0]} of the block"
    block = ""
    if block_info:  # dask's, at compute time
        location, whole = block_info[None]["array-location"], block_info[None]["shape"]
        first = np.unravel_index(failed[0], ier.shape)
        index = np.ravel_multi_index(tuple(lo + i for (lo, _), i in zip(location, first)), whole)
        where = f"the first, at flat index {index} of the whole array"
        block = " [" + ", ".join(f"{lo}:{hi}" for lo, hi in location) + "]"
    warn_integration(f"{failed.size} of {ier.size} integrals in the block{block} did not "
                     f"converge; {where}: {text}", stacklevel=2)


def quad(formula: Any, a: float, b: float, /, *, full_output: bool = False,
         **params: Any) -> tuple:
    """llcjit.quad over dask arrays of parameters, lazily: the parameters
    (dask arrays, or anything da.asarray takes, numbers included) broadcast
    together, and each block of the result is one in-process sweep on one
    thread (SciPy's IntegrationWarning where one did not converge, unless
    full_output). Returns dask arrays (values, abserr), and with full_output
    a dict of dask arrays {"neval", "ier"}; compute them together
    (dask.compute(values, abserr)) to integrate once. The options of
    llcjit.quad (epsabs, epsrel, limit, points, weight, wvar, maxp1, limlst)
    are passed on; a formula that does not compile, or parameters that do
    not match it, raise here, before anything is scheduled."""
    for own in ("args", "workers", "progress"):  # llcjit.quad's, never parameters
        if own in params:
            raise TypeError(f"llcjit.dask.quad takes no {own}: each block runs on one thread "
                            f"of dask's, and each parameter is given by its name (a=..., an "
                            f"array or a number)")
    option_names = ("epsabs", "epsrel", "limit", "points", "weight", "wvar", "maxp1", "limlst")
    options = {k: params.pop(k) for k in option_names if k in params}
    if options.get("points") is not None and options.get("weight") is not None:
        # SciPy's warning, once here rather than from every block.
        warn_points_ignored()
        options["points"] = None
    names = tuple(params)
    arrays = [da.asarray(v) for v in params.values()]
    for name, array in zip(names, arrays):
        if array.dtype.kind not in "biuf":
            raise TypeError(f"parameter {name} must be real numbers, not {array.dtype}")
    try:
        arrays = da.broadcast_arrays(*(array.astype(np.float64) for array in arrays))
    except ValueError:
        for array in arrays:  # dask cannot broadcast chunks of unknown sizes
            _with_known_chunks(array)
        raise
    # Every check of the in-memory call, on one integral (whose warning, if
    # any, is of no value the user gave).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _quad(formula, a, b, workers=1, **{n: 1.0 for n in names}, **options)
    if not arrays:
        raise ValueError("llcjit.dask.quad sweeps over parameters given as arrays; this "
                         "formula has none: use llcjit.quad")
    # meta: dask would otherwise call _quad_block on empty arrays to learn
    # the result's type, and its warnings would come before any computing.
    results = da.map_blocks(_quad_block, *arrays, dtype=_RESULT,
                            meta=np.empty((0,) * arrays[0].ndim, dtype=_RESULT), formula=formula,
                            a=a, b=b, names=names, options=options, full_output=full_output)
    values, abserr = results["value"], results["abserr"]
    if not full_output:
        return values, abserr
    return values, abserr, {"neval": results["neval"], "ier": results["ier"]}
