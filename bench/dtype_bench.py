#!/usr/bin/env python3
"""Filters in the image's own dtype (issue 15): the erosion by a cross and by
a 3x3 square and the 5x5 median of a 2048^2 image in uint8, uint16, float32
and float64, and the cross erosion at 6476^2 (10x the pixels), one thread,
in one run beside OpenCV (cv2.erode, cv2.medianBlur on the same dtype),
scipy.ndimage (grey_erosion, median_filter) and the copy floor (np.copyto of
the same array). Every route writes into a preallocated output of the
input's dtype. llcjit, OpenCV and the copy take turns call by call, so
that the VM's drift reaches them alike; SciPy's routes, a hundred times
slower, are timed apart. Prints ms and llcjit's ratio to the fastest peer
(below 1: llcjit is faster).
Usage: bench/dtype_bench.py [BUILD_DIR]"""
import sys
import time

import cv2
import numpy as np
import scipy.ndimage as ndi
from _common import best, import_llcjit

llcjit = import_llcjit(sys.argv[1] if len(sys.argv) > 1 else None)
cv2.setNumThreads(1)
cross = ndi.generate_binary_structure(2, 1)
square = np.ones((3, 3), bool)
# cv2.medianBlur takes uint8 at any size, uint16 and float32 up to 5x5.
MEDIAN_BLUR_DTYPES = ("uint8", "uint16", "float32")


def timed(function, repeat):
    function()
    return best(function, repeat) * 1e3


def alternated(routes, repeat):
    """The best of `repeat` calls of each route, in ms, the routes taking
    turns call by call, each round starting one route further on."""
    for function in routes.values():
        function()
    names = list(routes)
    times = {name: [] for name in names}
    for round_ in range(repeat):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            start = time.perf_counter()
            routes[name]()
            times[name].append((time.perf_counter() - start) * 1e3)
    return {name: min(values) for name, values in times.items()}


def image(n, dtype):
    values = np.random.default_rng(0).random((n, n))
    if np.dtype(dtype).kind == "u":
        return (values * np.iinfo(dtype).max).astype(dtype)
    return values.astype(dtype)


def rows(n, dtype, median):
    x = image(n, dtype)
    out = np.empty_like(x)
    repeat = 15 if n == 2048 else 5

    def llcjit_filter(formula, **footprint):
        return lambda: llcjit.generic_filter(x, formula, threads=1, output=out, **footprint)

    def erode(shape):
        kernel = shape.astype(np.uint8)
        return lambda: cv2.erode(x, kernel, dst=out, borderType=cv2.BORDER_REFLECT)

    def against(formula, peer_name, peer, **footprint):
        return alternated({"llcjit": llcjit_filter(formula, **footprint), peer_name: peer},
                          repeat)

    times = alternated({"llcjit": llcjit_filter("min(values)", footprint=cross),
                        "cv2.erode": erode(cross), "np.copyto": lambda: np.copyto(out, x)},
                       repeat)
    yield ("erosion cross", times["llcjit"],
           {"cv2.erode": times["cv2.erode"],
            "grey_erosion": timed(lambda: ndi.grey_erosion(x, footprint=cross, output=out), 2),
            "np.copyto": times["np.copyto"]})
    if not median:
        return
    times = against("min(values)", "cv2.erode", erode(square), footprint=square)
    yield ("erosion 3x3", times["llcjit"],
           {"cv2.erode": times["cv2.erode"],
            "grey_erosion": timed(lambda: ndi.grey_erosion(x, size=(3, 3), output=out), 2)})
    peers = {"median_filter": timed(lambda: ndi.median_filter(x, size=5, output=out), 1)}
    if dtype in MEDIAN_BLUR_DTYPES:
        times = against("median(values)", "cv2.medianBlur", lambda: cv2.medianBlur(x, 5, dst=out),
                        size=5)
        peers["cv2.medianBlur"] = times["cv2.medianBlur"]
        yield ("median 5x5", times["llcjit"], peers)
    else:
        yield ("median 5x5", timed(llcjit_filter("median(values)", size=5), 5), peers)


print(f"{'':6s} {'':8s} {'filter':14s} {'llcjit':>9s}   peers (ms); ratio = llcjit / fastest "
      f"filter peer")
for n, median in [(2048, True), (6476, False)]:
    for dtype in ["uint8", "uint16", "float32", "float64"]:
        for name, ms, peers in rows(n, dtype, median):
            filters = {k: v for k, v in peers.items() if k != "np.copyto"}
            fastest = min(filters.values())
            shown = "  ".join(f"{k} {v:.2f}" for k, v in peers.items())
            floor = (f"  copy ratio {ms / peers['np.copyto']:.2f}" if "np.copyto" in peers
                     else "")
            print(f"{n:5d}² {dtype:8s} {name:14s} {ms:8.2f}   {shown}   ratio "
                  f"{ms / fastest:.2f}{floor}")
