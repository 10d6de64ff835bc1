"""The Python package against bad input (the hardening issue): outputs it
must not write, NUL bytes in strings that cross the C ABI, the lifetime of
every object handed to SciPy, and C integers that must not wrap. The
catalogue of bad calls is test_bad_calls.py."""
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
from bad_inputs import INT_BIG, IMAGE, filter_callable, from_bytes, read_only  # noqa: E402


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
