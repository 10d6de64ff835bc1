"""The Python package against bad input (the hardening issue): outputs it
must not write, NUL bytes in strings that cross the C ABI, the lifetime of
every object handed to SciPy, C integers that must not wrap, and a catalogue
of bad calls with the exception and message each gets. Where a function
shares SciPy's name, the tables check SciPy's behaviour alongside."""
import ctypes
import gc
import math
import os
import pathlib
import subprocess
import sys
import warnings
import weakref

import numpy as np
import pytest
import scipy
import scipy.integrate as si
import scipy.ndimage as ndi

if os.environ.get("LLCJIT_SANITIZED"):
    pytest.skip("the bridge loads libllcjit into python3, which is not instrumented",
                allow_module_level=True)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402
from llcjit._handle import _compile_cached  # noqa: E402
from llcjit._native import speedups  # noqa: E402

IMAGE = np.arange(20.0).reshape(4, 5)
INT_BIG = 2**32 + 3  # ctypes kept the low 32 bits of this: 3


def read_only(array):
    array = np.array(array, dtype=np.float64)
    array.flags.writeable = False
    return array


def from_bytes(shape):
    """A float64 array over an immutable bytes object (read-only)."""
    return np.frombuffer(bytes(8 * math.prod(shape)), dtype=np.float64).reshape(shape)


def run_isolated(code):
    """Runs `code` in a fresh interpreter with this llcjit: calls that used
    to crash the interpreter fail a test instead of ending the run."""
    package = pathlib.Path(llcjit.__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(package), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=120)
    return result.returncode, result.stdout + result.stderr


def churn():
    """Compiles and frees enough formulas to reuse freed code and buffers."""
    for i in range(48):
        f = llcjit.integrand(f"x * {i} + sin(x) * c + {i}", c=float(i))
        f.evaluate(0.5)
    gc.collect()


# ---------------------------------------------------------------------------
# 1. Outputs llcjit must not write into


READ_ONLY_OUTPUTS = {
    "writeable flag cleared": lambda: read_only(np.zeros(IMAGE.shape)),
    "np.frombuffer(bytes)": lambda: from_bytes(IMAGE.shape),
    "np.broadcast_to view": lambda: np.broadcast_to(np.zeros(IMAGE.shape[1]), IMAGE.shape),
}


def filter_callable():
    """A LowLevelCallable not made by llcjit (generic_filter's other path)."""
    return scipy.LowLevelCallable(llcjit.filter_kernel("max(values)").function)


@pytest.mark.parametrize("make", READ_ONLY_OUTPUTS.values(), ids=READ_ONLY_OUTPUTS.keys())
@pytest.mark.parametrize("function", ["min(values)", "kernel", "lowlevelcallable"])
def test_read_only_output_is_refused_as_scipy_refuses_it(make, function):
    function = {"kernel": llcjit.filter_kernel("min(values)"),
                "lowlevelcallable": filter_callable()}.get(function, function)
    output = make()
    before = output.copy()
    with pytest.raises(ValueError) as caught:
        llcjit.generic_filter(IMAGE, function, size=3, output=output)
    with pytest.raises(ValueError) as scipy_caught:
        ndi.generic_filter(IMAGE, np.min, size=3, output=output)
    assert str(caught.value) == str(scipy_caught.value) == "output array is read-only."
    np.testing.assert_array_equal(output, before)


def test_immutable_bytes_under_an_output_stay_unchanged():
    data = bytes(8 * IMAGE.size)
    with pytest.raises(ValueError, match="output array is read-only"):
        llcjit.generic_filter(IMAGE, "max(values) + 1", size=3,
                              output=np.frombuffer(data, dtype=np.float64).reshape(IMAGE.shape))
    assert data == bytes(8 * IMAGE.size)


def test_read_only_memmap_output_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "out.f8"
    np.zeros(IMAGE.shape).tofile(path)
    code, shown = run_isolated(
        "import numpy as np, llcjit\n"
        f"out = np.memmap({str(path)!r}, dtype=np.float64, mode='r', shape={IMAGE.shape})\n"
        "try:\n"
        f"    llcjit.generic_filter(np.ones({IMAGE.shape}), 'min(values)', size=3, output=out)\n"
        "except ValueError as e:\n"
        "    print('refused:', e)\n")
    assert code == 0, shown
    assert "refused: output array is read-only." in shown
    assert np.fromfile(path).tolist() == [0.0] * IMAGE.size


def test_writeable_outputs_still_work():
    out = np.zeros(IMAGE.shape)
    assert llcjit.generic_filter(IMAGE, "min(values)", size=3, output=out) is out
    np.testing.assert_array_equal(out, ndi.minimum_filter(IMAGE, 3))
    buffer = bytearray(8 * IMAGE.size)  # mutable memory: writeable
    out = np.frombuffer(buffer, dtype=np.float64).reshape(IMAGE.shape)
    llcjit.generic_filter(IMAGE, "max(values)", size=3, output=out)
    np.testing.assert_array_equal(out, ndi.maximum_filter(IMAGE, 3))


