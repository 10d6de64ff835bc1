#!/usr/bin/env python3
"""One formula on a float64 image (2048^2 unless --shape says otherwise,
e.g. --shape 128x128x128), one thread, for each window size given (a cube
in 3-d): the best of three calls into a preallocated output, in ms.
--nan F sets a fraction F of the elements to NaN. A quick probe of the
algorithm choice (append '+0*values[0]' to a formula to force the fused
loop: the driver then no longer sees whole reductions).
Usage: bench/one_filter.py FORMULA SIZE [SIZE ...] [--build DIR]
       [--shape AxB[xC]] [--nan F]"""
import sys

import numpy as np
from _common import best, import_llcjit

args = sys.argv[1:]
options = {"--build": None, "--shape": "2048x2048", "--nan": "0"}
for name in list(options):
    if name in args:
        at = args.index(name)
        options[name] = args[at + 1]
        del args[at:at + 2]
if len(args) < 2:
    sys.exit(__doc__)
llcjit = import_llcjit(options["--build"])
formula, sizes = args[0], [int(size) for size in args[1:]]
shape = tuple(int(n) for n in options["--shape"].split("x"))
rng = np.random.default_rng(0)
image = rng.random(shape)
image[rng.random(shape) < float(options["--nan"])] = np.nan
out = np.empty_like(image)
for size in sizes:
    run = lambda: llcjit.generic_filter(image, formula, size=size, threads=1, output=out)
    run()
    window = "x".join([str(size)] * image.ndim)
    print(f"{formula} {window}: {best(run, 3) * 1e3:.1f} ms")
