"""llcjit.generic_filter against scipy.ndimage.generic_filter with the same
kernel written in Python: equal results for every mode, footprint, origin,
rank and view, through the fused kernels and through SciPy's signature, and
SciPy's errors for SciPy's bad inputs; windows far longer than the image."""
import ctypes
import itertools
import math
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest
import scipy
import scipy.ndimage as ndi

if os.environ.get("LLCJIT_SANITIZED"):
    pytest.skip("the bridge loads libllcjit into python3, which is not instrumented",
                allow_module_level=True)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402
from scipy_padding import NP_PAD_MODES, pad_as_scipy  # noqa: E402

KERNELS = {
    "min(values)": np.min,
    "max(values)": np.max,
    "mean(values)": np.mean,
    "median(values)": np.median,
    "sum(values * values)": lambda v: np.sum(v * v),
    "percentile(values, 25)": lambda v: np.percentile(v, 25),
    "median(abs(values - median(values)))": lambda v: np.median(np.abs(v - np.median(v))),
}
MODES = ["reflect", "constant", "nearest", "mirror", "wrap", "grid-mirror", "grid-constant",
         "grid-wrap"]
rng = np.random.default_rng(11)
FOOTPRINTS = {
    1: [np.ones(3, bool), np.array([1, 0, 1, 1], bool)],
    2: [np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool), np.ones((2, 3), bool),
        np.ones((3, 3), bool)],
    3: [np.ones((3, 3, 3), bool) & (rng.random((3, 3, 3)) > 0.3), np.ones((2, 1, 2), bool)],
}
SHAPES = {1: (11,), 2: (6, 7), 3: (4, 5, 3)}


def check(image, source, footprint, **options):
    want = ndi.generic_filter(image, KERNELS[source], footprint=footprint, **options)
    for fuse in (True, False):
        got = llcjit.generic_filter(image, source, footprint=footprint, fuse=fuse, **options)
        np.testing.assert_array_equal(got, want, err_msg=f"{source} {options} fuse={fuse}")


@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("source", sorted(KERNELS))
def test_every_mode_and_footprint(rank, source):
    image = rng.standard_normal(SHAPES[rank])
    for footprint, mode in itertools.product(FOOTPRINTS[rank], MODES):
        check(image, source, footprint, mode=mode, cval=0.75)


def test_origins_at_both_ends_of_their_range():
    image = rng.standard_normal((6, 7))
    footprint = np.ones((3, 4), bool)
    for origin in [(-1, -2), (1, 1), (0, -2), (-1, 1), 0]:
        for mode in ("reflect", "constant", "wrap"):
            check(image, "median(values)", footprint, mode=mode, origin=origin)


def test_views_edges_and_degenerate_shapes():
    base = rng.standard_normal((9, 12))
    cross = FOOTPRINTS[2][0]
    check(base[::2, ::-3], "min(values)", cross)            # strided, reversed view
    check(base.T, "median(values)", cross, mode="mirror")   # Fortran order
    check(base[:1], "max(values)", cross, mode="mirror")    # 1 x N
    check(base[:, :1], "mean(values)", cross, mode="mirror")  # N x 1
    check(base[:1, :1], "sum(values * values)", cross, mode="mirror")  # one pixel
    check(base[:2, :3], "median(values)", np.ones((5, 7), bool), mode="wrap")  # big footprint
    # The border's copies: a line cut into blocks of 4096 columns, a
    # footprint without the centre's row, a volume's outside planes.
    for mode in ("reflect", "constant", "wrap"):
        check(rng.standard_normal(8193), "median(values)", np.ones(5, bool), mode=mode)
        check(base, "sum(values * values)", np.array([[1, 1, 1], [0, 0, 0], [0, 0, 0]], bool),
              mode=mode)
        check(rng.standard_normal((3, 6, 4100)), "max(values)", np.ones((3, 1, 3), bool),
              mode=mode)
    integers = rng.integers(0, 255, (5, 6))
    np.testing.assert_array_equal(
        llcjit.generic_filter(integers, "max(values)", size=3),
        ndi.generic_filter(integers.astype(float), np.max, size=3))


def test_parameters_output_and_in_place():
    image = rng.standard_normal((6, 7))
    want = ndi.generic_filter(image, lambda v: np.sum(v > 0.2), size=3)
    np.testing.assert_array_equal(
        llcjit.generic_filter(image, "count(values > t)", size=3, t=0.2), want)
    kernel = llcjit.filter_kernel("count(values > t)", t=0.2)
    out = np.empty_like(image)
    assert llcjit.generic_filter(image, kernel, size=3, output=out) is out
    np.testing.assert_array_equal(out, want)
    in_place = image.copy()
    llcjit.generic_filter(in_place, "min(values)", size=3, output=in_place)
    np.testing.assert_array_equal(in_place, ndi.generic_filter(image, np.min, size=3))


