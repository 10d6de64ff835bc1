"""PyCapsules that keep alive what they point into, for as long as they
exist."""
from __future__ import annotations

import ctypes

from . import _native


# What each capsule made by _owning_capsule keeps alive, by the capsule's
# address (its id); the capsule's destructor drops the entry.
_OWNED = {}


def _drop_owned(capsule, owned=_OWNED):
    owned.pop(capsule, None)


# One reference never given back: a capsule may outlive this module at
# interpreter shutdown, and its destructor must still be there.
_CAPSULE_DESTRUCTOR = _native.CapsuleDestructor(_drop_owned)
_native.incref(_CAPSULE_DESTRUCTOR)
_CAPSULE_DESTRUCTOR_ADDRESS = ctypes.cast(_CAPSULE_DESTRUCTOR, ctypes.c_void_p).value


def _owning_capsule(pointer, name, context, *owned):
    """A PyCapsule of `pointer` named `name` that keeps `owned` (and `name`,
    bytes the capsule points into) alive for as long as it exists, however
    long that is: SciPy, or the caller, may keep just the capsule. `context`
    is a plain address, not the owner: SciPy passes a function capsule's
    context as user_data when it is given none."""
    capsule = _native.capsule_new(pointer, name, _CAPSULE_DESTRUCTOR_ADDRESS)
    _OWNED[id(capsule)] = (name, *owned)
    if context:
        _native.capsule_set_context(capsule, context)
    return capsule


def _function_and_user_data(callable_):
    """The function pointer and user_data SciPy would call a LowLevelCallable
    with: the capsule it resolved them into (its first item, which its
    signature property reads too) has both, user_data defaulting as in
    SciPy to the context of a function capsule (such as an llcjit
    callable's .function)."""
    resolved = tuple.__getitem__(callable_, 0)
    return (_native.capsule_pointer(resolved, _native.capsule_name(resolved)),
            _native.capsule_context(resolved))
