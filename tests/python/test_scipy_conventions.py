"""SciPy's argument conventions (issue 17): args= fills the parameters not
given by keyword, in SciPy's quad, nquad and dblquad and in llcjit's own;
a count SciPy passes that does not match is NaN, never a value computed
with args ignored; options are never parameters; errors read like SciPy's;
llcjit.quad runs any quad LowLevelCallable."""
import ctypes
import math
import os
import pathlib
import pickle
import sys
import warnings

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


def gauss(x, a):
    return math.exp(-a * x * x)


def test_args_give_the_parameters_not_given_by_keyword():
    f = llcjit.integrand("exp(-a*x*x)")
    assert f.from_args == ("a",)
    for a in (0.5, 2.0):
        assert si.quad(f, -np.inf, np.inf, args=(a,)) == si.quad(gauss, -np.inf, np.inf,
                                                                  args=(a,))
    g = llcjit.integrand("exp(-a*x*x) * b", b=3.0)
    assert g.from_args == ("a",)
    want = si.quad(lambda x, a: 3.0 * math.exp(-a * x * x), 0, 2, args=(2.0,))
    assert si.quad(g, 0, 2, args=(2.0,)) == want


def test_params_orders_the_args():
    f = llcjit.integrand("a*x + b", params=("b", "a"))
    assert f.from_args == ("b", "a")
    assert si.quad(f, 0, 1, args=(10.0, 1.0)) == si.quad(lambda x, b, a: a * x + b, 0, 1,
                                                          args=(10.0, 1.0))
    assert pickle.loads(pickle.dumps(f)).from_args == ("b", "a")
    assert f.with_params(a=3.0).from_args == ("b",)
    with pytest.raises(ValueError, match=r"params must name each parameter of the formula once"):
        llcjit.integrand("a*x + b", params=("a",))
    with pytest.raises(TypeError, match="params must be a sequence of parameter names"):
        llcjit.integrand("a*x", params="a")


