"""Conversion and validation of user arguments: formulas, variable and
parameter names, C integers and doubles, and the parameter buffer."""
from __future__ import annotations

import ctypes
import inspect
import operator
import os
import re

import numpy as np


def _not_a_formula(value, expected="a formula string or an llcjit object"):
    """The TypeError for what is not a formula, saying so of a Python function."""
    return TypeError(f"expected {expected}, got {type(value).__name__}"
                     + (" (llcjit compiles formulas, not Python functions)"
                        if callable(value) else ""))


def _source_bytes(source, what="source"):
    """A formula as the bytes llcjit_compile_n takes with their length, so
    that a NUL in it is a compile error at its column rather than the end of
    the formula. A lone surrogate passes through as bytes the lexer reports
    as stray, like any character outside the language."""
    if not isinstance(source, str):
        raise _not_a_formula(source)
    return source.encode("utf-8", "surrogatepass")


# A name of the formula language (grammar/llcjit.ebnf) and its keywords.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_KEYWORDS = frozenset({"and", "or", "not"})


def _variable_names(variables):
    """Declared variable names, checked here: they cross the C ABI as C
    strings (a NUL would end one early), and the C++ side takes any string,
    so that '' or '1a' declared a variable no formula can name."""
    if isinstance(variables, (str, bytes)):
        raise TypeError(f"variables must be a sequence of names such as ('y', 'x'), "
                        f"not the {type(variables).__name__} {variables!r}")
    names = tuple(variables)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"variables must be names (str), not {type(name).__name__} "
                            f"{name!r}")
        if "\0" in name:
            raise ValueError(f"variables: {name!r} contains a NUL character")
        if not _NAME.match(name) or name in _KEYWORDS:
            raise ValueError(f"variables: {name!r} is not a name (a letter or '_', then "
                             f"letters, digits or '_'; not a keyword)")
    return names


# The ranges of the C integers options go to: ctypes keeps the low bits of
# anything larger (quad(limit=2**32 + 3) ran with limit 3).
_INT_MAX = 2 ** (8 * ctypes.sizeof(ctypes.c_int) - 1) - 1
_UNSIGNED_MAX = 2 ** (8 * ctypes.sizeof(ctypes.c_uint)) - 1


def _integer(value, name):
    try:
        return operator.index(value)
    except TypeError as error:
        raise TypeError(f"{name} must be an integer: {error}") from None


def _c_int(value, name):
    value = _integer(value, name)
    if not -_INT_MAX - 1 <= value <= _INT_MAX:
        raise OverflowError(f"{name}={value} does not fit in a C int "
                            f"({-_INT_MAX - 1} to {_INT_MAX})")
    return value


def _c_unsigned(value, name):
    value = _integer(value, name)
    if value < 0:
        raise ValueError(f"{name} must be at least 0, got {value}")
    if value > _UNSIGNED_MAX:
        raise OverflowError(f"{name}={value} does not fit in a C unsigned int "
                            f"(at most {_UNSIGNED_MAX})")
    return value


# The C ABI's most threads (llcjit/threads.hpp's kMaxThreads).
_MAX_THREADS = 1024


def _threads(workers):
    """SciPy's workers= as the C ABI's threads (0: all cores). As in
    scipy.fft, a negative count wraps around from os.cpu_count() (-1: all
    cores) and workers is a maximum, so a count past the C ABI's limit
    runs on that many threads."""
    workers = _integer(workers, "workers")
    if workers == -1:
        return 0
    cores = os.cpu_count() or 1
    if workers < 0:
        if workers < -cores:
            raise ValueError(f"workers value out of range; got {workers}, must not be less "
                             f"than {-cores}")
        workers += 1 + cores
    elif workers == 0:
        raise ValueError("workers must not be zero")
    return min(workers, _MAX_THREADS)


def _thread_count(threads, workers):
    """The C ABI's threads (0: all cores) from a driver's threads= (0: all
    cores) or SciPy's workers= (-1: all cores), whichever the caller gave."""
    if workers is None:
        return _c_unsigned(threads, "threads")
    if threads != 0:
        raise TypeError("give threads or workers, not both")
    return _threads(workers)


