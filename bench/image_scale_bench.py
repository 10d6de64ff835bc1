#!/usr/bin/env python3
"""How the window-independent filters' cost grows with the image: 2048^2 and
6476^2 (10x the pixels) float64, one thread, in one run beside OpenCV and
scipy.ndimage: the seed erosion (a cross, with and without streaming stores,
and the np.copyto floor), a 31x31 minimum and mean and a 15x15 median (median_filter
only at 2048^2: it takes minutes at 10x). Prints ms and ns per pixel.
Usage: bench/image_scale_bench.py [BUILD_DIR]"""
import sys

import cv2
import numpy as np
import scipy.ndimage as ndi
from _common import best, import_llcjit

llcjit = import_llcjit(sys.argv[1] if len(sys.argv) > 1 else None)
cv2.setNumThreads(1)
box = np.ones((31, 31), np.uint8)
cross = ndi.generate_binary_structure(2, 1)
for n in [2048, 6476]:
    x = np.random.default_rng(0).standard_normal((n, n))
    out = np.empty_like(x)

    def timed(function, repeat=2):
        function()
        return best(function, repeat) * 1e3

    rows = [
        # The seed erosion: written around the cache by default (issue 15).
        ("erosion cross llcjit", timed(lambda: llcjit.generic_filter(
            x, "min(values)", footprint=cross, threads=1, output=out), 5)),
        ("erosion cross llcjit no streaming", timed(lambda: llcjit.generic_filter(
            x, "min(values)", footprint=cross, threads=1, output=out, streaming=False), 5)),
        ("erosion cross cv2.erode", timed(lambda: cv2.erode(
            x, cross.astype(np.uint8), dst=out, borderType=cv2.BORDER_REFLECT), 5)),
        ("erosion cross grey_erosion", timed(lambda: ndi.grey_erosion(
            x, footprint=cross, output=out), 2)),
        ("np.copyto (the copy floor)", timed(lambda: np.copyto(out, x), 5)),
        ("min 31x31 llcjit", timed(lambda: llcjit.generic_filter(
            x, "min(values)", size=31, threads=1, output=out))),
        ("min 31x31 cv2.erode", timed(lambda: cv2.erode(
            x, box, dst=out, borderType=cv2.BORDER_REFLECT))),
        ("min 31x31 minimum_filter", timed(lambda: ndi.minimum_filter(x, size=31, output=out),
                                           1)),
        ("mean 31x31 llcjit", timed(lambda: llcjit.generic_filter(
            x, "mean(values)", size=31, threads=1, output=out))),
        ("mean 31x31 cv2.blur", timed(lambda: cv2.blur(
            x, (31, 31), dst=out, borderType=cv2.BORDER_REFLECT))),
        ("mean 31x31 uniform_filter", timed(lambda: ndi.uniform_filter(x, size=31, output=out),
                                            1)),
        ("median 15x15 llcjit", timed(lambda: llcjit.generic_filter(
            x, "median(values)", size=15, threads=1, output=out), 1)),
    ]
    if n == 2048:
        rows.append(("median 15x15 median_filter",
                     timed(lambda: ndi.median_filter(x, size=15, output=out), 1)))
    for name, ms in rows:
        print(f"{n}^2 {name:28s} {ms:10.1f} ms  {ms / (n * n) * 1e6:7.2f} ns/pixel")
