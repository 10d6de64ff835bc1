"""llcjit.generic_filter in every dtype against scipy.ndimage.generic_filter
running the same llcjit kernel: the output's dtype chosen as SciPy chooses
it, every input dtype read in place, and the double result converted to
every output dtype with SciPy's bits, at the values where C's conversion is
undefined (NaN, infinities, out of range, negatives into unsigned types),
through the fused loop, the per-element calls and the window-independent
algorithms."""
import itertools
import os
import pathlib
import sys

import numpy as np
import pytest
import scipy.ndimage as ndi

if os.environ.get("LLCJIT_SANITIZED"):
    pytest.skip("the bridge loads libllcjit into python3, which is not instrumented",
                allow_module_level=True)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402

DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
          "float32", "float64"]
MODES = ["reflect", "constant", "nearest", "mirror", "wrap"]
rng = np.random.default_rng(2026)


def image(dtype, shape=(13, 17)):
    """Values over much of the type's range, ties included; NaN and
    infinities in the floating types."""
    info = np.iinfo(dtype) if np.dtype(dtype).kind in "iu" else None
    if dtype == "bool":
        return rng.random(shape) > 0.5
    if info is not None:
        low, high = max(info.min, -2**40), min(info.max, 2**40)
        values = rng.integers(low, high, size=shape, dtype=dtype, endpoint=True)
        values.flat[::7] = info.max
        values.flat[3::11] = info.min
        return values
    values = (rng.standard_normal(shape) * 1e3).astype(dtype)
    values.flat[::13] = np.nan
    values.flat[5::17] = -np.inf
    return values


def same_bits(got, want):
    assert got.dtype == want.dtype
    assert got.shape == want.shape
    np.testing.assert_array_equal(np.ascontiguousarray(got).view(np.uint8),
                                  np.ascontiguousarray(want).view(np.uint8))


# Where C's conversion of a double is undefined or rounds.
AWKWARD = np.array(
    [np.nan, np.inf, -np.inf, -0.0, 0.5, -0.5, -0.99, -1.0, -1.5, 2.5, 127.5, 128.0, -128.5,
     -129.0, 255.7, 256.2, 300.0, 32767.9, 32768.0, -32769.0, 65535.0, 65536.5, 2.0**31,
     -2.0**31, -2.0**31 - 1, 2.0**32 + 3, 2.0**63, -2.0**63, 2.0**63 + 4096, 2.0**64, 1e300,
     -1e300, 3.4e38, 1e39, 1e-46]
    + [v for p in range(65) for v in (2.0**p - 1, 2.0**p + 0.5, -2.0**p, -2.0**p - 0.75)])


@pytest.mark.parametrize("dtype", DTYPES)
def test_conversion_of_results_is_scipys(dtype):
    want = ndi.generic_filter(AWKWARD, llcjit.filter_kernel("values[0]"), size=1, output=dtype)
    for fuse in (True, False):
        got = llcjit.generic_filter(AWKWARD, "values[0]", size=1, output=dtype, fuse=fuse)
        same_bits(got, want)


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_input_dtype_keeps_its_dtype(dtype):
    # (Over the broken line the fused loop computes the minimum too.)
    data = image(dtype)
    footprints = [np.array([[0, 1, 0], [1, 1, 1], [0, 1, 1]], bool),
                  np.array([[1, 0, 1, 1]], bool)]
    for source, mode, footprint in itertools.product(
            ["min(values)", "mean(values) * 3 - 1", "median(values)"], MODES, footprints):
        kernel = llcjit.filter_kernel(source)
        want = ndi.generic_filter(data, kernel, footprint=footprint, mode=mode, cval=-2.5)
        for fuse in (True, False):
            got = llcjit.generic_filter(data, source, footprint=footprint, mode=mode, cval=-2.5,
                                        fuse=fuse)
            same_bits(got, want)


