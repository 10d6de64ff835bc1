#!/usr/bin/env python3
"""The morphological gradient (a moving range, max - min over a square
window), one thread, in one run: llcjit.generic_filter of
"max(values) - min(values)" (two reductions combined tile by tile) against
scipy.ndimage.morphological_gradient and cv2.morphologyEx(MORPH_GRADIENT),
on 2048^2 float64 for square windows 3 to 63 and columns of 15 and 25
(rows 16 KiB apart, which the fused loop reads from skewed rows), then
6476^2 (10x the pixels) for 5, 31 and 63 and 5120 x 8192 for the column
of 15. Mode "nearest": for extremes it is OpenCV's default border
(the window clipped to the image). Every route writes into a preallocated
output and is checked bit for bit against SciPy first. Prints ms and each
peer's time over llcjit's (above 1: llcjit is faster).
Usage: bench/gradient_bench.py [BUILD_DIR]"""
import sys

import numpy as np
import scipy.ndimage as ndi
from _common import best, import_llcjit

llcjit = import_llcjit(sys.argv[1] if len(sys.argv) > 1 else None)
try:
    import cv2
    cv2.setNumThreads(1)
except ImportError:  # the peer is optional; the bench says so
    cv2 = None

FORMULA = "max(values) - min(values)"


def row(shape, size, repeat):
    image = np.random.default_rng(0).standard_normal(shape)
    want, out = np.empty_like(image), np.empty_like(image)
    routes = {
        "llcjit": lambda: llcjit.generic_filter(image, FORMULA, size=size, mode="nearest",
                                                output=out, threads=1),
        "SciPy": lambda: ndi.morphological_gradient(image, size=size, mode="nearest",
                                                    output=out),
    }
    if cv2 is not None:
        kernel = np.ones(size, np.uint8)
        routes["OpenCV"] = lambda: cv2.morphologyEx(image, cv2.MORPH_GRADIENT, kernel, dst=out)
    ndi.morphological_gradient(image, size=size, mode="nearest", output=want)
    times = {}
    for name, run in routes.items():
        out.fill(np.nan)
        run()
        assert np.array_equal(out, want), f"{name} disagrees with SciPy"
        times[name] = best(run, repeat) * 1e3
    ours = times["llcjit"]
    peers = "  ".join(f"{name} {ms:8.1f} ({ms / ours:5.2f}x)"
                      for name, ms in times.items() if name != "llcjit")
    window = f"{size[0]}x{size[1]}"
    print(f"{shape[0]:>5}x{shape[1]:<5} {window:<5}  llcjit {ours:7.1f}  {peers}")


print("morphological gradient, float64, 1 thread; ms (peer / llcjit); OpenCV",
      cv2.__version__ if cv2 else "not installed")
for size in (3, 5, 9, 15, 31, 63):
    row((2048, 2048), (size, size), 5)
for size in ((15, 1), (25, 1)):
    row((2048, 2048), size, 5)
for size in (5, 31, 63):
    row((6476, 6476), (size, size), 2)
row((5120, 8192), (15, 1), 2)
