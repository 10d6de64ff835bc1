"""llcjit.map_coordinates, geometric_transform, spline_filter and
spline_filter1d against scipy.ndimage (Debian's SciPy 1.10) bit for bit:
every boundary mode, spline order 0-5 with and without prefiltering, ranks
1-3, coordinates far outside the input and on its edges (beyond 2**53 too;
where SciPy's conversions overflow, docs/interpolation.md's values); formula mappings
against SciPy calling the same compiled llcjit.transform per pixel, output
ranks below the input's, and a foreign (Numba) LowLevelCallable; every input
and output dtype with SciPy's rounding and clamping (NaN, out of range,
negatives into unsigned types, ties, cval out of range, grid-constant's cval
cast to the input dtype); complex inputs and cvals; strided, reversed,
big-endian and tiny arrays and empty outputs; results independent of the
thread count. (Bad arguments: test_interpolation_errors.py.)"""
import ctypes
import itertools
import os
import pathlib
import re
import sys
import warnings

import numpy as np
import pytest
import scipy
import scipy.ndimage as ndi

if os.environ.get("LLCJIT_SANITIZED"):
    pytest.skip("the bridge loads libllcjit into python3, which is not instrumented",
                allow_module_level=True)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402

MODES = ["constant", "grid-constant", "nearest", "reflect", "grid-mirror", "mirror", "wrap",
         "grid-wrap"]
DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
          "float32", "float64"]
SHAPES = {1: (13,), 2: (7, 9), 3: (4, 5, 6)}
SIGNATURE = "int (intptr_t *, double *, int, int, void *)"
rng = np.random.default_rng(20260601)


def same(got, want):
    """Same dtype, shape and bits (-0.0 is not 0.0); NaN equals NaN."""
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape
    got, want = np.ascontiguousarray(got), np.ascontiguousarray(want)
    if got.dtype.kind in "fc":
        got, want = ((x if x.dtype.isnative else x.byteswap()).view(
            x.real.dtype.newbyteorder("=")) for x in (got, want))
        nan = np.isnan(got)
        np.testing.assert_array_equal(nan, np.isnan(want))
        got, want = got[~nan], want[~nan]
    np.testing.assert_array_equal(got.view(np.uint8), want.view(np.uint8))