def test_evaluate_does_not_write_the_callers_values():
    values = read_only([3.0, 1.0, 2.0])
    assert llcjit.filter_kernel("median(values)").evaluate(values) == 2.0
    assert values.tolist() == [3.0, 1.0, 2.0]


# ---------------------------------------------------------------------------
# 2. NUL bytes and other strings that cross the C ABI


@pytest.mark.parametrize("compile_", [
    lambda s: llcjit.integrand(s).evaluate(2.0),
    lambda s: llcjit.quad(s, 0, 1),
    lambda s: llcjit.integrand(s.replace("x", "x0") + " * x1"),
    lambda s: llcjit.nquad(s.replace("x", "x0") + " * x1", [(0, 1), (0, 1)]),
    lambda s: llcjit.filter_kernel(s.replace("x", "values[0]")),
    lambda s: llcjit.filter1d_kernel(s.replace("x", "values[0]")),
    lambda s: llcjit.transform("(" + s.replace("x", "o0") + ", o1)"),
    lambda s: llcjit.generic_filter(IMAGE, s.replace("x", "max(values)"), size=3),
], ids=["integrand", "quad", "nquad integrand", "nquad", "filter_kernel", "filter1d_kernel",
        "transform", "generic_filter"])
def test_a_nul_in_a_formula_is_a_compile_error_not_its_end(compile_):
    with pytest.raises(llcjit.CompileError) as caught:
        compile_("x\0+1000")
    assert "unexpected byte 0x00" in str(caught.value)
    assert caught.value.line == 1


def test_a_nul_is_reported_where_it_is_with_the_whole_line():
    with pytest.raises(llcjit.CompileError) as caught:
        llcjit.integrand("x\0+1000")
    assert (caught.value.line, caught.value.column) == (1, 2)
    assert str(caught.value) == "1:2: error: unexpected byte 0x00\n  x\u2400+1000\n   ^"
    with pytest.raises(llcjit.CompileError) as caught:
        llcjit.integrand("k = 2\nx\0 + k")
    assert (caught.value.line, caught.value.column) == (2, 2)
    assert str(caught.value).endswith("\n  x\u2400 + k\n   ^")


def test_the_whole_formula_is_compiled_past_a_nul():
    # In a comment a NUL is harmless, and what follows the comment counts.
    assert llcjit.integrand("# note\0\nx + 1").evaluate(1.0) == 2.0


def test_a_nul_in_an_nquad_bound_is_a_compile_error_at_its_place():
    with pytest.raises(llcjit.CompileError) as caught:
        llcjit.nquad("x0 * x1", [("0", "1\0+5"), (0, 1)])
    assert (caught.value.line, caught.value.column) == (1, 2)
    assert "unexpected byte 0x00 in the upper bound of ranges[0]" in str(caught.value)
    with pytest.raises(llcjit.CompileError) as caught:
        llcjit.nquad("x0 * x1", [(0, 1), ("\n1\0", 1)])
    assert (caught.value.line, caught.value.column) == (2, 2)
    # Bounds without one are unchanged, numbers written exactly.
    assert llcjit.nquad("x0 * x1", [(0, np.float32(0.1)), ("0", "1")])[0] == pytest.approx(
        float(np.float32(0.1)) ** 2 / 4, rel=1e-14)


def test_what_cpp_accepts_as_variable_names_python_refuses():
    # The C++ side takes "" and "1a", declaring variables no formula can
    # name: the formula's x0 and x1 then became parameters.
    with pytest.raises(ValueError, match="'' is not a name"):
        llcjit.integrand("x0+x1", variables=["", "1a"])
    assert llcjit.integrand("x + y", variables=["x", "y"]).variables == ("x", "y")
    assert llcjit.integrand("x_1 + _y", variables=("x_1", "_y")).variables == ("x_1", "_y")


# ---------------------------------------------------------------------------
# 3. Lifetimes: what SciPy is handed owns what it points at


def test_the_function_capsule_alone_keeps_code_and_parameters():
    f = llcjit.integrand("x * x + c", c=1.0)
    capsule = f.function
    del f
    churn()
    got = si.quad(scipy.LowLevelCallable(capsule), 0, 1)[0]
    assert got == pytest.approx(4 / 3, rel=1e-14)


def test_user_data_alone_keeps_the_parameters():
    f = llcjit.integrand("x * x + c", c=5.0)
    capsule, user_data = f.function, f.user_data
    del f
    churn()
    # user_data is a PyCapsule (one of the forms SciPy takes) of the values.
    get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
    get_pointer.restype, get_pointer.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
    assert ctypes.cast(get_pointer(user_data, None), ctypes.POINTER(ctypes.c_double))[0] == 5.0
    assert si.quad(scipy.LowLevelCallable(capsule, user_data), 0, 1)[0] == pytest.approx(
        16 / 3, rel=1e-14)


