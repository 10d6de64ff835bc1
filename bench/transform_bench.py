#!/usr/bin/env python3
"""Spline interpolation of a rotation, one thread, in one run: a 2048^2
float64 image rotated by 30 degrees about its centre (mode 'constant',
prefilter on) at spline orders 1 and 3 through
llcjit.geometric_transform with the mapping formula fused, through
scipy.ndimage.geometric_transform calling the same mapping as a Numba cfunc
(a scipy.LowLevelCallable, called once per pixel) and through
scipy.ndimage.affine_transform (SciPy's specialised loop for a matrix); then
map_coordinates of the same rotation's precomputed coordinates, SciPy's
against llcjit's; then geometric_transform and affine_transform at 6476^2
(10x the pixels; the Numba route timed once, skipped when it would take over
a minute). Every route writes into a preallocated float64 output; before
timing, llcjit's result is checked against the Numba route's (bit for bit)
and affine_transform's (to 1e-9 absolute), and the two map_coordinates
against each other (bit for bit). Prints ms and llcjit's ratio to each peer
(below 1: llcjit is faster).
Usage: bench/transform_bench.py [BUILD_DIR]"""
import math
import sys
import time

import numba
import numpy as np
import scipy
import scipy.ndimage as ndi
from _common import best, import_llcjit
from numba import cfunc, types

llcjit = import_llcjit(sys.argv[1] if len(sys.argv) > 1 else None)
FORMULA = "(o0*cos(t) - o1*sin(t) + c0, o0*sin(t) + o1*cos(t) + c1)"
THETA = math.radians(30)
COS, SIN = math.cos(THETA), math.sin(THETA)
R = np.array([[COS, -SIN], [SIN, COS]])
ORDERS = (1, 3)
NUMBA_LIMIT = 60.0  # seconds the Numba route may take at the large size


def offset(n):
    """off with input = R @ output + off rotating about the centre c."""
    centre = np.full(2, (n - 1) / 2)
    return centre - R @ centre


def numba_rotation(off0, off1):
    """The rotation as a cfunc of SciPy's mapping signature, its constants
    baked in, in the formula's order of operations."""
    @cfunc(types.intc(types.CPointer(types.intp), types.CPointer(types.double), types.intc,
                      types.intc, types.voidptr))
    def rotation(output_coordinates, input_coordinates, output_rank, input_rank, user_data):
        o0 = output_coordinates[0]
        o1 = output_coordinates[1]
        input_coordinates[0] = o0 * COS - o1 * SIN + off0
        input_coordinates[1] = o0 * SIN + o1 * COS + off1
        return 1
    return scipy.LowLevelCallable(rotation.ctypes)


def once(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def ratio(ours, peer):
    return f"{ours / peer:7.2f}" if peer else f"{'-':>7s}"


def ms(seconds):
    return f"{seconds * 1e3:10.1f}" if seconds else f"{'skipped':>10s}"


def size(n, repeat, numba_estimate=None, with_coordinates=True):
    """Prints the rows of an n x n image; returns the Numba route's seconds
    per pixel by order (to estimate the large size's)."""
    image = np.random.default_rng(0).random((n, n))
    off = offset(n)
    off0, off1 = float(off[0]), float(off[1])
    mapping = numba_rotation(off0, off1)
    ours_out, numba_out, affine_out = (np.empty_like(image) for _ in range(3))
    per_pixel = {}
    for order in ORDERS:
        def ours():
            llcjit.geometric_transform(image, FORMULA, output=ours_out, order=order, threads=1,
                                       t=THETA, c0=off0, c1=off1)

        def numba():
            ndi.geometric_transform(image, mapping, output=numba_out, order=order)

        def affine():
            ndi.affine_transform(image, R, offset=off, output=affine_out, order=order)

        ours()
        affine()
        gap = np.abs(ours_out - affine_out).max()
        assert gap <= 1e-9, f"{n}² order {order}: llcjit vs affine_transform {gap:.3g}"
        if numba_estimate is None or numba_estimate[order] * image.size <= NUMBA_LIMIT:
            numba_seconds = once(numba)  # compiled and checked, or the large size's one run
            assert np.array_equal(ours_out, numba_out), (
                f"{n}² order {order}: llcjit vs Numba route "
                f"{np.abs(ours_out - numba_out).max():.3g}")
            if numba_estimate is None:
                numba_seconds = best(numba, repeat)
            per_pixel[order] = numba_seconds / image.size
        else:
            numba_seconds = None
        ours_seconds = best(ours, repeat)
        affine_seconds = best(affine, repeat)
        print(f"{n:5d}² order {order}  geometric_transform {ms(ours_seconds)} "
              f"{ms(numba_seconds)} {ms(affine_seconds)}   "
              f"{ratio(ours_seconds, numba_seconds)} {ratio(ours_seconds, affine_seconds)}"
              f"   (affine max diff {gap:.1e})")
    if with_coordinates:
        rows, cols = np.indices(image.shape, dtype=np.float64)
        coordinates = np.stack([rows * COS - cols * SIN + off0, rows * SIN + cols * COS + off1])
        del rows, cols
        scipy_out = np.empty_like(image)
        for order in ORDERS:
            def ours():
                llcjit.map_coordinates(image, coordinates, output=ours_out, order=order,
                                       threads=1)

            def theirs():
                ndi.map_coordinates(image, coordinates, output=scipy_out, order=order)

            ours()
            theirs()
            assert np.array_equal(ours_out, scipy_out), (
                f"{n}² order {order}: map_coordinates {np.abs(ours_out - scipy_out).max():.3g}")
            ours_seconds = best(ours, repeat)
            scipy_seconds = best(theirs, repeat)
            print(f"{n:5d}² order {order}  map_coordinates     {ms(ours_seconds)} "
                  f"{ms(scipy_seconds)}   {ratio(ours_seconds, scipy_seconds)}")
    return per_pixel


print(f"rotation by 30° about the centre, float64, mode 'constant', 1 thread; "
      f"SciPy {scipy.__version__}, Numba {numba.__version__}")
print(f"{'':20s} {'':19s} {'llcjit':>10s} {'Numba':>10s} {'affine':>10s}   "
      f"{'/Numba':>7s} {'/affine':>7s}  (ms; ratio = llcjit / peer)")
print(f"{'':20s} {'':19s} {'llcjit':>10s} {'SciPy':>10s}   "
      f"{'/SciPy':>7s}  (map_coordinates rows)")
per_pixel = size(2048, 3)
size(6476, 1, numba_estimate=per_pixel, with_coordinates=False)
