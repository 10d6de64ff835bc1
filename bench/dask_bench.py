#!/usr/bin/env python3
"""llcjit.dask against in-memory llcjit and against dask-image's route
(map_overlap over scipy.ndimage), in one run (issue 19): erosion (3x3 min)
of an 8192^2 image in float64 and float32, a 9x9 median of a 4096^2 one,
chunks of 1024^2 and 2048^2; Dask's threaded scheduler with 1 and 2
workers, and a dask.distributed LocalCluster of 2 worker processes (the
image made and kept on the workers: what a cluster user does). Then a
sweep of 10^6 integrals in blocks of several sizes, threaded and
distributed, against the in-process sweep. Also the route a user could
write without llcjit.dask (map_overlap around the in-memory filter), which
copies every block with its halo.
Usage: bench/dask_bench.py BUILD_DIR"""
import sys
import time

import dask
import dask.array as da
import distributed
import numpy as np
import scipy.ndimage as ndi
from _common import import_llcjit

llcjit = import_llcjit(sys.argv[1] if len(sys.argv) > 1 else None)
import llcjit.dask  # noqa: E402


def timed(function, repeat=2):
    """The best of `repeat` wall-clock times of function(), in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def on_the_cluster(client, lazy):
    """Seconds to compute `lazy` on the cluster, its result kept on the
    workers; after a first computation (of its sum) that has every worker
    compile the formula, whose intermediate results dask then drops."""
    client.compute(lazy.sum()).result()
    start = time.perf_counter()
    kept = client.persist(lazy)
    distributed.wait(kept)
    seconds = time.perf_counter() - start
    client.cancel(kept)
    return seconds


def row(label, seconds, reference=None, note=""):
    ratio = f"{seconds / reference:6.2f}x in-memory" if reference else ""
    print(f"  {label:<58} {seconds * 1e3:9.1f} ms  {ratio}  {note}")


def scipy_route(source, size):
    """What dask-image does: map_overlap with SciPy's own filter (its
    boundary 'reflect' is SciPy's 'reflect' for a depth below the chunk)."""
    scipy_filter = ndi.grey_erosion if source == "min(values)" else ndi.median_filter
    depth = size // 2
    return lambda x: x.map_overlap(scipy_filter, depth=depth, boundary="reflect", size=size,
                                   mode="reflect", dtype=x.dtype)


def ad_hoc_route(source, size):
    """What a user could write without llcjit.dask: map_overlap (which
    copies each block with its halo) with llcjit's in-memory filter."""
    def block(b):
        return llcjit.generic_filter(b, source, size=size, mode="reflect", threads=1)
    return lambda x: x.map_overlap(block, depth=size // 2, boundary="reflect", dtype=x.dtype)


def filters(client):
    cases = [("min(values)", 3, 8192, np.float64), ("min(values)", 3, 8192, np.float32),
             ("median(values)", 9, 4096, np.float64)]
    for source, size, side, dtype in cases:
        image = np.random.default_rng(0).standard_normal((side, side)).astype(dtype)
        print(f"{source} {size}x{size}, {side}^2 {np.dtype(dtype).name}")
        in_memory = timed(lambda: llcjit.generic_filter(image, source, size=size, threads=2))
        row("llcjit.generic_filter in memory, 2 threads", in_memory)
        want = llcjit.generic_filter(image, source, size=size)
        for chunk in (1024, 2048):
            lazy = llcjit.dask.generic_filter(da.from_array(image, chunks=chunk), source,
                                              size=size)
            assert np.array_equal(lazy.compute(scheduler="threads", num_workers=2), want)
            for workers in (1, 2):
                seconds = timed(lambda: lazy.compute(scheduler="threads", num_workers=workers))
                row(f"llcjit.dask, chunks {chunk}^2, threads, {workers} worker(s)", seconds,
                    in_memory)
            seconds = timed(lambda: lazy.persist(scheduler="threads", num_workers=2))
            row(f"llcjit.dask, chunks {chunk}^2, threads, 2, result kept in blocks", seconds,
                in_memory)
            ad_hoc = ad_hoc_route(source, size)(da.from_array(image, chunks=chunk))
            seconds = timed(lambda: ad_hoc.persist(scheduler="threads", num_workers=2))
            row(f"map_overlap + llcjit.generic_filter, chunks {chunk}^2, kept", seconds,
                in_memory)
            on_workers = client.persist(da.from_array(image, chunks=chunk))
            distributed.wait(on_workers)
            remote = llcjit.dask.generic_filter(on_workers, source, size=size)
            row(f"llcjit.dask, chunks {chunk}^2, distributed, 2 processes",
                on_the_cluster(client, remote), in_memory, "(result kept on the workers)")
            del on_workers
            route = scipy_route(source, size)(da.from_array(image, chunks=chunk))
            seconds = timed(lambda: route.compute(scheduler="threads", num_workers=2), repeat=1)
            row(f"dask + scipy.ndimage (dask-image's route), chunks {chunk}^2, 2 threads",
                seconds, in_memory)


def sweeps(client):
    a = np.linspace(0.1, 10, 1_000_000)
    print("10^6 integrals of exp(-a*x*x) over the real line")
    in_process = timed(lambda: llcjit.quad("exp(-a*x*x)", -np.inf, np.inf, a=a, workers=2))
    row("llcjit.quad in process, 2 threads", in_process)
    for block in (1_000, 10_000, 100_000):
        values, _ = llcjit.dask.quad("exp(-a*x*x)", -np.inf, np.inf,
                                     a=da.from_array(a, chunks=block))
        seconds = timed(lambda: values.compute(scheduler="threads", num_workers=2))
        tasks = a.size // block
        row(f"llcjit.dask.quad, blocks of {block}, threads (2)", seconds, in_process,
            f"{(seconds - in_process) / tasks * 1e6:.0f} us more per block")
        remote = llcjit.dask.quad("exp(-a*x*x)", -np.inf, np.inf,
                                  a=da.linspace(0.1, 10, a.size, chunks=block))[0]
        seconds = on_the_cluster(client, remote)
        row(f"llcjit.dask.quad, blocks of {block}, distributed (2 processes)", seconds,
            in_process, f"{(seconds - in_process) / tasks * 1e6:.0f} us more per block")


if __name__ == "__main__":
    with dask.config.set({"distributed.worker.daemon": False}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster:
            with distributed.Client(cluster) as client:
                filters(client)
                sweeps(client)