def test_every_kind_of_callable_survives_through_its_capsule():
    kernel = llcjit.filter_kernel("max(values) * s", s=2.0).function
    window = llcjit.filter1d_kernel("values[0] + values[2] + t", t=1.0).function
    mapping = llcjit.transform("(o0 * s, o1)", s=0.5).function
    both = llcjit.integrand("x0 * x1 + c", c=1.0).function
    churn()
    np.testing.assert_array_equal(ndi.generic_filter(IMAGE, scipy.LowLevelCallable(kernel),
                                                     size=3),
                                  ndi.maximum_filter(IMAGE, 3) * 2)
    def python_window(values, out):
        out[:] = values[:-2] + values[2:] + 1.0

    line = np.arange(6.0)
    np.testing.assert_array_equal(
        ndi.generic_filter1d(line, scipy.LowLevelCallable(window), 3, mode="nearest"),
        ndi.generic_filter1d(line, python_window, 3, mode="nearest"))
    np.testing.assert_array_equal(
        ndi.geometric_transform(IMAGE, scipy.LowLevelCallable(mapping), order=0),
        ndi.geometric_transform(IMAGE, lambda o: (o[0] * 0.5, o[1]), order=0))
    assert si.nquad(scipy.LowLevelCallable(both), [(0, 1), (0, 1)])[0] == pytest.approx(1.25)


def test_a_formula_capsule_in_llcjit_generic_filter_uses_its_parameters():
    # SciPy passes a function capsule's context as user_data when given
    # none; llcjit passed NULL, and the kernel read its parameter from there.
    code, shown = run_isolated(
        "import numpy as np, scipy, scipy.ndimage as ndi, llcjit\n"
        "image = np.arange(20.0).reshape(4, 5)\n"
        "k = scipy.LowLevelCallable(llcjit.filter_kernel('max(values) * s', s=3.0).function)\n"
        "got = llcjit.generic_filter(image, k, size=3)\n"
        "print(np.array_equal(got, ndi.maximum_filter(image, 3) * 3))\n")
    assert code == 0 and shown.strip() == "True", shown


def test_nothing_leaks_once_nothing_refers_to_the_code():
    gc.collect()
    baseline = speedups.live()
    f = llcjit.integrand("x * c", c=2.0)
    g = f.with_params(c=3.0)
    assert speedups.live() == baseline + 2  # one block of values each
    handle = weakref.ref(f._handle)
    capsule, user_data = f.function, f.user_data
    del f, g
    gc.collect()
    assert handle() is not None and speedups.live() == baseline + 1
    del capsule
    gc.collect()
    # The user_data holds the function capsule, and so the values and code.
    assert handle() is not None and speedups.live() == baseline + 1
    del user_data
    _compile_cached.cache_clear()  # the last formulas' handles, kept for reuse
    gc.collect()
    assert handle() is None and speedups.live() == baseline
    for i in range(300):
        llcjit.integrand("x * c", c=float(i)).with_params(c=1.0).function
    gc.collect()
    assert speedups.live() == baseline


def test_the_capsule_outlives_a_scipy_lowlevelcallable_of_it():
    f = llcjit.integrand("exp(-a*x*x)", a=2.0)
    wrapped = scipy.LowLevelCallable(f.function, f.user_data)
    del f
    churn()
    assert si.quad(wrapped, -np.inf, np.inf)[0] == pytest.approx(math.sqrt(math.pi / 2))


# ---------------------------------------------------------------------------
# 4. Smaller ones: complex input, origins, C integers, the limit's message


