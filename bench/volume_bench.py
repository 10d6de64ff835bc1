#!/usr/bin/env python3
"""How volume filters grow with the volume, in time and in memory: a 9x9x9
morphological gradient (max(values) - min(values)) and mean of 256^3 and
512^3 volumes (4 and 32 times the 2048^2 image of the other benches) in
uint16 and float64, one thread, llcjit.generic_filter against SciPy's own
specialised filters (maximum_filter - minimum_filter, uniform_filter), each
into a preallocated output of the input's dtype. OpenCV filters 2-d images
only, and SciPy's generic_filter with a Numba cfunc would evaluate 729
cells per voxel (minutes per volume), so neither is run. Each route runs in
a process of its own, which reports its best time of three and how far its
peak resident memory rose above the arrays'. The gradient's results are
checked bit for bit against SciPy's at 256^3, the float64 mean's against
uniform_filter within 1e-12 (SciPy's uint16 mean truncates between its
passes, so only its time is compared).
Usage: bench/volume_bench.py [BUILD_DIR] [--quick]"""
import json
import resource
import subprocess
import sys
import time

import numpy as np
import scipy
import scipy.ndimage as ndi
from _common import import_llcjit

SIZE = 9
FORMULAS = {"gradient": "max(values) - min(values)", "mean": "mean(values)"}


def volume(n, dtype):
    """An n^3 volume, filled a plane at a time so that no int64 or float64
    copy of it raises the peak memory."""
    v = np.empty((n, n, n), dtype)
    for i in range(n):
        rng = np.random.default_rng(i)
        unsigned = v.dtype.kind == "u"
        v[i] = rng.integers(0, 60000, (n, n)) if unsigned else rng.standard_normal((n, n))
    return v


def scipy_route(kind, v, out):
    if kind == "mean":
        ndi.uniform_filter(v, SIZE, output=out, mode="reflect")
        return
    low = np.empty_like(out)
    ndi.maximum_filter(v, SIZE, output=out, mode="reflect")
    ndi.minimum_filter(v, SIZE, output=low, mode="reflect")
    np.subtract(out, low, out=out)


def child(build, route, kind, n, dtype):
    llcjit = import_llcjit(build)
    v = volume(n, dtype)
    out = np.zeros_like(v)
    if route == "llcjit":
        run = lambda: llcjit.generic_filter(v, FORMULAS[kind], size=SIZE, output=out, threads=1)
    else:
        run = lambda: scipy_route(kind, v, out)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times = []
    for _ in range(3):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    rise = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    if route == "llcjit" and n <= 256:
        if kind == "gradient":
            want = np.empty_like(out)
            scipy_route(kind, v, want)
            assert np.array_equal(out, want), "gradient differs from SciPy's"
        elif dtype == "float64":
            want = ndi.uniform_filter(v, SIZE, output=np.float64, mode="reflect")
            assert np.allclose(out, want, rtol=0, atol=1e-12), "mean differs from SciPy's"
    print(json.dumps({"ms": min(times) * 1e3, "rise": rise}))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if args and args[0] == "child":
        child(args[1], args[2], args[3], int(args[4]), args[5])
        return
    build = args[0] if args else "build"
    sizes = [64, 128] if "--quick" in sys.argv else [256, 512]
    print(f"9x9x9 windows, one thread, SciPy {scipy.__version__}; ms, and the peak "
          "memory each route takes beyond the arrays")
    for n in sizes:
        for dtype in ["uint16", "float64"]:
            for kind in FORMULAS:
                got = {}
                for route in ["llcjit", "scipy"]:
                    report = subprocess.run(
                        [sys.executable, __file__, "child", build, route, kind, str(n), dtype],
                        check=True, capture_output=True, text=True).stdout
                    got[route] = json.loads(report)
                ratio = got["scipy"]["ms"] / got["llcjit"]["ms"]
                print(f"  {n}^3 {dtype:<8} {kind:<9} llcjit {got['llcjit']['ms']:9.1f} ms "
                      f"(+{got['llcjit']['rise']:5.0f} MiB)   SciPy {got['scipy']['ms']:9.1f} ms "
                      f"(+{got['scipy']['rise']:5.0f} MiB)   {ratio:6.2f}x", flush=True)


if __name__ == "__main__":
    main()
