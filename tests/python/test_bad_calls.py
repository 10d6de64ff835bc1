"""A catalogue of bad calls of the Python package, each with the exception
it raises and a fragment of its message; and, where a function shares
SciPy's name, the same call of SciPy's, which must fail the same way."""
import math
import os
import pathlib
import sys

import numpy as np
import pytest
import scipy.integrate as si
import scipy.ndimage as ndi

if os.environ.get("LLCJIT_SANITIZED"):
    pytest.skip("the bridge loads libllcjit into python3, which is not instrumented",
                allow_module_level=True)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402
from bad_inputs import INT_BIG, IMAGE, filter_callable, from_bytes, read_only  # noqa: E402


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
     TypeError, "parameter a must be real number, not str"),
    ("parameter complex", lambda: llcjit.integrand("a * x", a=1j), TypeError, "not complex"),
    ("parameter None", lambda: llcjit.integrand("a * x", a=None), TypeError, "not NoneType"),
    ("parameter list", lambda: llcjit.integrand("a * x", a=[1.0, 2.0]), TypeError, "not list"),
    ("with_params str", lambda: llcjit.integrand("a * x", a=1.0).with_params(a="3"),
     TypeError, "parameter a must be real number"),
    ("evaluate str", lambda: llcjit.integrand("x").evaluate("2"),
     TypeError, "x must be real number, not str"),
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
    ("quad a str", lambda: llcjit.quad("x", "0", 1), TypeError, "a must be real number"),
    ("quad b complex", lambda: llcjit.quad("x", 0, 1j), TypeError, "b must be real number"),
    ("quad a NaN", lambda: llcjit.quad("x", np.nan, 1), ValueError, "must not be NaN"),
    ("quad epsabs str", lambda: llcjit.quad("x", 0, 1, epsabs="x"),
     TypeError, "epsabs must be real number"),
    ("quad tolerances 0", lambda: llcjit.quad("x", 0, 1, epsabs=0, epsrel=0),
     ValueError, "cannot be met"),
    ("quad epsabs NaN", lambda: llcjit.quad("x", 0, 1, epsabs=math.nan),
     ValueError, "the tolerance epsabs must be a number, not NaN"),
    ("quad epsrel NaN", lambda: llcjit.quad("x", 0, 1, epsrel=math.nan),
     ValueError, "the tolerance epsrel must be a number, not NaN"),
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
     TypeError, "cval must be real number, not str"),
    ("filter cval complex", lambda: llcjit.generic_filter(IMAGE, "min(values)", 3, cval=1j),
     TypeError, "cval must be real number, not complex"),
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
    # A keyword of the function is its own, never a formula's parameter.
    ("filter parameter named mode",
     lambda: llcjit.generic_filter(IMAGE, "min(values) * mode", size=3, mode="nearest"),
     TypeError, "generic_filter takes mode as its own argument; give the formula's with "
                "llcjit.filter_kernel(formula, mode=...)"),
    ("filter1d parameters named origin and cval",
     lambda: llcjit.generic_filter1d(IMAGE, "max(values) * origin + cval", 3, origin=0, cval=1),
     TypeError, "generic_filter1d takes origin, cval as its own arguments"),
    ("filter parameters named mode and s",
     lambda: llcjit.generic_filter(IMAGE, "min(values) * mode * s", size=3, mode="nearest"),
     TypeError, "missing value for parameter(s) mode, s: generic_filter takes mode as"),
    ("filter parameter named mode, another not a number",
     lambda: llcjit.generic_filter(IMAGE, "min(values) * mode * s", size=3, mode="nearest",
                                   s="x"),
     TypeError, "missing value for parameter(s) mode: generic_filter takes mode"),
    ("transform parameter named cval",
     lambda: llcjit.geometric_transform(IMAGE, "(o0 * cval, o1)", cval=0.5),
     TypeError, "llcjit.transform(formula, cval=...)"),
    ("filter str parameter",
     lambda: llcjit.generic_filter(IMAGE, "min(values) * s", size=3, s="2"),
     TypeError, "parameter s must be real number"),
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
# message, then llcjit's detail; "named": the argument's name, then SciPy's
# message).
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
    ("origin True", filter_both(size=3, origin=True), True),
    ("origin NumPy True", filter_both(size=3, origin=np.True_), True),
    ("origins with False", filter_both(size=3, origin=[0, False]), True),
    ("sizes too many", filter_both(size=[3, 3, 3]), True),
    ("size 0", filter_both(size=0), True),
    ("no size", filter_both(), True),
    ("footprint rank", filter_both(footprint=np.ones(3)), True),
    ("mode unknown", filter_both(size=3, mode="foo"), True),
    ("cval str", filter_both(size=3, cval="x"), "named"),
    ("cval complex", filter_both(size=3, cval=1j), "named"),
    ("cval None", filter_both(size=3, cval=None), "named"),
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
    elif same_text == "named":  # the argument's name, then SciPy's words
        assert str(caught.value).split(" ", 1)[1] == str(scipy_caught.value)
    elif same_text:
        assert str(caught.value) == str(scipy_caught.value)
