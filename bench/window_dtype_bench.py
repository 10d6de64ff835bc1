#!/usr/bin/env python3
"""The minimum over square windows of 3 to 63, a cross and disks of radius
3, 7 and 15 on a 2048^2 image in uint8, uint16, float32 and float64, one
thread: llcjit.generic_filter with min(values) (the fused loop or the
extremes along whole rows, as the cost model picks for the dtype) against
OpenCV's erode on the same dtype (python3-opencv,
cv2.setNumThreads(1)), side by side in one run. Both write into
preallocated outputs of the input's dtype; the results are checked equal
before timing. Prints the ratio OpenCV time / llcjit time (above 1: llcjit
is faster).
Usage: bench/window_dtype_bench.py [BUILD_DIR] [--quick]"""
import sys

import numpy as np
from _common import best, import_llcjit

args = [a for a in sys.argv[1:] if not a.startswith("--")]
llcjit = import_llcjit(args[0] if args else None)
try:
    import cv2
except ImportError:
    sys.exit("window_dtype_bench needs OpenCV: apt install python3-opencv")
cv2.setNumThreads(1)
QUICK = "--quick" in sys.argv
shape = (512, 512) if QUICK else (2048, 2048)
repeat = 3 if QUICK else 9


def disk(radius):
    y, x = np.mgrid[-radius:radius + 1, -radius:radius + 1]
    return x * x + y * y <= radius * radius


cross = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool)
windows = [(f"{n}^2", np.ones((n, n), bool)) for n in [3, 5, 9, 15, 31, 63]]
windows += [("cross", cross), ("disk r=3", disk(3)), ("disk r=7", disk(7)),
            ("disk r=15", disk(15))]

print(f"image {shape[0]}x{shape[1]}, 1 thread, min over a window, OpenCV {cv2.__version__}")
print(f"  {'dtype':8} {'window':>9} {'llcjit':>10} {'cv2.erode':>10} {'ratio':>7}")
for dtype in ["uint8", "uint16", "float32", "float64"]:
    image = (np.random.default_rng(0).random(shape) * 200).astype(dtype)
    ours, theirs = np.empty_like(image), np.empty_like(image)
    for label, footprint in windows:
        def llcjit_min():
            llcjit.generic_filter(image, "min(values)", footprint=footprint, mode="reflect",
                                  threads=1, output=ours)

        def opencv_min():
            cv2.erode(image, footprint.astype(np.uint8), dst=theirs,
                      borderType=cv2.BORDER_REFLECT)

        llcjit_min()
        opencv_min()
        assert np.array_equal(ours, theirs), (dtype, label)
        # Alternated, so that a slow stretch of the machine hits both.
        mine, peer = best(llcjit_min, repeat), best(opencv_min, repeat)
        mine, peer = min(mine, best(llcjit_min, repeat)), min(peer, best(opencv_min, repeat))
        print(f"  {dtype:8} {label:>9} {mine * 1e3:8.2f} ms {peer * 1e3:7.2f} ms "
              f"{peer / mine:6.2f}x", flush=True)
