"""quad and nquad: integration in process, with SciPy's options, results
and warnings."""
from __future__ import annotations

import ctypes
import math
import operator
from typing import Any, Optional, Sequence, TYPE_CHECKING, Tuple, Union

import numpy as np
import scipy

from . import _native
from ._arguments import (_c_int, _check_names, _from_args, _not_a_formula, _parameter_buffer,
                         _real, _real_array, _threads, _variable_names)
from ._callables import Integrand, NQuadIntegrand
from ._capsules import _function_and_user_data
from ._errors import CompileError, _check, _quote_whole_line
from ._full_output import (full_result, over_cycles, warn_integration, warn_points_ignored,
                           warn_unless_converged)
from ._handle import _Handle
from ._watch import one_step, watched

_quad_callable, _quad_values = _native.speedups.quad_callable, _native.speedups.quad
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
# llcjit_quad_result as a NumPy record (C's layout, padding included).
_RESULT_FIELDS = np.dtype([(name, "f8" if kind is ctypes.c_double else "i4")
                           for name, kind in _native.QuadResult._fields_], align=True)
if _RESULT_FIELDS.itemsize != ctypes.sizeof(_native.QuadResult):
    raise ImportError("llcjit_quad_result's layout is not the one this package reads")

if TYPE_CHECKING:  # numpy.typing costs 4 ms to import
    import numpy.typing as npt


def _doubles(values, keep):
    """A C array of the float64 array `values`, kept alive in `keep`."""
    array = (ctypes.c_double * len(values))(*values.tolist())
    keep.append(array)
    return array


def _c_type_name(value):
    """The name Python's C API gives value's type in its TypeErrors (its
    tp_name): module-qualified for types of C extensions only."""
    kind = type(value)
    heap_type = kind.__flags__ & (1 << 9)  # Py_TPFLAGS_HEAPTYPE: a class defined in Python
    if kind.__module__ == "builtins" or heap_type:
        return kind.__name__
    return f"{kind.__module__}.{kind.__qualname__}"


def _c_double(value):
    """value as PyFloat_AsDouble reads it (SciPy's C parsing of a number):
    through __float__, whose own errors pass through, or __index__."""
    kind = type(value)
    if hasattr(kind, "__float__"):
        return float(value)
    if hasattr(kind, "__index__"):
        return float(operator.index(value))
    raise TypeError(f"must be real number, not {_c_type_name(value)}")


def _quad_options(epsabs, epsrel, limit, points, weight, wvar, keep, maxp1=50, limlst=50):
    options = _native.QuadOptions()
    _native.quad_options_init(ctypes.byref(options))
    options.epsabs, options.epsrel = _real(epsabs, "epsabs"), _real(epsrel, "epsrel")
    options.limit = _c_int(limit, "limit")
    options.maxp1, options.limlst = _c_int(maxp1, "maxp1"), _c_int(limlst, "limlst")
    if points is not None:
        # A single point or any shape of them, as SciPy takes them. SciPy
        # runs QAGP for any points given, none included: a NaN, which QAGP
        # drops, says so through the C ABI, whose count 0 means none given.
        points = np.ravel(_real_array(points, "points"))
        if points.size == 0:
            points = np.array([math.nan])
        options.points, options.point_count = _doubles(points, keep), len(points)
    if not (weight is None or isinstance(weight, str)) or weight not in _native.WEIGHTS:
        raise ValueError(f"{weight} not a recognized weighting function.")
    options.weight = _native.WEIGHTS[weight]
    # SciPy's C call parses wvar as the weight's type: a number for cos,
    # sin and cauchy, a pair for the algebraic weights.
    if weight in ("cos", "sin", "cauchy"):
        wvar = _c_double(wvar)
    if (weight is not None and weight.startswith("alg") and not isinstance(wvar, str)
            and np.ndim(wvar) == 0):
        # (A tuple's converter names None as None, not as its type.)
        name = "None" if wvar is None else _c_type_name(wvar)
        raise TypeError(f"argument 4 must be 2-item sequence, not {name}")
    if weight is not None and weight.startswith("alg") and np.ndim(wvar) >= 1:
        if len(wvar) != 2:
            raise TypeError(f"argument 4 must be sequence of length 2, not {len(wvar)}")
    if wvar is not None:
        wvar = np.ravel(_real_array(wvar, "wvar"))
        options.wvar, options.wvar_count = _doubles(wvar, keep), len(wvar)
    return options


