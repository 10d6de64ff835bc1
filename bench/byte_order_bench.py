#!/usr/bin/env python3
"""8-bit images at growing windows and sizes (issue 15): the median over
boxes of 9 to 31 and a disk of radius 7, the moving range max - min over
15x15 and the mean over 3x3 and 15x15, of a uint8 image of 2048^2 and of
6476^2 (10x the pixels), one thread, side by side in one run with OpenCV
(cv2.medianBlur, cv2.morphologyEx MORPH_GRADIENT, cv2.blur; python3-opencv,
cv2.setNumThreads(1)) and scipy.ndimage (median_filter at 9x9,
morphological_gradient and uniform_filter at 2048^2: seconds each). Every
route writes into a preallocated uint8 output, under the border OpenCV
uses (nearest for the median, reflect for the others); the medians and
ranges are checked equal to OpenCV's before timing (its mean rounds to
nearest where SciPy's generic_filter truncates, uniform_filter rounds its
own way). Prints ms and the ratio peer / llcjit (above 1: llcjit is
faster).
Usage: bench/byte_order_bench.py [BUILD_DIR]"""
import sys

import numpy as np
import scipy.ndimage as ndi
from _common import best, import_llcjit

llcjit = import_llcjit(sys.argv[1] if len(sys.argv) > 1 else None)
try:
    import cv2
except ImportError:
    sys.exit("byte_order_bench needs OpenCV: apt install python3-opencv")
cv2.setNumThreads(1)


def disk(radius):
    y, x = np.mgrid[-radius:radius + 1, -radius:radius + 1]
    return x * x + y * y <= radius * radius


def timed(function, repeat):
    function()
    return best(function, repeat) * 1e3


def row(label, mine, peers):
    ratios = "  ".join(f"{name} {ms:8.1f} ms ({ms / mine:5.2f}x)" for name, ms in peers.items())
    print(f"  {label:24} llcjit {mine:8.1f} ms  {ratios}", flush=True)


print(f"uint8, 1 thread, OpenCV {cv2.__version__}; peer ms (peer / llcjit)")
for n in (2048, 6476):
    image = (np.random.default_rng(0).random((n, n)) * 255).astype(np.uint8)
    ours, theirs = np.empty_like(image), np.empty_like(image)
    repeat = 5 if n == 2048 else 3
    print(f"{n}^2")
    for size in (9, 15, 31):
        def llcjit_median():
            llcjit.generic_filter(image, "median(values)", size=size, mode="nearest",
                                  threads=1, output=ours)

        def opencv_median():
            cv2.medianBlur(image, size, dst=theirs)

        llcjit_median()
        opencv_median()
        assert np.array_equal(ours, theirs), size
        peers = {"cv2.medianBlur": timed(opencv_median, repeat)}
        if n == 2048 and size == 9:
            peers["median_filter"] = timed(
                lambda: ndi.median_filter(image, size=size, mode="nearest", output=theirs), 1)
        row(f"median {size}x{size}", timed(llcjit_median, repeat), peers)
    footprint = disk(7)
    mine = timed(lambda: llcjit.generic_filter(image, "median(values)", footprint=footprint,
                                               mode="nearest", threads=1, output=ours), repeat)
    row("median disk r=7", mine, {})
    kernel = np.ones((15, 15), np.uint8)

    def llcjit_range():
        llcjit.generic_filter(image, "max(values) - min(values)", size=15, threads=1, output=ours)

    def opencv_range():
        cv2.morphologyEx(image, cv2.MORPH_GRADIENT, kernel, dst=theirs,
                         borderType=cv2.BORDER_REFLECT)

    llcjit_range()
    opencv_range()
    assert np.array_equal(ours, theirs)
    peers = {"cv2 MORPH_GRADIENT": timed(opencv_range, repeat)}
    if n == 2048:
        peers["morphological_gradient"] = timed(
            lambda: ndi.morphological_gradient(image, size=15, output=theirs), 1)
    row("range 15x15", timed(llcjit_range, repeat), peers)
    for size in (3, 15):
        mine = timed(lambda: llcjit.generic_filter(image, "mean(values)", size=size, threads=1,
                                                   output=ours), repeat)
        peers = {"cv2.blur": timed(lambda: cv2.blur(image, (size, size), dst=theirs,
                                                    borderType=cv2.BORDER_REFLECT), repeat)}
        if n == 2048:
            peers["uniform_filter"] = timed(
                lambda: ndi.uniform_filter(image, size, output=theirs), 1)
        row(f"mean {size}x{size}", mine, peers)
