"""llcjit nquad against scipy.integrate.nquad, dblquad and tplquad: the same
value (1e-14), the same total of integrand evaluations, the same largest
error estimate (1e-8)."""
import json
import math

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
    assert "the bounds of x1 may use only" in result.stderr
    result = llcjit("nquad", "x0", "--range", "0", check=False)
    assert result.returncode == 2 and "needs LO,HI" in result.stderr
    got = json.loads(llcjit("nquad", "x0", "--range", "0,min(1, 2)", "--json").stdout)
    assert got["value"] == 0.5