def test_quad_message_and_warning_give_the_real_limit():
    source = "abs(x - 1/3)^0.5"
    *_, message = llcjit.quad(source, 0, 1, limit=3, full_output=True)
    assert "(3)" in message and "(50)" not in message
    assert message == si.quad(lambda x: abs(x - 1 / 3) ** 0.5, 0, 1, limit=3, full_output=1)[3]
    with pytest.warns(si.IntegrationWarning) as caught:
        llcjit.quad(source, 0, 1, limit=3)
    with pytest.warns(si.IntegrationWarning) as scipy_caught:
        si.quad(lambda x: abs(x - 1 / 3) ** 0.5, 0, 1, limit=3)
    assert str(caught[0].message) == str(scipy_caught[0].message)  # to the byte
    assert caught[0].filename == __file__  # the warning points at the caller
    with pytest.warns(si.IntegrationWarning, match=r"2 of 3 integrals .* index 1: .* \(4\)"):
        llcjit.quad("x + b * abs(x - 1/3)^0.5", 0, 1, limit=4, b=[0.0, 1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        llcjit.quad(source, 0, 1)  # converges: no warning


def test_limit_is_not_truncated_to_its_low_bits():
    # limit=2**32 + 3 ran with limit 3 (and gave up early, in silence).
    with pytest.raises(OverflowError, match="limit"):
        llcjit.quad("abs(x - 1/3)^0.5", 0, 1, limit=INT_BIG)
    assert llcjit.quad("x", 0, 1, limit=2**31 - 1)[0] == 0.5


def test_origin_that_is_not_an_integer_is_a_type_error_as_in_scipy():
    for origin in (0.7, 1.0, [0, 0.5]):
        with pytest.raises(TypeError) as caught:
            llcjit.generic_filter(IMAGE, "min(values)", size=3, origin=origin)
        with pytest.raises(TypeError) as scipy_caught:
            ndi.generic_filter(IMAGE, np.min, size=3, origin=origin)
        assert str(caught.value) == str(scipy_caught.value)
    np.testing.assert_array_equal(
        llcjit.generic_filter(IMAGE, "min(values)", size=3, origin=np.int64(-1)),
        ndi.generic_filter(IMAGE, np.min, size=3, origin=-1))


def test_zero_dimensional_input_as_in_scipy():
    np.testing.assert_array_equal(llcjit.generic_filter(np.float64(1.5), "min(values)", size=3),
                                  ndi.generic_filter(np.float64(1.5), np.min, size=3))


# ---------------------------------------------------------------------------
# The catalogue: a bad call, the exception it raises, a fragment of the message


def nquad_integrand():
    return llcjit.integrand("x0 * x1")


BAD_CALLS = [
    # formulas
    ("NUL in a formula", lambda: llcjit.integrand("x\0+1000"),
     llcjit.CompileError, "unexpected byte 0x00"),
    ("lone surrogate", lambda: llcjit.integrand("x + \ud800"),
     llcjit.CompileError, "unexpected byte 0xED"),
    ("non-ASCII", lambda: llcjit.integrand("x + \u00e9"),
     llcjit.CompileError, "unexpected byte 0xC3"),
    ("source None", lambda: llcjit.integrand(None),
     TypeError, "expected a formula string or an llcjit object, got NoneType"),
    ("source bytes", lambda: llcjit.integrand(b"x"), TypeError, "got bytes"),
    ("filter1d source int", lambda: llcjit.filter1d_kernel(3), TypeError, "got int"),
    ("transform source list", lambda: llcjit.transform(["o0"]), TypeError, "got list"),
    ("source a Python function", lambda: llcjit.integrand(np.exp), TypeError,
     "got ufunc (llcjit compiles formulas, not Python functions)"),
    ("empty formula", lambda: llcjit.integrand(""), llcjit.CompileError, "empty formula"),
    ("unknown function", lambda: llcjit.integrand("exp(-a*x)*exq(x)"),
     llcjit.CompileError, "exq"),
    ("filter formula as integrand", lambda: llcjit.integrand("values[0]"),
     ValueError, "is a filter formula, not an integrand"),
    ("NUL in a filter kernel", lambda: llcjit.filter_kernel("min(values)\0"),
     llcjit.CompileError, "unexpected byte 0x00"),
    ("NUL in a transform", lambda: llcjit.transform("(o0, o1\0)"),
     llcjit.CompileError, "unexpected byte 0x00"),
    # parameters
    ("missing parameter", lambda: llcjit.quad(llcjit.integrand("a * x"), 0, 1),
     TypeError, "args gives 0 value(s) for the 1 parameter(s) not given by keyword (a)"),
    ("too many args", lambda: llcjit.quad("a * x", 0, 1, args=(1, 2)),
     TypeError, "args gives 2 value(s) for the 1 parameter(s) not given by keyword (a)"),
    ("args not real", lambda: llcjit.quad("a * x", 0, 1, args=("1",)),
     TypeError, "parameter a must be real numbers, not of dtype <U1"),
    ("params not names", lambda: llcjit.integrand("a * x", params=("a", 1)),
     TypeError, "params must be a sequence of parameter names"),
    ("params missing one", lambda: llcjit.integrand("a * x + b", params=("a",)),
     ValueError, "params must name each parameter of the formula once (a, b), not a"),
    ("evaluate without its args", lambda: llcjit.integrand("a * x").evaluate(1.0),
     TypeError, "evaluate takes 1 value(s) after the variables"),
    ("quad threads", lambda: llcjit.quad("x", 0, 1, threads=2),
     TypeError, "workers= sets the number of threads"),
    ("quad workers 0", lambda: llcjit.quad("x", 0, 1, workers=0),
     ValueError, "workers must be -1 (all cores) or a number of threads >= 1, got 0"),
    ("quad workers str", lambda: llcjit.quad("x", 0, 1, workers="2"),
     TypeError, "workers must be an integer"),
    ("quad a filter LowLevelCallable", lambda: llcjit.quad(llcjit.filter_kernel("min(values)"),
                                                            0, 1),
     ValueError, "a LowLevelCallable for quad must have one of the signatures"),
    ("unknown parameter", lambda: llcjit.integrand("x", z=1.0), TypeError, "no parameter(s) z"),
    ("parameter name with NUL", lambda: llcjit.integrand("x", **{"a\0": 1.0}),
     TypeError, "no parameter(s) 'a\\x00'"),
    ("parameter str", lambda: llcjit.integrand("a * x", a="2"),
     TypeError, "parameter a must be a real number, not str"),
    ("parameter complex", lambda: llcjit.integrand("a * x", a=1j), TypeError, "not complex"),
    ("parameter None", lambda: llcjit.integrand("a * x", a=None), TypeError, "not NoneType"),
    ("parameter list", lambda: llcjit.integrand("a * x", a=[1.0, 2.0]), TypeError, "not list"),
    ("with_params str", lambda: llcjit.integrand("a * x", a=1.0).with_params(a="3"),
     TypeError, "parameter a must be a real number"),
    ("evaluate str", lambda: llcjit.integrand("x").evaluate("2"),
     TypeError, "x must be a real number, not str"),
    ("evaluate complex values", lambda: llcjit.filter_kernel("min(values)").evaluate([1j]),
     TypeError, "values must be real numbers, not complex"),
    ("evaluate str values", lambda: llcjit.filter_kernel("min(values)").evaluate(["1"]),
     TypeError, "values must be real numbers"),
    # variables
    ("variables '' and '1a'", lambda: llcjit.integrand("x0+x1", variables=["", "1a"]),
     ValueError, "variables: '' is not a name"),
    ("variable '1a'", lambda: llcjit.integrand("x0+x1", variables=["y", "1a"]),
     ValueError, "variables: '1a' is not a name"),
    ("variable with NUL", lambda: llcjit.integrand("x+y", variables=["x\0z", "y"]),
     ValueError, "variables: 'x\\x00z' contains a NUL"),
    ("variable with a space", lambda: llcjit.integrand("x+y", variables=["x ", "y"]),
     ValueError, "is not a name"),
    ("variable non-ASCII", lambda: llcjit.integrand("x+y", variables=["\u00e9", "y"]),
     ValueError, "is not a name"),
    ("variable keyword", lambda: llcjit.integrand("x+y", variables=["and", "y"]),
     ValueError, "'and' is not a name"),
    ("variables str", lambda: llcjit.integrand("x+y", variables="xy"),
     TypeError, "variables must be a sequence of names"),
    ("variables ints", lambda: llcjit.integrand("x+y", variables=[1, 2]),
     TypeError, "variables must be names (str), not int"),
    ("variable twice", lambda: llcjit.integrand("x+y", variables=["x", "x"]),
     ValueError, "declared twice"),
    ("variable builtin", lambda: llcjit.integrand("x+y", variables=["sin", "y"]),
     ValueError, "'sin' cannot be a variable name"),
    # quad
    ("quad limit 2**32+3", lambda: llcjit.quad("x", 0, 1, limit=INT_BIG),
     OverflowError, "limit=4294967299 does not fit in a C int"),
    ("quad limit 2**31", lambda: llcjit.quad("x", 0, 1, limit=2**31), OverflowError, "limit"),
    ("quad limit -2**40", lambda: llcjit.quad("x", 0, 1, limit=-2**40), OverflowError, "limit"),
    ("quad limit numpy huge", lambda: llcjit.quad("x", 0, 1, limit=np.int64(2**40)),
     OverflowError, "limit"),
    ("quad limit float", lambda: llcjit.quad("x", 0, 1, limit=1.5),
     TypeError, "limit must be an integer"),
    ("quad limit 0", lambda: llcjit.quad("x", 0, 1, limit=0),
     ValueError, "limit must be at least 1"),
    ("quad maxp1 huge", lambda: llcjit.quad("x", 0, 1, weight="cos", wvar=1, maxp1=INT_BIG),
     OverflowError, "maxp1"),
    ("quad maxp1 0", lambda: llcjit.quad("x", 0, 1, weight="cos", wvar=1, maxp1=0),
     ValueError, "Chebyshev moment limit maxp1 must be >=1."),
    ("quad limlst huge",
     lambda: llcjit.quad("exp(-x)", 0, np.inf, weight="cos", wvar=1, limlst=INT_BIG),
     OverflowError, "limlst"),
    ("quad limlst 2", lambda: llcjit.quad("exp(-x)", 0, np.inf, weight="cos", wvar=1, limlst=2),
     ValueError, "limlst must be at least 3"),
    ("quad a str", lambda: llcjit.quad("x", "0", 1), TypeError, "a must be a real number"),
    ("quad b complex", lambda: llcjit.quad("x", 0, 1j), TypeError, "b must be a real number"),
    ("quad a NaN", lambda: llcjit.quad("x", np.nan, 1), ValueError, "must not be NaN"),
    ("quad epsabs str", lambda: llcjit.quad("x", 0, 1, epsabs="x"),
     TypeError, "epsabs must be a real number"),
    ("quad tolerances 0", lambda: llcjit.quad("x", 0, 1, epsabs=0, epsrel=0),
     ValueError, "cannot be met"),
    ("quad weight unknown", lambda: llcjit.quad("x", 0, 1, weight="foo", wvar=1),
     ValueError, "foo not a recognized weighting function."),
    ("quad weight list", lambda: llcjit.quad("x", 0, 1, weight=["cos"], wvar=1),
     ValueError, "not a recognized weighting function"),
    ("quad cos without wvar", lambda: llcjit.quad("x", 0, 1, weight="cos"),
     TypeError, "must be real number, not NoneType"),
    ("quad cauchy without wvar", lambda: llcjit.quad("x", 0, 1, weight="cauchy"),
     TypeError, "must be real number, not NoneType"),
    ("quad cos wvar empty", lambda: llcjit.quad("x", 0, 1, weight="cos", wvar=[]),
     ValueError, "take 1 value in wvar"),
    ("quad wvar str", lambda: llcjit.quad("x", 0, 1, weight="cos", wvar="x"),
     TypeError, "wvar must be real numbers"),
    ("quad alg wvar a number", lambda: llcjit.quad("x", 0, 1, weight="alg", wvar=1),
     TypeError, "argument 4 must be 2-item sequence, not int"),
    ("quad alg wvar short", lambda: llcjit.quad("x", 0, 1, weight="alg", wvar=[1]),
     TypeError, "argument 4 must be sequence of length 2, not 1"),
    ("quad alg wvar long", lambda: llcjit.quad("x", 0, 1, weight="alg", wvar=(1, 2, 3)),
     TypeError, "argument 4 must be sequence of length 2, not 3"),
    ("quad points str", lambda: llcjit.quad("x", 0, 1, points=["a"]),
     TypeError, "points must be real numbers"),
    ("quad point outside", lambda: llcjit.quad("x", 0, 1, points=[5]),
     ValueError, "outside the range"),
    ("quad points on an infinite range", lambda: llcjit.quad("exp(-x)", 0, np.inf, points=[1]),
     ValueError, "Infinity inputs cannot be used with break points."),
    ("quad alg over infinity", lambda: llcjit.quad("x", 0, np.inf, weight="alg", wvar=(0, 0)),
     ValueError, "Cannot integrate with this weight over an infinite interval."),
    ("quad an nquad integrand", lambda: llcjit.quad(nquad_integrand(), 0, 1),
     TypeError, "llcjit.quad integrates a formula of one variable; 'x0 * x1' is an "
     "NQuadIntegrand of x0, x1: pass it to llcjit.nquad with one range per variable"),
    ("quad complex parameter", lambda: llcjit.quad("x * a", 0, 1, a=[1j]),
     TypeError, "parameter a must be real numbers, not complex"),
    ("quad str parameter", lambda: llcjit.quad("x * a", 0, 1, a=["1"]),
     TypeError, "parameter a must be real numbers"),
    ("quad filter formula", lambda: llcjit.quad("values[0]", 0, 1), llcjit.CompileError, ""),
    # nquad
    ("nquad NUL in a bound", lambda: llcjit.nquad("x0*x1", [("0", "1\0+5"), (0, 1)]),
     llcjit.CompileError, "unexpected byte 0x00 in the upper bound of ranges[0]"),
    ("nquad bound None", lambda: llcjit.nquad("x0*x1", [(None, 1), (0, 1)]),
     TypeError, "the lower bound of ranges[0] must be a number or a formula (str)"),
    ("nquad bound complex", lambda: llcjit.nquad("x0*x1", [(0, 1), (0, 1j)]),
     TypeError, "the upper bound of ranges[1]"),
    ("nquad range of 3", lambda: llcjit.nquad("x0*x1", [(0, 1, 2), (0, 1)]),
     ValueError, "too many values to unpack"),
    ("nquad range a number", lambda: llcjit.nquad("x0*x1", [0, (0, 1)]),
     TypeError, "cannot unpack"),
    ("nquad too few ranges", lambda: llcjit.nquad("x0*x1", [(0, 1)]),
     ValueError, "the formula uses x1, but ranges gives 1 variable(s) (x0 to x0)"),
    ("nquad integrand too few ranges",
     lambda: llcjit.nquad(llcjit.integrand("x0*x1"), [(0, 1)]),
     ValueError, "2 variables, but 1 ranges"),
    ("nquad limit huge", lambda: llcjit.nquad("x0*x1", [(0, 1), (0, 1)], limit=INT_BIG),
     OverflowError, "limit"),
    ("nquad bad variables", lambda: llcjit.nquad("x*y", [(0, 1), (0, 1)], variables=["", "y"]),
     ValueError, "is not a name"),
    ("nquad variables for an integrand",
     lambda: llcjit.nquad(nquad_integrand(), [(0, 1), (0, 1)], variables=["x", "y"]),
     TypeError, "variables are for a formula"),
    ("nquad func int", lambda: llcjit.nquad(42, [(0, 1)]), TypeError,
     "expected a formula string or an llcjit object, got int"),
    ("nquad bound uses an inner variable", lambda: llcjit.nquad("x0*x1", [(0, 1), ("x0", 1)]),
     ValueError, "may use only the variables outside it"),
    ("nquad NaN bound", lambda: llcjit.nquad("x0*x1", [(0, np.nan), (0, 1)]),
     ValueError, "must not be NaN"),
    # generic_filter
    ("filter complex input", lambda: llcjit.generic_filter(IMAGE + 1j, "min(values)", size=3),
     TypeError, "Complex type not supported"),
    ("filter object input",
     lambda: llcjit.generic_filter(np.array([[None]]), "min(values)", size=3),
     RuntimeError, "array type not supported"),
    ("filter str input", lambda: llcjit.generic_filter(np.array(["1"]), "min(values)", size=3),
     TypeError, "data type 'str32' not understood"),
    ("filter origin 0.7", lambda: llcjit.generic_filter(IMAGE, "min(values)", size=3, origin=0.7),
     TypeError, "'float' object cannot be interpreted as an integer"),
    ("filter origin 2", lambda: llcjit.generic_filter(IMAGE, "min(values)", size=3, origin=2),
     ValueError, "invalid origin"),
    ("filter origin 2**70",
     lambda: llcjit.generic_filter(IMAGE, "min(values)", size=3, origin=2**70),
     ValueError, "invalid origin"),
    ("filter origins too many",
     lambda: llcjit.generic_filter(IMAGE, "min(values)", size=3, origin=[0, 0, 0]),
     RuntimeError, "sequence argument must have length equal to input rank"),
    ("filter origin str", lambda: llcjit.generic_filter(IMAGE, "min(values)", size=3, origin="a"),
     TypeError, "unsupported operand"),
    ("filter sizes too many", lambda: llcjit.generic_filter(IMAGE, "min(values)", size=[3, 3, 3]),
     RuntimeError, "sequence argument must have length equal to input rank"),
    ("filter size 0", lambda: llcjit.generic_filter(IMAGE, "min(values)", size=0),
     RuntimeError, "filter footprint array has incorrect shape."),
    ("filter size -1", lambda: llcjit.generic_filter(IMAGE, "min(values)", size=-1),
     ValueError, "negative dimensions"),
    ("filter no size", lambda: llcjit.generic_filter(IMAGE, "min(values)"),
     RuntimeError, "no footprint or filter size provided"),
    ("filter footprint rank",
     lambda: llcjit.generic_filter(IMAGE, "min(values)", footprint=np.ones(3, bool)),
     RuntimeError, "filter footprint array has incorrect shape."),
    ("filter footprint zeros",
     lambda: llcjit.generic_filter(IMAGE, "min(values)", footprint=np.zeros((3, 3), bool)),
     ValueError, "only zeros"),
    ("filter mode unknown", lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, mode="foo"),
     RuntimeError, "boundary mode not supported"),
    ("filter mode None", lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, mode=None),
     RuntimeError, "boundary mode not supported"),
    ("filter cval str", lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, cval="x"),
     TypeError, "cval must be a real number, not str"),
    ("filter cval complex", lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, cval=1j),
     TypeError, "cval must be a real number, not complex"),
    ("filter threads -1", lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, threads=-1),
     ValueError, "threads must be at least 0, got -1"),
    ("filter threads 2**32",
     lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, threads=2**32),
     OverflowError, "threads=4294967296 does not fit in a C unsigned int"),
    ("filter threads float", lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, threads=1.5),
     TypeError, "threads must be an integer"),
    ("filter read-only output",
     lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, output=read_only(IMAGE)),
     ValueError, "output array is read-only."),
    ("filter bytes output",
     lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, output=from_bytes(IMAGE.shape)),
     ValueError, "output array is read-only."),
    ("filter list output", lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, output=[0.0]),
     TypeError, "output must be None, a dtype or a numpy array, not list"),
    ("filter output shape",
     lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, output=np.zeros((2, 2))),
     RuntimeError, "output shape not correct"),
    ("filter float16 input",
     lambda: llcjit.generic_filter(IMAGE.astype(np.float16), "min(values)", 3),
     RuntimeError, "array type not supported"),
    ("filter longdouble input",
     lambda: llcjit.generic_filter(IMAGE.astype(np.longdouble), "min(values)", 3),
     RuntimeError, "array type not supported"),
    ("filter datetime input",
     lambda: llcjit.generic_filter(IMAGE.astype("datetime64[s]"), "min(values)", 3),
     RuntimeError, "array type not supported"),
    ("filter float16 output",
     lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, output=np.float16),
     RuntimeError, "array type not supported"),
    ("filter complex output",
     lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, output="complex128"),
     RuntimeError, "array type not supported"),
    ("filter complex output array",
     lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, output=np.zeros(IMAGE.shape, complex)),
     RuntimeError, "array type not supported"),
    ("filter output dtype string with byte order",
     lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, output=">f8"),
     KeyError, "'>f8'"),
    ("filter output dtype unknown",
     lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, output="float99"),
     KeyError, "'float99'"),
    ("filter Python function", lambda: llcjit.generic_filter(IMAGE, np.min, size=3),
     TypeError, "got function (llcjit compiles formulas, not Python functions)"),
    ("filter integrand", lambda: llcjit.generic_filter(IMAGE, llcjit.integrand("x"), size=3),
     ValueError, "signature"),
    ("filter parameters for a LowLevelCallable",
     lambda: llcjit.generic_filter(IMAGE, filter_callable(), size=3, s=1.0),
     TypeError, "parameters are for formulas"),
    ("filter missing parameter", lambda: llcjit.generic_filter(IMAGE, "min(values) * s", size=3),
     TypeError, "missing value for parameter(s) s"),
    ("filter str parameter",
     lambda: llcjit.generic_filter(IMAGE, "min(values) * s", size=3, s="2"),
     TypeError, "parameter s must be a real number"),
    ("filter NUL in the formula", lambda: llcjit.generic_filter(IMAGE, "min(values)\0", size=3),
     llcjit.CompileError, "unexpected byte 0x00"),
]


