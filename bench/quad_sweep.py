#!/usr/bin/env python3
"""The seed quadrature workload side by side in one run: SciPy's quad driving
a Numba cfunc LowLevelCallable and an llcjit one, against llcjit's in-process
driver (one thread, all cores). Prints times and ratios, and checks that the
values and neval agree. Usage: bench/quad_sweep.py BUILD_DIR"""
import json
import math
import subprocess
import sys
import time

import numpy as np
import scipy
import scipy.integrate as si
from _common import import_llcjit
from numba import cfunc, types

build = sys.argv[1] if len(sys.argv) > 1 else "build"
llcjit = import_llcjit(build)
a = np.linspace(0.1, 10, 10000)


@cfunc(types.double(types.intc, types.CPointer(types.double)))
def gaussian(n, xx):
    return math.exp(-xx[1] * xx[0] * xx[0])


llc = scipy.LowLevelCallable(gaussian.ctypes)
scipy_seconds = math.inf
for _ in range(3):
    start = time.perf_counter()
    scipy_results = [si.quad(llc, -np.inf, np.inf, args=(ai,), full_output=1) for ai in a]
    scipy_seconds = min(scipy_seconds, time.perf_counter() - start)

# SciPy's quad with llcjit's pointer, as a user writes it: one formula, new
# parameter values for each integral (no recompilation).
gaussian_llcjit = llcjit.integrand("exp(-a*x*x)", a=1.0)
bridge_seconds = math.inf
for _ in range(3):
    start = time.perf_counter()
    bridge_results = [si.quad(gaussian_llcjit.with_params(a=ai), -np.inf, np.inf, full_output=1)
                      for ai in a]
    bridge_seconds = min(bridge_seconds, time.perf_counter() - start)
assert all(b[0] == s[0] and b[2]["neval"] == s[2]["neval"]
           for b, s in zip(bridge_results, scipy_results))

ours = json.loads(subprocess.run([f"{build}/bin/llcjit-bench-quad"], check=True,
                                 capture_output=True, text=True).stdout)
values = np.array(ours["values"])
want = np.array([r[0] for r in scipy_results])
same_neval = all(n == r[2]["neval"] for n, r in zip(ours["neval"], scipy_results))
worst_vs_scipy = float(np.max(np.abs(values - want) / np.abs(want)))

def row(label, seconds, note=""):
    print(f"  {label:<52} {seconds * 1e3:9.2f} ms  {note}")

print("seed sweep: integral of exp(-a*x*x) over the real line, 10,000 values of a")
row("SciPy quad + Numba cfunc LowLevelCallable", scipy_seconds)
row("SciPy quad + llcjit LowLevelCallable (with_params)", bridge_seconds,
    f"{scipy_seconds / bridge_seconds:.2f}x (same values and neval as with Numba's)")
row("llcjit quad_sweep, 1 thread", ours["one_thread_s"],
    f"{scipy_seconds / ours['one_thread_s']:.1f}x faster than SciPy + Numba (target >= 10x)")
row(f"llcjit quad_sweep, {ours['cores']} threads", ours["all_cores_s"],
    f"{scipy_seconds / ours['all_cores_s']:.1f}x")
row("llcjit quad_sweep, 1 thread, --vector-math (libmvec)", ours["one_thread_vector_math_s"],
    f"{scipy_seconds / ours['one_thread_vector_math_s']:.1f}x")
print(f"  values vs SciPy: worst relative difference {worst_vs_scipy:.2g}; "
      f"neval identical: {same_neval}")
print(f"  worst relative error against sqrt(pi/a): {ours['worst_relative_error']:.2g}")