@pytest.mark.parametrize("dtype", ["float32", "int16", "uint8"])
def test_border_keeps_a_cval_its_dtype_cannot_hold(dtype):
    # The fused kernel computes the border over a copy in the input's dtype
    # only where that dtype holds cval exactly; SciPy reads 0.1 as a double.
    data = image(dtype)
    for source, cval in itertools.product(["sum(values * values)", "values[4] - median(values)"],
                                          [0.1, -300.5, 3.0]):
        assert llcjit.filter_algorithm(data, source, size=3).startswith("the fused loop")
        kernel = llcjit.filter_kernel(source)
        want = ndi.generic_filter(data, kernel, size=3, mode="constant", cval=cval,
                                  output="float64")
        got = llcjit.generic_filter(data, source, size=3, mode="constant", cval=cval,
                                    output="float64")
        same_bits(got, want)
    # -0.0 comes back from an integer as +0.0: 1 / -0.0 must stay -inf.
    positive = (np.arange(data.size) % 100 + 1).reshape(data.shape).astype(dtype)
    source, kernel = "1 / min(values)", lambda v: 1 / np.min(v)
    want = ndi.generic_filter(positive, kernel, size=3, mode="constant", cval=-0.0,
                              output="float64")
    got = llcjit.generic_filter(positive, source, size=3, mode="constant", cval=-0.0,
                                output="float64")
    same_bits(got, want)
    assert np.isneginf(got[0, 0])


@pytest.mark.parametrize("dtype", DTYPES)
def test_window_independent_algorithms_in_every_dtype(dtype):
    data = image(dtype, (31, 29))
    for source, size in [("min(values)", 9), ("max(values) - min(values)", (9, 11)),
                         ("median(values)", 9), ("percentile(values, 30)", (1, 71))]:
        kernel = llcjit.filter_kernel(source)
        for output in (None, "float64", "uint8"):
            want = ndi.generic_filter(data, kernel, size=size, mode="mirror", output=output)
            got = llcjit.generic_filter(data, source, size=size, mode="mirror", output=output)
            same_bits(got, want)
    # Volumes pass through float64 copies, images through widened tiles.
    volume = image(dtype, (7, 9, 11))
    for source, size in [("median(values)", 5), ("max(values) - min(values)", (5, 7, 9))]:
        assert not llcjit.filter_algorithm(volume, source, size=size).startswith("the fused")
        kernel = llcjit.filter_kernel(source)
        for output in (None, "float64", "uint8"):
            want = ndi.generic_filter(volume, kernel, size=size, mode="mirror", output=output)
            got = llcjit.generic_filter(volume, source, size=size, mode="mirror", output=output)
            same_bits(got, want)


def disk(radius):
    y, x = np.mgrid[-radius:radius + 1, -radius:radius + 1]
    return x * x + y * y <= radius * radius


@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "uint16", "int32", "float32",
                                   "float64"])