@pytest.mark.parametrize("args", [(2.0,), (2.0, 3.0)])
def test_args_of_the_wrong_count_are_nan_so_scipy_warns(args):
    # a bound by keyword, so SciPy's args are one too many (the issue's
    # example returned the a = 1 value); and two for one parameter
    f = llcjit.integrand("exp(-a*x*x)", a=1.0) if len(args) == 1 else llcjit.integrand(
        "exp(-a*x*x)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value, _ = si.quad(f, -1, 1, args=args)
    assert math.isnan(value)
    assert caught and issubclass(caught[0].category, si.IntegrationWarning)


def test_args_in_nquad_and_dblquad():
    f = llcjit.integrand("x0 * x1 * c + d", d=0.5)
    assert f.from_args == ("c",)
    want = si.nquad(lambda x0, x1, c: x0 * x1 * c + 0.5, [(0, 1), (0, 2)], args=(4.0,))
    assert si.nquad(f, [(0, 1), (0, 2)], args=(4.0,)) == want
    g = llcjit.integrand("x * y * c", variables=("y", "x"))
    want = si.dblquad(lambda y, x, c: x * y * c, 0, 1, 0, 2, args=(3.0,))
    assert si.dblquad(g, 0, 1, 0, 2, args=(3.0,)) == want
    assert math.isnan(si.nquad(llcjit.integrand("x0*x1", ), [(0, 1), (0, 1)],
                               args=(1.0,))[0])


def test_evaluate_takes_the_args_after_the_variables():
    f = llcjit.integrand("exp(-a*x*x) * b", params=("b", "a"))
    assert f.evaluate(0.5, 3.0, 2.0) == 3.0 * math.exp(-0.5)
    assert llcjit.integrand("x0 + 10*x1 + c").evaluate(1, 2, 100) == 121
    with pytest.raises(TypeError, match=r"evaluate takes 2 value\(s\) after the variables"):
        f.evaluate(0.5)


def test_llcjit_quad_takes_args_too():
    assert llcjit.quad("exp(-a*x*x)", -np.inf, np.inf, args=(2.0,)) == \
        si.quad(gauss, -np.inf, np.inf, args=(2.0,))
    assert llcjit.quad("exp(-a*x*x)", -np.inf, np.inf, args=2.0) == \
        si.quad(gauss, -np.inf, np.inf, args=(2.0,))  # one value, as SciPy takes it
    f = llcjit.integrand("a*x + b", params=("b", "a"))
    assert llcjit.quad(f, 0, 1, args=(10.0, 1.0)) == si.quad(f, 0, 1, args=(10.0, 1.0))
    # a sweep: args broadcast like keyword parameters
    values, _ = llcjit.quad("exp(-a*x*x)", -np.inf, np.inf, args=(np.array([1.0, 2.0]),))
    assert values.tolist() == [si.quad(gauss, -np.inf, np.inf, args=(a,))[0] for a in (1, 2)]
    with pytest.raises(TypeError, match=r"args gives 2 value\(s\) for the 1 parameter\(s\)"):
        llcjit.quad("exp(-a*x*x)", 0, 1, args=(1.0, 2.0))
    assert llcjit.nquad("x0 * c", [(0, 1)], args=(3.0,)) == \
        si.nquad(lambda x0, c: x0 * c, [(0, 1)], args=(3.0,))


def test_options_are_never_parameters():
    # a parameter named like an option takes its value from args
    assert llcjit.quad("exp(-limit*x*x)", -np.inf, np.inf, args=(2.0,)) == \
        si.quad(gauss, -np.inf, np.inf, args=(2.0,))
    with pytest.raises(TypeError, match="workers= sets the number of threads"):
        llcjit.quad("exp(-a*x*x)", 0, 1, a=1.0, threads=1)
    a = np.linspace(0.5, 2, 7)
    one, _ = llcjit.quad("exp(-a*x*x)", -np.inf, np.inf, a=a, workers=1)
    every, _ = llcjit.quad("exp(-a*x*x)", -np.inf, np.inf, a=a, workers=-1)
    assert one.tolist() == every.tolist()
    for workers in (-os.cpu_count(), 2000):  # all cores wrapped around, and a maximum
        assert llcjit.quad("exp(-a*x*x)", -np.inf, np.inf, a=a, workers=workers)[0].tolist() \
            == one.tolist()
    # The counts themselves, which the results above cannot tell apart.
    from llcjit._arguments import _MAX_THREADS, _threads
    cores = os.cpu_count()
    assert [_threads(w) for w in (-1, -cores, 1, 7, 2000)] == [0, 1, 1, 7, 1024]
    if cores > 1:
        assert _threads(-2) == cores - 1
    header = pathlib.Path(os.environ["LLCJIT_SOURCE_DIR"]) / "include/llcjit/threads.hpp"
    assert f"kMaxThreads = {_MAX_THREADS};" in header.read_text()  # the C ABI's limit
    with pytest.raises(ValueError, match="^workers must not be zero$"):
        llcjit.quad("x", 0, 1, workers=0)
    too_few = -os.cpu_count() - 1
    with pytest.raises(ValueError, match=f"^workers value out of range; got {too_few}, must "
                       f"not be less than {-os.cpu_count()}$"):
        llcjit.quad("x", 0, 1, workers=too_few)


def test_drivers_with_threads_take_scipys_workers_too():
    image = np.random.default_rng(3).uniform(0, 1, (40, 30))
    calls = {
        "generic_filter": lambda **k: llcjit.generic_filter(image, "max(values)", 3, **k),
        "generic_filter1d": lambda **k: llcjit.generic_filter1d(image, "sum(values)", 5, **k),
        "geometric_transform": lambda **k: llcjit.geometric_transform(
            image, "(o0 * 0.9, o1 + 0.5)", **k),
        "map_coordinates": lambda **k: llcjit.map_coordinates(
            image, np.array([[1.5, 20.25], [3.0, 7.5]]), **k),
        "spline_filter": lambda **k: llcjit.spline_filter(image, **k),
        "spline_filter1d": lambda **k: llcjit.spline_filter1d(image, axis=0, **k),
    }
    for name, call in calls.items():
        want = call(threads=1)
        for workers in (1, 2, -1, -os.cpu_count(), 2000):
            np.testing.assert_array_equal(call(workers=workers), want, err_msg=name)
        with pytest.raises(TypeError, match="give threads or workers, not both"):
            call(threads=2, workers=2)
        for workers in (0, -os.cpu_count() - 1):
            with pytest.raises(ValueError, match="workers must not be zero|workers value out"):
                call(workers=workers)


@pytest.mark.parametrize("call", [
    lambda f: llcjit.quad(f, 0, 1), lambda f: llcjit.integrand(f),
    lambda f: llcjit.nquad(f, [(0, 1)]), lambda f: llcjit.generic_filter(np.ones((3, 3)), f, 3)])
def test_a_python_function_is_a_type_error_saying_what_is_expected(call):
    with pytest.raises(TypeError, match=r"expected a formula string.* got function "
                                        r"\(llcjit compiles formulas, not Python functions\)"):
        call(lambda x: x)


@pytest.mark.parametrize("keywords", [dict(size=(3, 3, 3)), dict(size=(3,)),
                                      dict(size=3, origin=(0, 0, 0)),
                                      dict(size=3, mode=["reflect", "nearest"]),
                                      dict(size=3, origin=5),
                                      dict(footprint=np.ones((3, 3, 3)))])
def test_filter_errors_are_scipys(keywords):
    image = np.zeros((5, 5))
    with pytest.raises(Exception) as theirs:
        ndi.generic_filter(image, np.min, **keywords)
    with pytest.raises(Exception) as ours:
        llcjit.generic_filter(image, "min(values)", **keywords)
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value)


