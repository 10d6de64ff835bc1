#!/usr/bin/env python3
"""How the window-independent filters fare on arrays that are not plain 2-d
images, side by side in one run, one thread:
- 1-d signals of 2^20, 2^23 and 2^26 elements (a quarter, twice and 16
  times the 2048^2 image of the other benches): min and mean over 101
  elements, in float64 and uint16, against scipy.ndimage's
  minimum_filter1d and uniform_filter1d, OpenCV's erode and blur of the
  signal as a 1xN image, and (at 2^20) a Numba cfunc of np.min through
  scipy.ndimage.generic_filter;
- a 2048^2 colour image of 3 channels, interleaved as images are read,
  3x3 and 9x9 min and mean of each channel (size (k, k, 1)), and the 9x9
  of a uint8 one of 6476^2 (10x the pixels), against
  minimum_filter and uniform_filter of the same size and cv2.erode and
  cv2.blur of the interleaved image; and llcjit over the same channels
  stored planar (3xNxN, size (1, k, k)).
Every route writes a preallocated output. llcjit's minima are checked bit
for bit against SciPy's, its float64 means to 1e-12 (SciPy's uint16 and
uint8 means round between passes, llcjit's are generic_filter's np.mean
truncated: only their times are compared).
Usage: bench/shape_bench.py [BUILD_DIR] [--quick]"""
import sys

import cv2
import numpy as np
import scipy
import scipy.ndimage as ndi
from _common import best, import_llcjit
from numba import carray, cfunc, types

args = [a for a in sys.argv[1:] if not a.startswith("--")]
llcjit = import_llcjit(args[0] if args else None)
QUICK = "--quick" in sys.argv
cv2.setNumThreads(1)
rng = np.random.default_rng(0)
WINDOW = 101


@cfunc(types.intc(types.CPointer(types.double), types.intp, types.CPointer(types.double),
                  types.voidptr))
def numba_min(values, size, result, _):
    result[0] = np.min(carray(values, (size,)))
    return 1


def row(label, seconds, peers):
    ratios = "  ".join(f"{p / seconds:7.2f}x vs {name}" for name, p in peers.items() if p)
    print(f"  {label:<36} {seconds * 1e3:9.2f} ms  {ratios}", flush=True)


def timed(function, out, repeat=3):
    function()
    return best(function, repeat), out.copy()


def signals():
    lengths = [1 << 16, 1 << 18] if QUICK else [1 << 20, 1 << 23, 1 << 26]
    kernel = np.ones((1, WINDOW), np.uint8)
    for length in lengths:
        for dtype in ["float64", "uint16"]:
            x = (rng.random(length) * 60000).astype(dtype)
            out = np.empty_like(x)
            repeat = 2 if length > 1 << 24 else 3
            print(f"signal of 2^{length.bit_length() - 1} {dtype}, window {WINDOW}")
            for formula, scipy_filter, cv2_filter in [
                    ("min(values)", ndi.minimum_filter1d,
                     lambda: cv2.erode(x[None], kernel, dst=out[None],
                                       borderType=cv2.BORDER_REFLECT)),
                    ("mean(values)", ndi.uniform_filter1d,
                     lambda: cv2.blur(x[None], (WINDOW, 1), dst=out[None],
                                      borderType=cv2.BORDER_REFLECT))]:
                ours, got = timed(lambda: llcjit.generic_filter(
                    x, formula, size=WINDOW, output=out, threads=1), out, repeat)
                theirs, want = timed(lambda: scipy_filter(x, WINDOW, output=out), out, repeat)
                check(formula, dtype, got, want)
                peers = {"SciPy": theirs, "OpenCV": best(cv2_filter, repeat)}
                if formula == "min(values)" and length <= 1 << 20:
                    callable_ = scipy.LowLevelCallable(numba_min.ctypes)
                    peers["Numba"] = best(lambda: ndi.generic_filter(
                        x, callable_, size=WINDOW, output=out), 1)
                row(formula, ours, peers)


def check(formula, dtype, got, want):
    if formula.startswith("min"):
        assert np.array_equal(got, want), f"{formula} {dtype} differs from SciPy's"
    elif dtype == "float64":
        assert np.allclose(got, want, rtol=1e-12, atol=1e-12), f"{formula} differs from SciPy's"


def colour_images():
    # 2048^2 at 3x3 and 9x9, and 6476^2 (10x the pixels) in uint8 at 9x9.
    cases = [(256 if QUICK else 2048, dtype, k) for dtype in ["uint8", "float64"] for k in [3, 9]]
    cases += [] if QUICK else [(6476, "uint8", 9)]
    for side, dtype, k in cases:
        kernel = np.ones((k, k), np.uint8)
        image = (rng.random((side, side, 3)) * 250).astype(dtype)
        planar = np.ascontiguousarray(np.moveaxis(image, 2, 0))
        out, planar_out = np.empty_like(image), np.empty_like(planar)
        print(f"colour image {side}x{side}x3 {dtype}, {k}x{k} per channel")
        for formula, scipy_filter, cv2_filter in [
                ("min(values)", ndi.minimum_filter,
                 lambda: cv2.erode(image, kernel, dst=out, borderType=cv2.BORDER_REFLECT)),
                ("mean(values)", ndi.uniform_filter,
                 lambda: cv2.blur(image, (k, k), dst=out, borderType=cv2.BORDER_REFLECT))]:
            ours, got = timed(lambda: llcjit.generic_filter(
                image, formula, size=(k, k, 1), output=out, threads=1), out)
            stacked = best(lambda: llcjit.generic_filter(
                planar, formula, size=(1, k, k), output=planar_out, threads=1))
            theirs, want = timed(lambda: scipy_filter(image, size=(k, k, 1), output=out), out)
            check(formula, dtype, got, want)
            peers = {"SciPy": theirs, "OpenCV": best(cv2_filter)}
            row(f"{formula} interleaved", ours, peers)
            row(f"{formula} planar", stacked, peers)


print(f"one thread; SciPy {scipy.__version__}, OpenCV {cv2.__version__}")
signals()
colour_images()