@pytest.mark.parametrize("call, error, fragment", [row[1:] for row in BAD_CALLS],
                         ids=[row[0] for row in BAD_CALLS])
def test_bad_call(call, error, fragment):
    with pytest.raises(error) as caught:
        call()
    assert type(caught.value) is error
    assert fragment in str(caught.value)


# Calls of functions that share SciPy's name, and the same call of SciPy's:
# the same exception, and (when `same_text`) the same message ("prefix": SciPy's
# message, then llcjit's detail).
def filter_both(**arguments):
    image = arguments.pop("image", IMAGE)
    return (lambda: llcjit.generic_filter(image, "min(values)", **arguments),
            lambda: ndi.generic_filter(image, np.min, **arguments))


def quad_both(*limits, **arguments):
    return (lambda: llcjit.quad("exp(-x)", *limits, **arguments),
            lambda: si.quad(lambda x: math.exp(-x), *limits, **arguments))


def nquad_both(ranges, **options):
    return (lambda: llcjit.nquad("x0 * x1", ranges, **options),
            lambda: si.nquad(lambda x0, x1: x0 * x1, ranges, opts=options))


SCIPY_TWINS = [
    ("read-only output", filter_both(size=3, output=read_only(IMAGE)), True),
    ("bytes output", filter_both(size=3, output=from_bytes(IMAGE.shape)), True),
    ("complex input", filter_both(image=IMAGE + 1j, size=3), True),
    ("object input", filter_both(image=np.array([[1.0]], dtype=object), size=3), True),
    ("str input", filter_both(image=np.array(["1"]), size=3), True),
    ("origin 0.7", filter_both(size=3, origin=0.7), True),
    ("origin 1.0", filter_both(size=3, origin=1.0), True),
    ("origin NaN", filter_both(size=3, origin=float("nan")), True),
    ("origin 2", filter_both(size=3, origin=2), True),
    ("origin -2**70", filter_both(size=3, origin=-2**70), True),
    ("origins too many", filter_both(size=3, origin=[0, 0, 0]), True),
    ("origin str", filter_both(size=3, origin="a"), True),
    ("sizes too many", filter_both(size=[3, 3, 3]), True),
    ("size 0", filter_both(size=0), True),
    ("no size", filter_both(), True),
    ("footprint rank", filter_both(footprint=np.ones(3)), True),
    ("mode unknown", filter_both(size=3, mode="foo"), True),
    ("cval str", filter_both(size=3, cval="x"), False),
    ("cval complex", filter_both(size=3, cval=1j), False),
    ("limit 2**32+3", quad_both(0, 1, limit=INT_BIG), False),
    ("limit 2**31", quad_both(0, 1, limit=2**31), False),
    ("limit -2**40", quad_both(0, 1, limit=-2**40), False),
    ("limit float", quad_both(0, 1, limit=1.5), False),
    ("maxp1 huge", quad_both(0, 1, weight="cos", wvar=1, maxp1=INT_BIG), False),
    ("limlst huge", quad_both(0, np.inf, weight="cos", wvar=1, limlst=INT_BIG), False),
    ("limlst -2**40", quad_both(0, np.inf, weight="cos", wvar=1, limlst=-2**40), False),
    ("epsabs str", quad_both(0, 1, epsabs="x"), False),
    ("a str", quad_both("0", 1), False),
    ("weight unknown", quad_both(0, 1, weight="foo", wvar=1), True),
    ("cos without wvar", quad_both(0, 1, weight="cos"), True),
    ("cauchy without wvar", quad_both(0, 1, weight="cauchy"), True),
    ("alg wvar a number", quad_both(0, 1, weight="alg", wvar=1), True),
    ("alg without wvar", quad_both(0, 1, weight="alg"), True),
    ("alg wvar a NumPy number", quad_both(0, 1, weight="alg", wvar=np.float64(1)), True),
    # SciPy's words, then the value and what would do.
    ("limit 0", quad_both(0, 1, limit=0), "prefix"),
    ("maxp1 0", quad_both(0, 1, weight="cos", wvar=1, maxp1=0), "prefix"),
    ("tolerances 0", quad_both(0, 1, epsabs=0, epsrel=0), "prefix"),
    ("points on an infinite range", quad_both(0, np.inf, points=[1]), True),
    ("alg over infinity", quad_both(0, np.inf, weight="alg", wvar=(0, 0)), True),
    ("cauchy over infinity", quad_both(0, np.inf, weight="cauchy", wvar=0.5), True),
    ("cos from -inf to inf", quad_both(-np.inf, np.inf, weight="cos", wvar=1), True),
    ("nquad range of 3", nquad_both([(0, 1, 2), (0, 1)]), True),
    ("nquad range a number", nquad_both([0, (0, 1)]), True),
    ("nquad limit huge", nquad_both([(0, 1), (0, 1)], limit=INT_BIG), False),
]


@pytest.mark.parametrize("calls, same_text", [row[1:] for row in SCIPY_TWINS],
                         ids=[row[0] for row in SCIPY_TWINS])
def test_bad_call_fails_as_in_scipy(calls, same_text):
    ours, scipys = calls
    with pytest.raises(Exception) as scipy_caught:
        scipys()
    with pytest.raises(type(scipy_caught.value)) as caught:
        ours()
    assert type(caught.value) is type(scipy_caught.value)
    if same_text == "prefix":  # SciPy's words, then llcjit's detail
        assert str(caught.value).startswith(str(scipy_caught.value))
    elif same_text:
        assert str(caught.value) == str(scipy_caught.value)
