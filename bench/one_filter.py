#!/usr/bin/env python3
"""One formula on a 2048^2 float64 image, one thread, for each window size
given: the best of three calls into a preallocated output, in ms. A quick
probe of the algorithm choice (append '+0*values[0]' to a formula to force
the fused loop: the driver then no longer sees whole reductions).
Usage: bench/one_filter.py FORMULA SIZE [SIZE ...] [--build DIR]"""
import sys

import numpy as np
from _common import best, import_llcjit

args = sys.argv[1:]
build = None
if "--build" in args:
    at = args.index("--build")
    build = args[at + 1]
    del args[at:at + 2]
if len(args) < 2:
    sys.exit(__doc__)
llcjit = import_llcjit(build)
formula, sizes = args[0], [int(size) for size in args[1:]]
image = np.random.default_rng(0).random((2048, 2048))
out = np.empty_like(image)
for size in sizes:
    run = lambda: llcjit.generic_filter(image, formula, size=size, threads=1, output=out)
    run()
    print(f"{formula} {size}x{size}: {best(run, 3) * 1e3:.1f} ms")
