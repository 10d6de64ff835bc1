"""scipy.integrate.quad's full_output: its infodict of the routine's lists,
its messages, and the tuple it returns."""
from __future__ import annotations

import ctypes
import math
import warnings

import numpy as np

from . import _native

# SciPy's words for QAWF's per-cycle codes (info['ierlst']), to the byte: the
# fifth item of quad's result when such an integral did not converge.
EXPLAIN_CYCLES = {
    1: "The maximum number of subdivisions (= limit) has been \n  achieved on this cycle.",
    2: "The occurrence of roundoff error is detected and prevents\n  the tolerance imposed on "
       "this cycle from being achieved.",
    3: "Extremely bad integrand behavior occurs at some points of\n  this cycle.",
    4: "The integral over this cycle does not converge (to within the required accuracy) due "
       "to roundoff in the extrapolation procedure invoked on this cycle.  It is assumed that "
       "the result on this interval is the best which can be obtained.",
    5: "The integral over this cycle is probably divergent or slowly convergent.",
}


def over_cycles(weight, a, b):
    """Whether quad runs QAWF, whose lists and messages are per cycle: a cos
    or sin weight on a half-infinite range (SciPy's own test)."""
    return weight in ("cos", "sin") and (math.isinf(a) or math.isinf(b))


def message(ier, limit, cycles):
    """SciPy's message for ier ("" for 0)."""
    words = _native.quad_cycles_message if cycles else _native.quad_message_for
    return words(ier, limit).decode()


def warn_unless_converged(iers, limit, cycles=False, stacklevel=3):
    """scipy.integrate.quad's IntegrationWarning (with SciPy's text for this
    limit) when an integral did not converge and full_output was not asked
    for; one warning for a sweep, naming the first element that failed."""
    failed = np.flatnonzero(iers)
    if failed.size == 0:
        return
    text = message(int(np.ravel(iers)[failed[0]]), limit, cycles)
    if np.ndim(iers):
        text = (f"{failed.size} of {np.size(iers)} integrals did not converge; the first, "
                f"at flat index {failed[0]}: {text}")
    warn_integration(text, stacklevel=stacklevel + 1)


def warn_integration(text, stacklevel=3):
    """scipy.integrate's IntegrationWarning with `text`, pointing at the
    caller of the function that calls this one."""
    from scipy.integrate import IntegrationWarning
    warnings.warn(text, IntegrationWarning, stacklevel=stacklevel)


def warn_points_ignored(stacklevel=3):
    """scipy.integrate.quad's IntegrationWarning for break points given with
    a weight, which it then ignores, pointing as warn_integration does."""
    warn_integration("Break points cannot be specified when using weighted integrand.\n"
                     "Continuing, ignoring specified points.", stacklevel=stacklevel + 1)


def _copy(pointer, length, dtype):
    """A NumPy copy of a C list, or zeros where the routine has none."""
    if not pointer or length == 0:
        return np.zeros(length, dtype=dtype)
    return np.ctypeslib.as_array(pointer, shape=(length,)).astype(dtype, copy=True)


def infodict(result, details, limit, limlst, cycles):
    """SciPy's infodict for one integral: its keys in its order, its lists
    `limit` (or, per cycle, `limlst`) long."""
    d = details.contents
    if cycles:
        return {"neval": result.neval, "lst": result.last,
                "rslst": _copy(d.rslst, limlst, np.float64),
                "erlst": _copy(d.erlst, limlst, np.float64),
                "ierlst": _copy(d.ierlst, limlst, np.int32)}
    info = {"neval": result.neval, "last": result.last,
            "iord": _copy(d.iord, limit, np.int32)}
    for name in ("alist", "blist", "rlist", "elist"):
        info[name] = _copy(getattr(d, name), limit, np.float64)
    if d.pts:
        info["pts"] = _copy(d.pts, d.point_count, np.float64)
        info["level"] = _copy(d.level, limit, np.int32)
        info["ndin"] = _copy(d.ndin, d.point_count, np.int32)
    if d.nnlog:
        info["nnlog"] = _copy(d.nnlog, limit, np.int32)
        info["momcom"] = d.momcom
        info["chebmo"] = _copy(d.chebmo, 25 * d.maxp1, np.float64).reshape(25, d.maxp1)
    return info


def full_result(run, limit, limlst, cycles):
    """quad's full_output tuple of one integral: run(result, details) calls
    llcjit_quad_full or llcjit_quad_function_full and returns its status
    (already checked). (value, abserr, infodict), and SciPy's message when
    ier is not 0, and the per-cycle explanations for QAWF."""
    result = _native.QuadResult()
    details = ctypes.POINTER(_native.QuadDetails)()
    try:
        run(ctypes.byref(result), ctypes.byref(details))
        info = infodict(result, details, limit, limlst, cycles)
    finally:
        _native.quad_details_release(details)
    if result.ier == 0:
        return result.value, result.abserr, info
    text = message(result.ier, limit, cycles)
    if cycles:
        return result.value, result.abserr, info, text, dict(EXPLAIN_CYCLES)
    return result.value, result.abserr, info, text