# The keys of scipy.integrate.nquad's opts that llcjit takes.
_NQUAD_OPTIONS = ("epsabs", "epsrel", "limit", "points", "weight", "wvar", "maxp1", "limlst")


def _levels(opts, count):
    """scipy.integrate.nquad's opts as one dict per level: none, one dict
    for all, or a sequence of one per level."""
    if opts is None:
        return [{}] * count
    if isinstance(opts, dict):
        return [opts] * count
    if callable(opts):
        raise TypeError("opts is a function: llcjit runs no Python at each point; give a dict "
                        "of quad's options, or one per level, with break points as formulas "
                        "of the outer variables, e.g. [{'points': ['x1/2']}, {}]")
    levels = list(opts)
    if len(levels) != count:
        raise ValueError(f"opts gives {len(levels)} level(s) for {count} range(s)")
    for i, level in enumerate(levels):
        if callable(level):
            raise TypeError(f"opts[{i}] is a function: llcjit runs no Python at each point; "
                            f"give break points as formulas of the outer variables, e.g. "
                            f"{{'points': ['x1/2']}}")
        if not isinstance(level, dict):
            raise TypeError(f"opts[{i}] must be a dict of quad's options, not "
                            f"{type(level).__name__}")
    return levels


def _nquad_level(level, index, epsabs, epsrel, limit, keep):
    """One llcjit_nquad_level: the level's options (nquad's defaults where
    it is silent), its numeric break points there and its formulas apart."""
    for key in level:
        if key not in _NQUAD_OPTIONS:
            raise TypeError(f"quad() got an unexpected keyword argument {key!r} in opts[{index}]"
                            f" (llcjit takes {', '.join(_NQUAD_OPTIONS)})")
    points = level.get("points")
    if points is not None and level.get("weight") is not None:
        # SciPy's quad warns at each call of the level; llcjit once, here
        # (through nquad's list of levels to its caller).
        warn_points_ignored(stacklevel=5)
        points = None
    formulas = []
    if points is not None:
        points = [points] if isinstance(points, str) else list(np.ravel(
            np.asarray(points, dtype=object)))
        formulas = [_bound(p, f"a break point of opts[{index}]") for p in points
                    if isinstance(p, str)]
        points = [p for p in points if not isinstance(p, str)]
    options = _quad_options(level.get("epsabs", epsabs), level.get("epsrel", epsrel),
                            level.get("limit", limit), points or None, level.get("weight"),
                            level.get("wvar"), keep, level.get("maxp1", 50),
                            level.get("limlst", 50))
    keep.append(options)
    c_formulas = (ctypes.c_char_p * max(len(formulas), 1))(*formulas)
    keep.append(c_formulas)
    return _native.NQuadLevel(ctypes.pointer(options), c_formulas, len(formulas))


def _with_args(names, params, order, args, function):
    """The parameter values: those given by keyword, and then SciPy's args
    (a tuple, or one value as SciPy takes it) for the others in `order`."""
    if not isinstance(args, tuple):
        args = (args,)
    if "threads" in params and "threads" not in names:
        raise TypeError(f"{function}() got an unexpected keyword argument 'threads': the "
                        f"formula has no parameter 'threads', and workers= sets the number "
                        f"of threads (-1: all cores)")
    from_args = _from_args(names, params, order)
    if len(args) != len(from_args):
        raise TypeError(f"args gives {len(args)} value(s) for the {len(from_args)} "
                        f"parameter(s) not given by keyword "
                        f"({', '.join(from_args) or 'none'})")
    return {**params, **dict(zip(from_args, args))}


