#!/usr/bin/env python3
"""How the filters' cost grows with the window, side by side in one run on a
2048^2 float64 image, one thread: min and mean over square windows of 3 to
63 and disks of radius 7 and 15, llcjit.generic_filter (which picks the fused
loop or a window-independent algorithm) against scipy.ndimage's
minimum_filter and uniform_filter (correlate with the footprint normalised
for disks) and OpenCV's erode and blur (filter2D for disks; python3-opencv,
when installed); then a 5x5 nanmedian of a 512^2 crop with 5 % NaN against
SciPy's generic_filter with np.nanmedian, from Python and in a Numba cfunc;
and medians of square windows of 3 to 31 and a disk of radius 7 against
scipy.ndimage.median_filter (odd sizes, where its rank is the middle). Every route
writes into a preallocated output; every result is checked against SciPy's
(min and nanmedian bit for bit, mean to 1e-12 relative).
Usage: bench/window_bench.py [BUILD_DIR] [--quick]"""
import sys

import numpy as np
import scipy
import scipy.ndimage as ndi
from _common import best, import_llcjit
from numba import carray, cfunc, types

args = [a for a in sys.argv[1:] if not a.startswith("--")]
llcjit = import_llcjit(args[0] if args else None)
QUICK = "--quick" in sys.argv
try:
    import cv2
    cv2.setNumThreads(1)
except ImportError:
    cv2 = None

shape = (512, 512) if QUICK else (2048, 2048)
image = np.random.default_rng(0).standard_normal(shape)
out = np.empty_like(image)


def disk(radius):
    y, x = np.mgrid[-radius:radius + 1, -radius:radius + 1]
    return x * x + y * y <= radius * radius


def timed(function, repeat):
    function()
    return best(function, repeat), out.copy()


def row(label, seconds, peers):
    ratios = "  ".join(f"{p / seconds:7.2f}x vs {name}" for name, p in peers.items() if p)
    print(f"  {label:<34} {seconds * 1e3:9.1f} ms  {ratios}")


windows = [("3x3", np.ones((3, 3), bool)), ("5x5", np.ones((5, 5), bool)),
           ("9x9", np.ones((9, 9), bool)), ("15x15", np.ones((15, 15), bool)),
           ("31x31", np.ones((31, 31), bool)), ("63x63", np.ones((63, 63), bool)),
           ("disk r=7", disk(7)), ("disk r=15", disk(15))]
print(f"image {shape[0]}x{shape[1]} float64, 1 thread; OpenCV "
      f"{cv2.__version__ if cv2 else 'not installed'}")
