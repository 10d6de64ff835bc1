"""What SciPy would call a foreign LowLevelCallable with."""
from __future__ import annotations

from . import _native


def _function_and_user_data(callable_):
    """The function pointer and user_data SciPy would call a LowLevelCallable
    with: the capsule it resolved them into (its first item, which its
    signature property reads too) has both, user_data defaulting as in
    SciPy to the context of a function capsule (such as an llcjit
    callable's .function)."""
    resolved = tuple.__getitem__(callable_, 0)
    return (_native.capsule_pointer(resolved, _native.capsule_name(resolved)),
            _native.capsule_context(resolved))