def quad(func: Union[str, Integrand, NQuadIntegrand], a: float, b: float, /, *, args: Any = (),
         epsabs: float = 1.49e-8, epsrel: float = 1.49e-8, limit: int = 50,
         points: Optional[Sequence[float]] = None, weight: Optional[str] = None,
         wvar: Any = None, maxp1: int = 50, limlst: int = 50, full_output: bool = False,
         workers: int = -1, progress: Any = None, **params: npt.ArrayLike) -> tuple:
    """Integrate a formula (or an llcjit Integrand, or an NQuadIntegrand of
    one variable) from a to b in process, with scipy.integrate.quad's
    algorithms, options, return values and IntegrationWarning.

    The limits are positional, so that a formula may have parameters named
    a and b. Parameters are given by keyword, or as SciPy's `args` for the
    ones not given by keyword (in the Integrand's `params` order, else their
    order of first appearance): a parameter whose name is one of the options
    here (epsabs, limit, ...) takes its value from args. Parameters given as
    arrays are broadcast together, and every element is integrated on
    `workers` threads (-1: all cores); the values and error estimates come
    back as arrays of that shape. A sweep stops on Ctrl-C (KeyboardInterrupt)
    within a twentieth of a second; `progress` is a function called with
    (integrals done, integrals in all) as it runs, or True for a tqdm bar.

    full_output=True returns SciPy's tuple for one integral: (value, abserr,
    infodict), then its message when ier is not 0 (and for a cos or sin
    weight on a half-infinite range the per-cycle explanations), infodict
    holding the routine's lists under SciPy's names. For a sweep it returns
    (values, abserrs, {"neval", "last", "ier"}), arrays of the sweep's shape."""
    if full_output is not False and full_output is not True:
        full_output = bool(operator.index(full_output))  # SciPy's C reads an int
    if points is not None and weight is not None:
        warn_points_ignored()
        points = None
    # One integral with nothing but tolerances and a limit: the compiled
    # module's path (any other type of value takes the general path, which
    # checks it).
    plain = (points is None and weight is None and wvar is None and not full_output
             and progress is None and type(workers) is int and workers == -1
             and type(limit) is int and type(maxp1) is int and type(limlst) is int
             and _INT_MIN <= maxp1 <= _INT_MAX and _INT_MIN <= limlst <= _INT_MAX)
    if (plain and type(func) is Integrand and not params and type(args) is tuple and not args
            and func._scipy is func._handle):
        # The everyday call, in the compiled module: no ctypes objects.
        done = _in_compiled_module(_quad_callable, (func, a, b, epsabs, epsrel, limit), limit)
        if done is not None:
            return done
    if isinstance(func, Integrand):
        handle, order, params = func._handle, func._order, {**func.params, **params}
    elif isinstance(func, str):
        handle, order = _Handle.compile(func, "quad"), None
    elif isinstance(func, scipy.LowLevelCallable) and not isinstance(func, NQuadIntegrand):
        if params:
            raise TypeError("parameters are for formulas; a LowLevelCallable has user_data and "
                            "args")
        _threads(workers)  # (checked: one integral runs on one thread)
        return _quad_function(func, a, b, args, full_output, weight,
                              _quad_options(epsabs, epsrel, limit, points, weight, wvar, [],
                                            maxp1, limlst), progress)
    elif isinstance(func, NQuadIntegrand):
        variables = func._handle.variables()
        if len(variables) != 1:
            raise TypeError(f"llcjit.quad integrates a formula of one variable; "
                            f"{func.source!r} is an NQuadIntegrand of {', '.join(variables)}: "
                            "pass it to llcjit.nquad with one range per variable")
        # As SciPy's quad takes it: its one variable, then args, one call
        # per point (only formulas of x have a batch entry, and sweep).
        if any(np.ndim(v) for v in params.values()):
            raise TypeError("an NQuadIntegrand's parameters are numbers; for a sweep over "
                            "arrays of them, integrate a formula of x")
        bound = func.with_params(**params) if params else func
        _with_args(bound.parameters, bound.params, bound._order, args, "quad")  # (the check)
        _threads(workers)
        return _quad_function(bound, a, b, args, full_output, weight,
                              _quad_options(epsabs, epsrel, limit, points, weight, wvar, [],
                                            maxp1, limlst), progress)
    else:
        raise _not_a_formula(func)
    names = handle.parameters()
    params = _with_args(names, params, order, args, "quad")
    _check_names(names, params)
    if plain:
        values = [params[n] for n in names]
        if all(type(v) is float or type(v) is int for v in values):
            done = _in_compiled_module(_quad_values,
                                       (handle.raw, values, a, b, epsabs, epsrel, limit), limit)
            if done is not None:
                return done
    a, b = _real(a, "a"), _real(b, "b")
    keep = []
    options = _quad_options(epsabs, epsrel, limit, points, weight, wvar, keep, maxp1, limlst)
    options.threads = _threads(workers)
    cycles = over_cycles(weight, a, b)
    arrays = np.broadcast_arrays(*(_real_array(params[n], f"parameter {n}") for n in names))
    shape = arrays[0].shape if arrays else ()
    grid = np.ascontiguousarray(np.stack([x.ravel() for x in arrays], axis=1)
                                if arrays else np.zeros((1, 0)))
    row = grid.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
    if shape == () and full_output:
        return full_result(lambda result, details: one_step(lambda: _check(_native.quad_full(
            handle.pointer, row, len(names), a, b, ctypes.byref(options), result, details)),
            progress), options.limit, options.limlst, cycles)
    if shape == ():
        result = _native.QuadResult()
        one_step(lambda: _check(_native.quad(handle.pointer, row, len(names), a, b,
                                             ctypes.byref(options), ctypes.byref(result))),
                 progress)
        warn_unless_converged(np.array(result.ier), options.limit, cycles)
        return result.value, result.abserr
    rows = grid.shape[0]
    # The C results straight into a NumPy record array, copied field by field.
    fields = np.empty(rows, dtype=_RESULT_FIELDS)
    results = fields.ctypes.data_as(ctypes.POINTER(_native.QuadResult))

    def sweep(state):
        options.progress = state
        return _native.quad_sweep(handle.pointer, row, rows, a, b, ctypes.byref(options), results)
    _check(watched(sweep, rows, "integrals", progress))
    values, errors, iers = (fields[name].reshape(shape).copy()
                            for name in ("value", "abserr", "ier"))
    if not full_output:
        warn_unless_converged(iers, options.limit, cycles)
        return values, errors
    return values, errors, {"neval": fields["neval"].reshape(shape).copy(),
                            "last": fields["last"].reshape(shape).copy(), "ier": iers}