for name, footprint in windows:
    box = footprint.all()
    repeat = 3 if footprint.sum() > 200 else 5
    print(f"{name} ({footprint.sum()} cells)")
    # min
    scipy_min, want = timed(lambda: ndi.minimum_filter(image, footprint=footprint, output=out,
                                                       mode="reflect"), repeat)
    cv_min = None
    if cv2 is not None:
        kernel = footprint.astype(np.uint8)
        cv_min, got = timed(lambda: cv2.erode(image, kernel, dst=out,
                                              borderType=cv2.BORDER_REFLECT), repeat)
        assert np.array_equal(got, want), "cv2.erode"
    ours, got = timed(lambda: llcjit.generic_filter(image, "min(values)", footprint=footprint,
                                                    output=out, threads=1), repeat)
    assert np.array_equal(got, want), "llcjit min"
    peers = {"minimum_filter": scipy_min, "cv2.erode": cv_min}
    row("scipy.ndimage.minimum_filter", scipy_min, {})
    if cv_min:
        row("cv2.erode", cv_min, {})
    row("llcjit min(values)", ours, peers)
    # mean: uniform_filter and cv2.blur take boxes only; over other
    # footprints SciPy's specialised route is correlate with the footprint
    # normalised, OpenCV's filter2D (a DFT for large kernels).
    if box:
        n = footprint.shape[0]
        scipy_mean, want = timed(lambda: ndi.uniform_filter(image, size=n, output=out,
                                                            mode="reflect"), repeat)
        cv_mean = None
        if cv2 is not None:
            cv_mean, got = timed(lambda: cv2.blur(image, (n, n), dst=out,
                                                  borderType=cv2.BORDER_REFLECT), repeat)
            assert np.allclose(got, want, rtol=1e-10, atol=1e-12), "cv2.blur"
        scipy_name, cv_name = "scipy.ndimage.uniform_filter", "cv2.blur"
    else:
        weights = footprint / footprint.sum()
        scipy_mean, want = timed(lambda: ndi.correlate(image, weights, output=out,
                                                       mode="reflect"), 1)
        cv_mean = None
        if cv2 is not None:
            cv_mean, got = timed(lambda: cv2.filter2D(image, -1, weights, dst=out,
                                                      borderType=cv2.BORDER_REFLECT), repeat)
            assert np.allclose(got, want, rtol=1e-10, atol=1e-12), "cv2.filter2D"
        scipy_name, cv_name = "scipy.ndimage.correlate", "cv2.filter2D"
    ours, got = timed(lambda: llcjit.generic_filter(image, "mean(values)", footprint=footprint,
                                                    output=out, threads=1), repeat)
    assert np.allclose(got, want, rtol=1e-12, atol=1e-13), "llcjit mean"
    row(scipy_name, scipy_mean, {})
    if cv_mean:
        row(cv_name, cv_mean, {})
    row("llcjit mean(values)", ours, {scipy_name.split(".")[-1]: scipy_mean,
                                       cv_name: cv_mean})


# Medians: scipy.ndimage.median_filter selects per element (its cost grows
# with the window's area); OpenCV's medianBlur takes float64 not at all.
print("median")
for name, footprint in windows[:5] + windows[6:7]:
    n = footprint.sum()
    if footprint.all():
        scipy_median, want = timed(lambda: ndi.median_filter(image, size=footprint.shape,
                                                             output=out), 1)
    else:
        scipy_median, want = timed(lambda: ndi.median_filter(image, footprint=footprint,
                                                             output=out), 1)
    ours, got = timed(lambda: llcjit.generic_filter(image, "median(values)", footprint=footprint,
                                                    output=out, threads=1), 3)
    assert np.array_equal(got, want), "llcjit median"
    row(f"{name} scipy.ndimage.median_filter", scipy_median, {})
    row(f"{name} llcjit median(values)", ours, {"median_filter": scipy_median})


@cfunc(types.intc(types.CPointer(types.double), types.intp, types.CPointer(types.double),
                  types.voidptr))
def numba_nanmedian(values, size, result, user_data):
    result[0] = np.nanmedian(carray(values, (size,), types.double))
    return 1


# SciPy calling np.nanmedian from Python takes ~15 us per pixel: a 512^2
# crop keeps that route to seconds.
holey = image[:512, :512].copy()
holey[np.random.default_rng(1).random(holey.shape) < 0.05] = np.nan
small = np.empty_like(holey)


def timed_small(function, repeat):
    function()
    return best(function, repeat), small.copy()


print("nanmedian 5x5, 5 % NaN, 512x512 crop")
python_seconds, want = timed_small(lambda: ndi.generic_filter(holey, np.nanmedian, size=5,
                                                              output=small), 1)
numba_seconds, got = timed_small(lambda: ndi.generic_filter(
    holey, scipy.LowLevelCallable(numba_nanmedian.ctypes), size=5, output=small), 1)
assert np.array_equal(got, want, equal_nan=True), "Numba nanmedian"
ours, got = timed_small(lambda: llcjit.generic_filter(holey, "nanmedian(values)", size=5,
                                                      output=small, threads=1), 5)
assert np.array_equal(got, want, equal_nan=True), "llcjit nanmedian"
row("scipy generic_filter + np.nanmedian", python_seconds, {})
row("scipy generic_filter + Numba np.nanmedian", numba_seconds, {})
row("llcjit nanmedian(values)", ours, {"np.nanmedian": python_seconds, "Numba": numba_seconds})
