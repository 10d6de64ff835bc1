#!/usr/bin/env python3
"""What one call from Python costs (issue 17, item 6), in one run: one
integral through llcjit.quad against scipy.integrate.quad with the same
pointer and with a Numba cfunc; a new callable with other parameters
(with_params) against a new scipy.LowLevelCallable of a Numba cfunc; and the
share of a sweep spent turning its C results into NumPy arrays.
Usage: bench/per_call_bench.py BUILD_DIR"""
import ctypes
import math
import sys
import time
import timeit

import numpy as np
import scipy
import scipy.integrate as si
from _common import import_llcjit
from numba import cfunc, types

llcjit = import_llcjit(sys.argv[1] if len(sys.argv) > 1 else None)
from llcjit._quad import _RESULT_FIELDS  # noqa: E402  (the sweep's result layout)


def per_call(statement, number=20000, repeat=7, **names):
    """The best of `repeat` timings of `statement`, per call, in µs."""
    return min(timeit.repeat(statement, globals=names, number=number, repeat=repeat)) / number * 1e6


@cfunc(types.double(types.intc, types.CPointer(types.double)))
def numba_gaussian(n, xx):
    return math.exp(-xx[1] * xx[0] * xx[0])


numba_llc = scipy.LowLevelCallable(numba_gaussian.ctypes)
f = llcjit.integrand("exp(-a*x*x)", a=2.0)
names = dict(si=si, llcjit=llcjit, f=f, numba=numba_llc, np=np, scipy=scipy,
             ctypes_function=numba_gaussian.ctypes)
assert llcjit.quad(f, -np.inf, np.inf) == si.quad(f, -np.inf, np.inf) == si.quad(
    numba_llc, -np.inf, np.inf, args=(2.0,))

print("one integral of exp(-a*x*x), a = 2, µs per call (best of 7 x 20,000)")
print(f"  {'':<44} {'[0, 1]':>9} {'(-inf, inf)':>12}")
rows = {}
for label, statement in [
        ("scipy.integrate.quad, Numba cfunc, args=(2,)", "si.quad(numba, {}, args=(2.0,))"),
        ("scipy.integrate.quad, llcjit integrand", "si.quad(f, {})"),
        ("llcjit.quad, llcjit integrand", "llcjit.quad(f, {})"),
        ("llcjit.quad, formula string, a=2", "llcjit.quad('exp(-a*x*x)', {}, a=2.0)")]:
    rows[label] = [per_call(statement.format(limits), **names)
                   for limits in ("0, 1", "-np.inf, np.inf")]
    print(f"  {label:<44} {rows[label][0]:9.2f} {rows[label][1]:12.2f}")
reference = rows["scipy.integrate.quad, llcjit integrand"]
mine = rows["llcjit.quad, llcjit integrand"]
print(f"  llcjit.quad / scipy.integrate.quad, same pointer: {mine[0] / reference[0]:.2f} and "
      f"{mine[1] / reference[1]:.2f} (target <= 1)")

print("a callable with another parameter value, µs per call")
with_params = per_call("f.with_params(a=3.0)", number=200000, **names)
numba_new = per_call("scipy.LowLevelCallable(ctypes_function)", number=200000, **names)
print(f"  {'f.with_params(a=3.0)':<44} {with_params:9.2f}  (target <= 0.5)")
print(f"  {'scipy.LowLevelCallable(numba cfunc.ctypes)':<44} {numba_new:9.2f}")

print("sweeps of the seed integrand over the real line, one thread, growing 10x")
for count in (10_000, 100_000):
    a = np.linspace(0.1, 10, count)

    def numba_loop():
        for value in a:
            si.quad(numba_llc, -np.inf, np.inf, args=(value,))
    numba_seconds = min(timeit.repeat(numba_loop, number=1, repeat=3))
    llcjit_seconds = min(timeit.repeat(
        lambda: llcjit.quad(f, -np.inf, np.inf, a=a, workers=1), number=1, repeat=3))
    print(f"  {count:>7,} integrals: SciPy quad + Numba cfunc {numba_seconds * 1e3:8.1f} ms, "
          f"llcjit.quad sweep {llcjit_seconds * 1e3:7.1f} ms: {numba_seconds / llcjit_seconds:.1f}x")

print("the seed sweep at 100x: 1,000,000 integrals over (-inf, inf), one thread")
a = np.linspace(0.1, 10, 1_000_000)
start = time.perf_counter()
llcjit.quad(f, -np.inf, np.inf, a=a, workers=1)
total = time.perf_counter() - start
# What the call does with the C results, alone.
fields = np.empty(a.size, dtype=_RESULT_FIELDS)
fields[:] = 0
start = time.perf_counter()
converted = [fields[name].copy() for name in ("value", "abserr", "ier")]
conversion = time.perf_counter() - start
print(f"  {'whole call':<44} {total * 1e3:9.1f} ms")
print(f"  {'results into NumPy arrays':<44} {conversion * 1e3:9.1f} ms  "
      f"({conversion / total:.1%} of the call; target <= 5%)")

print("one small filter: the erosion of a uint8 image by a cross, one thread, µs per call")
import cv2  # noqa: E402
import scipy.ndimage as ndi  # noqa: E402

cv2.setNumThreads(1)
cross = ndi.generate_binary_structure(2, 1)
for side in (8, 64, 256):
    image = np.random.default_rng(0).integers(0, 256, (side, side), dtype=np.uint8)
    out = np.empty_like(image)
    filters = dict(llcjit=llcjit, cv2=cv2, ndi=ndi, image=image, out=out, cross=cross,
                   kernel=cross.astype(np.uint8))
    number = 2000 if side < 256 else 500
    mine = per_call("llcjit.generic_filter(image, 'min(values)', footprint=cross, output=out, "
                    "threads=1)", number=number, **filters)
    opencv = per_call("cv2.erode(image, kernel, dst=out, borderType=cv2.BORDER_REFLECT)",
                      number=number, **filters)
    scipy_time = per_call("ndi.grey_erosion(image, footprint=cross, output=out)",
                          number=number, **filters)
    print(f"  {side:>3}²: llcjit.generic_filter {mine:7.1f}, cv2.erode {opencv:7.1f}, "
          f"grey_erosion {scipy_time:7.1f}: {mine / opencv:.2f}x OpenCV")
