"""The window-independent filters against SciPy: llcjit's min/max of large
windows (van Herk/Gil-Werman, bit for bit) against scipy.ndimage's
generic_filter with np.min/np.max, including ties, -0/+0, NaN and inf, for
every mode and origin and footprints with holes; large box means and sums
against math.fsum within the bound docs/filters.md states; exact=True giving
NumPy's bits; and `llcjit filter --explain`."""
import math
import os
import pathlib
import subprocess
import sys
import warnings

import numpy as np
import pytest
import scipy.ndimage as ndi

if os.environ.get("LLCJIT_SANITIZED"):
    pytest.skip("the bridge loads libllcjit into python3, which is not instrumented",
                allow_module_level=True)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402
from scipy_padding import pad_as_scipy  # noqa: E402

MODES = ["reflect", "constant", "nearest", "mirror", "wrap"]
rng = np.random.default_rng(14)


def image(shape):
    x = rng.integers(-3, 4, size=shape).astype(float)
    x[rng.random(shape) < 0.08] = -0.0
    x[rng.random(shape) < 0.01] = np.nan
    x[rng.random(shape) < 0.01] = np.inf
    x[rng.random(shape) < 0.01] = -np.inf
    return x


def disk(radius):
    y, x = np.mgrid[-radius:radius + 1, -radius:radius + 1]
    return x * x + y * y <= radius * radius