def test_nquad_takes_its_dimension_from_ranges():
    assert llcjit.nquad("1", [(0, 1), (0, 2)])[0] == pytest.approx(2.0, rel=1e-14)
    assert llcjit.nquad("x1", [(0, 1), (0, 2)])[0] == pytest.approx(2.0, rel=1e-14)
    with pytest.raises(ValueError, match=r"the formula uses x2, but ranges gives 2 variable"):
        llcjit.nquad("x2", [(0, 1), (0, 2)])


def test_quad_runs_a_foreign_lowlevelcallable():
    # A C function of each of quad's signatures, here libm's exp and two
    # ctypes callbacks: llcjit's driver calls them as SciPy does.
    libm = ctypes.CDLL("libm.so.6")
    exp = scipy.LowLevelCallable(ctypes.cast(libm.exp, ctypes.CFUNCTYPE(ctypes.c_double,
                                                                         ctypes.c_double)))
    assert exp.signature == "double (double)"
    assert llcjit.quad(exp, 0, 1) == si.quad(exp, 0, 1)
    array_form = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_int,
                                  ctypes.POINTER(ctypes.c_double))(
        lambda n, xx: math.exp(-xx[1] * xx[0] * xx[0]) if n == 2 else math.nan)
    f = scipy.LowLevelCallable(array_form)
    assert f.signature == "double (int, double *)"
    assert llcjit.quad(f, -np.inf, np.inf, args=(2.0,)) == si.quad(f, -np.inf, np.inf,
                                                                   args=(2.0,))
    value, abserr, info = llcjit.quad(f, 0, 1, args=(2.0,), full_output=True)
    assert info["neval"] == si.quad(f, 0, 1, args=(2.0,), full_output=True)[2]["neval"]
    with pytest.raises(ValueError, match="must have one of the signatures"):
        llcjit.quad(llcjit.filter_kernel("min(values)"), 0, 1)


def test_a_foreign_filter_function_that_fails_is_scipys_runtime_error():
    failing = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_double), ctypes.c_long,
                               ctypes.POINTER(ctypes.c_double), ctypes.c_void_p)(
        lambda values, size, result, user_data: 0)
    function = scipy.LowLevelCallable(failing,
                                      signature="int (double *, intptr_t, double *, void *)")
    with pytest.raises(RuntimeError, match="unknown error in filter function"):
        ndi.generic_filter(np.ones((3, 3)), function, size=3)
    with pytest.raises(RuntimeError, match="^unknown error in filter function$"):
        llcjit.generic_filter(np.ones((3, 3)), function, size=3)


