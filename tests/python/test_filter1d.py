"""llcjit.generic_filter1d and `llcjit filter1d` against Debian's SciPy 1.10
scipy.ndimage.generic_filter1d given the same compiled kernel
(llcjit.filter1d_kernel, called by SciPy once per line), bit for bit (NaN
equals NaN): every boundary mode, filter sizes 1 to 30 (longer than the
line), every valid origin, on small arrays (the kernel's own entry point
per line) and large ones (the fused loop of generic_filter over a line
footprint, window-independent algorithms included), ranks 1-3 along every axis
(negative ones too), one-element lines, NaN, +-inf and -0.0; every input
dtype into every output dtype (as a dtype, a name or an array) with SciPy's
plain C casts of values out of range; strided, reversed, Fortran-order, big-endian, in-place and
empty arrays; a foreign (Numba) LowLevelCallable, FilterKernel objects,
parameters, thread counts and blocks of lines; SciPy's exceptions for bad
arguments (never a crash), and the CLI's results and usage errors (exit 2,
no output file)."""
import ctypes
import itertools
import os
import pathlib
import re
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

MODES = ["reflect", "constant", "nearest", "mirror", "wrap", "grid-wrap", "grid-constant",
         "grid-mirror"]
SIZES = [1, 2, 3, 4, 7, 30]
DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
          "float32", "float64"]
FORMULAS = {"max(values) - min(values)": {}, "values[0] - 2*values[size-1]": {},
            "median(values)": {}, "mean(values) + a": {"a": 0.375}, "nanmax(values)": {}}
SHAPES = [(13,), (7, 9), (4, 5, 6), (1,), (3, 1)]
SIGNATURE = "int (double *, intptr_t, double *, intptr_t, void *)"
rng = np.random.default_rng(20260611)
_KERNELS = {}


def kernel(formula, **params):
    """The compiled Filter1DKernel SciPy is given, compiled once."""
    key = (formula, tuple(sorted(params.items())))
    if key not in _KERNELS:
        _KERNELS[key] = llcjit.filter1d_kernel(formula, **params)
    return _KERNELS[key]


def same(got, want):
    """Same dtype, shape and bits (-0.0 is not 0.0); NaN equals NaN."""
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    got, want = (np.ascontiguousarray(x if x.dtype.isnative else x.byteswap().view(
        x.dtype.newbyteorder("="))) for x in (got, want))
    if got.dtype.kind == "f":
        nan = np.isnan(got)
        np.testing.assert_array_equal(nan, np.isnan(want))
        got, want = got[~nan], want[~nan]
    np.testing.assert_array_equal(got.view(np.uint8), want.view(np.uint8))