def ring(size):
    fp = np.ones((size, size), bool)
    fp[size // 3:size - size // 3, size // 3:size - size // 3] = False
    return fp


FOOTPRINTS = [np.ones((9, 9), bool), np.ones((4, 19), bool), disk(11), ring(15),
              np.ones(41, bool), np.ones((5, 4, 6), bool)]


def same_bits(a, b):
    return np.array_equal(a.view(np.int64), b.view(np.int64))


@pytest.mark.parametrize("footprint", FOOTPRINTS, ids=lambda f: "x".join(map(str, f.shape)))
@pytest.mark.parametrize("mode", MODES)
def test_extremes_equal_scipy_generic_filter(footprint, mode):
    shape = {1: (60,), 2: (23, 26), 3: (9, 8, 10)}[footprint.ndim]
    x = image(shape)
    origin = [-(n // 2) for n in footprint.shape] if mode == "wrap" else 0
    for source, reference in [("min(values)", np.min), ("max(values)", np.max)]:
        got = llcjit.generic_filter(x, source, footprint=footprint, mode=mode, cval=-0.0,
                                    origin=origin)
        want = ndi.generic_filter(x, reference, footprint=footprint, mode=mode, cval=-0.0,
                                  origin=origin)
        # SciPy's NaN is NumPy's; compare bits elsewhere.
        assert np.array_equal(np.isnan(got), np.isnan(want)), source
        finite = ~np.isnan(want)
        assert same_bits(got[finite], want[finite]), (source, mode)


def test_morphological_gradient_equals_scipy():
    x = rng.random((64, 70))
    got = llcjit.generic_filter(x, "max(values) - min(values)", size=15, mode="nearest")
    want = (ndi.maximum_filter(x, size=15, mode="nearest")
            - ndi.minimum_filter(x, size=15, mode="nearest"))
    assert same_bits(got, want)


@pytest.mark.parametrize("mode", ["reflect", "mirror", "wrap", "constant"])
def test_a_morphological_gradient_cut_into_tiles_equals_scipy(mode):
    """Large enough that the reductions run tile by tile (about 8 MiB of
    source and results each): every element as SciPy's, at the tiles'
    edges as at the image's, for windows tall, wide, square and off
    centre."""
    x = rng.random((1500, 900))
    for size, origin in [((31, 1), 0), ((1, 31), 0), ((21, 21), (10, -10)), ((40, 9), (-20, 4))]:
        # Lines of a contiguous float64 image run as a pair (tested below);
        # every other column keeps them tile by tile.
        x = x if size[0] > 1 and size[1] > 1 else x[:, ::2]
        assert "combines" in llcjit.filter_algorithm(x, "max(values) - min(values)", size=size)
        got = llcjit.generic_filter(x, "max(values) - min(values)", size=size, mode=mode,
                                    cval=0.5, origin=origin)
        want = (ndi.maximum_filter(x, size=size, mode=mode, cval=0.5, origin=origin)
                - ndi.minimum_filter(x, size=size, mode=mode, cval=0.5, origin=origin))
        assert same_bits(got, want), (size, origin)


@pytest.mark.parametrize("mode", ["reflect", "mirror", "wrap", "constant"])
def test_volumes_cut_into_tiles_equal_scipy(mode):
    """Volumes large enough to run tile by tile (about 64 MiB of source and
    results each): a morphological gradient of float64 (tiles cut along the
    first axis) and a float32 minimum into float64 (cut along the second,
    the minimum in float32 and the combination widening it), every element
    as SciPy's, off centre too; under wrap, whose axes are not cut, whole."""
    x = rng.random((90, 200, 200))
    narrow = rng.standard_normal((36, 400, 330)).astype(np.float32)
    for size, origin in [((5, 9, 3), 0), ((3, 11, 1), (-1, 5, 0)), ((9, 2, 4), (4, 0, -2))]:
        got = llcjit.generic_filter(x, "max(values) - min(values)", size=size, mode=mode,
                                    cval=0.5, origin=origin)
        want = (ndi.maximum_filter(x, size=size, mode=mode, cval=0.5, origin=origin)
                - ndi.minimum_filter(x, size=size, mode=mode, cval=0.5, origin=origin))
        assert same_bits(got, want), (size, origin)
        got = llcjit.generic_filter(narrow, "min(values)", size=size, mode=mode, cval=0.5,
                                    origin=origin, output=np.float64)
        want = ndi.minimum_filter(narrow, size=size, mode=mode, cval=0.5, origin=origin)
        assert same_bits(got, want.astype(np.float64)), (size, origin)


@pytest.mark.parametrize("mode", MODES)
def test_long_lines_equal_scipy(mode):
    """A 1-d signal runs as an image of one row, its 8- and 16-bit sums
    along the line in stretches; a volume's lines too few to fill a
    bundle's lanes (its last axis holds 3, after one of 1: a colour image's
    would run along its rows of pixels) are cut into segments of 4096
    elements or more. At every segment's edges, in the shorter last one,
    and through the mode at the line's ends, SciPy's elements, whatever the
    number of threads. The sums of whole numbers are exact, so a mean is
    their one rounding."""
    n = 2 * 8 * 4096 + 5000  # a volume of 9000 lines of 6 is cut into segments below
    whole = rng.integers(-1000, 1000, n).astype(np.float64)
    peaks = whole.copy()
    peaks[rng.random(n) < 0.002] = np.inf
    peaks[rng.random(n) < 0.002] = -np.inf
    holed = np.ones(301, bool)
    holed[100:150] = False
    # Windows up to 2048 run the line as a row; 3001 along it, in segments.
    for size, origin in [(101, 0), (1001, -300), (80, 39), (3001, 1000)]:
        assert "running min" in llcjit.filter_algorithm(peaks, "min(values)", size=size)
        want = ndi.minimum_filter1d(peaks, size, mode=mode, cval=0.5, origin=origin)
        for threads in (1, 0):
            got = llcjit.generic_filter(peaks, "min(values)", size=size, mode=mode, cval=0.5,
                                        origin=origin, threads=threads)
            assert same_bits(got, want), (size, origin, threads)
        assert "running sums" in llcjit.filter_algorithm(whole, "mean(values)", size=size)
        got = llcjit.generic_filter(whole, "mean(values)", size=size, mode=mode, cval=7,
                                    origin=origin)
        sums = ndi.correlate1d(whole, np.ones(size), mode=mode, cval=7, origin=origin)
        assert same_bits(got, sums / size), (size, origin)
    for dtype in ["uint16", "int8"]:
        info = np.iinfo(dtype)
        ints = rng.integers(info.min, info.max, n, endpoint=True).astype(dtype)
        for size, origin in [(101, 0), (1001, -300), (7, 3)]:
            assert "integers along the line" in llcjit.filter_algorithm(ints, "mean(values)",
                                                                         size=size)
            sums = ndi.correlate1d(ints.astype(np.int64), np.ones(size, np.int64), mode=mode,
                                   cval=5, origin=origin)
            got = llcjit.generic_filter(ints, "sum(values)", size=size, mode=mode, cval=5,
                                        origin=origin, output=np.float64)
            np.testing.assert_array_equal(got, sums)
            got = llcjit.generic_filter(ints, "mean(values)", size=size, mode=mode, cval=5,
                                        origin=origin)
            np.testing.assert_array_equal(got, (sums / size).astype(dtype))
            # Into another dtype, and in a formula: through the tiles.
            got = llcjit.generic_filter(ints, "sum(values)", size=size, mode=mode, cval=5,
                                        origin=origin, output=np.int32)
            np.testing.assert_array_equal(got, sums.astype(np.int32))
            got = llcjit.generic_filter(ints, "2 * mean(values) - 1", size=size, mode=mode,
                                        cval=5, origin=origin, output=np.float64)
            np.testing.assert_array_equal(got, 2 * (sums / size) - 1)
    got = llcjit.generic_filter(peaks, "max(values)", footprint=holed, mode=mode, cval=0.5,
                                origin=-20)
    want = ndi.maximum_filter(peaks, footprint=holed, mode=mode, cval=0.5, origin=-20)
    assert same_bits(got, want)
    volume = peaks[:9000 * 6].reshape(9000, 2, 1, 3)
    got = llcjit.generic_filter(volume, "max(values)", size=(101, 1, 1, 1), mode=mode, cval=0.5)
    want = ndi.maximum_filter(volume, size=(101, 1, 1, 1), mode=mode, cval=0.5)
    assert same_bits(got, want)
    volume = volume.reshape(9000, 2, 3)
    # Passes that read and write the same array (after the first, or between
    # the sums' first and last) keep their lines whole.
    got = llcjit.generic_filter(volume, "max(values)", size=(101, 2, 3), mode=mode, cval=0.5)
    want = ndi.maximum_filter(volume, size=(101, 2, 3), mode=mode, cval=0.5)
    assert same_bits(got, want)
    # Three bundles of segments (8, 8 and 1 of them) and a shorter one.
    tall = np.repeat(peaks, 3)[:70000 * 3].reshape(70000, 1, 1, 3)
    got = llcjit.generic_filter(tall, "min(values)", size=(101, 1, 1, 1), mode=mode, cval=0.5)
    want = ndi.minimum_filter(tall, size=(101, 1, 1, 1), mode=mode, cval=0.5)
    assert same_bits(got, want)
    volume = whole[:9000 * 6].reshape(9000, 2, 3)
    got = llcjit.generic_filter(volume, "mean(values)", size=(101, 2, 3), mode=mode, cval=7)
    sums = ndi.correlate(volume, np.ones((101, 2, 3)), mode=mode, cval=7)
    assert same_bits(got, sums / (101 * 6))
    volume = whole[:9000 * 6].reshape(2, 9000, 3)
    got = llcjit.generic_filter(volume, "mean(values)", size=(2, 101, 3), mode=mode, cval=7)
    sums = ndi.correlate(volume, np.ones((2, 101, 3)), mode=mode, cval=7)
    assert same_bits(got, sums / (101 * 6))


SLICED = [  # shape, size, the axes across the slices, origin
    ((70, 90, 3), (9, 7, 1), (2,), (2, -3, 0)),          # a colour image's channels
    ((3, 80, 70), (1, 6, 11), (0,), (0, 1, 2)),          # a stack's frames
    ((60, 2, 90), (8, 1, 5), (1,), (0, 0, 0)),           # rows 2 apart
    ((2, 64, 80, 4), (1, 9, 10, 1), (0, 3), (0, -4, 4, 0)),
]


@pytest.mark.parametrize("shape, size, across, origin", SLICED,
                         ids=lambda v: "x".join(map(str, v)) if isinstance(v, tuple) else v)
@pytest.mark.parametrize("mode", ["reflect", "constant", "wrap"])
def test_footprints_of_two_axes_filter_each_slice(shape, size, across, origin, mode):
    """A footprint spanning two axes of a volume runs the 2-d algorithms on
    each slice across the others: every element as the 2-d filter of that
    slice on its own (contiguous) gives, the extremes as SciPy's, in the
    input's dtype and in float64."""
    for dtype in ["uint8", "float64"]:
        x = rng.integers(0, 200, shape).astype(dtype)
        kept = [a for a in range(len(shape)) if a not in across]
        plane_size = tuple(size[a] for a in kept)
        plane_origin = tuple(origin[a] for a in kept)
        for source in ["min(values)", "mean(values)", "max(values) - min(values)",
                       "median(values)"]:
            plane_plan = llcjit.filter_algorithm(x[tuple(0 if a in across else slice(None)
                                                        for a in range(len(shape)))],
                                                 source, size=plane_size, origin=plane_origin)
            if "fused loop" not in plane_plan:
                described = llcjit.filter_algorithm(x, source, size=size, origin=origin)
                axes = ("axis " if len(across) == 1 else "axes ") + ", ".join(map(str, across))
                assert described.startswith(f"{plane_plan}; on each 2-d slice across {axes},")
            got = llcjit.generic_filter(x, source, size=size, mode=mode, cval=3, origin=origin)
            assert got.dtype == x.dtype
            # One after another on all threads (as many as the slices but the
            # first, and one), or in parallel (one thread).
            count = int(np.prod([shape[a] for a in across]))
            for threads in [count - 1, count + 1, 1]:
                again = llcjit.generic_filter(x, source, size=size, mode=mode, cval=3,
                                              origin=origin, threads=threads)
                np.testing.assert_array_equal(again, got)
            for index in np.ndindex(*(shape[a] for a in across)):
                at = [slice(None)] * len(shape)
                for a, i in zip(across, index):
                    at[a] = i
                plane = np.ascontiguousarray(x[tuple(at)])
                want = llcjit.generic_filter(plane, source, size=plane_size, mode=mode, cval=3,
                                             origin=plane_origin)
                np.testing.assert_array_equal(got[tuple(at)], want, err_msg=source)
        want = ndi.minimum_filter(x, size=size, mode=mode, cval=3, origin=origin)
        got = llcjit.generic_filter(x, "min(values)", size=size, mode=mode, cval=3, origin=origin)
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("layout", ["5 apart", "small", "moved axis", "fortran"])
def test_slices_that_pay_or_not_give_scipys_elements(layout):
    """Slices whose elements lie 5 apart (by their shape, or by their
    strides in a view with a moved axis), or of fewer than 4096 elements,
    run over the whole array, as the description says; those of a
    Fortran-ordered image are contiguous and run one by one. Either way,
    SciPy's extremes and means."""
    x, size = {"5 apart": (rng.standard_normal((40, 50, 5)), (9, 9, 1)),
               "small": (rng.standard_normal((30, 30, 3)), (9, 9, 1)),
               "moved axis": (np.moveaxis(rng.standard_normal((64, 80, 5)), -1, 0), (1, 9, 9)),
               "fortran": (np.asfortranarray(rng.standard_normal((64, 80, 3))), (9, 9, 1))}[layout]
    described = llcjit.filter_algorithm(x, "max(values)", size=size)
    assert "else over the whole array (81 cells; max: van Herk" in described
    got = llcjit.generic_filter(x, "max(values)", size=size, mode="mirror")
    assert same_bits(got, ndi.maximum_filter(x, size=size, mode="mirror"))
    # A 2-d plan's mean on the exact grids is within its bound (one rounding
    # and the bits below the finer grid), not NumPy's bits.
    got = llcjit.generic_filter(x, "mean(values)", size=size, mode="mirror")
    want = ndi.generic_filter(x, np.mean, size=size, mode="mirror")
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("dtype", ["uint8", "uint16", "int16", "float32", "float64"])
def test_interleaved_channels_equal_scipy(dtype):
    """A colour image's channels packed along its last axis run at once
    along its rows of pixels (the window across reads every C-th element):
    the extremes and the integer sums and means give SciPy's bits for 1 to
    4 channels (and 5, which run channel by channel), both extreme origins,
    windows picked element by element and by doubling, rows cut into
    strips, and rows in reverse order; a view whose pixels are not packed
    (every other column) runs otherwise, to the same elements."""
    integer = np.dtype(dtype).kind != "f"
    sources = [("min(values)", ndi.minimum_filter), ("max(values)", ndi.maximum_filter)]

    def same_elements(a, b):
        return a.dtype == b.dtype and a.tobytes() == b.tobytes()

    for channels in [1, 2, 3, 4, 5]:
        # Rows of 18,000 elements: more than a strip holds in any dtype.
        shape = (7, 18000 // channels, channels)
        x = rng.integers(0, 200, shape).astype(dtype)
        if not integer:  # no NaN or -0, whose picks minimum_filter does not share
            x[rng.random(shape) < 0.02] = np.inf
            x[rng.random(shape) < 0.02] = -np.inf
        for size, origin in [((3, 3, 1), 0), ((5, 12, 1), (2, -6, 0)), ((2, 33, 1), (-1, 16, 0))]:
            # A 3x3 float64 minimum runs fused, also along the rows of pixels.
            described = llcjit.filter_algorithm(x, "min(values)", size=size, origin=origin)
            fused = dtype == "float64" and size == (3, 3, 1)
            route = ("vectorised along its rows of pixels" if fused else
                     "all channels at once along its rows of pixels")
            assert route in described, described
            for mode in MODES:
                for array in [x, x[::-1], x[:, ::2]]:
                    for source, reference in sources:
                        got = llcjit.generic_filter(array, source, size=size, mode=mode, cval=7,
                                                    origin=origin)
                        want = reference(array, size=size, mode=mode, cval=7, origin=origin)
                        assert same_elements(got, want), (source, channels, size, mode)
                if not integer:
                    continue
                sums = ndi.correlate(x.astype(np.float64), np.ones(size), mode=mode, cval=7,
                                     origin=origin)
                got = llcjit.generic_filter(x, "sum(values)", size=size, mode=mode, cval=7,
                                            origin=origin, output=np.float64)
                assert same_elements(got, sums)
                # SciPy's conversion truncates the mean into the input's dtype.
                got = llcjit.generic_filter(x, "mean(values)", size=size, mode=mode, cval=7,
                                            origin=origin)
                np.testing.assert_array_equal(got, (sums / np.prod(size)).astype(dtype))


@pytest.mark.parametrize("dtype", ["uint8", "float32", "float64"])
def test_colour_images_run_along_rows_of_pixels_equal_scipy(dtype):
    """Over a colour image's (k, k, 1), (1, k, 1) and (k, 1, 1) footprints,
    the fused loop runs along rows of pixels (a median, a formula that is no
    reduction, and a 5x5 float64 mean, whose slices would cost more, with
    NumPy's bits), and the box extremes of a moving range tile by tile:
    SciPy's elements for 1 to 5 channels, every mode, both extreme origins,
    and views whose pixels are not packed, which run otherwise."""
    def same_elements(a, b):
        return a.dtype == b.dtype and a.tobytes() == b.tobytes()

    for channels in [1, 2, 3, 5]:
        x = rng.integers(0, 50, (11, 13, channels)).astype(dtype)
        for size, origin in [((3, 3, 1), 0), ((5, 5, 1), (2, -2, 0)), ((2, 4, 1), (-1, 1, 0)),
                             ((1, 5, 1), (0, 2, 0)), ((4, 1, 1), (-2, 0, 0))]:
            for mode in MODES:
                for array in [x, x[::-1], x[:, ::2]]:
                    kwargs = dict(size=size, mode=mode, cval=7, origin=origin)
                    got = llcjit.generic_filter(array, "median(values)", **kwargs)
                    assert same_elements(got, ndi.generic_filter(array, np.median, **kwargs))
                    got = llcjit.generic_filter(array, "values[0] - mean(values)", **kwargs,
                                                output=np.float64)
                    want = ndi.generic_filter(array.astype(np.float64),
                                              lambda v: v[0] - np.mean(v), **kwargs)
                    assert same_elements(got, want), (channels, size, mode)
                    spread = (ndi.maximum_filter(array, **kwargs) -
                              ndi.minimum_filter(array, **kwargs))
                    got = llcjit.generic_filter(array, "max(values) - min(values)", **kwargs)
                    assert same_elements(got, spread), (channels, size, mode)
                    if dtype == "float64" and size == (5, 5, 1):
                        got = llcjit.generic_filter(array, "mean(values)", **kwargs)
                        assert same_elements(got, ndi.generic_filter(array, np.mean, **kwargs))
    assert "all channels at once along its rows of pixels" in llcjit.filter_algorithm(
        x, "max(values) - min(values)", size=(9, 9, 1))
    described = llcjit.filter_algorithm(x, "mean(values)", size=(5, 5, 1))
    assert ("but the fused loop along its rows of pixels" in described) == (dtype != "uint8")


def test_lines_over_colour_images_and_volumes_equal_scipy():
    """A footprint of one element along the last of three axes slices across
    it: a float64 mean over a line of 45 on each channel (the exact grids,
    channel by channel), minima along a Fortran-ordered colour image and
    along a volume of 8 planes (too far apart for slices: the volume's own
    passes), and a C-ordered colour image's, at once; SciPy's elements."""
    x = rng.random((70, 80, 3))
    for size in [(1, 45, 1), (45, 1, 1)]:
        described = llcjit.filter_algorithm(x, "mean(values)", size=size)
        assert "on each 2-d slice across axis 2" in described, described
        got = llcjit.generic_filter(x, "mean(values)", size=size, mode="wrap")
        np.testing.assert_allclose(got, ndi.uniform_filter(x, size=size, mode="wrap"),
                                   rtol=1e-13, atol=1e-15)
    for array in [np.asfortranarray(x), rng.random((30, 40, 8)), x]:
        for size in [(1, 9, 1), (9, 1, 1)]:
            got = llcjit.generic_filter(array, "min(values)", size=size, mode="mirror")
            assert got.tobytes() == ndi.minimum_filter(array, size=size, mode="mirror").tobytes()


def test_colour_means_keep_numpys_bits_where_the_fused_loop_runs():
    """Channel by channel, a float64 mean of a colour image large enough
    for its slices costs more than the fused loop along its rows of pixels
    up to 40 cells: there it runs fused, with NumPy's pairwise bits; from
    41 cells on the exact grids, within their bound."""
    x = rng.random((70, 80, 3))
    for size in [(5, 5, 1), (6, 6, 1), (5, 8, 1), (7, 7, 1)]:
        got = llcjit.generic_filter(x, "mean(values)", size=size, mode="mirror")
        want = ndi.generic_filter(x, np.mean, size=size, mode="mirror")
        if np.prod(size) <= 40:
            assert got.tobytes() == want.tobytes(), size
        else:
            np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-15)
            assert "exact running sums" in llcjit.filter_algorithm(x, "mean(values)", size=size)


def test_interleaving_needs_an_extreme_held_in_the_type():
    """int64 extremes (which double does not hold) and medians run channel
    by channel, and say so; SciPy's elements either way."""
    x = rng.integers(-2**40, 2**40, (40, 60, 3))
    for source, reference in [("min(values)", ndi.minimum_filter),
                              ("median(values)", ndi.median_filter)]:
        for array in [x, x.astype(np.float64)]:
            described = llcjit.filter_algorithm(array, source, size=(9, 9, 1))
            interleaves = source == "min(values)" and array.dtype == np.float64
            assert ("all channels at once" in described) == interleaves, described
            got = llcjit.generic_filter(array, source, size=(9, 9, 1), mode="wrap")
            np.testing.assert_array_equal(got, reference(array, size=(9, 9, 1), mode="wrap"))


@pytest.mark.parametrize("dtype", ["uint8", "int8", "uint16", "int16"])
def test_integer_volume_sums_equal_scipy(dtype):
    """Sums and means of 8- and 16-bit volumes run in 32-bit integers over
    the planes, then the rows, then along them: SciPy's bits, into float64
    and (means) into the input's dtype, off centre and under every mode."""
    info = np.iinfo(dtype)
    x = rng.integers(info.min, info.max, (9, 11, 13), endpoint=True).astype(dtype)
    assert "over the planes" in llcjit.filter_algorithm(x, "mean(values)", size=(3, 4, 5))
    for size, origin in [((3, 4, 5), 0), ((5, 3, 7), (2, -1, 3)), ((12, 2, 1), 0)]:
        for mode in ["reflect", "constant", "nearest", "mirror", "wrap"]:
            for source, reference, output in [("sum(values)", np.sum, np.float64),
                                              ("mean(values)", np.mean, np.float64),
                                              ("mean(values)", np.mean, None)]:
                got = llcjit.generic_filter(x, source, size=size, mode=mode, cval=1,
                                            origin=origin, output=output)
                want = ndi.generic_filter(x, reference, size=size, mode=mode, cval=1,
                                          origin=origin, output=output)
                assert got.dtype == want.dtype, (source, output)
                assert np.array_equal(got.view(np.uint8), want.view(np.uint8)), (source, size, mode)


def window_sums(x, size, mode, cval):
    """The exact sums of int64 x over every window of `size` under a SciPy
    mode, by differences of a summed-volume table of the padded array."""
    pad = pad_as_scipy(x, [(n // 2, (n - 1) // 2) for n in size], mode, cval)
    table = np.zeros([n + 1 for n in pad.shape], np.int64)
    table[1:, 1:, 1:] = pad.cumsum(0).cumsum(1).cumsum(2)
    (a, b, c), (p, q, r) = size, x.shape
    s = np.zeros(x.shape, np.int64)
    for corner in np.ndindex(2, 2, 2):  # 1: the window's low side, subtracted
        i, j, k = (lo * n for lo, n in zip(corner, size))
        sign = 1 if sum(corner) % 2 == 0 else -1
        s += sign * table[a - i:a - i + p, b - j:b - j + q, c - k:c - k + r]
    return s


@pytest.mark.parametrize("mode", ["reflect", "constant", "wrap"])
def test_volume_moments_cut_into_tiles_are_exact_sums(mode):
    """A float64 volume large enough to run its running sums tile by tile
    (cut along its first axis): of whole numbers, whose window sums double
    holds exactly, the sum is the exact sum, the mean its one rounding, and
    the standard deviation within two roundings of the exact variance's
    square root."""
    whole = rng.integers(-1000, 1000, (90, 200, 240))
    x = whole.astype(np.float64)
    size = (7, 11, 9)
    n = np.prod(size)
    s1 = window_sums(whole, size, mode, 7)
    s2 = window_sums(whole * whole, size, mode, 49)
    assert "running sums" in llcjit.filter_algorithm(x, "mean(values)", size=size)
    got = llcjit.generic_filter(x, "sum(values)", size=size, mode=mode, cval=7)
    assert np.array_equal(got, s1.astype(np.float64))
    got = llcjit.generic_filter(x, "mean(values)", size=size, mode=mode, cval=7)
    want = s1 / n
    assert np.all(np.abs(got - want) <= np.spacing(np.abs(want)))
    got = llcjit.generic_filter(x, "std(values)", size=size, mode=mode, cval=7)
    want = np.sqrt((n * s2 - s1 * s1) / float(n * n))
    assert np.all(np.abs(got - want) <= 2 * np.spacing(np.abs(want)))


@pytest.mark.parametrize("mode", ["reflect", "constant", "nearest", "mirror", "wrap"])
def test_lines_max_and_min_as_a_pair_equal_scipy(mode):
    """A line's max and min come from one pass where the rows are
    contiguous and eight or more lie across the line; elsewhere (strided,
    Fortran order, a few rows or columns) the two extremes or the fused
    loop: the brute-force loop's bits either way (NumPy's NaN, which
    maximum_filter does not propagate, and -0 before 0 where they tie), and
    SciPy's moving range where there is no NaN."""
    image = rng.standard_normal((67, 301))
    image[rng.random(image.shape) < 0.002] = np.nan
    image[rng.random(image.shape) < 0.05] = -0.0
    image[rng.random(image.shape) < 0.05] = 0.0
    for formula, size in [("max(values) - min(values)", (1, 15)),
                          ("max(values) - min(values)", (15, 1)),
                          ("2 * nanmin(values) - nanmax(values)", (1, 40)),
                          ("2 * nanmin(values) - nanmax(values)", (40, 1))]:
        assert "together" in llcjit.filter_algorithm(image, formula, size=size)
        origin = [0, 0]
        origin[size.index(max(size))] = -(max(size) // 2)
        for x in [image, image[:, ::2], np.asfortranarray(image), image[:5], image[:, :6]]:
            options = dict(size=size, mode=mode, cval=-0.0, origin=origin)
            got = llcjit.generic_filter(x, formula, **options)
            want = llcjit.generic_filter(x, formula, fuse=False, **options)
            assert same_bits(got, want), (x.shape, x.strides, size)
            clean = np.nan_to_num(x)
            want = (2 * ndi.minimum_filter(clean, **options) - ndi.maximum_filter(clean, **options)
                    if "nan" in formula else
                    ndi.maximum_filter(clean, **options) - ndi.minimum_filter(clean, **options))
            assert np.array_equal(llcjit.generic_filter(clean, formula, **options), want)
        # Into outputs of other layouts and dtypes (the pairs along rows
        # reach them through transposes, or one item at a time).
        outputs = [np.empty(image.shape)[::-1, ::-1], np.empty(image.shape, order="F"),
                   np.empty((image.shape[0], 320))[:, :image.shape[1]]]
        for output in outputs + [np.float32, np.int16, np.uint8]:
            options = dict(size=size, mode=mode, cval=-0.0, output=output)
            got = llcjit.generic_filter(image, formula, streaming=True, **options)
            if isinstance(output, np.ndarray):
                options["output"] = np.empty_like(output)
            want = llcjit.generic_filter(image, formula, fuse=False, **options)
            assert got.dtype == want.dtype
            assert np.array_equal(np.ascontiguousarray(got).view(np.uint8),
                                  np.ascontiguousarray(want).view(np.uint8)), (output, size)


@pytest.mark.parametrize("mode", ["reflect", "constant", "wrap"])
def test_tall_windows_over_rows_4_kib_apart_equal_scipy(mode):
    """Rows of 512 float64 lie 4 KiB apart, so the fused loop reads tall
    windows from skewed copies of the rows: every element as SciPy's, off
    centre too, and from every other column of a wider image."""
    wide = rng.standard_normal((90, 1024))
    # (A line's max and min run as a pair from 12 cells; nanmin keeps it fused.)
    formula = "max(values) - nanmin(values)"
    for x in [rng.standard_normal((90, 512)), wide[:, ::2]]:
        for size, origin in [((15, 1), 0), ((19, 1), (-9, 0)), ((12, 1), (5, 0))]:
            assert "fused loop" in llcjit.filter_algorithm(x, formula, size=size)
            got = llcjit.generic_filter(x, formula, size=size, mode=mode, cval=0.5,
                                        origin=origin)
            want = (ndi.maximum_filter(x, size=size, mode=mode, cval=0.5, origin=origin)
                    - ndi.minimum_filter(x, size=size, mode=mode, cval=0.5, origin=origin))
            assert same_bits(got, want), (x.strides, size, origin)


def test_a_formula_of_reductions_writes_any_output_layout():
    """The formula's arithmetic on the reductions' results runs as a fused
    kernel over their rows: into strided, reversed and narrower outputs,
    with parameters, in 1 to 3 axes, as the brute-force loop computes it."""
    source = "hi = max(values); (hi - min(values)) * c + hi / 3"
    for shape, size in [((500,), 81), ((40, 300), (1, 31)), ((64, 70), 9), ((12, 14, 50), 9)]:
        x = rng.standard_normal(shape)
        want = llcjit.generic_filter(x, source, size=size, c=0.75, fuse=False)
        assert "combines" in llcjit.filter_algorithm(x, source, size=size)
        wide = np.zeros(shape[:-1] + (2 * shape[-1],))
        for output in [None, wide[..., ::2], np.zeros(shape)[..., ::-1],
                       np.zeros(shape[::-1]).T]:
            got = llcjit.generic_filter(x, source, size=size, c=0.75, output=output)
            assert same_bits(got, want), (shape, None if output is None else output.strides)
        got = llcjit.generic_filter(x, source, size=size, c=0.75, output=np.float32)
        np.testing.assert_array_equal(got, want.astype(np.float32))


@pytest.mark.parametrize("mode", ["reflect", "constant", "wrap"])
def test_large_box_means_are_within_one_rounding(mode):
    x = np.ldexp(rng.uniform(-1, 1, (30, 33)), rng.integers(-30, 30, (30, 33)))
    size = 17
    got_mean = llcjit.generic_filter(x, "mean(values)", size=size, mode=mode, cval=0.5)
    got_sum = llcjit.generic_filter(x, "sum(values)", size=size, mode=mode, cval=0.5)
    padded = pad_as_scipy(x, size // 2, mode, 0.5)
    cells = size * size
    terms = 2 * cells + 2 * size + 6  # docs/filters.md, the bound in 2-D
    drift = 2.0 ** -104 * cells * terms * terms * np.max(np.abs(x))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            window = padded[i:i + size, j:j + size].ravel().tolist()
            exact = math.fsum(window)
            assert abs(got_sum[i, j] - exact) <= math.ulp(exact) / 2 + drift
            mean = exact / (size * size)
            assert abs(got_mean[i, j] - mean) <= math.ulp(mean) + drift


# An annulus has two runs down its middle columns.
FOOTPRINT_SUMS = [disk(5), ring(12), disk(7) & ~np.pad(disk(3), 4)]


@pytest.mark.parametrize("footprint", FOOTPRINT_SUMS, ids=lambda f: "x".join(map(str, f.shape)))
@pytest.mark.parametrize("mode", ["reflect", "constant", "wrap"])
def test_footprint_means_are_within_one_rounding(footprint, mode):
    """Sums down the column runs of footprints that are not boxes, against
    math.fsum within docs/filters.md's bound."""
    x = np.ldexp(rng.uniform(-1, 1, (30, 33)), rng.integers(-30, 30, (30, 33)))
    kw = dict(footprint=footprint, mode=mode, cval=0.5)
    assert "column runs" in llcjit.filter_algorithm(x, "mean(values)", **kw)
    got_mean = llcjit.generic_filter(x, "mean(values)", **kw)
    got_sum = llcjit.generic_filter(x, "sum(values)", **kw)
    h, w = footprint.shape
    padded = pad_as_scipy(x, ((h // 2, h - 1 - h // 2), (w // 2, w - 1 - w // 2)), mode, 0.5)
    cells = int(footprint.sum())
    runs = sum(1 for c in range(w) for r in range(h)
               if footprint[r, c] and (r == 0 or not footprint[r - 1, c]))
    steps = (x.shape[0] + h - 1) * runs
    drift = 2.0 ** -100 * steps * steps * cells * np.max(np.abs(x))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            exact = math.fsum(padded[i:i + h, j:j + w][footprint].tolist())
            assert abs(got_sum[i, j] - exact) <= math.ulp(exact) / 2 + drift, (i, j)
            mean = exact / cells
            assert abs(got_mean[i, j] - mean) <= math.ulp(mean) + drift, (i, j)


@pytest.mark.parametrize("source", ["var(values)", "std(values)", "nansum(values)",
                                    "nanmean(values)", "nanvar(values)", "nanstd(values)"])
def test_footprint_moments_match_numpy(source):
    x = 1e3 + 3 * rng.standard_normal((150, 530))  # several tiles
    nans = source.startswith("nan")
    if nans:
        x[rng.random(x.shape) < 0.3] = np.nan
        x[:20, :20] = np.nan  # windows of nothing but NaN
    reference = getattr(np, source.split("(")[0])
    footprint = disk(6)
    for mode, cval, origin in [("reflect", 0.0, 0), ("constant", np.nan if nans else 2.0, -6),
                               ("wrap", 0.0, (3, -2))]:
        kw = dict(footprint=footprint, mode=mode, cval=cval, origin=origin)
        assert "column runs" in llcjit.filter_algorithm(x, source, **kw)
        got = llcjit.generic_filter(x, source, **kw)
        exact = llcjit.generic_filter(x, source, exact=True, **kw)
        assert np.array_equal(np.isnan(got), np.isnan(exact)), (source, mode)
        assert np.allclose(got, exact, rtol=1e-12, atol=1e-9, equal_nan=True), (source, mode)
        small = x[:40, :45]
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = ndi.generic_filter(small, reference, **kw)
        got = llcjit.generic_filter(small, source, **kw)
        assert np.array_equal(np.isnan(got), np.isnan(want)), (source, mode)
        assert np.allclose(got, want, rtol=1e-12, atol=1e-9, equal_nan=True), (source, mode)


def test_footprint_sums_hand_infinities_to_the_fused_loop():
    x = rng.standard_normal((60, 70))
    x[30, 40] = np.inf
    x[10, 10] = np.nan
    for source, reference in [("mean(values)", np.mean), ("nanmean(values)", np.nanmean)]:
        got = llcjit.generic_filter(x, source, footprint=disk(5), mode="mirror")
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = ndi.generic_filter(x, reference, footprint=disk(5), mode="mirror")
        assert same_bits(got, want), source


def test_exact_keeps_numpys_bits():
    x = rng.random((40, 45))
    exact = llcjit.generic_filter(x, "mean(values)", size=21, exact=True)
    brute = llcjit.generic_filter(x, "mean(values)", size=21, fuse=False)
    assert same_bits(exact, brute)
    want = ndi.generic_filter(x, np.mean, size=21)
    assert same_bits(exact, want)


def test_explain_names_the_algorithm(tmp_path):
    tool = os.environ["LLCJIT_TOOL"]
    np.save(tmp_path / "in.npy", rng.random((50, 50)))
    for args, words in [(["min(values)", "--size", "3"], "the fused loop:"),
                        (["min(values)", "--size", "31"], "van Herk"),
                        (["mean(values)", "--size", "31"], "two grids"),
                        (["mean(values)", "--footprint", "disk:9"], "19 column runs"),
                        (["mean(values)", "--size", "31", "--exact"], "the fused loop:")]:
        result = subprocess.run([tool, "filter", args[0], str(tmp_path / "in.npy"),
                                 str(tmp_path / "out.npy"), *args[1:], "--explain"],
                                capture_output=True, text=True, timeout=60, check=True)
        assert result.stdout.startswith("algorithm: ") and words in result.stdout, args


def test_filter_algorithm_says_what_the_tool_explains(tmp_path):
    tool = os.environ["LLCJIT_TOOL"]
    image = rng.random((50, 50))
    np.save(tmp_path / "in.npy", image)
    # "the fused loop:" opens the fused loop's description; the others
    # mention it only as their fallback.
    for source, size, exact, words in [("min(values)", 3, False, "the fused loop:"),
                                       ("min(values)", 31, False, "van Herk"),
                                       ("mean(values)", 5, False, "two grids"),
                                       ("mean(values)", 4, False, "the fused loop:"),
                                       ("var(values)", 6, False, "squares"),
                                       ("var(values)", 5, False, "the fused loop:"),
                                       ("median(values)", 9, False, "running ranks"),
                                       ("mean(values)", 31, True, "the fused loop:")]:
        said = llcjit.filter_algorithm(image, source, size=size, exact=exact)
        result = subprocess.run([tool, "filter", source, str(tmp_path / "in.npy"),
                                 str(tmp_path / "out.npy"), "--size", str(size), "--explain",
                                 *(["--exact"] if exact else [])],
                                capture_output=True, text=True, timeout=60, check=True)
        assert result.stdout.splitlines()[0] == "algorithm: " + said, (source, size)
        assert words in said, (source, size, said)
    kernel = llcjit.filter_kernel("max(values) - min(values)")
    said = llcjit.filter_algorithm(image, kernel, footprint=np.ones((1, 60)))
    assert "by doubling" in said and "combines the results" in said
    assert "once per element" in llcjit.filter_algorithm(image, "min(values)", size=31, fuse=False)
    assert "fused loop" in llcjit.filter_algorithm(np.float64(1.0), "min(values)", size=())
    # The input's dtype matters, the output's not: a 3x3 minimum runs fused
    # in float64, along whole rows in uint8 (into any dtype, the minima
    # widened as they are stored), and as the tool runs it either way.
    pixels = (image * 200).astype(np.uint8)
    np.save(tmp_path / "pixels.npy", pixels)
    for array, output, words in [(image, None, "fused loop"), (pixels, None, "whole rows"),
                                 (pixels, "uint8", "whole rows"), (pixels, np.float64, "whole rows"),
                                 (pixels, np.empty((50, 50)), "whole rows"),
                                 (image, np.uint8, "fused loop")]:
        said = llcjit.filter_algorithm(array, "min(values)", size=3, output=output)
        assert words in said, (array.dtype, output, said)
    said = llcjit.filter_algorithm(pixels, "min(values)", size=3)
    result = subprocess.run([tool, "filter", "min(values)", str(tmp_path / "pixels.npy"),
                             str(tmp_path / "out.npy"), "--size", "3", "--explain"],
                            capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.splitlines()[0] == "algorithm: " + said


@pytest.mark.parametrize("arguments, error, words", [
    ({"size": None}, RuntimeError, "no footprint or filter size provided"),
    ({"size": (3, 3, 3)}, RuntimeError, "sequence argument must have length equal to input rank"),
    ({"footprint": np.ones((3,), bool)}, RuntimeError, "incorrect shape"),
    ({"size": 3, "mode": "reflekt"}, RuntimeError, "boundary mode not supported"),
    ({"size": 3, "origin": 2}, ValueError, "invalid origin"),
    ({"size": 3, "function": len}, TypeError, "expected a formula string"),
    ({"size": 3, "function": "min(value)"}, llcjit.CompileError, "value"),
])
def test_filter_algorithm_refuses_what_generic_filter_refuses(arguments, error, words):
    arguments = {"function": "min(values)", **arguments}
    with pytest.raises(error, match=words):
        llcjit.filter_algorithm(np.zeros((4, 4)), **arguments)


@pytest.mark.parametrize("mode", MODES)
def test_large_medians_equal_scipy(mode):
    x = rng.standard_normal((45, 52))
    for size in [(9, 9), (11, 7), (1, 67)]:  # odd sizes: median_filter's rank is the middle
        got = llcjit.generic_filter(x, "median(values)", size=size, mode=mode, cval=0.25)
        want = ndi.median_filter(x, size=size, mode=mode, cval=0.25)
        assert same_bits(got, want), (size, mode)
    footprint = disk(6)  # 113 cells
    got = llcjit.generic_filter(x, "percentile(values, 20)", footprint=footprint, mode=mode)
    want = ndi.generic_filter(x, lambda v: np.percentile(v, 20), footprint=footprint, mode=mode)
    assert same_bits(got, want), mode


def test_large_nanmedian_equals_scipy_with_numpy():
    x = rng.standard_normal((30, 34))
    x[rng.random(x.shape) < 0.2] = np.nan
    x[:10, :10] = np.nan  # windows of nothing but NaN
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        want = ndi.generic_filter(x, np.nanmedian, size=9, mode="reflect")
    got = llcjit.generic_filter(x, "nanmedian(values)", size=9, mode="reflect")
    assert np.array_equal(got, want, equal_nan=True)
    assert np.isnan(got[3, 3])


def test_large_box_variances_are_correctly_rounded():
    from fractions import Fraction
    x = 1e6 + np.ldexp(rng.uniform(-1, 1, (10, 12)), rng.integers(-10, 10, (10, 12)))
    size = 17
    got_var = llcjit.generic_filter(x, "var(values)", size=size, mode="wrap")
    got_std = llcjit.generic_filter(x, "std(values)", size=size, mode="wrap")
    numpy_var = ndi.generic_filter(x, np.var, size=size, mode="wrap")
    padded = np.pad(x, size // 2, mode="wrap")
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            window = [Fraction(v) for v in padded[i:i + size, j:j + size].ravel()]
            mean = sum(window) / len(window)
            exact = float(sum((v - mean) ** 2 for v in window) / len(window))
            assert abs(got_var[i, j] - exact) <= math.ulp(exact)
            assert got_std[i, j] == math.sqrt(got_var[i, j])
            # NumPy's two passes in doubles are a few ulps off; so within them.
            assert abs(numpy_var[i, j] - exact) <= 8 * math.ulp(exact)


def test_every_window_size_agrees_with_the_brute_force_loop():
    """Sizes 1..70 along an axis, odd and even, 1-d to 3-d, every mode and
    both extreme origins: the algorithm the driver picks (fused loop or
    window-independent) against SciPy's signature called per element."""
    sweep = np.random.default_rng(70)
    cases = [((80,), (n,)) for n in range(1, 71, 3)]
    cases += [((30, 75), (a, b)) for a, b in [(1, 70), (70, 1), (2, 33), (7, 12), (13, 6),
                                              (9, 10), (17, 17)]]
    cases += [((8, 9, 12), size) for size in [(3, 4, 7), (5, 5, 5), (2, 6, 9), (7, 7, 7)]]
    cases += [((150, 530), size) for size in [(13, 13), (40, 17)]]  # several tiles
    for shape, size in cases:
        x = sweep.integers(-4, 5, size=shape).astype(float)
        x[sweep.random(shape) < 0.05] = np.nan
        for source in ["min(values)", "nanmax(values)", "median(values)",
                       "nanpercentile(values, 40)"]:
            for mode in MODES:
                for origin in [[-(n // 2) for n in size], [(n - 1) // 2 for n in size]]:
                    kw = dict(size=size, mode=mode, cval=1.5, origin=origin)
                    got = llcjit.generic_filter(x, source, **kw)
                    want = llcjit.generic_filter(x, source, fuse=False, **kw)
                    assert np.array_equal(got, want, equal_nan=True), (shape, size, source,
                                                                       mode, origin)
        finite = np.nan_to_num(x)
        for source in ["mean(values)", "var(values)"]:
            got = llcjit.generic_filter(finite, source, size=size, mode="mirror")
            want = llcjit.generic_filter(finite, source, size=size, mode="mirror", exact=True)
            assert np.allclose(got, want, rtol=1e-13, atol=1e-13), (shape, size, source)


@pytest.mark.parametrize("source", ["nansum(values)", "nanmean(values)", "nanvar(values)",
                                    "nanstd(values)"])
def test_large_nan_moments_match_numpy(source):
    x = 1e3 + 3 * rng.standard_normal((150, 530))  # several tiles
    x[rng.random(x.shape) < 0.3] = np.nan
    x[:20, :20] = np.nan  # windows of nothing but NaN
    for mode, cval in [("reflect", 0.0), ("constant", np.nan), ("wrap", 0.0)]:
        got = llcjit.generic_filter(x, source, size=15, mode=mode, cval=cval)
        exact = llcjit.generic_filter(x, source, size=15, mode=mode, cval=cval, exact=True)
        assert np.array_equal(np.isnan(got), np.isnan(exact)), (source, mode)
        assert np.allclose(got, exact, rtol=1e-12, atol=1e-9, equal_nan=True), (source, mode)
    small = x[:40, :45]
    reference = {"nansum(values)": np.nansum, "nanmean(values)": np.nanmean,
                 "nanvar(values)": np.nanvar, "nanstd(values)": np.nanstd}[source]
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = ndi.generic_filter(small, reference, size=15, mode="mirror")
    got = llcjit.generic_filter(small, source, size=15, mode="mirror")
    assert np.array_equal(np.isnan(got), np.isnan(want))
    assert np.allclose(got, want, rtol=1e-12, atol=1e-9, equal_nan=True)
    # A 3-d box runs the running sums axis by axis, the count among them.
    volume = 1e3 + 3 * rng.standard_normal((12, 14, 16))
    volume[rng.random(volume.shape) < 0.3] = np.nan
    volume[:4, :5, :6] = np.nan
    assert "NaN as 0" in llcjit.filter_algorithm(volume, source, size=7)
    for mode, cval in [("mirror", 0.0), ("constant", np.nan), ("constant", 2.0)]:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = ndi.generic_filter(volume, reference, size=7, mode=mode, cval=cval)
        got = llcjit.generic_filter(volume, source, size=7, mode=mode, cval=cval)
        assert np.array_equal(np.isnan(got), np.isnan(want)), (source, mode, cval)
        assert np.allclose(got, want, rtol=1e-12, atol=1e-9, equal_nan=True), (source, mode)
