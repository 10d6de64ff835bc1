#!/usr/bin/env python3
"""When a fused loop pays for its compile: an 8x8 median and a chain of two
(median absolute deviation, MAD) on float64 images of 64^2 to 2048^2, one
thread, each case in a fresh process with the disk cache off, four calls in
a row (ms): llcjit by default (compiled once the work pays), fuse="always",
fuse=False, and the peers: scipy.ndimage.median_filter, and
scipy.ndimage.generic_filter with a Numba cfunc of the kernel (its compile
in the first call, as llcjit's). Ratios are of the four calls' total
against llcjit's default.
Usage: bench/fusion_credit_bench.py [--build DIR]"""
import json
import os
import subprocess
import sys

CASE = r'''
import json, sys, time
import numpy as np
sys.path.insert(0, {bench!r})
from _common import import_llcjit
llcjit = import_llcjit({build!r})
side, kernel, route = {side}, {kernel!r}, {route!r}
image = np.random.default_rng(0).random((side, side))
out = np.empty_like(image)
source = {{"median": "median(values)",
          "mad": "median(abs(values - median(values)))"}}[kernel]
if route == "scipy":
    import scipy.ndimage as ndi
    call = lambda: ndi.median_filter(image, size=8, output=out)
elif route == "numba":
    import scipy.ndimage as ndi
    from numba import carray, cfunc, types
    from scipy import LowLevelCallable
    signature = types.intc(types.CPointer(types.double), types.intp,
                           types.CPointer(types.double), types.voidptr)
    mad = kernel == "mad"
    state = {{}}

    def call():
        if "f" not in state:  # the first call compiles, as llcjit's does
            @cfunc(signature)
            def f(values, n, result, user_data):
                v = carray(values, (n,))
                m = np.median(v)
                result[0] = np.median(np.abs(v - m)) if mad else m
                return 1
            state["f"] = LowLevelCallable(f.ctypes)
        ndi.generic_filter(image, state["f"], size=8, output=out)
else:
    fuse = {{"default": True, "always": "always", "unfused": False}}[route]
    call = lambda: llcjit.generic_filter(image, source, size=8, threads=1, output=out, fuse=fuse)
times = []
for _ in range(4):
    start = time.perf_counter()
    call()
    times.append((time.perf_counter() - start) * 1e3)
print(json.dumps(times))
'''


def main():
    args = sys.argv[1:]
    build = args[args.index("--build") + 1] if "--build" in args else None
    bench = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, LLCJIT_CACHE="off")
    routes = ["default", "always", "unfused", "scipy", "numba"]
    print(f"{'kernel':7} {'image':>6} {'route':8} {'call 1':>9} {'call 2':>9} {'call 3':>9} "
          f"{'call 4':>9} {'total':>9} {'vs default':>10}")
    for kernel in ("median", "mad"):
        for side in (64, 256, 400, 1024, 2048):
            totals = {}
            for route in routes:
                if route == "scipy" and kernel == "mad":
                    continue
                if route == "unfused" and side == 2048:
                    continue  # tens of seconds, and proportional to 1024^2's
                code = CASE.format(bench=bench, build=build, side=side, kernel=kernel,
                                   route=route)
                result = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                        capture_output=True, text=True)
                times = json.loads(result.stdout.strip().splitlines()[-1])
                totals[route] = sum(times)
                ratio = totals[route] / totals["default"]
                print(f"{kernel:7} {side:>5}² {route:8} " +
                      " ".join(f"{t:9.1f}" for t in times) +
                      f" {totals[route]:9.1f} {ratio:9.2f}×", flush=True)


if __name__ == "__main__":
    main()
