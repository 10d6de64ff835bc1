#!/usr/bin/env python3
"""The seed erosion and a 5x5 median side by side in one run: scipy.ndimage's
own routines, SciPy's generic_filter with a Numba cfunc and with an llcjit
kernel, and llcjit's fused driver on one thread and on all cores, with the
memory-bandwidth bound of the erosion for reference. Every route writes
into an output array given to it (all of SciPy's routes accept one), so that
what is timed is the filtering, not the kernel zeroing fresh pages of a new
32 MiB array; every route's result is checked against SciPy's.
Usage: bench/filter_bench.py [BUILD_DIR]"""
import os
import sys

import numpy as np
import scipy
import scipy.ndimage as ndi
from _common import best, import_llcjit
from numba import carray, cfunc, types

llcjit = import_llcjit(sys.argv[1] if len(sys.argv) > 1 else None)
CORES = os.cpu_count()


@cfunc(types.intc(types.CPointer(types.double), types.intp, types.CPointer(types.double),
                  types.voidptr))
def numba_min(values, size, result, user_data):
    result[0] = np.min(carray(values, (size,), types.double))
    return 1


def table(title, rows, references):
    """rows: (label, seconds, result); ratios against each named reference."""
    print(title)
    for label, seconds, _ in rows:
        ratios = "  ".join(f"{references[name] / seconds:6.2f}x vs {name}" for name in references)
        print(f"  {label:<56} {seconds * 1e3:8.2f} ms  {ratios}")


def timed(function, repeat=20):
    """function(output) -> its best time and what it wrote (a copy). The
    fast routes take the best of 20: on a shared machine single runs of a
    few milliseconds vary by 20 %."""
    output = np.full(shape, np.nan)
    function(output)  # compiles and caches what it needs
    seconds = best(lambda: function(output), repeat)
    return seconds, output.copy()


shape = (2048, 2048)
image = np.random.default_rng(0).standard_normal(shape)
cross = ndi.generate_binary_structure(2, 1)
scratch = np.empty_like(image)
copy_seconds = best(lambda: np.copyto(scratch, image), 10)
moved = 2 * image.nbytes  # the erosion reads the image once and writes it once
bandwidth = moved / copy_seconds
want = ndi.grey_erosion(image, footprint=cross)
kernel = llcjit.filter_kernel("min(values)")
numba_callable = scipy.LowLevelCallable(numba_min.ctypes)
rows = [
    ("scipy.ndimage.grey_erosion",
     *timed(lambda out: ndi.grey_erosion(image, footprint=cross, output=out))),
    ("scipy generic_filter + Numba cfunc",
     *timed(lambda out: ndi.generic_filter(image, numba_callable, footprint=cross, output=out),
            3)),
    ("scipy generic_filter + llcjit filter_kernel",
     *timed(lambda out: ndi.generic_filter(image, kernel, footprint=cross, output=out), 3)),
    ("llcjit.generic_filter, Numba cfunc (unfused), 1 thread",
     *timed(lambda out: llcjit.generic_filter(image, numba_callable, footprint=cross, output=out,
                                              threads=1), 3)),
    ("llcjit.generic_filter, fused, 1 thread",
     *timed(lambda out: llcjit.generic_filter(image, "min(values)", footprint=cross, output=out,
                                              threads=1))),
    ("llcjit.generic_filter, fused, 1 thread, streaming=False",
     *timed(lambda out: llcjit.generic_filter(image, "min(values)", footprint=cross, output=out,
                                              threads=1, streaming=False))),
    (f"llcjit.generic_filter, fused, all {CORES} cores",
     *timed(lambda out: llcjit.generic_filter(image, "min(values)", footprint=cross,
                                              output=out))),
]
for label, _, result in rows:
    assert np.array_equal(result, want), label
print(f"copy bandwidth (np.copyto of the image): {bandwidth / 1e9:.1f} GB/s; at that rate the "
      f"erosion's {moved / 2**20:.0f} MiB (read once, written once) take "
      f"{moved / bandwidth * 1e3:.2f} ms (np.copyto's stores also read each output line "
      f"first; llcjit's streaming stores do not)")
table("seed erosion: min over a cross, 2048 x 2048 float64 (all results equal grey_erosion's)",
      rows, {"grey_erosion": rows[0][1], "Numba": rows[1][1]})

shape = (1024, 1024)
median_image = np.random.default_rng(1).standard_normal(shape)
median_want = ndi.median_filter(median_image, size=5)
median_rows = [
    ("scipy.ndimage.median_filter",
     *timed(lambda out: ndi.median_filter(median_image, size=5, output=out), 2)),
    ("llcjit.generic_filter median(values), fused, 1 thread",
     *timed(lambda out: llcjit.generic_filter(median_image, "median(values)", size=5,
                                              output=out, threads=1))),
    (f"llcjit.generic_filter median(values), fused, {CORES} cores",
     *timed(lambda out: llcjit.generic_filter(median_image, "median(values)", size=5,
                                              output=out))),
]
for label, _, result in median_rows:
    assert np.array_equal(result, median_want), label
table("5 x 5 median, 1024 x 1024 float64 (all results equal median_filter's)", median_rows,
      {"median_filter": median_rows[0][1]})