def test_threads_do_not_change_the_result():
    image = rng.standard_normal((33, 17))
    want = llcjit.generic_filter(image, "median(values)", size=3, threads=1)
    for threads in (2, 3, 0):
        np.testing.assert_array_equal(
            llcjit.generic_filter(image, "median(values)", size=3, threads=threads), want)


FILTER_FUNCTION = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_double),
                                   ctypes.c_ssize_t, ctypes.POINTER(ctypes.c_double),
                                   ctypes.c_void_p)


@FILTER_FUNCTION
def spread(values, size, result, user_data):
    """max - min, times the double user_data points to: a C callback."""
    window = [values[i] for i in range(size)]
    result[0] = (max(window) - min(window)) * ctypes.cast(
        user_data, ctypes.POINTER(ctypes.c_double))[0]
    return 1


def test_any_lowlevelcallable_of_scipys_signature():
    image = rng.standard_normal((7, 9))
    scale = ctypes.c_double(2.0)
    callback = scipy.LowLevelCallable(spread, ctypes.cast(ctypes.pointer(scale), ctypes.c_void_p),
                                      "int (double *, intptr_t, double *, void *)")
    want = ndi.generic_filter(image, callback, size=3, mode="wrap")
    np.testing.assert_array_equal(llcjit.generic_filter(image, callback, size=3, mode="wrap"),
                                  want)
    np.testing.assert_array_equal(want, ndi.generic_filter(image, np.ptp, size=3, mode="wrap") * 2)
    with pytest.raises(ValueError, match="signature"):
        llcjit.generic_filter(image, llcjit.integrand("x"), size=3)


def test_scipys_errors():
    image = rng.standard_normal((5, 5))
    with pytest.raises(ValueError, match="invalid origin"):
        llcjit.generic_filter(image, "min(values)", size=3, origin=2)
    with pytest.raises(RuntimeError, match="boundary mode not supported"):
        llcjit.generic_filter(image, "min(values)", size=3, mode="foo")
    with pytest.raises(RuntimeError, match="incorrect shape"):
        llcjit.generic_filter(image, "min(values)", footprint=np.ones(3, bool))
    with pytest.raises(ValueError, match="only zeros"):
        llcjit.generic_filter(image, "min(values)", footprint=np.zeros((3, 3), bool))
    with pytest.raises(llcjit.CompileError):
        llcjit.generic_filter(image, "min(values", size=3)


NUMPY_REDUCTIONS = {
    "sum(values)": np.sum, "mean(values)": np.mean, "var(values)": np.var,
    "std(values)": np.std, "median(values)": np.median, "min(values)": np.min,
    "max(values)": np.max, "percentile(values, 25)": lambda v: np.percentile(v, 25),
    "percentile(values, 62.5)": lambda v: np.percentile(v, 62.5),
    "percentile(values, 100)": lambda v: np.percentile(v, 100),
    "argmax(values)": np.argmax,
    "median(abs(values - median(values)))": lambda v: np.median(np.abs(v - np.median(v))),
}