def special(shape):
    """Normal values with NaN, +-inf, -0.0 and 0.0 sprinkled in."""
    data = rng.standard_normal(shape)
    flat = data.reshape(-1)
    picks = rng.choice(flat.size, size=min(flat.size, max(1, flat.size // 4)), replace=False)
    flat[picks] = rng.choice([np.nan, np.inf, -np.inf, -0.0, 0.0], size=picks.size)
    return data


def origins(size):
    return range(-(size // 2), (size - 1) // 2 + 1)


# 1. Formulas, modes, sizes, origins, axes.
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("formula", sorted(FORMULAS))
def test_formulas_every_mode_origin_and_axis(formula, size):
    params = FORMULAS[formula]
    compiled = kernel(formula, **params)
    arrays = [(data, axis) for shape in SHAPES for data in (rng.standard_normal(shape),
                                                            special(shape))
              for axis in range(-len(shape), len(shape))]
    for origin, (data, axis), mode in itertools.product(origins(size), arrays, MODES):
        options = dict(axis=axis, mode=mode, cval=2.5, origin=origin)
        want = ndi.generic_filter1d(data, compiled, size, **options)
        got = llcjit.generic_filter1d(data, formula, size, **options, **params)
        try:
            same(got, want)
        except AssertionError as error:
            raise AssertionError(f"{formula} size={size} shape={data.shape} {options}: "
                                 f"{error}") from None



# Large enough (elements x window past 2^18) for the fused route: each
# window, origin and layout compiles a loop of its own.
@pytest.mark.parametrize("size", [5, 30, 70])
@pytest.mark.parametrize("formula", ["max(values) - min(values)", "median(values)",
                                     "mean(values) + a"])
def test_large_arrays_run_fused_with_scipys_bits(formula, size):
    params = FORMULAS.get(formula, {})
    compiled = kernel(formula, **params)
    data = rng.standard_normal((300, 190))  # a few specials: windows not all NaN
    data.flat[rng.choice(data.size, 60, replace=False)] = rng.choice(
        [np.nan, np.inf, -np.inf, -0.0], 60)
    for mode, axis, origin in itertools.product(MODES, (0, -1), (-(size // 2), 0,
                                                                  (size - 1) // 2)):
        options = dict(axis=axis, mode=mode, cval=2.5, origin=origin)
        for output in (None, np.uint8):
            want = ndi.generic_filter1d(data, compiled, size, output=output, **options)
            same(llcjit.generic_filter1d(data, formula, size, output=output, **options,
                                         **params), want)

# 2. dtypes in and out, with SciPy's plain C casts.
def values_of(dtype, shape=(6, 7)):
    """Values of `dtype` over its whole range (NaN, inf, huge in floats)."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return rng.random(shape) > 0.5
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        data = rng.integers(info.min, info.max, shape, dtype=dtype, endpoint=True)
        data.flat[:4] = [info.min, info.max, 0, 1]
        return data
    data = rng.standard_normal(shape) * 300
    data.flat[:6] = [np.nan, np.inf, -np.inf, -0.0, 1e30, -3e9]
    return data.astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_dtype_into_every_dtype(dtype):
    data = values_of(dtype)
    for formula, out in itertools.product(["values[0] * 300", "mean(values) - 300*values[size-1]"],
                                          DTYPES):
        want = ndi.generic_filter1d(data, kernel(formula), 3, output=np.dtype(out))
        for output in (np.dtype(out), out, np.full(data.shape, 7, out)):
            got = llcjit.generic_filter1d(data, formula, 3, output=output)
            if isinstance(output, np.ndarray):
                assert got is output
            try:
                same(got, want)
            except AssertionError as error:
                raise AssertionError(f"{formula} {dtype} -> {output!r}: {error}") from None
    for mode, cval in itertools.product(("constant", "grid-constant", "reflect"),
                                        (2.5, -1e10, np.nan)):  # cval is not cast to dtype
        same(llcjit.generic_filter1d(data, "values[1] + values[3]", 4, mode=mode, cval=cval),
             ndi.generic_filter1d(data, kernel("values[1] + values[3]"), 4, mode=mode,
                                  cval=cval))  # into the input's dtype by default


# 3. Layouts.
def check(data, formula, size, **options):
    want = ndi.generic_filter1d(data, kernel(formula), size, **options)
    same(llcjit.generic_filter1d(data, formula, size, **options), want)


def test_strided_reversed_and_fortran_views():
    base = special((9, 12))
    cube = np.asfortranarray(rng.standard_normal((5, 4, 6)))
    for axis, mode in itertools.product((0, 1, -1), ("reflect", "wrap", "constant")):
        check(base[::2, ::-3], "max(values) - min(values)", 3, axis=axis, mode=mode)
        check(base[::-1, 1:], "values[0] - 2*values[size-1]", 4, axis=axis, mode=mode, origin=-1)
        check(base.T, "median(values)", 5, axis=axis, mode=mode, cval=-1.5)
        check(cube, "nanmax(values)", 2, axis=axis, mode=mode)
        check(cube[:, ::-1, ::2], "values[size-1]", 3, axis=axis, mode=mode)
        out = np.zeros((5, 4, 6), order="F")[:, ::-1]  # strided, reversed output
        want = ndi.generic_filter1d(cube, kernel("median(values)"), 3, axis=axis, mode=mode)
        llcjit.generic_filter1d(cube, "median(values)", 3, axis=axis, mode=mode, output=out)
        same(out, want)


def test_big_endian_input_and_output():
    for dtype in (">f8", ">f4", ">i4", ">u2", ">i8"):
        data = values_of(np.dtype(dtype).newbyteorder("=")).astype(dtype)
        check(data, "mean(values) * 3", 3, axis=0)
        for out in (">f8", ">i2", ">u8", "<f4"):
            want = ndi.generic_filter1d(data, kernel("values[0] - values[2]"), 3,
                                        output=np.zeros(data.shape, out))
            output = np.full(data.shape, 3, out)
            assert llcjit.generic_filter1d(data, "values[0] - values[2]", 3,
                                           output=output) is output
            same(output, want)
            same(llcjit.generic_filter1d(data, "values[0] - values[2]", 3, output=np.dtype(out)),
                 ndi.generic_filter1d(data, kernel("values[0] - values[2]"), 3,
                                      output=np.dtype(out)))


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_output_is_the_input(axis):
    for data, size in ((special((8, 11)), 5), (rng.standard_normal((2048, 3)), 30),
                       ((rng.standard_normal((6, 9)) * 100).astype(np.int16), 3)):
        want = ndi.generic_filter1d(data.copy(), kernel("median(values)"), size, axis=axis % 2)
        assert llcjit.generic_filter1d(data, "median(values)", size, axis=axis % 2,
                                       output=data) is data
        same(data, want)
    view = special((10, 12))[::2, ::-1]  # in place into a strided view
    want = ndi.generic_filter1d(view.copy(), kernel("nanmax(values)"), 3, axis=axis)
    llcjit.generic_filter1d(view, "nanmax(values)", 3, axis=axis, output=view)
    same(view, want)


@pytest.mark.parametrize("shape", [(0, 5), (5, 0), (0,), (2, 0, 3)], ids=str)
def test_empty_arrays(shape):
    for axis, size in itertools.product(range(len(shape)), (1, 3)):
        for output in (None, "float32", np.zeros(shape, np.int16)):
            want = ndi.generic_filter1d(np.zeros(shape), kernel("max(values)"), size, axis=axis,
                                        output=output)
            same(llcjit.generic_filter1d(np.zeros(shape), "max(values)", size, axis=axis,
                                         output=output), want)


# 4. Foreign callables, kernel objects, parameters, threads, line blocks.
@pytest.fixture(scope="module")
def numba_range():
    """A Numba cfunc moving range of SciPy's generic_filter1d signature."""
    numba = pytest.importorskip("numba")
    from numba import types

    @numba.cfunc(types.intc(types.CPointer(types.float64), types.intp,
                            types.CPointer(types.float64), types.intp, types.voidptr))
    def moving_range(line, length, out, count, user_data):
        values = numba.carray(line, length)
        result = numba.carray(out, count)
        for i in range(count):
            low = high = values[i]
            for j in range(i, i + length - count + 1):
                low, high = min(low, values[j]), max(high, values[j])
            result[i] = high - low
        return 1
    return moving_range


def test_numba_lowlevelcallable_is_called_as_scipy_calls_it(numba_range):
    callback = scipy.LowLevelCallable(numba_range.ctypes)
    data = rng.standard_normal((7, 9, 4))
    for mode, size, axis in itertools.product(MODES, (1, 3, 4, 12), (0, 1, 2, -1)):
        for origin in (-(size // 2), 0, (size - 1) // 2):
            options = dict(axis=axis, mode=mode, cval=2.5, origin=origin)
            want = ndi.generic_filter1d(data, callback, size, **options)
            same(llcjit.generic_filter1d(data, callback, size, **options), want)
            if origin == 0:  # the formula computes what the cfunc does
                same(llcjit.generic_filter1d(data, "max(values) - min(values)", size,
                                             **options), want)
    for threads in (1, 2):
        same(llcjit.generic_filter1d(data, callback, 5, threads=threads),
             ndi.generic_filter1d(data, callback, 5))


def test_every_signature_scipy_accepts(numba_range):
    """SciPy takes intptr_t, npy_intp, long and long long (intptr_t's width
    on x86-64 Linux) for the sizes."""
    data = rng.standard_normal((6, 8))
    want = ndi.generic_filter1d(data, scipy.LowLevelCallable(numba_range.ctypes), 3)
    for name in ("intptr_t", "npy_intp", "long", "long long"):
        callback = scipy.LowLevelCallable(numba_range.ctypes,
                                          signature=f"int (double *, {name}, double *, {name}, "
                                                    f"void *)")
        same(ndi.generic_filter1d(data, callback, 3), want)
        same(llcjit.generic_filter1d(data, callback, 3), want)


def test_kernel_objects_and_parameters():
    data = special((7, 9))
    formula = "values[0] * a + median(values)"
    want = ndi.generic_filter1d(data, kernel(formula, a=1.5), 4, mode="mirror", origin=1)
    for function, params in [(formula, {"a": 1.5}), (llcjit.filter1d_kernel(formula, a=1.5), {}),
                             (llcjit.filter1d_kernel(formula, a=9.0), {"a": 1.5}),
                             (llcjit.filter_kernel(formula, a=1.5), {}),
                             (llcjit.filter_kernel(formula, a=-4.0), {"a": 1.5})]:
        same(llcjit.generic_filter1d(data, function, 4, mode="mirror", origin=1, **params), want)
    for formula in FORMULAS:  # a FilterKernel computes what the Filter1DKernel does
        same(llcjit.generic_filter1d(data, llcjit.filter_kernel(formula, **FORMULAS[formula]), 3,
                                     axis=0),
             ndi.generic_filter1d(data, kernel(formula, **FORMULAS[formula]), 3, axis=0))


def test_threads_and_blocks_of_lines():
    data = special((2048, 64))
    for formula, axis, size in [("median(values)", 0, 7), ("max(values) - min(values)", 0, 30),
                                ("mean(values) + a", 1, 5), ("nanmax(values)", 0, 2)]:
        params = FORMULAS[formula]
        want = ndi.generic_filter1d(data, kernel(formula, **params), size, axis=axis,
                                    mode="nearest")
        for threads in (1, 2, 0):
            same(llcjit.generic_filter1d(data, formula, size, axis=axis, mode="nearest",
                                         threads=threads, **params), want)


def test_long_lines_are_gathered_fewer_at_a_time():
    """Lines along axis 0 are gathered 16 at a time only while their
    extended lines fit 1 MiB: 20,004 doubles fit 6, and 37 lines leave a
    block of 1 (the values of those blocks; a window of 4,000,000 over
    8x9 took 348 MB before, docs/performance.md)."""
    data = rng.integers(-1000, 1000, (20000, 37))
    callback = scipy.LowLevelCallable(kernel("max(values) - min(values)").function)  # foreign
    for size, origin in [(5, 0), (5, 2), (3, -1)]:
        want = ndi.generic_filter1d(data, callback, size, axis=0, mode="wrap", origin=origin)
        same(llcjit.generic_filter1d(data, callback, size, axis=0, mode="wrap", origin=origin),
             want)
        # into uint64, the formula runs per line too
        into = np.empty(data.shape, np.uint64)
        llcjit.generic_filter1d(data, "max(values) - min(values)", size, axis=0, output=into,
                                mode="wrap", origin=origin)
        same(into, want.astype(np.uint64))
    small = special((3, 4))
    want = ndi.generic_filter1d(small, callback, 1_000_000, axis=0, mode="reflect")
    same(llcjit.generic_filter1d(small, callback, 1_000_000, axis=0, mode="reflect"), want)


# 5. Bad arguments.
A = np.arange(35.0).reshape(5, 7)
READ_ONLY = np.zeros((5, 7))
READ_ONLY.flags.writeable = False
FAILING = scipy.LowLevelCallable(ctypes.CFUNCTYPE(  # a foreign kernel returning 0
    ctypes.c_int, ctypes.POINTER(ctypes.c_double), ctypes.c_ssize_t,
    ctypes.POINTER(ctypes.c_double), ctypes.c_ssize_t, ctypes.c_void_p)(lambda *args: 0),
    signature=SIGNATURE)


def f1d(data, formula, *args, **kwargs):
    """The formula for llcjit, its compiled Filter1DKernel for SciPy."""
    return lambda m: m.generic_filter1d(
        data, formula if m is llcjit or not isinstance(formula, str) else
        llcjit.filter1d_kernel(formula), *args, **kwargs)


BAD = [  # (id, call, exception, a regex of its message, whether SciPy's message is the same)
    ("size 0", f1d(A, "max(values)", 0), RuntimeError, "invalid filter size", True),
    ("size -2", f1d(A, "max(values)", -2), RuntimeError, "invalid filter size", True),
    ("size 2**63", f1d(A, "max(values)", 2**63), OverflowError,
     "Python int too large to convert to C ssize_t", True),
    ("origin 2 of 3", f1d(A, "max(values)", 3, origin=2), ValueError, "invalid origin", True),
    ("origin -2 of 3", f1d(A, "max(values)", 3, origin=-2), ValueError, "invalid origin", True),
    ("origin -1 of 1", f1d(A, "max(values)", 1, origin=-1), ValueError, "invalid origin", True),
    ("axis 2", f1d(A, "max(values)", 3, axis=2), np.AxisError, "axis 2 is out of bounds", True),
    ("axis -3", f1d(A, "max(values)", 3, axis=-3), np.AxisError, "out of bounds", True),
    ("0-d input", f1d(np.array(1.0), "max(values)", 1), np.AxisError, "out of bounds", True),
    ("size 3.0", f1d(A, "max(values)", 3.0), TypeError, "integer", True),
    ("origin 0.5", f1d(A, "max(values)", 3, origin=0.5), TypeError, "integer", True),
    ("mode foo", f1d(A, "max(values)", 3, mode="foo"), RuntimeError,
     "boundary mode not supported", True),
    ("complex input", f1d(A + 1j, "max(values)", 3), TypeError, "Complex type not supported",
     True),
    ("output shape", f1d(A, "max(values)", 3, output=np.zeros((7, 5))), RuntimeError,
     "output shape not correct", True),
    ("read-only output", f1d(A, "max(values)", 3, output=READ_ONLY), ValueError, "read-only",
     True),
    ("failing foreign kernel", f1d(A, FAILING, 3), RuntimeError,
     "unknown error in line processing function", True),
    ("filter signature", f1d(A, scipy.LowLevelCallable(llcjit.filter_kernel("max(values)")), 3),
     ValueError, "signature", False),
    ("quad signature", f1d(A, llcjit.integrand("x"), 3), ValueError, "signature", False),
    ("missing parameter", f1d(A, "values[0] + a", 3), TypeError, "parameter.*a", True),
    ("float16 input", f1d(A.astype(np.float16), "max(values)", 3), RuntimeError,
     r"array type dtype\('float16'\) not supported", True),
    ("float16 output", f1d(A, "max(values)", 3, output=np.float16), RuntimeError,
     r"array type dtype\('float16'\) not supported", True),
    ("Python function", lambda m: m.generic_filter1d(A, lambda line, out: None, 3), TypeError,
     "expected", None),
    ("parameter for a LowLevelCallable", lambda m: m.generic_filter1d(A, FAILING, 3, a=1.0),
     TypeError, "parameter", None),
]


@pytest.mark.parametrize("case", BAD, ids=[case[0] for case in BAD])
def test_bad_arguments_raise_as_scipy(case):
    name, call, kind, message, scipys_message = case
    with pytest.raises(Exception) as raised:
        call(llcjit)
    assert isinstance(raised.value, kind), repr(raised.value)
    if message is not None:
        assert re.search(message, str(raised.value)), str(raised.value)
    if scipys_message is not None:  # None: SciPy would call the function, or has no `a`
        with pytest.raises(Exception) as scipys:
            call(ndi)
        assert isinstance(raised.value, type(scipys.value)), (raised.value, scipys.value)
        if scipys_message:
            assert str(raised.value) == str(scipys.value)


# 6. The CLI.
def run(llcjit, tmp_path, image, *args):
    np.save(tmp_path / "in.npy", image)
    llcjit("filter1d", args[0], str(tmp_path / "in.npy"), str(tmp_path / "out.npy"), *args[1:])
    return np.load(tmp_path / "out.npy")


@pytest.mark.parametrize("mode, axis, origin, dtype, out", [
    ("reflect", -1, 0, "float64", None), ("constant", 0, 1, "float32", "float64"),
    ("wrap", 1, -2, "int16", "uint8"), ("grid-constant", 2, 0, "uint8", None),
    ("mirror", 0, -1, "float64", "int32"), ("nearest", -2, 2, "int64", "float32"),
    ("grid-wrap", 1, 0, "bool", "bool"), ("grid-mirror", -3, 1, "uint64", "int8")])
def test_cli_equals_scipy(llcjit, tmp_path, mode, axis, origin, dtype, out):
    image = values_of(dtype, (6, 7, 8)) if dtype != "float64" else special((6, 7, 8))
    if axis in (-1, 0):
        image = np.asfortranarray(image)
    formula = "values[0] * a - median(values)"
    options = ("--dtype", out) if out else ()
    got = run(llcjit, tmp_path, image, formula, "a=2.5", "--size", "5", "--axis", str(axis),
              "--mode", mode, "--cval", "-1.25", "--origin", str(origin), *options)
    want = ndi.generic_filter1d(image, kernel(formula, a=2.5), 5, axis=axis, mode=mode,
                                cval=-1.25, origin=origin, output=out)
    same(got, want)
    same(run(llcjit, tmp_path, image, formula, "a=2.5", "--size", "5", "--axis", str(axis),
             "--mode", mode, "--cval", "-1.25", "--origin", str(origin), "--threads", "1",
             *options), want)


@pytest.mark.parametrize("args, fragment", [
    (("max(values)", "--size", "0"), "invalid filter size"),
    (("max(values)", "--size", "3", "--origin", "5"), "invalid origin"),
    (("max(values)", "--size", "3", "--origin", "-2"), "invalid origin"),
    (("max(values)", "--size", "3", "--axis", "3"), "axis 3"),
    (("max(values)", "--size", "3", "--mode", "foo"), "boundary mode not supported"),
    (("max(values", "--size", "3"), "expected"),
    (("max(values) + a", "--size", "3"), "parameter 'a'"),
    (("max(values)", "--size", "3", "--dtype", "float16"), "dtype"),
    (("max(values)",), "--size"),
], ids=["size 0", "origin 5", "origin -2", "axis 3", "mode foo", "no compile",
        "missing parameter", "float16", "no size"])
def test_cli_usage_errors_exit_2(llcjit, tmp_path, args, fragment):
    np.save(tmp_path / "in.npy", np.ones((4, 5)))
    result = llcjit("filter1d", args[0], str(tmp_path / "in.npy"), str(tmp_path / "out.npy"),
                    *args[1:], check=False)
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr, result.stderr
    assert not (tmp_path / "out.npy").exists()