def test_scipys_empty_extra_arguments_pass_as_a_wrapper_forwards_them():
    image = np.arange(20.0).reshape(4, 5)
    want = ndi.generic_filter(image, llcjit.filter_kernel("max(values)"), 3)
    for extra in [dict(extra_arguments=(), extra_keywords=None),
                  dict(extra_arguments=(), extra_keywords={})]:
        assert np.array_equal(llcjit.generic_filter(image, "max(values)", 3, **extra), want)
        assert np.array_equal(llcjit.generic_filter1d(image, "max(values)", 3, **extra),
                              ndi.generic_filter1d(image, llcjit.filter1d_kernel("max(values)"),
                                                   3))
        assert np.array_equal(llcjit.geometric_transform(image, "(o0, o1)", **extra),
                              ndi.geometric_transform(image, llcjit.transform("(o0, o1)")))
    # positionally, in SciPy's places
    assert np.array_equal(llcjit.generic_filter(image, "max(values)", 3, None, None, "reflect",
                                                0.0, 0, (), None), want)
    with pytest.raises(TypeError, match="extra_arguments passes values to a Python function"):
        llcjit.generic_filter(image, "max(values)", 3, extra_arguments=(1,))
    # SciPy's checks of their types, its RuntimeErrors
    kernel = llcjit.filter_kernel("max(values)")
    for extra, message in [(dict(extra_arguments=[]), "extra_arguments must be a tuple"),
                           (dict(extra_arguments=None), "extra_arguments must be a tuple"),
                           (dict(extra_keywords=[]), "extra_keywords must be a dictionary")]:
        for call in (lambda: ndi.generic_filter(image, kernel, 3, **extra),
                     lambda: llcjit.generic_filter(image, "max(values)", 3, **extra)):
            with pytest.raises(RuntimeError, match=f"^{message}$"):
                call()
    with pytest.raises(TypeError, match="extra_keywords passes values to a Python function"):
        llcjit.generic_filter(image, "max(values)", 3, extra_keywords={"a": 1})


def test_quad_takes_an_nquad_integrand_of_one_variable_as_scipys_quad_does():
    f = llcjit.integrand("exp(-a*t)", variables=("t",))
    assert llcjit.quad(f, 0, 1, a=2.0) == si.quad(f.with_params(a=2.0), 0, 1)
    assert llcjit.quad(f, 0, 1, args=(2.0,)) == si.quad(f, 0, 1, args=(2.0,))
    assert llcjit.quad(f, 0, np.inf, args=(2.0,), weight="cos", wvar=3.0) == \
        si.quad(f, 0, np.inf, args=(2.0,), weight="cos", wvar=3.0)
    ours, theirs = (quad(f, 0, np.inf, args=(2.0,), full_output=True)
                    for quad in (llcjit.quad, si.quad))
    assert ours[:2] == theirs[:2] and ours[2]["neval"] == theirs[2]["neval"]
    with pytest.raises(TypeError, match=r"args gives 0 value\(s\) for the 1 parameter\(s\)"):
        llcjit.quad(f, 0, 1)
    with pytest.raises(TypeError, match="for a sweep over arrays of them, integrate a formula"):
        llcjit.quad(f, 0, 1, a=[1.0, 2.0])
    reports = []
    llcjit.quad(f, 0, 1, a=2.0, progress=lambda done, total: reports.append((done, total)))
    assert reports == [(0, 1), (1, 1)]


def test_objects_compare_and_hash_by_what_they_compute():
    f = llcjit.integrand("exp(-a*x*x)", a=2.0)
    same = llcjit.integrand("exp(-a*x*x)", a=2.0)
    assert f == same and hash(f) == hash(same) and f is not same
    assert f == pickle.loads(pickle.dumps(f))
    assert f != f.with_params(a=3.0)
    assert f != llcjit.integrand("exp(-a*x*x)")  # a from args
    assert f != llcjit.integrand("exp(-a*x*x) ", a=2.0)  # another source text
    assert llcjit.integrand("a*x + b", params=("a", "b")) != \
        llcjit.integrand("a*x + b", params=("b", "a"))
    assert llcjit.filter_kernel("min(values)") == llcjit.filter_kernel("min(values)")
    assert llcjit.filter1d_kernel("min(values)") != llcjit.filter_kernel("min(values)")
    assert len({f, same, f.with_params(a=3.0)}) == 2
