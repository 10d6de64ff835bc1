"""Formulas of x evaluated over arrays, as NumPy's ufuncs and numexpr do:
x and the parameters broadcast together, and every run of points that share
their parameters is one call of the batch entry point, vectorised and on
several threads, with the GIL released."""
from __future__ import annotations

import numpy as np

from . import _native
from ._arguments import _real_array, _threads
from ._errors import _check


def is_scalar_call(x, values, out):
    """Numbers alone and no `out`: the call returns a float, not an array."""
    return out is None and np.ndim(x) == 0 and not isinstance(x, np.ndarray) and all(
        np.ndim(v) == 0 for v in values)


def evaluate_array(handle, names, values, x, out, workers):
    """handle's formula of x at every element of x broadcast with the
    parameter values (names -> scalars or arrays), into `out` (float64, of
    the broadcast shape) or a new float64 array."""
    params = [_real_array(values[n], f"parameter {n}") for n in names]
    varying = [i for i, p in enumerate(params) if p.ndim > 0]
    x = _real_array(x, "x")
    if varying:
        x, *columns = np.broadcast_arrays(x, *(params[i] for i in varying))
    shape = x.shape
    if out is not None:
        if not isinstance(out, np.ndarray) or out.dtype != np.float64 or out.shape != shape:
            raise ValueError(f"out must be a float64 array of shape {shape}")
        if not out.flags.writeable:
            raise ValueError("output array is read-only.")
    points = np.ascontiguousarray(x).reshape(-1)
    # The values go straight into `out` where they can: the batch entry
    # point reads and writes distinct memory.
    direct = out is not None and out.flags.c_contiguous and not np.shares_memory(out, points)
    result = out.reshape(-1) if direct else np.empty(points.size)
    row = [float(p) if p.ndim == 0 else 0.0 for p in params]
    threads = _threads(workers)
    # Through _speedups: ctypes' pointers cost more than 10^5 points'
    # evaluation (docs/performance.md).
    evaluate = _native.speedups.evaluate_batch
    if points.size and not varying:
        _check(evaluate(handle.raw, row, points, result, threads))
    elif points.size:
        table = np.stack([np.ravel(c) for c in columns], axis=1)
        # Runs of points whose parameters are the same: one call each.
        starts = np.flatnonzero(np.any(table[1:] != table[:-1], axis=1)) + 1
        bounds = [0, *starts.tolist(), points.size]
        for start, end in zip(bounds, bounds[1:]):
            for i, value in zip(varying, table[start].tolist()):
                row[i] = value
            _check(evaluate(handle.raw, row, points[start:end], result[start:end], threads))
    if out is None:
        return result.reshape(shape)
    if not direct:
        out[...] = result.reshape(shape)
    return out