def _in_compiled_module(quad_function, arguments, limit):
    """(value, abserr) of one integral without points or a weight, run by
    the compiled module, with SciPy's warning for `limit`; None when the
    module refuses the arguments, for the general path to word the error."""
    try:
        done = quad_function(*arguments)
    except (TypeError, OverflowError):
        return None
    if done is None:
        return None
    value, abserr, ier = done
    if ier:
        warn_unless_converged(np.array(ier), limit, stacklevel=4)
    return value, abserr


def _check_dimension(handle, dimension):
    """A name x<k> beyond the ranges would silently become a parameter."""
    for name in handle.parameters():
        if name[:1] == "x" and name[1:].isdigit() and int(name[1:]) >= dimension:
            raise ValueError(f"the formula uses {name}, but ranges gives {dimension} "
                             f"variable(s) (x0 to x{dimension - 1})")


_QUAD_SIGNATURES = ("double (double)", "double (double, void *)", "double (int, double *)",
                    "double (int, double *, void *)")


def _quad_function(func, a, b, args, full_output, weight, options, progress):
    """quad of a LowLevelCallable not made by llcjit (a Numba cfunc, Cython),
    called as SciPy calls it, args and all; one unit of progress."""
    if func.signature not in _QUAD_SIGNATURES:
        raise ValueError(f"a LowLevelCallable for quad must have one of the signatures "
                         f"{', '.join(map(repr, _QUAD_SIGNATURES))}, not {func.signature!r}")
    if not isinstance(args, tuple):
        args = (args,)
    values = np.array([_real(v, "an args value") for v in args], dtype=np.float64)
    function, user_data = _function_and_user_data(func)
    a, b = _real(a, "a"), _real(b, "b")
    call = (func.signature.encode(), function, user_data,
            values.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), len(values), a, b,
            ctypes.byref(options))
    cycles = over_cycles(weight, a, b)
    if full_output:
        return full_result(lambda result, details: one_step(lambda: _check(
            _native.quad_function_full(*call, result, details)), progress),
            options.limit, options.limlst, cycles)
    result = _native.QuadResult()
    one_step(lambda: _check(_native.quad_function(*call, ctypes.byref(result))), progress)
    warn_unless_converged(np.array(result.ier), options.limit, cycles, stacklevel=4)
    return result.value, result.abserr


