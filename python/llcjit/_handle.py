"""The handle of one compiled formula (an llcjit_callback), which keeps its
code alive."""
from __future__ import annotations

import ctypes
import functools

from . import _native
from ._arguments import _source_bytes
from ._errors import _check


class _Handle:
    """Owns one llcjit_callback handle; the compiled code lives while it does."""

    def __init__(self, pointer):
        self.pointer = pointer
        self.raw = pointer.value  # the llcjit_callback's address, as _speedups takes it
        self._parameters = None
        self._variables = None
        # Entry point -> (address, SciPy signature): fixed once compiled, and
        # asked for by every object with_params makes.
        self._entries = {}

    @classmethod
    def compile(cls, source, kind=None, variables=None):
        """variables: names checked by _variable_names (a tuple), or None.
        The same formula asked for again gets the same handle: a call per
        integral with a formula string costs no compile, nor a C call."""
        if type(source) is str and (variables is None or type(variables) is tuple):
            return _compile_cached(source, kind, variables)
        return cls._compile(source, kind, variables)

    @classmethod
    def _compile(cls, source, kind, variables):
        text = _source_bytes(source)
        options = _native.Options()
        _native.options_init(ctypes.byref(options))
        if kind is not None:
            if kind not in _native.KINDS:
                raise ValueError(f"unknown kind {kind!r}; one of {sorted(_native.KINDS)}")
            options.kind = _native.KINDS[kind]
        if variables:
            names = (ctypes.c_char_p * len(variables))(*(v.encode() for v in variables))
            options.variables, options.variable_count = names, len(variables)
        pointer = ctypes.c_void_p()
        _check(_native.compile_n(None, text, len(text), ctypes.byref(options),
                                 ctypes.byref(pointer)))
        return cls(pointer)

    def kind(self):
        return {v: k for k, v in _native.KINDS.items()}[_native.callback_kind(self.pointer)]

    def parameters(self):
        if self._parameters is None:
            count = _native.callback_parameter_count(self.pointer)
            self._parameters = tuple(_native.callback_parameter(self.pointer, i).decode()
                                     for i in range(count))
        return self._parameters

    def variables(self):
        """The variable names: ("x",), the nquad variables innermost first, ..."""
        if self._variables is None:
            count = _native.callback_variable_count(self.pointer)
            self._variables = tuple(_native.callback_variable(self.pointer, i).decode()
                                    for i in range(count))
        return self._variables

    def address(self, entry):
        return self.entry(entry)[0]

    def entry(self, entry):
        """The entry point's address and its SciPy signature (bytes)."""
        if entry not in self._entries:
            address = ctypes.c_void_p()
            _check(_native.callback_address(self.pointer, entry, ctypes.byref(address)))
            self._entries[entry] = address.value, _native.entry_signature(entry)
        return self._entries[entry]

    # The release function is bound here: at interpreter exit the handles
    # kept for reuse outlive this module's globals.
    def __del__(self, release=_native.callback_release):
        if self.pointer:
            release(self.pointer)
            self.pointer = None


# The handles of the formulas compiled last (errors are not kept): a handle
# is immutable, so callers share it.
_compile_cached = functools.lru_cache(maxsize=64)(_Handle._compile)
