"""llcjit: formula strings compiled to native callbacks for SciPy.

    >>> import numpy as np, scipy.integrate as si, llcjit
    >>> f = llcjit.integrand("exp(-a*x*x)", a=2.0)   # a scipy.LowLevelCallable
    >>> si.quad(f, -np.inf, np.inf)[0]               # SciPy calls llcjit's code
    1.2533141373155017
    >>> f.evaluate(0.5)
    0.6065306597126334
    >>> llcjit.quad("exp(-a*x*x)", -np.inf, np.inf, a=np.linspace(0.1, 10, 3))[0]
    array([5.60499122, 0.78873161, 0.56049912])
"""
from __future__ import annotations

from ._callables import (Filter1DKernel, FilterKernel, Integrand, NQuadIntegrand, Transform,
                         evaluate, filter1d_kernel, filter_kernel, integrand, transform)
from ._errors import CompileError, LlcjitError
from ._filter import generic_filter
from ._quad import nquad, quad
from ._native import version as _library_version

#: The version of the native library this package runs (the file VERSION).
__version__: str = _library_version().decode()

__all__ = ["CompileError", "LlcjitError", "Integrand", "NQuadIntegrand", "FilterKernel",
           "Filter1DKernel", "Transform", "integrand", "filter_kernel", "filter1d_kernel",
           "transform", "evaluate", "quad", "nquad", "generic_filter"]

# The public names belong to this module, where they are used from (and
# were defined): tracebacks and doctests show llcjit.CompileError, repr()
# <class 'llcjit.Integrand'>, and pickles name llcjit.Integrand._rebuild.
for _name in __all__:
    globals()[_name].__module__ = __name__
del _name
