#!/usr/bin/env python3
"""generic_filter1d, one thread, in one run: a moving range (max - min) of 5
and of 31 values along each axis of a 2048^2 float64 image, through
llcjit.generic_filter1d (the formula fused as generic_filter's kernel over a
line-shaped footprint) and through scipy.ndimage.generic_filter1d with the same moving range as a
Numba cfunc (a scipy.LowLevelCallable SciPy calls once per line); then the
window of 5 at 6476^2 (10x the pixels), and the copy floor (np.copyto of
the image). Every route writes into a preallocated output and is checked
against the other bit for bit before timing. Prints ms and llcjit's ratio
to SciPy + Numba (below 1: llcjit is faster).
Usage: bench/filter1d_bench.py [BUILD_DIR]"""
import sys

import numpy as np
import scipy
import scipy.ndimage as ndi
from _common import best, import_llcjit
from numba import carray, cfunc, types

llcjit = import_llcjit(sys.argv[1] if len(sys.argv) > 1 else None)
FORMULA = "max(values) - min(values)"
SIGNATURE = types.intc(types.CPointer(types.double), types.intp, types.CPointer(types.double),
                       types.intp, types.voidptr)


@cfunc(SIGNATURE)
def moving_range(line, line_length, out, out_length, user_data):
    values = carray(line, (line_length,))
    result = carray(out, (out_length,))
    size = line_length - out_length + 1
    for j in range(out_length):
        high = values[j]
        low = values[j]
        for k in range(1, size):
            v = values[j + k]
            high = max(high, v)
            low = min(low, v)
        result[j] = high - low
    return 1


NUMBA = scipy.LowLevelCallable(moving_range.ctypes)


def row(n, size, axis, repeat):
    image = np.random.default_rng(0).standard_normal((n, n))
    ours, theirs, copy = np.empty_like(image), np.empty_like(image), np.empty_like(image)
    run_ours = lambda: llcjit.generic_filter1d(image, FORMULA, size, axis=axis, output=ours,
                                               threads=1)
    run_theirs = lambda: ndi.generic_filter1d(image, NUMBA, size, axis=axis, output=theirs)
    run_ours()
    run_theirs()
    assert np.array_equal(ours, theirs), "llcjit and SciPy + Numba disagree"
    times = [best(f, repeat) * 1e3 for f in (run_ours, run_theirs,
                                              lambda: np.copyto(copy, image))]
    print(f"{n:>5}² size {size:>2} axis {axis}  {times[0]:8.1f} {times[1]:8.1f} {times[2]:8.1f}"
          f"   {times[0] / times[1]:6.2f}")


print("moving range (max - min), float64, 1 thread; ms")
print("                        llcjit  SciPy+Numba  copy  llcjit/SciPy+Numba")
for size in (5, 31):
    for axis in (0, 1):
        row(2048, size, axis, 5)
for axis in (0, 1):
    row(6476, 5, axis, 2)
