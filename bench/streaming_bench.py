#!/usr/bin/env python3
"""When writing around the cache pays: the cross minimum in uint8, uint16,
float32 and float64, and the order-1 rotation by 30 degrees of a float64
image, at sizes whose input and output together take 16 to 64 MiB, each
written with non-temporal stores (streaming=True) and through the cache
(streaming=False), one thread. Each way runs in a loop of its own into an
output of its own, twice, as a user's loop would call it; alternating the
two ways on one output would make every cached call pay for the output the
streamed call before it evicted. Prints the best ms of each way; llcjit's
default (streaming=None) streams the filters from the size of the
last-level cache on, and transforms from half of it.
Usage: bench/streaming_bench.py [BUILD_DIR]"""
import math
import sys
import time

import numpy as np
import scipy.ndimage as ndi
from _common import import_llcjit

llcjit = import_llcjit(sys.argv[1] if len(sys.argv) > 1 else None)
CROSS = ndi.generate_binary_structure(2, 1)
# (side, dtype): 16, 22-28, 32 and 64 MiB of input and output.
FILTERS = [(2896, "uint8"), (2048, "uint16"), (1448, "float32"), (1024, "float64"),
           (1700, "float32"), (2500, "uint16"), (1900, "float32"), (1350, "float64"),
           (4096, "uint8"), (2896, "uint16"), (2048, "float32"), (1448, "float64"),
           (4096, "uint16"), (2896, "float32"), (2048, "float64")]
ROTATIONS = [1024, 1448, 2048]
ROTATION = "(o0*cos(t) - o1*sin(t) + c0, o0*sin(t) + o1*cos(t) + c1)"


def each_way(call, nbytes):
    """The best ms of call(streaming) for True and False, each in loops of
    its own, the two ways taking turns loop by loop."""
    best = {True: math.inf, False: math.inf}
    for turn in range(4):
        streaming = turn % 2 == 0
        call(streaming)
        for _ in range(max(3, int(1e9 / nbytes))):
            start = time.perf_counter()
            call(streaming)
            best[streaming] = min(best[streaming], time.perf_counter() - start)
    return best[True] * 1e3, best[False] * 1e3


def row(what, mib, streamed, cached):
    faster = "streamed" if streamed < cached else "cached"
    print(f"{what:28s} {mib:5.1f} MiB  streamed {streamed:7.3f}  cached {cached:7.3f}  "
          f"ratio {streamed / cached:5.2f}  faster {faster}")


def main():
    rng = np.random.default_rng(0)
    for side, dtype in FILTERS:
        image = (rng.random((side, side)) * 200).astype(dtype)
        outputs = {True: np.empty_like(image), False: np.empty_like(image)}

        def call(streaming, image=image, outputs=outputs):
            llcjit.generic_filter(image, "min(values)", footprint=CROSS, mode="reflect",
                                  output=outputs[streaming], threads=1, streaming=streaming)

        row(f"cross min {side}² {dtype}", 2 * image.nbytes / 2**20, *each_way(call, image.nbytes))
    theta = math.radians(30)
    rotation = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
    for side in ROTATIONS:
        image = rng.random((side, side))
        centre = np.full(2, (side - 1) / 2)
        c0, c1 = centre - rotation @ centre
        outputs = {True: np.empty_like(image), False: np.empty_like(image)}

        def call(streaming, image=image, outputs=outputs, c0=c0, c1=c1):
            llcjit.geometric_transform(image, ROTATION, output=outputs[streaming], order=1,
                                       threads=1, streaming=streaming, t=theta, c0=c0, c1=c1)

        row(f"rotation {side}² order 1", 2 * image.nbytes / 2**20, *each_way(call, image.nbytes))


if __name__ == "__main__":
    main()
