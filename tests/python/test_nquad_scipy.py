"""llcjit nquad against scipy.integrate.nquad, dblquad and tplquad: the same
value (1e-14), the same total of integrand evaluations, the same largest
error estimate (1e-8)."""
import json
import math
import os
import pathlib
import sys

import pytest
import scipy.integrate as si

inf = math.inf

# (llcjit formula, ranges innermost first, SciPy function, SciPy ranges, params)
CASES = [
    ("x0 * x1^2", [("0", "1"), ("0", "2")], lambda x0, x1: x0 * x1 ** 2, [[0, 1], [0, 2]], {}),
    ("x0 * x1", [("0", "sqrt(1 - x1^2)"), ("0", "1")], lambda x0, x1: x0 * x1,
     [lambda x1: (0, math.sqrt(1 - x1 ** 2)), [0, 1]], {}),
    ("exp(-a*(x0*x0 + x1*x1))", [("-inf", "inf"), ("0", "inf")],
     lambda x0, x1, a: math.exp(-a * (x0 * x0 + x1 * x1)), [[-inf, inf], [0, inf]], {"a": 1.5}),
    ("cos(x0 + x1 + x2)", [("0", "1"), ("0", "x2"), ("0", "pi")],
     lambda x0, x1, x2: math.cos(x0 + x1 + x2),
     [[0, 1], lambda x2: (0, x2), [0, math.pi]], {}),
    ("1 / sqrt(x0 * x1)", [("0", "1"), ("0", "1")], lambda x0, x1: 1 / math.sqrt(x0 * x1),
     [[0, 1], [0, 1]], {}),
]


def run_llcjit(llcjit, source, ranges, params):
    args = ["nquad", source, "--json"]
    for lo, hi in ranges:
        args += ["--range", f"{lo},{hi}"]
    args += [f"{k}={v!r}" for k, v in params.items()]
    return json.loads(llcjit(*args).stdout)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_nquad_same_as_scipy(llcjit, case):
    source, ranges, func, scipy_ranges, params = case
    value, abserr, info = si.nquad(func, scipy_ranges, args=tuple(params.values()),
                                   full_output=True)
    got = run_llcjit(llcjit, source, ranges, params)
    assert got["value"] == pytest.approx(value, rel=1e-14, abs=1e-300)
    assert got["abserr"] == pytest.approx(abserr, rel=1e-8, abs=1e-300)
    assert got["neval"] == info["neval"]


def test_dblquad_and_tplquad_order(llcjit):
    # dblquad integrates func(y, x): y inner, bounds functions of x.
    want = si.dblquad(lambda y, x: x * y * y, 0, 2, lambda x: 0, lambda x: x)
    got = json.loads(llcjit("nquad", "x * y * y", "--variables", "y,x", "--range", "0,x",
                            "--range", "0,2", "--json").stdout)
    assert got["value"] == pytest.approx(want[0], rel=1e-14)
    want = si.tplquad(lambda z, y, x: x + y * z, 0, 1, lambda x: 0, lambda x: 1 - x,
                      lambda x, y: 0, lambda x, y: 1 - x - y)
    got = json.loads(llcjit("nquad", "x + y * z", "--variables", "z,y,x",
                            "--range", "0,1 - x - y", "--range", "0,1 - x",
                            "--range", "0,1", "--json").stdout)
    assert got["value"] == pytest.approx(want[0], rel=1e-14)


def test_bound_using_an_inner_variable_is_an_error(llcjit):
    result = llcjit("nquad", "x0 * x1", "--range", "0,1", "--range", "0,x0", check=False)
    assert result.returncode == 2
    assert "the bounds and break points of x1 may use only" in result.stderr
    result = llcjit("nquad", "x0", "--range", "0", check=False)
    assert result.returncode == 2 and "needs LO,HI" in result.stderr
    got = json.loads(llcjit("nquad", "x0", "--range", "0,min(1, 2)", "--json").stdout)
    assert got["value"] == 0.5


@pytest.fixture
def llcjit_module():
    """The Python package (not in sanitizer builds: it loads libllcjit into an
    uninstrumented python3)."""
    if os.environ.get("LLCJIT_SANITIZED"):
        pytest.skip("the bridge loads libllcjit into python3, which is not instrumented")
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
    import llcjit as module
    return module