@pytest.mark.parametrize("source", sorted(NUMPY_REDUCTIONS))
def test_fused_reductions_match_numpy_bit_for_bit(source):
    """The fused kernel of a known size (straight-line pairwise sums, sorting
    networks up to 64 values) against NumPy itself: the middle element of a
    line filtered with a footprint as long as the line sees the whole line.
    fuse="always": a line is too short to pay for the compile of the larger
    networks, which would run per element.
    exact=True: above 20 cells (a line runs as an image of one row) sums and
    means would run as running sums (test_fast_filters.py holds them to
    their bound instead)."""
    generator = np.random.default_rng(64)
    for n in [1, 2, 5, 7, 8, 9, 16, 25, 49, 64, 65, 127, 128, 129, 300]:
        values = generator.standard_normal(n) * 10.0 ** generator.uniform(-3, 3, n)
        got = llcjit.generic_filter(values, source, size=n, exact=True, fuse="always")[n // 2]
        want = float(NUMPY_REDUCTIONS[source](values))
        assert got == want, (source, n, got, want)


def test_streaming_stores_give_the_same_bits():
    # Non-temporal output stores (forced on, off, or chosen by size): the
    # same results, to an aligned and to a misaligned output.
    image = np.random.default_rng(3).standard_normal((257, 300))
    want = ndi.generic_filter(image, np.max, size=3)
    for streaming in (None, True, False):
        np.testing.assert_array_equal(
            llcjit.generic_filter(image, "max(values)", size=3, streaming=streaming), want)
        backing = np.empty(image.size + 1)
        shifted = backing[1:].reshape(image.shape)
        llcjit.generic_filter(image, "values[0] + values[8]", size=3, output=shifted,
                              streaming=streaming)
        np.testing.assert_array_equal(
            shifted, ndi.generic_filter(image, lambda v: v[0] + v[8], size=3))
    with pytest.raises(TypeError, match="streaming must be None, True or False"):
        llcjit.generic_filter(image, "max(values)", size=3, streaming="yes")


def test_more_parameters_than_the_stack_holds_read_only_input_fortran_output():
    # The per-call path (_speedups.generic_filter) keeps up to 16 parameter
    # values on the stack and allocates past them; it reads a read-only
    # input and writes an output of any layout.
    names = [f"p{i}" for i in range(20)]
    params = {name: float(i + 1) for i, name in enumerate(names)}
    x = np.random.default_rng(3).random((40, 30))
    x.flags.writeable = False
    out = np.zeros((40, 30), order="F")
    got = llcjit.generic_filter(x, "max(values) * (" + " + ".join(names) + ")", size=3,
                                output=out, **params)
    assert got is out
    total = sum(params.values())
    np.testing.assert_array_equal(out, ndi.generic_filter(x, lambda v: v.max() * total, size=3))
    with pytest.raises(TypeError, match=r"missing value for parameter\(s\) p1"):
        llcjit.generic_filter(x, "max(values) * p0 * p1", size=3, p0=1.0)


def test_a_kernel_too_long_to_fuse_on_a_small_image_matches_scipy():
    # A chain of 40 medians over 8x8 would take about a minute to compile
    # fused; on this image it runs per element until its work pays
    # (docs/filters.md), with SciPy's values.
    source, links = "median(values)", 40
    for _ in range(links - 1):
        source = f"median(abs(values - {source}))"

    def chain(v):
        m = np.median(v)
        for _ in range(links - 1):
            m = np.median(np.abs(v - m))
        return m
    image = np.random.default_rng(40).standard_normal((9, 10))
    assert "until then the SciPy entry point" in llcjit.filter_algorithm(image, source, size=8)
    assert "until then" not in llcjit.filter_algorithm(image, source, size=8, fuse="always")
    np.testing.assert_array_equal(llcjit.generic_filter(image, source, size=8, mode="wrap"),
                                  ndi.generic_filter(image, chain, size=8, mode="wrap"))
    with pytest.raises(ValueError, match="fuse must be True, False or 'always', not 'yes'"):
        llcjit.generic_filter(image, source, size=8, fuse="yes")


# NumPy's reduction of each window of an np.pad extension (SciPy's own
# reflect reads wrong values once the window passes the array's length).
REDUCED = {"max(values)": np.max, "min(values)": np.min, "median(values)": np.median,
           "sum(values)": lambda w, axis: np.apply_along_axis(math.fsum, axis, w)}


def windows_reduced(x, source, size, mode, cval):
    padded = pad_as_scipy(x, [(n // 2, n - 1 - n // 2) for n in size], mode, cval)
    windows = np.lib.stride_tricks.sliding_window_view(padded, size)
    return REDUCED[source](windows.reshape(*x.shape, -1), axis=-1)


@pytest.mark.parametrize("source", list(REDUCED))
def test_a_window_far_longer_than_the_image_reduces_the_extension(source):
    # Past twice the array (plus 64) along an axis the brute force may run
    # where the window-independent algorithms' scratch grows large: both
    # routes give the extension's reduction.
    x = np.random.default_rng(5).random((8, 9))
    exact = source != "sum(values)"  # (sums: within a few roundings of math.fsum)
    for size, mode in itertools.product([(5001, 1), (1, 5001), (301, 303), (50001, 1)],
                                        NP_PAD_MODES):
        want = windows_reduced(x, source, size, mode, 0.5)
        for fuse in (True, False):
            got = llcjit.generic_filter(x, source, size=size, mode=mode, cval=0.5, fuse=fuse)
            if exact:
                np.testing.assert_array_equal(got, want, err_msg=f"{size} {mode} {fuse}")
            else:
                np.testing.assert_allclose(got, want, rtol=1e-14, err_msg=f"{size} {mode}")
    for axis in [0, 1]:
        size = (10001, 1) if axis == 0 else (1, 10001)
        got = llcjit.generic_filter1d(x, source, 10001, axis=axis)
        np.testing.assert_allclose(got, windows_reduced(x, source, size, "reflect", 0.0),
                                   rtol=0 if exact else 1e-14)


def test_a_window_far_longer_than_the_image_keeps_memory_to_its_size():
    # 50,000 rows over an 8 x 9 image took 570 MB of scratch rows, a page
    # each; the brute force needs the window's 400 kB per thread.
    script = ("import resource, numpy as np, llcjit\n"
              "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
              "llcjit.generic_filter(np.ones((8, 9)), 'max(values)', size=(50000, 1))\n"
              "llcjit.generic_filter1d(np.ones((8, 9)), 'max(values)', 100000, axis=0)\n"
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n")
    grown_kb = int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                  check=True, env={**os.environ, "PYTHONPATH": str(
                                      pathlib.Path(__file__).resolve().parents[2] / "python")},
                                  timeout=120).stdout)
    assert grown_kb < 200_000
