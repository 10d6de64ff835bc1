"""Formulas evaluated over arrays (issue 17, item 7): x and the parameters
broadcast as NumPy broadcasts a ufunc's operands, values bit for bit libm's
(the batch entry point's exp is glibc's algorithm; other functions call
libm), any thread count giving the same bits."""
import math
import os
import pathlib
import sys

import numpy as np
import pytest

if os.environ.get("LLCJIT_SANITIZED"):
    pytest.skip("the bridge loads libllcjit into python3, which is not instrumented",
                allow_module_level=True)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402


def libm(formula, x, **params):
    def one(v):
        try:
            return formula(v, **params)
        except ValueError:  # Python's math raises where libm returns NaN (sin(inf))
            return math.nan
    return np.array([one(v) for v in np.ravel(x)]).reshape(np.shape(x))


@pytest.mark.parametrize("source,python", [
    ("exp(-a*x*x)", lambda x, a: math.exp(-a * x * x)),
    ("sin(a*x) * cos(x) + log1p(abs(x))", lambda x, a: math.sin(a * x) * math.cos(x)
     + math.log1p(abs(x))),
    ("x < 0 ? a : sqrt(x)", lambda x, a: a if x < 0 else math.sqrt(x)),
])
def test_values_are_libms_bit_for_bit(source, python):
    x = np.random.default_rng(5).uniform(-30, 30, 200_003)
    x[:4] = [0.0, -0.0, np.inf, np.nan]
    got = llcjit.evaluate(source, x=x, a=1.5)
    want = libm(python, x, a=1.5)
    assert got.dtype == np.float64 and got.shape == x.shape
    np.testing.assert_array_equal(got, want)
    # the Integrand's evaluate: the same, one thread or all
    f = llcjit.integrand(source, a=1.5)
    np.testing.assert_array_equal(f.evaluate(x, workers=1), want)
    np.testing.assert_array_equal(f.evaluate(x, workers=-1), want)


def test_broadcasting_as_numpy():
    x = np.linspace(-2, 2, 7)
    a = np.array([[0.5], [1.0], [2.0]])
    got = llcjit.evaluate("exp(-a*x*x) * b", x=x, a=a, b=3.0)
    assert got.shape == np.broadcast_shapes(x.shape, a.shape)
    want = np.array([[3.0 * math.exp(-aa * v * v) for v in x] for aa in a.ravel()])
    np.testing.assert_array_equal(got, want)
    # parameters that change at every point, and a 0-d x
    b = np.arange(7.0)
    np.testing.assert_array_equal(llcjit.evaluate("x + b", x=x, b=b), x + b)
    np.testing.assert_array_equal(llcjit.evaluate("x * b", x=2.0, b=b), 2.0 * b)
    assert llcjit.evaluate("x * b", x=np.array(2.0), b=3.0).shape == ()  # 0-d stays 0-d
    assert llcjit.evaluate("x * b", x=2.0, b=3.0) == 6.0  # numbers give a float


def test_args_of_an_integrand_broadcast_too():
    g = llcjit.integrand("exp(-a*x*x)")
    x = np.linspace(0, 1, 5)
    a = np.array([[1.0], [2.0]])
    np.testing.assert_array_equal(g.evaluate(x, a), [[math.exp(-aa * v * v) for v in x]
                                                     for aa in (1.0, 2.0)])
    with pytest.raises(TypeError, match=r"evaluate takes 1 value\(s\) after the variables"):
        g.evaluate(x)


def test_out_and_dtypes():
    x = np.linspace(-1, 1, 9, dtype=np.float32)
    out = np.empty(9)
    assert llcjit.evaluate("x*x", x=x, out=out) is out
    np.testing.assert_array_equal(out, x.astype(np.float64) ** 2)
    # out may be x itself (a float64 x): the values go through a copy
    y = np.linspace(-1, 1, 9)
    want = y * y
    llcjit.evaluate("x*x", x=y, out=y)
    np.testing.assert_array_equal(y, want)
    # a strided out
    wide = np.zeros((9, 2))
    llcjit.evaluate("x + 1", x=np.arange(9.0), out=wide[:, 0])
    np.testing.assert_array_equal(wide[:, 0], np.arange(9.0) + 1)
    np.testing.assert_array_equal(wide[:, 1], 0)
    assert llcjit.evaluate("x", x=np.array([], dtype=float)).shape == (0,)


def test_layouts_and_runs_of_parameters():
    grid = np.random.default_rng(9).uniform(-2, 2, (6, 8))
    exact = libm(lambda v: math.exp(-1.5 * v * v), grid)
    np.testing.assert_array_equal(exact, llcjit.evaluate("exp(-a*x*x)", x=grid, a=1.5))
    # strided, transposed and Fortran-ordered x, and Fortran-ordered out
    for x, expected in ((grid[:, ::2], exact[:, ::2]), (grid.T, exact.T),
                        (np.asfortranarray(grid), exact)):
        np.testing.assert_array_equal(llcjit.evaluate("exp(-a*x*x)", x=x, a=1.5), expected)
        out = np.empty(x.shape, order="F")
        assert llcjit.evaluate("exp(-a*x*x)", x=x, a=1.5, out=out) is out
        np.testing.assert_array_equal(out, expected)
    # a parameter whose value comes back after others: one call per run
    a = np.array([1.0, 1.0, 2.0, 2.0, 2.0, 1.0, 3.0, 3.0])
    x = np.linspace(0.1, 0.8, 8)
    np.testing.assert_array_equal(llcjit.evaluate("x * a + b", x=x, a=a, b=0.5), x * a + 0.5)
    # and nothing to evaluate, with a parameter array
    assert llcjit.evaluate("x * a", x=np.empty((0, 3)), a=np.ones(3)).shape == (0, 3)


@pytest.mark.parametrize("call,error,message", [
    (lambda: llcjit.evaluate("x*a", x=[1.0]), TypeError, "give a"),
    (lambda: llcjit.evaluate("x", x=[1.0], b=2.0), TypeError, "it has no b"),
    (lambda: llcjit.evaluate("a"), TypeError, "needs x="),
    (lambda: llcjit.evaluate("x0*x1", x0=1.0, x1=2.0), TypeError,
     "'x0*x1' reads x0, x1 as parameters: for a formula of several variables, "
     "llcjit.integrand(source).evaluate(x0, x1, ...)"),
    (lambda: llcjit.evaluate("x", x=[1j]), TypeError, "x must be real numbers, not complex"),
    (lambda: llcjit.evaluate("x", x=[1.0, 2.0], out=np.empty(3)), ValueError,
     "out must be a float64 array of shape (2,)"),
    (lambda: llcjit.evaluate("x", x=[1.0], out=np.empty(1, np.float32)), ValueError,
     "out must be a float64 array"),
    (lambda: llcjit.evaluate("x", x=[1.0], out=np.frombuffer(bytes(8))), ValueError,
     "output array is read-only."),
    (lambda: llcjit.evaluate("x", x=[1.0], workers=0), ValueError, "workers must not be zero"),
    (lambda: llcjit.evaluate("x", x=[1.0, 2.0], a=[1.0, 2.0, 3.0]), TypeError, "it has no a"),
    (lambda: llcjit.evaluate("x*a", x=[1.0, 2.0], a=[1.0, 2.0, 3.0]), ValueError,
     "shape mismatch"),
    (lambda: llcjit.evaluate("values[0]", x=[1.0]), llcjit.CompileError, "values"),
])
def test_bad_input(call, error, message):
    with pytest.raises(error) as caught:
        call()
    assert message in str(caught.value)
