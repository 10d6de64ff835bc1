#!/usr/bin/env python3
"""The seed erosion and a median filter side by side in one run:
scipy.ndimage's own routines, generic_filter with a Numba cfunc, and llcjit's
driver (unfused for now) on one thread and all cores, with the copy
bandwidth bound for reference. Usage: bench/filter_bench.py BUILD_DIR"""
import os
import sys

import numpy as np
import scipy
import scipy.ndimage as ndi
from _common import best, import_llcjit
from numba import carray, cfunc, types

llcjit = import_llcjit(sys.argv[1] if len(sys.argv) > 1 else None)


def row(label, seconds, reference=None):
    ratio = f"{reference / seconds:6.2f}x vs grey_erosion" if reference else ""
    print(f"  {label:<50} {seconds * 1e3:9.1f} ms  {ratio}")


@cfunc(types.intc(types.CPointer(types.double), types.intp, types.CPointer(types.double),
                  types.voidptr))
def numba_min(values, size, result, user_data):
    result[0] = np.min(carray(values, (size,), types.double))
    return 1


image = np.random.default_rng(0).standard_normal((2048, 2048))
cross = ndi.generate_binary_structure(2, 1)
kernel = llcjit.filter_kernel("min(values)")
copy = best(lambda: image.copy())
grey = best(lambda: ndi.grey_erosion(image, footprint=cross))
numba = best(lambda: ndi.generic_filter(image, scipy.LowLevelCallable(numba_min.ctypes),
                                        footprint=cross))
through_scipy = best(lambda: ndi.generic_filter(image, kernel, footprint=cross))
all_cores = best(lambda: llcjit.generic_filter(image, kernel, footprint=cross))
print("seed erosion: min over a cross, 2048 x 2048 float64")
row("bandwidth bound (read + write = image.copy())", copy, grey)
row("scipy.ndimage.grey_erosion", grey, grey)
row("scipy generic_filter + Numba cfunc", numba, grey)
row("scipy generic_filter + llcjit filter_kernel", through_scipy, grey)
row(f"llcjit.generic_filter, {os.cpu_count()} threads (unfused)", all_cores, grey)

median_image = np.random.default_rng(1).standard_normal((1024, 1024))
median_scipy = best(lambda: ndi.median_filter(median_image, size=5), repeat=2)
median_ours = best(lambda: llcjit.generic_filter(median_image, "median(values)", size=5),
                   repeat=2)
print("5 x 5 median, 1024 x 1024")
row("scipy.ndimage.median_filter", median_scipy)
print(f"  {'llcjit.generic_filter median(values) (unfused)':<50} {median_ours * 1e3:9.1f} ms"
      f"  {median_scipy / median_ours:6.2f}x vs median_filter")