def test_extremes_over_footprints_along_rows_in_every_dtype(dtype):
    # Crosses, disks and a ring: along whole rows in the element type where
    # the cost model says so (every 1-byte footprint, the larger ones in
    # every dtype).
    data = image(dtype, (37, 70))
    ring = np.ones((7, 9), bool)
    ring[2:5, 3:6] = False
    for footprint in [ndi.generate_binary_structure(2, 1), disk(2), disk(4), ring]:
        said = llcjit.filter_algorithm(data, "min(values)", footprint=footprint)
        if np.dtype(dtype).itemsize == 1 or footprint.sum() > 40:
            assert "whole rows" in said, (dtype, footprint.sum(), said)
        for source in ["min(values)", "max(values)", "max(values) - min(values)"]:
            kernel = llcjit.filter_kernel(source)
            extremes = [[-(n // 2) for n in footprint.shape],
                        [(n - 1) // 2 for n in footprint.shape]]
            for mode, origin in itertools.product(MODES, [0, *extremes]):
                want = ndi.generic_filter(data, kernel, footprint=footprint, mode=mode,
                                          cval=-3, origin=origin)
                got = llcjit.generic_filter(data, source, footprint=footprint, mode=mode,
                                            cval=-3, origin=origin)
                same_bits(got, want)


def test_output_given_as_scipy_takes_it():
    data = image("int16")
    want = ndi.generic_filter(data, llcjit.filter_kernel("max(values) / 3"), size=3,
                              output=np.uint8)
    for output in (np.uint8, np.dtype("uint8"), "uint8", "u1", "ubyte"):
        same_bits(llcjit.generic_filter(data, "max(values) / 3", size=3, output=output), want)
    into = np.full(data.shape, 7, np.uint8)
    assert llcjit.generic_filter(data, "max(values) / 3", size=3, output=into) is into
    same_bits(into, want)
    # A strided output view, and an output in the other byte order.
    wide = np.zeros((data.shape[0], 2 * data.shape[1]), np.float32)
    llcjit.generic_filter(data, "max(values) / 3", size=3, output=wide[:, ::2])
    same_bits(wide[:, ::2], ndi.generic_filter(data, llcjit.filter_kernel("max(values) / 3"),
                                               size=3, output=np.float32))
    swapped = np.zeros(data.shape, ">i4")
    want = np.zeros(data.shape, ">i4")
    ndi.generic_filter(data, llcjit.filter_kernel("max(values) / 3"), size=3, output=want)
    assert llcjit.generic_filter(data, "max(values) / 3", size=3, output=swapped) is swapped
    np.testing.assert_array_equal(swapped, want)


def test_other_byte_order_input_is_read_as_scipy_reads_it():
    for dtype in (">f8", ">i2", ">u4", "<f4"):
        data = image(np.dtype(dtype).newbyteorder("=").name).astype(dtype)
        want = ndi.generic_filter(data, llcjit.filter_kernel("min(values) + 1"), size=(2, 3))
        got = llcjit.generic_filter(data, "min(values) + 1", size=(2, 3))
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


def test_in_place_in_a_narrow_dtype():
    data = image("uint16")
    want = ndi.generic_filter(data, llcjit.filter_kernel("max(values)"), size=(3, 5))
    assert llcjit.generic_filter(data, "max(values)", size=(3, 5), output=data) is data
    same_bits(data, want)


@pytest.mark.parametrize("dtype", ["uint8", "int8", "bool"])
def test_byte_medians_by_histograms(dtype):
    # 8-bit medians and percentiles count values instead of ranking them:
    # column histograms over boxes, a histogram per window over other
    # footprints (and in 1 and 3 axes); SciPy's bits under every mode, and
    # the ranks where the type cannot hold cval.
    data = image(dtype, (70, 300))
    for source, shape in [("median(values)", (9, 9)), ("percentile(values, 35)", (6, 11)),
                          ("median(values)", disk(5))]:
        arguments = {"footprint": shape} if isinstance(shape, np.ndarray) else {"size": shape}
        kernel = llcjit.filter_kernel(source)
        for mode, cval in [*((mode, 0) for mode in MODES), ("constant", 1), ("constant", 300)]:
            said = llcjit.filter_algorithm(data, source, mode=mode, cval=cval, **arguments)
            assert ("histogram" in said) == (cval != 300), said
            for output in (None, "float32"):
                want = ndi.generic_filter(data, kernel, mode=mode, cval=cval, output=output,
                                          **arguments)
                got = llcjit.generic_filter(data, source, mode=mode, cval=cval, output=output,
                                            **arguments)
                same_bits(got, want)
    # Past 65,535 cells or 512 columns, or below 3 rows, a histogram per
    # window.
    for size in [(300, 300), (3, 600), (2, 40)]:
        said = llcjit.filter_algorithm(data, "median(values)", size=size)
        assert "histogram of the 256 values per window" in said, said
    for shape in [(150,), (6, 7, 8)]:
        volume = image(dtype, shape)
        size = (71,) if len(shape) == 1 else (3, 5, 7)
        assert "histogram" in llcjit.filter_algorithm(volume, "median(values)", size=size)
        want = ndi.generic_filter(volume, llcjit.filter_kernel("median(values)"), size=size)
        same_bits(llcjit.generic_filter(volume, "median(values)", size=size), want)


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8", "int16", "uint16"])
def test_integer_sums_and_means(dtype):
    # Sums and means of 8- and 16-bit integers over boxes run in 32-bit
    # integers, SciPy's bits into every output, at the ends of each type.
    data = image(dtype, (45, 150))
    # A view running backwards: its edge columns are offsets below its
    # first element.
    if dtype == "uint8":
        data = data[::-1, ::-1]
    for source in ["mean(values)", "sum(values)", "nanmean(values)"]:
        kernel = llcjit.filter_kernel(source)
        for size, mode, cval in [((3, 3), "reflect", 0), ((5, 7), "constant", 1),
                                 ((9, 2), "wrap", 0), ((1, 31), "mirror", 0),
                                 ((4, 4), "nearest", 0), ((5, 5), "constant", 0.5)]:
            said = llcjit.filter_algorithm(data, source, size=size, mode=mode, cval=cval)
            assert ("32-bit integers" in said) == (cval != 0.5), said
            for output in (None, "float64", "float32", "uint8"):
                want = ndi.generic_filter(data, kernel, size=size, mode=mode, cval=cval,
                                          output=output)
                got = llcjit.generic_filter(data, source, size=size, mode=mode, cval=cval,
                                            output=output)
                same_bits(got, want)