def _bound(value, where):
    """An nquad bound as the C string llcjit_range takes: a formula, or a
    number written exactly."""
    if isinstance(value, str):
        if "\0" in value:
            raise _nul_in_bound(value, where)
        return value.encode("utf-8", "surrogatepass")
    try:
        return repr(ctypes.c_double(value).value).encode()
    except TypeError:
        raise TypeError(f"{where} must be a number or a formula (str), not "
                        f"{type(value).__name__}") from None


def _nul_in_bound(text, where):
    """The CompileError a NUL byte in a bound gets anywhere else: the C
    string of llcjit_range would end there, silently dropping the rest."""
    data = text.encode("utf-8", "surrogatepass")
    index = data.index(b"\0")
    line = data.count(b"\n", 0, index) + 1
    column = index - (data.rfind(b"\n", 0, index) + 1) + 1
    message = f"{line}:{column}: error: unexpected byte 0x00 in {where}"
    return CompileError(_quote_whole_line(message, data, line, column), line, column)


def nquad(func: Union[str, Integrand, NQuadIntegrand], ranges: Sequence[Tuple[Any, Any]], /,
          *, args: Any = (), variables: Optional[Sequence[str]] = None,
          opts: Any = None, epsabs: float = 1.49e-8, epsrel: float = 1.49e-8,
          limit: int = 50, full_output: bool = False, **params: float) -> tuple:
    """Iterated integration in process, like scipy.integrate.nquad: ranges[i]
    bounds variable i (innermost first) as a pair of numbers or of formulas
    of the outer variables and the parameters, e.g. [("0", "sqrt(1 - x1^2)"),
    (0, 1)]. A formula's variables are x0, x1, ..., one per range (or the
    names in `variables`); parameters not given by keyword come from `args`.
    `opts` is SciPy's: a dict of quad's options for every level, or one per
    level (innermost first), with the keys epsabs, epsrel, limit, points,
    weight and wvar; a break point is a number or, where SciPy takes a
    function of the outer variables, a formula of them ({"points": ["x1/2"]}).
    epsabs, epsrel and limit are the defaults of every level.
    Returns (value, abserr), and with full_output a dict with neval (and
    ier); without it, SciPy's IntegrationWarning where a level did not
    converge."""
    ranges = list(ranges)
    if isinstance(func, (Integrand, NQuadIntegrand)):
        if variables is not None:
            raise TypeError("variables are for a formula; an llcjit integrand has its own")
        handle, order, params = func._handle, func._order, {**func.params, **params}
    elif isinstance(func, str):
        declared = (_variable_names(variables) if variables is not None
                    else tuple(f"x{i}" for i in range(len(ranges))))
        handle, order = _Handle.compile(func, "nquad", declared or None), None
        _check_dimension(handle, len(ranges))
    else:
        raise _not_a_formula(func)
    names = handle.parameters()
    params = _with_args(names, params, order, args, "nquad")
    buffer = _parameter_buffer(names, params)
    bounds = []
    for i, (lo, hi) in enumerate(ranges):
        bounds.append(_native.Range(_bound(lo, f"the lower bound of ranges[{i}]"),
                                    _bound(hi, f"the upper bound of ranges[{i}]")))
    c_ranges = (_native.Range * max(len(bounds), 1))(*bounds)
    keep = []
    levels = [_nquad_level(level, i, epsabs, epsrel, limit, keep)
              for i, level in enumerate(_levels(opts, len(bounds)))]
    c_levels = (_native.NQuadLevel * max(len(levels), 1))(*levels)
    result = _native.QuadResult()
    explained = ctypes.create_string_buffer(1024)  # SciPy's longest message: about 430 bytes
    _check(_native.nquad_levels_explained(handle.pointer, c_ranges, len(bounds), buffer,
                                          len(names), c_levels, ctypes.byref(result),
                                          explained, len(explained)))
    if full_output:
        return result.value, result.abserr, {"neval": result.neval, "ier": result.ier}
    # SciPy's nquad warns through each quad that does not converge; the
    # driver keeps the worst code, in the words of the level that gave it.
    if result.ier:
        warn_integration(explained.value.decode())
    return result.value, result.abserr
