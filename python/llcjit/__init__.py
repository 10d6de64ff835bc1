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

import pathlib as _pathlib

from ._callables import (Filter1DKernel, FilterKernel, Integrand, NQuadIntegrand, Transform,
                         evaluate, filter1d_kernel, filter_kernel, integrand, transform)
from ._errors import CompileError, LlcjitError
from ._filter import filter_algorithm, generic_filter
from ._filter1d import generic_filter1d
from ._interpolation import (geometric_transform, map_coordinates, spline_filter,
                             spline_filter1d)
from ._quad import nquad, quad
from ._native import lib as _lib, version as _library_version

#: The version of this package and of the native library it runs (the
#: project's one file VERSION): a library of another version is refused at
#: import, as its C ABI may differ.
__version__: str = (_pathlib.Path(__file__).with_name("VERSION")).read_text().strip()
if _library_version().decode() != __version__:
    raise ImportError(f"llcjit {__version__} cannot use the native library {_lib._name}, "
                      f"which is version {_library_version().decode()}: rebuild it, or point "
                      f"LLCJIT_LIBRARY at a libllcjit of version {__version__}")

__all__ = ["CompileError", "LlcjitError", "Integrand", "NQuadIntegrand", "FilterKernel",
           "Filter1DKernel", "Transform", "integrand", "filter_kernel", "filter1d_kernel",
           "transform", "evaluate", "quad", "nquad", "generic_filter", "filter_algorithm",
           "generic_filter1d",
           "geometric_transform",
           "map_coordinates", "spline_filter", "spline_filter1d"]

# The public names belong to this module, where they are used from (and
# were defined): tracebacks and doctests show llcjit.CompileError, repr()
# <class 'llcjit.Integrand'>, and pickles name llcjit.Integrand._rebuild.
for _name in __all__:
    globals()[_name].__module__ = __name__
del _name


def __dir__():
    """The public API, as `from llcjit import *` gives it (and __version__)."""
    return sorted([*__all__, "__version__"])
