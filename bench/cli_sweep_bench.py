"""`llcjit quad` sweeping two parameters (an outer product) against SciPy's
quad over the same grid with a Numba cfunc LowLevelCallable, at 10,000
integrals (the seed's count) and 10x that, in one run.

    python3 bench/cli_sweep_bench.py [BUILD_DIR]
"""
import math
import pathlib
import subprocess
import sys
import time

import numba
import numpy as np
import scipy
import scipy.integrate as si
from numba import types

from _common import ROOT

build = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build").resolve()


@numba.cfunc(types.double(types.intc, types.CPointer(types.double)))
def integrand(n, xx):
    return math.exp(-xx[1] * xx[0] * xx[0]) * math.cos(xx[2] * xx[0])


f = scipy.LowLevelCallable(integrand.ctypes)
for a_count, b_count in ((100, 100), (1000, 100)):
    a, b = np.linspace(0.1, 10, a_count), np.linspace(0, 1, b_count)
    start = time.perf_counter()
    for ai in a:
        for bi in b:
            si.quad(f, -np.inf, np.inf, args=(ai, bi))
    scipy_s = time.perf_counter() - start
    start = time.perf_counter()
    out = subprocess.run([str(build / "bin" / "llcjit"), "quad", "exp(-a*x*x)*cos(b*x)", "-inf",
                          "inf", f"a=0.1:10:{a_count}", f"b=0:1:{b_count}", "--threads", "1"],
                         capture_output=True, text=True, check=True).stdout
    llcjit_s = time.perf_counter() - start
    assert out.count("\n") == a_count * b_count
    print(f"{a_count * b_count:>7,} integrals: SciPy quad + Numba cfunc {scipy_s:7.2f} s, "
          f"llcjit quad (one process, 1 thread, printing every line) {llcjit_s:6.2f} s: "
          f"{scipy_s / llcjit_s:5.1f}x")
