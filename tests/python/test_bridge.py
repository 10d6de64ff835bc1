"""The Python bridge (python/llcjit) over the C ABI: SciPy gets
LowLevelCallables it accepts, and llcjit's own drivers run in process."""
import math
import os
import pickle
import sys
import pathlib

import numpy as np
import pytest
import scipy.integrate as si
import scipy.ndimage as ndi

if os.environ.get("LLCJIT_SANITIZED"):
    pytest.skip("the bridge loads libllcjit into python3, which is not instrumented",
                allow_module_level=True)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402


def test_integrand_is_a_lowlevelcallable_scipy_calls():
    f = llcjit.integrand("exp(-a*x*x)", a=2.0)
    assert f.signature == "double (int, double *, void *)"  # so that SciPy's args are seen
    got = si.quad(f, -np.inf, np.inf, full_output=1)
    want = si.quad(lambda x: math.exp(-2.0 * x * x), -np.inf, np.inf, full_output=1)
    assert got[:2] == want[:2]
    assert got[2]["neval"] == want[2]["neval"]


def test_scipy_takes_the_native_path():
    # A callable object goes down SciPy's Python path, one Python call per
    # evaluation; llcjit's objects must not be callable to be called natively.
    f = llcjit.integrand("exp(-a*x*x)", a=1.0)
    assert not callable(f)
    assert not callable(llcjit.filter_kernel("min(values)"))


def test_evaluate_from_python_and_new_parameters_without_recompiling():
    f = llcjit.integrand("exp(-a*x*x) * b", a=2.0, b=3.0)
    assert f.evaluate(0.5) == math.exp(-0.5) * 3.0
    g = f.with_params(a=1.0)
    assert g.evaluate(0.5) == math.exp(-0.25) * 3.0 and f.evaluate(0.5) == math.exp(-0.5) * 3.0
    assert g.parameters == ("a", "b")
    assert si.quad(g, 0, 1)[0] == pytest.approx(3 * 0.7468241328124271, rel=1e-14)


def test_pickle_round_trip_recompiles():
    f = llcjit.integrand("sin(k*x)", k=3.0)
    g = pickle.loads(pickle.dumps(f))
    assert g.evaluate(0.2) == f.evaluate(0.2) and g.params == {"k": 3.0}
    k = llcjit.filter_kernel("percentile(values, q)", q=25.0)
    k2 = pickle.loads(pickle.dumps(k))
    assert k2.evaluate([4.0, 1.0, 3.0, 2.0]) == np.percentile([4.0, 1.0, 3.0, 2.0], 25)


def test_filter_kernel_in_generic_filter():
    rng = np.random.default_rng(4)
    image = rng.standard_normal((40, 33))
    cross = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool)
    for source, python in [("min(values)", np.min), ("median(values)", np.median),
                           ("sum(values * values)", lambda v: np.sum(v * v))]:
        got = ndi.generic_filter(image, llcjit.filter_kernel(source), footprint=cross,
                                 mode="mirror")
        want = ndi.generic_filter(image, python, footprint=cross, mode="mirror")
        np.testing.assert_array_equal(got, want, err_msg=source)


def test_every_scipy_signature_form():
    # nquad, dblquad and tplquad: double (int, double *, void *).
    f = llcjit.integrand("x0 * x1^2 + c", c=0.25)
    assert f.signature == "double (int, double *, void *)"
    want = si.nquad(lambda x0, x1: x0 * x1 ** 2 + 0.25, [[0, 1], [-1, 2]], full_output=True)
    got = si.nquad(f, [[0, 1], [-1, 2]], full_output=True)
    assert got[0] == want[0] and got[2]["neval"] == want[2]["neval"]
    g = llcjit.integrand("x * y * y", variables=("y", "x"))
    assert si.dblquad(g, 0, 2, 0, lambda x: x)[0] == \
        si.dblquad(lambda y, x: x * y * y, 0, 2, 0, lambda x: x)[0]
    assert pickle.loads(pickle.dumps(g)).variables == ("y", "x")
    # generic_filter1d: int (double *, intptr_t, double *, intptr_t, void *).
    lines = np.random.default_rng(2).standard_normal((5, 40))
    k = llcjit.filter1d_kernel("max(values) - min(values)")

    def spread(input_line, output_line):
        size = len(input_line) - len(output_line) + 1
        for i in range(len(output_line)):
            window = input_line[i:i + size]
            output_line[i] = window.max() - window.min()

    np.testing.assert_array_equal(ndi.generic_filter1d(lines, k, filter_size=4),
                                  ndi.generic_filter1d(lines, spread, filter_size=4))
    # geometric_transform: int (intptr_t *, double *, int, int, void *).
    image = np.arange(48, dtype=float).reshape(6, 8)
    t = llcjit.transform("(o0 * s, o1 - shift)", s=0.5, shift=1.5)
    np.testing.assert_array_equal(
        ndi.geometric_transform(image, t, order=1),
        ndi.geometric_transform(image, lambda o: (o[0] * 0.5, o[1] - 1.5), order=1))