# nquad's opts per level: break points as numbers and as formulas of the
# outer variables (where SciPy takes a function), tolerances and limits, and
# a weight: llcjit.nquad and `llcjit nquad --opts` against SciPy.
OPTS_CASES = [
    ("abs(x0 - x1/2)", [(0, 1), (0, 1)], lambda x0, x1: abs(x0 - x1 / 2),
     [{"points": ["x1/2"]}, {}], [lambda x1: {"points": [x1 / 2]}, {}],
     ["0:points=x1/2"]),
    ("abs(x0 - 0.3) * abs(x1 - 0.6)", [(0, 1), (0, 1)],
     lambda x0, x1: abs(x0 - 0.3) * abs(x1 - 0.6),
     [{"points": [0.3, 1.5]}, {"points": [0.6], "limit": 7}],
     [{"points": [0.3, 1.5]}, {"points": [0.6], "limit": 7}],
     ["0:points=0.3,1.5", "1:points=0.6", "1:limit=7"]),
    ("sqrt(abs(x0 - x1)) * x1", [(0, 1), (0, 2)], lambda x0, x1: math.sqrt(abs(x0 - x1)) * x1,
     {"epsrel": 1e-10, "limit": 80}, {"epsrel": 1e-10, "limit": 80},
     ["0:epsrel=1e-10", "1:epsrel=1e-10", "0:limit=80", "1:limit=80"]),
    ("exp(-x1) * x0", [(0, 1), (0, 3)], lambda x0, x1: math.exp(-x1) * x0,
     [{}, {"weight": "cos", "wvar": 2.0}], [{}, {"weight": "cos", "wvar": 2.0}], None),
    ("exp(-x0) * x1", [(0, 10), (0, 1)], lambda x0, x1: math.exp(-x0) * x1,
     [{"weight": "cos", "wvar": 7.3, "maxp1": 3}, {}],
     [{"weight": "cos", "wvar": 7.3, "maxp1": 3}, {}], None),
    ("exp(-x0) * x1", [(0, inf), (0, 1)], lambda x0, x1: math.exp(-x0) * x1,
     [{"weight": "sin", "wvar": 2.0, "limlst": 5}, {}],
     [{"weight": "sin", "wvar": 2.0, "limlst": 5}, {}], None),
]


@pytest.mark.parametrize("case", OPTS_CASES, ids=[c[0] for c in OPTS_CASES])
def test_nquad_opts_per_level_as_scipys(llcjit, llcjit_module, case):
    source, ranges, func, opts, scipy_opts, cli = case
    value, abserr, info = si.nquad(func, ranges, opts=scipy_opts, full_output=True)
    got = llcjit_module.nquad(source, ranges, opts=opts, full_output=True)
    assert got[0] == pytest.approx(value, rel=1e-14, abs=1e-300)
    assert got[1] == pytest.approx(abserr, rel=1e-8, abs=1e-300)
    assert got[2]["neval"] == info["neval"]
    if cli is not None:
        args = ["nquad", source, "--json"]
        for lo, hi in ranges:
            args += ["--range", f"{lo},{hi}"]
        for option in cli:
            args += ["--opts", option]
        result = json.loads(llcjit(*args).stdout)
        assert (result["value"], result["neval"]) == (got[0], got[2]["neval"])


def test_nquad_opts_errors(llcjit, llcjit_module):
    nquad = llcjit_module.nquad
    with pytest.raises(ValueError, match="may use only the variables outside it"):
        nquad("x0 * x1", [(0, 1), (0, 1)], opts=[{"points": ["x0/2"]}, {}])
    with pytest.raises(TypeError, match="opts\\[0\\] is a function"):
        nquad("x0 * x1", [(0, 1), (0, 1)], opts=[lambda x1: {}, {}])
    with pytest.raises(TypeError, match="opts is a function"):
        nquad("x0 * x1", [(0, 1), (0, 1)], opts=lambda x0, x1: {})
    with pytest.raises(TypeError, match="unexpected keyword argument 'wopts'"):
        nquad("x0 * x1", [(0, 1), (0, 1)], opts={"wopts": None})
    with pytest.raises(ValueError, match="opts gives 1 level"):
        nquad("x0 * x1", [(0, 1), (0, 1)], opts=[{}])
    with pytest.raises(ValueError, match="Infinity inputs cannot be used with break points"):
        nquad("exp(-x0*x0) * x1", [(0, inf), (0, 1)], opts=[{"points": ["x1"]}, {}])
    for option in ["2:limit=3", "0:limit=x", "0:wopts=1", "points=1", "a:limit=3"]:
        result = llcjit("nquad", "x0*x1", "--range", "0,1", "--range", "0,1", "--opts", option,
                        check=False)
        assert result.returncode == 2, option
        assert "--opts" in result.stderr, result.stderr
