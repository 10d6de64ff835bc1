#!/usr/bin/env python3
"""Formulas over colour images, one thread, side by side in one run: a
2048^2 image of 3 interleaved channels (as images are read) filtered per
channel (size (k, k, 1)), and 6476^2 (10x the pixels) in uint8:
- a 5x5 median against scipy.ndimage.median_filter and cv2.medianBlur;
- a 3x3 and 9x9 morphological gradient, max(values) - min(values), against
  scipy.ndimage.morphological_gradient and cv2.morphologyEx;
- a 3x3 and 5x5 mean of float64 against uniform_filter and cv2.blur;
- a formula that is no reduction, values[4] - mean(values) over 3x3,
  against scipy.ndimage.generic_filter with the same formula as a Numba
  cfunc.
Every route writes a preallocated output; llcjit's medians and gradients
are checked bit for bit against SciPy's, its means to 1e-12, the formula
against Numba's to 1e-12. OpenCV's borders (BORDER_REFLECT) match
SciPy's reflect, but cv2.medianBlur's, which replicate the edge; only
OpenCV's times are compared. llcjit and OpenCV: best of 3; SciPy (and
SciPy + Numba): one run.
Usage: bench/colour_bench.py [BUILD_DIR] [--quick]"""
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


@cfunc(types.intc(types.CPointer(types.double), types.intp, types.CPointer(types.double),
                  types.voidptr))
def numba_contrast(values, size, result, _):
    v = carray(values, (size,))
    result[0] = v[4] - np.mean(v)
    return 1


def row(label, seconds, peers):
    ratios = "  ".join(f"{p / seconds:7.2f}x vs {name}" for name, p in peers.items() if p)
    print(f"  {label:<36} {seconds * 1e3:9.2f} ms  {ratios}", flush=True)


def run(image, formula, k, scipy_route, cv2_route, exact):
    out = np.empty_like(image) if formula != "values[4] - mean(values)" else \
        np.empty(image.shape)
    ours = best(lambda: llcjit.generic_filter(image, formula, size=(k, k, 1), output=out,
                                              threads=1))
    got = out.copy()
    theirs = best(lambda: scipy_route(out), 1)
    if exact:
        assert np.array_equal(got, out), f"{formula} differs from SciPy's"
    else:
        assert np.allclose(got, out, rtol=1e-12, atol=1e-12), f"{formula} differs"
    peers = {"SciPy": theirs}
    if cv2_route:
        peers["OpenCV"] = best(lambda: cv2_route(out))
    row(f"{formula} {k}x{k}", ours, peers)


def image_of(side, dtype):
    return (rng.random((side, side, 3)) * 250).astype(dtype)


def gradients(image, k):
    kernel = np.ones((k, k), np.uint8)
    run(image, "max(values) - min(values)", k,
        lambda out: ndi.morphological_gradient(image, size=(k, k, 1), output=out),
        lambda out: cv2.morphologyEx(image, cv2.MORPH_GRADIENT, kernel, dst=out,
                                     borderType=cv2.BORDER_REFLECT), True)


def medians(image):
    run(image, "median(values)", 5,
        lambda out: ndi.median_filter(image, size=(5, 5, 1), output=out),
        lambda out: cv2.medianBlur(image, 5, dst=out), True)


def main():
    side = 256 if QUICK else 2048
    print(f"one thread; SciPy {scipy.__version__}, OpenCV {cv2.__version__}")
    for dtype in ["uint8", "float32"]:
        image = image_of(side, dtype)
        print(f"colour image {side}x{side}x3 {dtype}")
        medians(image)
        for k in [3, 9]:
            gradients(image, k)
    image = image_of(side, "float64")
    print(f"colour image {side}x{side}x3 float64")
    for k in [3, 9]:
        gradients(image, k)
    for k in [3, 5]:
        run(image, "mean(values)", k,
            lambda out, k=k: ndi.uniform_filter(image, size=(k, k, 1), output=out),
            lambda out, k=k: cv2.blur(image, (k, k), dst=out, borderType=cv2.BORDER_REFLECT),
            False)
    callable_ = scipy.LowLevelCallable(numba_contrast.ctypes)
    run(image, "values[4] - mean(values)", 3,
        lambda out: ndi.generic_filter(image, callable_, size=(3, 3, 1), output=out), None, False)
    if not QUICK:
        image = image_of(6476, "uint8")
        print("colour image 6476x6476x3 uint8 (10x the pixels)")
        medians(image)
        gradients(image, 3)


main()
