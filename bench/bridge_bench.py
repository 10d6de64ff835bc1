#!/usr/bin/env python3
"""SciPy driving llcjit's callables against SciPy driving Numba's, in one run:
quad over the seed sweep, generic_filter on the seed erosion (smaller
image), and the time each takes to compile the seed formulas.
Usage: bench/bridge_bench.py BUILD_DIR"""
import ctypes
import math
import time
import sys

import numpy as np
import scipy
import scipy.integrate as si
import scipy.ndimage as ndi
from _common import best, import_llcjit
from numba import carray, cfunc, types

llcjit = import_llcjit(sys.argv[1] if len(sys.argv) > 1 else None)


def row(label, seconds, note=""):
    print(f"  {label:<56} {seconds * 1e3:10.2f} ms  {note}")


# Compile time of the seed formulas.
start = time.perf_counter()
@cfunc(types.double(types.double, types.voidptr))
def numba_gaussian(x, user_data):
    a = carray(user_data, (1,), types.double)[0]
    return math.exp(-a * x * x)
numba_quad_compile = time.perf_counter() - start

start = time.perf_counter()
@cfunc(types.intc(types.CPointer(types.double), types.intp, types.CPointer(types.double),
                  types.voidptr))
def numba_min(values, size, result, user_data):
    buffer = carray(values, (size,), types.double)
    result[0] = np.min(buffer)
    return 1
numba_filter_compile = time.perf_counter() - start

start = time.perf_counter()
ours = llcjit.integrand("exp(-a*x*x) # fresh", a=1.0)
llcjit_quad_compile = time.perf_counter() - start
start = time.perf_counter()
kernel = llcjit.filter_kernel("min(values) # fresh")
llcjit_filter_compile = time.perf_counter() - start

print("compile the seed formulas")
row("Numba cfunc exp(-a*x*x)", numba_quad_compile)
row("llcjit.integrand exp(-a*x*x)", llcjit_quad_compile,
    f"{numba_quad_compile / llcjit_quad_compile:.0f}x faster")
row("Numba cfunc min(values)", numba_filter_compile)
row("llcjit.filter_kernel min(values)", llcjit_filter_compile,
    f"{numba_filter_compile / llcjit_filter_compile:.0f}x faster")

# SciPy's quad over the seed sweep with each pointer.
a = np.linspace(0.1, 10, 10000)
buffer = np.zeros(1)
numba_llc = scipy.LowLevelCallable(numba_gaussian.ctypes, buffer.ctypes.data_as(ctypes.c_void_p))


def sweep_numba():
    for value in a:
        buffer[0] = value
        si.quad(numba_llc, -np.inf, np.inf)


def sweep_llcjit():
    # The same loop as Numba's: the parameter values are rewritten in place.
    values = (ctypes.c_double * 1).from_address(ours._user_data())
    for value in a:
        values[0] = value
        si.quad(ours, -np.inf, np.inf)


numba_sweep = best(sweep_numba)
llcjit_sweep = best(sweep_llcjit)
print("scipy.integrate.quad over 10,000 values of a, same loop")
row("with Numba's cfunc", numba_sweep)
row("with llcjit's integrand", llcjit_sweep,
    f"ratio llcjit / Numba {llcjit_sweep / numba_sweep:.2f} (target <= 1.0)")

# SciPy's generic_filter on the seed erosion, 512 x 512.
image = np.random.default_rng(0).standard_normal((512, 512))
cross = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool)
numba_filter = scipy.LowLevelCallable(numba_min.ctypes)
numba_time = best(lambda: ndi.generic_filter(image, numba_filter, footprint=cross))
llcjit_time = best(lambda: ndi.generic_filter(image, kernel, footprint=cross))
assert np.array_equal(ndi.generic_filter(image, numba_filter, footprint=cross),
                      ndi.generic_filter(image, kernel, footprint=cross))
print("scipy.ndimage.generic_filter, min over a cross, 512 x 512")
row("with Numba's cfunc", numba_time)
row("with llcjit's filter_kernel", llcjit_time,
    f"ratio llcjit / Numba {llcjit_time / numba_time:.2f} (target <= 1.0)")