def test_transform_to_another_rank():
    """SciPy calls a mapping with the output's rank, which '(1, o0*2)' does
    not show: rank= or variables= says it, and the result is SciPy's."""
    image = np.arange(12.0).reshape(3, 4)
    want = ndi.geometric_transform(image, lambda o: (1, o[0] * 2), output_shape=(2,))
    for mapping in (llcjit.transform("(1, o0*2)", rank=1),
                    llcjit.transform("(1, t*2)", variables=("t",))):
        np.testing.assert_array_equal(
            ndi.geometric_transform(image, mapping, output_shape=(2,)), want)
        copy = pickle.loads(pickle.dumps(mapping))
        assert copy == mapping and copy.variables == mapping.variables
        assert mapping.with_params().variables == mapping.variables
    # Without it the output rank is taken to be the input's, and SciPy
    # reports the mismatch as it does for any mapping that refuses.
    with pytest.raises(RuntimeError, match="unknown error in mapping function"):
        ndi.geometric_transform(image, llcjit.transform("(1, o0*2)"), output_shape=(2,))
    with pytest.raises(ValueError, match="uses o1, but rank=1 gives the output coordinates "
                                         "o0 to o0"):
        llcjit.transform("(1, o1)", rank=1)
    with pytest.raises(TypeError, match="rank or variables, not both"):
        llcjit.transform("(1, o0)", rank=1, variables=("o0",))
    with pytest.raises(ValueError, match="rank must be a positive integer"):
        llcjit.transform("(1, o0)", rank=0)


def test_in_process_nquad():
    value, abserr, info = llcjit.nquad("x0 * x1", [("0", "sqrt(1 - x1^2)"), (0, 1)],
                                       full_output=True)
    want = si.nquad(lambda x0, x1: x0 * x1, [lambda x1: (0, math.sqrt(1 - x1 ** 2)), [0, 1]],
                    full_output=True)
    assert (value, abserr, info["neval"]) == (want[0], want[1], want[2]["neval"])
    value, _ = llcjit.nquad("exp(-a*(x*x + y*y))", [(-np.inf, np.inf), (-np.inf, np.inf)],
                            variables=("x", "y"), a=1.0)
    assert value == pytest.approx(math.pi, rel=1e-10)


def test_seed_erosion_equals_grey_erosion():
    image = np.random.default_rng(5).standard_normal((2048, 2048))
    cross = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool)
    np.testing.assert_array_equal(
        ndi.generic_filter(image, llcjit.filter_kernel("min(values)"), footprint=cross),
        ndi.grey_erosion(image, footprint=cross))


def test_in_process_quad_and_sweep():
    value, abserr, info = llcjit.quad("exp(-a*x*x)", -np.inf, np.inf, a=2.0, full_output=True)
    want = si.quad(lambda x: math.exp(-2 * x * x), -np.inf, np.inf, full_output=1)
    assert (value, abserr, info["neval"]) == (want[0], want[1], want[2]["neval"])
    a = np.linspace(0.1, 10, 10000)  # the seed sweep
    values, errors = llcjit.quad("exp(-a*x*x)", -np.inf, np.inf, a=a)
    assert values.shape == a.shape and errors.shape == a.shape
    np.testing.assert_allclose(values, np.sqrt(np.pi / a), rtol=1e-9)
    # Broadcasting several parameters, and weights.
    v, _ = llcjit.quad("exp(-a*x) * b", 0, np.inf, a=np.array([[1.0], [2.0]]), b=[1.0, 3.0])
    np.testing.assert_allclose(v, [[1.0, 3.0], [0.5, 1.5]], rtol=1e-12)
    got = llcjit.quad("exp(-x)", 0, np.inf, weight="cos", wvar=3.0)[0]
    assert got == si.quad(lambda x: math.exp(-x), 0, np.inf, weight="cos", wvar=3.0)[0]


def test_errors_are_python_exceptions():
    with pytest.raises(llcjit.CompileError) as caught:
        llcjit.integrand("exp(-a*x)*exq(x)")
    assert isinstance(caught.value, ValueError)
    assert (caught.value.line, caught.value.column) == (1, 11)
    assert "^~~" in str(caught.value)
    with pytest.raises(TypeError, match=r"args gives 0 value\(s\) for the 1 parameter\(s\) not "
                                        r"given by keyword \(a\)"):
        llcjit.quad(llcjit.integrand("a * x"), 0, 1)
    with pytest.raises(TypeError, match="no parameter"):
        llcjit.integrand("x", z=1.0)
    with pytest.raises(ValueError, match="limit must be at least 1"):
        llcjit.quad("x", 0, 1, limit=0)
    with pytest.raises(llcjit.CompileError):
        llcjit.quad("values[0]", 0, 1)  # a filter formula is no integrand


def test_pip_install_of_a_copy_outside_a_checkout_says_what_is_missing(tmp_path):
    # pip installs the package with its library from a checkout
    # (test_package.py); a copy of python/ alone has no C++ sources to build.
    import shutil
    import subprocess
    source = tmp_path / "python"
    shutil.copytree(pathlib.Path(__file__).resolve().parents[2] / "python", source,
                    ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    # Offline: no build isolation (it would fetch setuptools), no dependencies.
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--no-build-isolation",
                             "--no-deps", "--target", str(tmp_path / "site"), str(source)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode != 0
    assert "is built from a checkout of llcjit" in result.stdout + result.stderr


def test_callable_outlives_every_other_reference():
    f = llcjit.integrand("x * x + c", c=1.0)
    g = f.with_params(c=2.0)
    del f
    import gc
    gc.collect()
    assert g.evaluate(3.0) == 11.0
    assert si.quad(g, 0, 3)[0] == pytest.approx(15.0, rel=1e-14)