def _real(value, name):
    """value as a C double, as SciPy's C code parses its double arguments
    (float() would also take the str '2.5'), refused in its words after the
    argument's name."""
    if isinstance(value, float):  # float and numpy.float64, without a ctypes object
        return float(value)
    try:
        return ctypes.c_double(value).value
    except TypeError:
        raise TypeError(f"{name} must be real number, not {type(value).__name__}") from None


def _real_array(value, name):
    """value as float64 numbers: numpy would drop an imaginary part with a
    warning, parse strings and turn None into NaN."""
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        kind = "complex" if array.dtype.kind == "c" else f"of dtype {array.dtype}"
        raise TypeError(f"{name} must be real numbers, not {kind}")
    return array.astype(np.float64, copy=False)


def _shown(name):
    # A name that is not one (a NUL, a space) is quoted so that it shows.
    return name if _NAME.match(name) else repr(name)


def _check_names(names, values):
    if len(values) == len(names) and all(name in values for name in names):
        return  # every parameter given, and nothing else
    missing = [name for name in names if name not in values]
    unknown = [name for name in values if name not in names]
    if missing:
        raise TypeError(f"missing value for parameter(s) {', '.join(missing)}")
    if unknown:
        raise TypeError(f"the formula has no parameter(s) {', '.join(map(_shown, unknown))} "
                        f"(its parameters: {', '.join(names) or 'none'})")


def _from_args(names, values, order):
    """The parameters not given a value by keyword, in the order of `order`
    (all of `names`, or None for their own order): those SciPy's args give."""
    unknown = [name for name in values if name not in names]
    if unknown:
        raise TypeError(f"the formula has no parameter(s) {', '.join(map(_shown, unknown))} "
                        f"(its parameters: {', '.join(names) or 'none'})")
    if order is None:
        order = names
    else:
        if isinstance(order, (str, bytes)) or not all(isinstance(n, str) for n in order):
            raise TypeError(f"params must be a sequence of parameter names, such as "
                            f"('a', 'b'), not {order!r}")
        order = tuple(order)
        if sorted(order) != sorted(names):
            raise ValueError(f"params must name each parameter of the formula once "
                             f"({', '.join(names) or 'none'}), not {', '.join(order) or 'none'}")
    return tuple(name for name in order if name not in values)


def _parameter_values(names, values):
    """The values of the parameters `names`, in that order, as floats."""
    if not names and not values:
        return ()
    _check_names(names, values)
    return tuple(_real(values[n], f"parameter {n}") for n in names)


def _keyword_clash(error, names, values, function, factory):
    """`error`, or where it is a missing parameter's and some of the
    formula's missing parameters are named like `function`'s own arguments
    (which took the values given by those names), a TypeError that says so
    and names every missing one."""
    if not str(error).startswith("missing value for parameter"):
        return error
    own = inspect.signature(function).parameters
    missing = [name for name in names if name not in values]
    clash = [name for name in missing
             if name in own and own[name].kind is not inspect.Parameter.VAR_KEYWORD]
    if not clash:
        return error
    own_arguments = "its own argument" + ("s" if len(clash) > 1 else "")
    return TypeError(f"missing value for parameter(s) {', '.join(missing)}: {function.__name__} "
                     f"takes {', '.join(clash)} as {own_arguments}; give the formula's with "
                     f"llcjit.{factory}(formula, {clash[0]}=...)")


def _parameter_buffer(names, values):
    return (ctypes.c_double * max(len(names), 1))(*_parameter_values(names, values))


def _no_python_arguments(extra_arguments, extra_keywords):
    """SciPy's arguments for a Python callable, which llcjit never calls:
    checked as SciPy checks them, their empty defaults pass (wrappers
    forward them), and values are a TypeError (SciPy ignores them for a
    LowLevelCallable; a formula's user meant them to count)."""
    if not isinstance(extra_arguments, tuple):
        raise RuntimeError("extra_arguments must be a tuple")
    if extra_keywords is not None and not isinstance(extra_keywords, dict):
        raise RuntimeError("extra_keywords must be a dictionary")
    for name, value in (("extra_arguments", extra_arguments), ("extra_keywords", extra_keywords)):
        if value:
            raise TypeError(f"{name} passes values to a Python function, which llcjit does "
                            f"not call; give a formula's parameters as keyword arguments")
