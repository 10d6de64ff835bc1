"""What SciPy would call a foreign LowLevelCallable with, and the
signatures it accepts for one."""
from __future__ import annotations

import ctypes

from . import _native


def _signatures(template):
    """SciPy's spellings of a signature whose `{}` is intptr_t: intptr_t,
    npy_intp, and long or long long where they are that wide."""
    return (template.format("intptr_t"), template.format("npy_intp")) + tuple(
        template.format(name) for name, c_type in (("long", ctypes.c_long),
                                                   ("long long", ctypes.c_longlong))
        if ctypes.sizeof(c_type) == ctypes.sizeof(ctypes.c_ssize_t))


def _foreign(function, signatures, driver, params):
    """The function pointer and user_data of a foreign LowLevelCallable for
    `driver`, after SciPy's check of its signature; keyword parameters are
    for formulas only."""
    if function.signature not in signatures:
        raise ValueError(f"a LowLevelCallable for {driver} must have the signature "
                         f"{signatures[0]!r}, not {function.signature!r}")
    if params:
        raise TypeError("parameters are for formulas; a LowLevelCallable has user_data")
    return _function_and_user_data(function)


def _function_and_user_data(callable_):
    """The function pointer and user_data SciPy would call a LowLevelCallable
    with: the capsule it resolved them into (its first item, which its
    signature property reads too) has both, user_data defaulting as in
    SciPy to the context of a function capsule (such as an llcjit
    callable's .function)."""
    resolved = tuple.__getitem__(callable_, 0)
    return (_native.capsule_pointer(resolved, _native.capsule_name(resolved)),
            _native.capsule_context(resolved))