def coordinates(shape, count=120):
    """(rank, 8, count // 8) coordinates: on every axis the awkward values
    (aligned across axes), every integer in [-15, n + 15], and uniform
    values in [-15, n + 15]."""
    axes = []
    for n in shape:
        special = [-1e-16, 1e-16, -0.5, 0.0, 0.5, n - 1, n - 0.5, n - 1 + 1e-13, n, n + 0.5,
                   -1.0, -15.0, n + 15.0]
        rest = np.concatenate([np.arange(-15, n + 16), rng.uniform(-15, n + 15, count)])
        rng.shuffle(rest)
        axes.append(np.concatenate([special, rest])[:count])
    return np.stack(axes).reshape(len(shape), 8, count // 8)


def check(name, *args, **kwargs):
    """llcjit's result of a call is scipy.ndimage's."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = getattr(ndi, name)(*args, **kwargs)
        same(getattr(llcjit, name)(*args, **kwargs), want)


def mapping(module, formula, **kwargs):
    """The formula for llcjit, its compiled Transform for SciPy."""
    return formula if module is llcjit else llcjit.transform(formula, **kwargs)


def check_transform(data, formula, *args, **kwargs):
    """llcjit.geometric_transform of a formula is SciPy's calling it compiled."""
    want = ndi.geometric_transform(data, llcjit.transform(formula), *args, **kwargs)
    same(llcjit.geometric_transform(data, formula, *args, **kwargs), want)


# 1. map_coordinates: modes x orders x prefilter x ranks.
@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("order", range(6))
@pytest.mark.parametrize("mode", MODES)
def test_map_coordinates_is_scipys(mode, order, rank):
    data = rng.standard_normal(SHAPES[rank]) * 10
    where = coordinates(SHAPES[rank])
    for prefilter in (True, False):
        check("map_coordinates", data, where, order=order, mode=mode, cval=0.75,
              prefilter=prefilter)


# Coordinates SciPy folds into the input in double arithmetic that is exact
# only below 2**53 (defined C all the same): llcjit lands where SciPy lands.
BEYOND_2_53 = [2.0**53 + 2, -2.0**53 - 2, 1.5338919169899734e16, 3e16, -3e16, 1e17, -1e17, 1e18,
               -1e18, 2.0**62]
# Coordinates where SciPy's conversions to npy_intp overflow or its spline
# weights are NaN: SciPy's results there are whatever x86-64 makes of
# undefined C (under nearest, +1e300 reads the first sample and order 4
# gives 3e211), and llcjit's are docs/interpolation.md's instead.
NON_FINITE = [np.nan, np.inf, -np.inf, 1e300, -1e300, 2.0**64]


def documented(mode, value, data, order):
    """llcjit's value at a coordinate past SciPy's defined arithmetic, or
    None where SciPy's own value is defined and llcjit's equals it."""
    if mode in ("nearest", "grid-constant") and not np.isfinite(value):
        return np.nan  # SciPy's weights are NaN (order 0: an overflowed index)
    if mode == "nearest":  # the nearer edge, as SciPy reads it 1e15 away
        return ndi.map_coordinates(data, [[np.copysign(1e15, value)]], order=order,
                                   mode=mode)[0]
    if mode in ("wrap", "grid-wrap") and value > 0 and not value < 2.0**63:
        return np.nan  # SciPy's fold overflows and lands past the input
    return None


@pytest.mark.parametrize("mode", MODES)
def test_extreme_coordinates(mode):
    for n, order in itertools.product((7, 13), range(6)):
        data = np.arange(n) + 1.5
        check("map_coordinates", data, np.array(BEYOND_2_53)[None], order=order, mode=mode)
        where = np.array(NON_FINITE)[None]
        got = llcjit.map_coordinates(data, where, order=order, mode=mode)
        want = ndi.map_coordinates(data, where, order=order, mode=mode)
        for k, value in enumerate(NON_FINITE):
            expected = documented(mode, value, data, order)
            np.testing.assert_equal(got[k], want[k] if expected is None else expected,
                                    err_msg=f"{mode} order {order} n {n} at {value}")


# 2. geometric_transform: formulas, against SciPy calling llcjit.transform.
TRANSFORMS = [  # (input shape, formula, output shape, rank for llcjit.transform, params)
    ((13,), "(o0*0.45 - 3.5,)", (31,), None, {}),
    ((13,), "(o0*1.7 - t,)", (6,), None, {"t": 4.25}),
    ((7, 9), "(o0*1.3 - 2, o1*0.7 + t)", (11, 13), None, {"t": 0.25}),
    ((7, 9), "(o0*1.3 - 2, o1*0.7 + t)", (4, 5), None, {"t": -7.5}),
    ((7, 9), "(sin(o0)*3 + o1*0.5, o1*o1*0.2 - o0)", (9, 12), None, {}),
    ((7, 9), "(1, o0*2)", (5,), 1, {}),
    ((7, 9), "(o0*0.5 + s, o0*2 - 3)", (9,), 1, {"s": 0.5}),
    ((4, 5, 6), "(o2*0.5 - 1, o0*1.5 + 0.5, o1 - 2.5)", (5, 4, 7), None, {}),
    ((4, 5, 6), "(o0 - 0.5, o1 + 1e-16, o1*1.5)", (3, 6), 2, {}),
]


@pytest.mark.parametrize("order", range(6))
@pytest.mark.parametrize("mode", MODES)
def test_geometric_transform_formula_is_scipys(mode, order):
    for shape, formula, output_shape, rank, params in TRANSFORMS:
        data = rng.standard_normal(shape) * 10
        compiled = llcjit.transform(formula, rank=rank, **params)
        for prefilter in (True, False):
            options = dict(output_shape=output_shape, order=order, mode=mode, cval=-2.5,
                           prefilter=prefilter)
            want = ndi.geometric_transform(data, compiled, **options)
            same(llcjit.geometric_transform(data, formula, **options, **params), want)
            same(llcjit.geometric_transform(data, compiled, **options), want)
    # A Transform's parameters, overridden by keyword arguments.
    data = rng.standard_normal((7, 9))
    want = ndi.geometric_transform(data, llcjit.transform("(o0 + t, o1 - t)", t=1.5),
                                   order=order, mode=mode)
    same(llcjit.geometric_transform(data, llcjit.transform("(o0 + t, o1 - t)", t=9.0),
                                    order=order, mode=mode, t=1.5), want)


def test_streaming_stores_give_the_same_bits():
    data = rng.standard_normal((45, 70))
    points = rng.uniform(-3, 72, size=(2, 33, 65))
    transform_want = ndi.geometric_transform(data, llcjit.transform("(o0*0.9 + 1, o1 - 2)"),
                                             order=1)
    coordinates_want = ndi.map_coordinates(data, points, order=3)
    for streaming in (None, True, False):
        same(llcjit.geometric_transform(data, "(o0*0.9 + 1, o1 - 2)", order=1,
                                        streaming=streaming), transform_want)
        same(llcjit.map_coordinates(data, points, order=3, streaming=streaming),
             coordinates_want)
    for function, arguments in ((llcjit.geometric_transform, ("(o0, o1)",)),
                                (llcjit.map_coordinates, (points,))):
        with pytest.raises(TypeError, match="streaming must be None, True or False"):
            function(data, *arguments, streaming="yes")


@pytest.mark.parametrize("declared", [SIGNATURE, "int (npy_intp *, double *, int, int, void *)",
                                      "int (long *, double *, int, int, void *)",
                                      "int (long long *, double *, int, int, void *)"])
def test_foreign_lowlevelcallable_is_called_as_scipy_calls_it(declared):
    numba = pytest.importorskip("numba")
    t = numba.types

    @numba.cfunc(t.intc(t.CPointer(t.intp), t.CPointer(t.double), t.intc, t.intc,
                        t.CPointer(t.double)))
    def scaled(output, input, output_rank, input_rank, user_data):
        input[0] = output[0] * 0.8 - user_data[0]
        input[1] = output[1] * 1.1 + 0.5 * output_rank - input_rank
        return 1

    shift = np.array([1.25])
    callable_ = scipy.LowLevelCallable(scaled.ctypes, signature=declared,
                                       user_data=shift.ctypes.data_as(ctypes.c_void_p))
    data = rng.standard_normal((7, 9))
    for mode, order in itertools.product(["reflect", "constant", "grid-wrap"], [0, 1, 3, 5]):
        check("geometric_transform", data, callable_, (9, 8), order=order, mode=mode, cval=3.0)


# 3. Every input dtype into every output dtype.
def values(dtype, with_nan):
    if dtype == "bool":
        return np.array([1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1], bool)
    if np.dtype(dtype).kind in "iu":
        info = np.iinfo(dtype)
        middle = rng.integers(max(info.min, -2**40), min(info.max, 2**40), 10, dtype=dtype)
        ends = [info.max, info.min, info.max - 1, info.min + 1, 0, 1, 2, info.max // 2 + 1]
        return np.concatenate([np.array(ends, dtype), middle, [info.min, 0, info.max]])
    awkward = [-0.0, 0.5, -0.5, -0.99, -1.5, 2.5, 127.5, 128.0, -128.5, 255.7, 256.2, 300.0,
               32767.9, 65536.5, 2.0**31, -2.0**31 - 1, 2.0**32 + 3, 2.0**63, -2.0**63,
               2.0**64, 3.4e38, -3.4e38, 1e39 if dtype == "float64" else 3e38, 1e300, -1e300]
    if with_nan:
        awkward[3:3], awkward[12:12], awkward[20:20] = [np.nan], [np.inf], [-np.inf]
    with np.errstate(over="ignore"):
        return np.array(awkward, dtype)


STRETCH = llcjit.transform("(o0*0.75 - 2.5,)")


@pytest.mark.parametrize("out_dtype", DTYPES)
@pytest.mark.parametrize("in_dtype", DTYPES)
def test_every_dtype_into_every_dtype(in_dtype, out_dtype):
    for with_nan in ((False, True) if in_dtype.startswith("float") else (False,)):
        data = values(in_dtype, with_nan)
        n = len(data)
        where = np.concatenate([np.arange(-3, n + 3), np.arange(-3, n + 3) + 0.5,
                                np.arange(-2, n + 2) + 0.25, [-1e-16, -0.5, n - 0.5]])[None]
        for (order, prefilter), mode, cval in itertools.product(
                [(0, True), (1, True), (3, True), (3, False)],
                ["constant", "nearest", "grid-constant"], [0.0, 300.0, -7.5, -1.5, 300.7, 0.5]):
            options = dict(order=order, mode=mode, cval=cval, prefilter=prefilter)
            want = ndi.map_coordinates(data, where, output=np.dtype(out_dtype), **options)
            for output in (np.dtype(out_dtype), getattr(np, out_dtype.replace("bool", "bool_")),
                           out_dtype, np.full(where.shape[1:], 7, out_dtype)):
                got = llcjit.map_coordinates(data, where, output=output, **options)
                same(got, want)
                assert got is output or not isinstance(output, np.ndarray)
            # geometric_transform's loop converts as well.
            want = ndi.geometric_transform(data, STRETCH, (n + 6,), output=out_dtype, **options)
            same(llcjit.geometric_transform(data, "(o0*0.75 - 2.5,)", (n + 6,),
                                            output=out_dtype, **options), want)


@pytest.mark.parametrize("cval", [-1.5, 300.7, 255.5, -0.0, np.nan])
@pytest.mark.parametrize("order", [0, 1, 2, 3, 5])
def test_grid_constant_pads_with_cval_in_the_input_dtype(order, cval):
    data = rng.integers(0, 256, (5, 6), dtype=np.uint8)
    where = coordinates(data.shape, 64)
    for output in (None, np.float64, np.int16):
        with np.errstate(invalid="ignore"):
            check("map_coordinates", data, where, output=output, order=order,
                  mode="grid-constant", cval=cval)


# 4. Complex inputs and cvals.
@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("order", [0, 1, 3, 4])
@pytest.mark.parametrize("function", ["map_coordinates", "geometric_transform"])
def test_complex_input_and_cval(function, order, dtype):
    data = (rng.standard_normal((7, 9)) + 1j * rng.standard_normal((7, 9))).astype(dtype)
    if order < 2:  # the prefilter spreads a NaN over the whole part
        data[2, 3] = complex(np.nan, 1.0)
    where = coordinates(data.shape, 64)
    for mode, cval, output in itertools.product(
            ["constant", "grid-constant", "mirror"], [0.0, 1.5 - 2.25j, 3j],
            [None, np.complex128, "complex64", np.float32, "array"]):
        def call(module):
            out = np.zeros((8, 8), np.complex64) if output == "array" else output
            options = dict(output=out, order=order, mode=mode, cval=cval)
            if function == "map_coordinates":
                return module.map_coordinates(data, where, **options)
            formula = mapping(module, "(o0 - 0.5, o1*0.8 + 1)")
            return module.geometric_transform(data, formula, (8, 8), **options)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            same(call(llcjit), call(ndi))


@pytest.mark.parametrize("order", [2, 3, 4, 5])
def test_complex_spline_filters(order):
    data = rng.standard_normal((7, 9)) + 1j * rng.standard_normal((7, 9))
    for dtype, mode, output in itertools.product([np.complex64, np.complex128], MODES,
                                                 [np.complex128, np.complex64]):
        check("spline_filter", data.astype(dtype), order, output, mode)
        check("spline_filter1d", data.astype(dtype), order, 0, output, mode)


# 5. Layouts: strided, reversed, transposed, big-endian, tiny and empty.
def test_non_contiguous_and_big_endian_arrays():
    big = rng.standard_normal((14, 18)) * 100
    inputs = [big.T, big[::2, ::-1], big[1::3, 2::2], big.astype(">f8"), big.astype(">i2"),
              big.astype(np.float32)[::-1, ::3], np.asfortranarray(big)]
    for data, order, mode in itertools.product(inputs, [0, 1, 3], ["mirror", "constant"]):
        where = coordinates(data.shape, 64)
        # (the default output dtype of a big-endian input has its own test)
        check("map_coordinates", data, where, np.float64, order, mode)
        check_transform(data, "(o0*1.1 - 1, o1*0.9 + 0.5)", (5, 7), np.float64, order, mode)
    data = big[:7, :9]
    where = coordinates(data.shape, 64)
    for output_dtype in (">f8", ">i2", ">u4", "<f4"):
        want = np.zeros(where.shape[1:], output_dtype)
        ndi.map_coordinates(data, where, output=want, order=3)
        got = np.zeros(where.shape[1:], output_dtype)
        assert llcjit.map_coordinates(data, where, output=got, order=3) is got
        same(got, want)
    # Coordinates of other dtypes and layouts.
    wide = np.concatenate([where, where[:, ::-1]], axis=2)
    for where_ in (wide[:, :, ::2], where.transpose(0, 2, 1), where.astype(np.float32),
                   where.astype(">f8"), np.rint(where).astype(np.int32),
                   np.rint(where).astype(np.int64), np.abs(np.rint(where)).astype(np.uint8),
                   where.astype(bool)):
        for order, mode in itertools.product([0, 1, 3], ["nearest", "wrap"]):
            check("map_coordinates", data, where_, order=order, mode=mode)
    # A strided output view.
    want = ndi.map_coordinates(data, where, output=np.float32)
    into = np.zeros((8, 16), np.float32)
    llcjit.map_coordinates(data, where, output=into[:, ::2])
    same(into[:, ::2], want)


def test_big_endian_input_default_output_dtype():
    data = (rng.standard_normal((7, 9)) * 100).astype(">f8")
    for order in (1, 3):
        check("map_coordinates", data, coordinates(data.shape, 64), order=order)
        check_transform(data, "(o0*1.1 - 1, o1*0.9 + 0.5)", order=order)


@pytest.mark.parametrize("mode", MODES)
def test_one_element_inputs_and_empty_outputs(mode):
    for shape in ((1,), (1, 1), (1, 4)):
        data = rng.standard_normal(shape) * 5
        where = coordinates(shape, 64)
        formula = "(o0*0.5 - 1,)" if len(shape) == 1 else "(o0 - 0.5, o1*0.7 - 2)"
        for order, prefilter in itertools.product(range(6), (True, False)):
            options = dict(order=order, mode=mode, cval=0.5, prefilter=prefilter)
            check("map_coordinates", data, where, **options)
            check_transform(data, formula, (4,) * len(shape), **options)
            if order > 1:
                check("spline_filter", data, order=order, mode=mode)
    data = rng.standard_normal((4, 5))
    for order in (0, 1, 3):
        check("map_coordinates", data, np.zeros((2, 0, 3)), order=order, mode=mode)
        check_transform(data, "(o0, o1)", (0, 3), order=order, mode=mode)
    check("spline_filter", np.zeros((0, 3)), mode=mode)


# 6. spline_filter and spline_filter1d.
@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("mode", MODES)
def test_spline_filters_are_scipys(mode, rank):
    data = rng.standard_normal(SHAPES[rank]) * 10
    for output, order in itertools.product((np.float64, np.float32), range(6)):
        if order > 1:
            check("spline_filter", data, order=order, output=output, mode=mode)
        for axis in range(-rank, rank):
            check("spline_filter1d", data, order=order, axis=axis, output=output, mode=mode)
    ints = rng.integers(-300, 300, SHAPES[rank]).astype(np.int16)
    for order in (2, 3, 5):
        check("spline_filter", ints, order=order, output=np.int32, mode=mode)
        check("spline_filter1d", ints, order=order, axis=0, output="float32", mode=mode)
        check("spline_filter1d", data.T[::-1], order=order, axis=0, mode=mode)
        for name, axis in (("spline_filter1d", {"axis": -1}), ("spline_filter", {})):
            want, got = ints.astype(np.float64), ints.astype(np.float64)  # in place
            getattr(ndi, name)(want, order, output=want, mode=mode, **axis)
            assert getattr(llcjit, name)(got, order, output=got, mode=mode, **axis) is got
            same(got, want)


@pytest.mark.parametrize("mode", MODES)
def test_blocks_of_lines_are_scipys(mode):
    """More lines along each axis than the prefilter runs in lockstep (32),
    then a partial block: the filters, and the drivers' padded prefilter."""
    for shape in ((40, 70), (3, 33, 35)):
        data = rng.standard_normal(shape) * 10
        formula = "(o0*0.9 + 1.5, o1*1.1 - 2)" if len(shape) == 2 else "(o0, o1*0.9 + 1, o2 - 0.5)"
        for order in range(2, 6):
            check("spline_filter", data, order=order, mode=mode)
            check_transform(data, formula, shape, order=order, mode=mode, cval=1.5)


# 7. Thread counts.
def test_result_does_not_depend_on_threads():
    data = rng.standard_normal((61, 83)) * 10
    where = coordinates(data.shape, 4000)
    formula = "(o0*0.9 + sin(o1*0.1), o1*1.05 - 2)"
    compiled = llcjit.transform(formula)
    for order, mode in itertools.product([0, 1, 3, 5], ["mirror", "constant", "grid-wrap"]):
        wants = [ndi.map_coordinates(data, where, order=order, mode=mode),
                 ndi.geometric_transform(data, compiled, (70, 90), order=order, mode=mode),
                 ndi.spline_filter1d(data, max(order, 2), axis=0, mode=mode)]
        for threads in (1, 2, 0, 3):
            gots = [llcjit.map_coordinates(data, where, order=order, mode=mode, threads=threads),
                    llcjit.geometric_transform(data, formula, (70, 90), order=order, mode=mode,
                                               threads=threads),
                    llcjit.spline_filter1d(data, max(order, 2), axis=0, mode=mode,
                                           threads=threads)]
            for got, want in zip(gots, wants):
                same(got, want)


# 8. Outputs that overlap what is read: the results of separate arrays.
def test_overlapping_outputs_read_as_if_separate():
    buffer = rng.standard_normal(4000)
    want = ndi.spline_filter1d(buffer[:-1].copy(), 3, mode="reflect")
    got = llcjit.spline_filter1d(buffer[:-1], 3, output=buffer[1:], mode="reflect")
    same(got, want)
    coordinates = rng.uniform(-2, 60, (2, 3000))
    image = rng.standard_normal((50, 60))
    want = ndi.map_coordinates(image, coordinates.copy(), order=1)
    for threads in (1, 2):
        where = coordinates.copy()
        same(llcjit.map_coordinates(image, where, output=where[0, ::-1], order=1,
                                    threads=threads), want)
