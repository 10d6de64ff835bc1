"""llcjit's QUADPACK driver against scipy.integrate.quad itself: on the same
integrand both must take the same path (same ier, neval and subintervals),
agree on the value to 1e-14 relative and on the error estimate to 1e-8.
(Both call the same scalar C library, so in practice the bits agree.)"""
import json
import math

import pytest
import scipy.integrate as si

inf = math.inf

# (llcjit formula, the same in Python, a, b, parameters, break points)
CASES = [
    # smooth, finite (QAGS)
    ("exp(-a*x*x)", lambda x, a: math.exp(-a * x * x), -1, 2, {"a": 0.7}, None),
    ("x^3 - 2*x + 1", lambda x: x ** 3 - 2 * x + 1, 0, 3, {}, None),
    ("1 / (1 + x*x)", lambda x: 1 / (1 + x * x), 0, 1, {}, None),
    ("sin(x)^2", lambda x: math.sin(x) ** 2, 0, math.pi, {}, None),
    ("exp(x) * cos(x)", lambda x: math.exp(x) * math.cos(x), 0, 2, {}, None),
    ("log(1 + x)", lambda x: math.log(1 + x), 0, 1, {}, None),
    ("1 / (x + p)", lambda x, p: 1 / (x + p), 0, 1, {"p": 0.01}, None),
    ("x * exp(-x)", lambda x: x * math.exp(-x), 0, 20, {}, None),
    ("tanh(k * (x - 0.5))", lambda x, k: math.tanh(k * (x - 0.5)), 0, 1, {"k": 40.0}, None),
    ("exp(-x) * sin(w * x)", lambda x, w: math.exp(-x) * math.sin(w * x), 0, 10, {"w": 7.0}, None),
    ("cos(100 * sin(x))", lambda x: math.cos(100 * math.sin(x)), 0, math.pi, {}, None),
    ("abs(x - 1/3)", lambda x: abs(x - 1 / 3), 0, 1, {}, None),
    ("x > 0.3 ? 1 : 0", lambda x: 1.0 if x > 0.3 else 0.0, 0, 1, {}, None),
    # endpoint singularities (QAGS with extrapolation)
    ("sqrt(x)", math.sqrt, 0, 1, {}, None),
    ("log(x)", math.log, 0, 1, {}, None),
    ("x^-0.5", lambda x: x ** -0.5, 0, 1, {}, None),
    ("sqrt(x) * log(x)", lambda x: math.sqrt(x) * math.log(x), 0, 1, {}, None),
    ("log(x) / sqrt(x)", lambda x: math.log(x) / math.sqrt(x), 0, 1, {}, None),
    ("x^-0.9", lambda x: x ** -0.9, 0, 1, {}, None),
    ("1 / sqrt(1 - x*x)", lambda x: 1 / math.sqrt(1 - x * x), -1, 1, {}, None),
    # limits reversed, equal, and hard cases that end with ier != 0
    ("exp(-x)", lambda x: math.exp(-x), 2, 0, {}, None),
    ("exp(-x)", lambda x: math.exp(-x), 1, 1, {}, None),
    ("sin(1/x)", lambda x: math.sin(1 / x), 0.001, 1, {}, None),
    ("1 / x", lambda x: 1 / x, 1e-300, 1, {}, None),
    # infinite ranges (QAGI)
    ("exp(-a*x*x)", lambda x, a: math.exp(-a * x * x), -inf, inf, {"a": 2.0}, None),
    ("exp(-x)", lambda x: math.exp(-x), 0, inf, {}, None),
    ("1 / (1 + x*x)", lambda x: 1 / (1 + x * x), -inf, inf, {}, None),
    ("exp(x)", math.exp, -inf, 0, {}, None),
    ("x^2 * exp(-x)", lambda x: x ** 2 * math.exp(-x), 1, inf, {}, None),
    ("log(x) / (1 + x*x)", lambda x: math.log(x) / (1 + x * x), 1, inf, {}, None),
    ("1 / ((x + 1) * sqrt(x))", lambda x: 1 / ((x + 1) * math.sqrt(x)), 0, inf, {}, None),
    ("exp(-abs(x)) * cos(x)", lambda x: math.exp(-abs(x)) * math.cos(x), -inf, inf, {}, None),
    ("1 / (1 + x^4)", lambda x: 1 / (1 + x ** 4), -inf, 3, {}, None),
    ("sin(x) / x^2", lambda x: math.sin(x) / x ** 2, 1, inf, {}, None),
    # doubly infinite and even in x: one evaluation for f(x) + f(-x)
    ("x*x * exp(-x*x)", lambda x: x * x * math.exp(-x * x), -inf, inf, {}, None),
    ("abs(x) * exp(-b*abs(x))", lambda x, b: abs(x) * math.exp(-b * abs(x)), -inf, inf,
     {"b": 0.3}, None),
    ("r2 = x*x; 1 / (1 + r2*r2)", lambda x: 1 / (1 + (x * x) ** 2), -inf, inf, {}, None),
    ("x * exp(-x*x) + 1 / (1 + x^2)", lambda x: x * math.exp(-x * x) + 1 / (1 + x ** 2),
     -inf, inf, {}, None),
    # break points (QAGP)
    ("abs(x - 1/3)", lambda x: abs(x - 1 / 3), 0, 1, {}, [1 / 3]),
    ("x < 1 ? x : 2 - x", lambda x: x if x < 1 else 2 - x, 0, 3, {}, [1]),
    ("log(abs(x - 0.5))", lambda x: math.log(abs(x - 0.5)), 0, 1, {}, [0.5]),
    ("sqrt(abs(x*x - 1))", lambda x: math.sqrt(abs(x * x - 1)), -2, 2, {}, [-1, 1]),
    ("floor(x)", math.floor, 0, 4.5, {}, [1, 2, 3, 4]),
    ("x^3 * log(abs((x*x - 1) * (x*x - 2)))",
     lambda x: x ** 3 * math.log(abs((x * x - 1) * (x * x - 2))), 0, 3, {},
     [1, math.sqrt(2)]),
]


def ier_of(message):
    """SciPy returns QUADPACK's explanation, not its code, when ier != 0."""
    for ier, start in [(1, "The maximum number of subdivisions"),
                       (2, "The occurrence of roundoff error"),
                       (3, "Extremely bad integrand behavior"),
                       (4, "The algorithm does not converge"),
                       (5, "The integral is probably divergent"),
                       (6, "The input is invalid")]:
        if message.startswith(start):
            return ier
    raise AssertionError(message)


def run_llcjit(llcjit, source, a, b, params, points, *extra):
    args = ["quad", source, repr(float(a)), repr(float(b)), "--json"]
    args += [f"{name}={value!r}" for name, value in params.items()]
    if points:
        args += ["--points", ",".join(repr(float(p)) for p in points)]
    return json.loads(llcjit(*args, *extra).stdout)


def run_scipy(func, a, b, params, points, **options):
    args = tuple(params.values())
    return si.quad(func, a, b, args=args, full_output=1, points=points, **options)


# Weighted: (llcjit formula, the same in Python, a, b, weight, wvar)
WEIGHTED = [
    ("1 / (1 + x*x)", lambda x: 1 / (1 + x * x), -1, 2, "cauchy", [0.5]),
    ("exp(x)", math.exp, -1, 1, "cauchy", [5.0]),          # c outside: 15-point rule
    ("exp(x)", math.exp, -1, 1, "cauchy", [1.05]),         # c just outside
    ("sin(3*x) * exp(-x)", lambda x: math.sin(3 * x) * math.exp(-x), 0, 4, "cauchy", [2.2]),
    ("1 / (x*x + 0.01)", lambda x: 1 / (x * x + 0.01), -1, 1, "cauchy", [0.3]),
    ("exp(x)", math.exp, 0, 1, "alg", [-0.5, 0.3]),
    ("1 / (1 + x*x)", lambda x: 1 / (1 + x * x), 0, 5, "alg", [0.7, -0.9]),
    ("cos(x)", math.cos, 0, 2, "alg-loga", [0.2, -0.4]),
    ("sin(10*x)", lambda x: math.sin(10 * x), 0, 3, "alg-loga", [-0.5, 0.0]),
    ("1 + x", lambda x: 1 + x, 0, 1, "alg-logb", [0.0, 0.0]),
    ("exp(-x) * cos(5*x)", lambda x: math.exp(-x) * math.cos(5 * x), 1, 3, "alg-logb", [0.5, -0.5]),
    ("exp(-x)", lambda x: math.exp(-x), 1, 3, "alg-log", [0.5, 0.5]),
    ("1 / (2 + sin(20*x))", lambda x: 1 / (2 + math.sin(20 * x)), 0, 1, "alg-log", [-0.3, 0.2]),
    ("exp(x)", math.exp, 1, 0, "alg", [0.5, 0.5]),          # reversed limits
    # oscillatory, finite (QAWO): Gauss-Kronrod, moments by DGTSV and by recursion
    ("exp(-x)", lambda x: math.exp(-x), 0, 5, "cos", [3.0]),
    ("1 / (1 + x*x)", lambda x: 1 / (1 + x * x), 0, 10, "sin", [20.0]),
    ("log(1 + x)", lambda x: math.log(1 + x), 0, 3, "cos", [-7.0]),
    ("x * x", lambda x: x * x, -2, 3, "sin", [-4.5]),
    ("sqrt(x)", math.sqrt, 0, 1, "cos", [100.0]),
    ("exp(-x*x)", lambda x: math.exp(-x * x), -3, 3, "cos", [60.0]),
    ("1 / sqrt(x)", lambda x: 1 / math.sqrt(x), 0.001, 2, "sin", [0.5]),
    # oscillatory, a half-line (QAWF), and the mirrored (-inf, b)
    ("exp(-x)", lambda x: math.exp(-x), 0, inf, "cos", [3.0]),
    ("1 / (1 + x)", lambda x: 1 / (1 + x), 0, inf, "sin", [1.0]),
    ("1 / x", lambda x: 1 / x, 1, inf, "sin", [1.0]),
    ("exp(x)", math.exp, -inf, 0, "sin", [2.0]),
    ("1 / (1 + x*x)", lambda x: 1 / (1 + x * x), -inf, 1, "cos", [0.7]),
    ("1 / sqrt(x)", lambda x: 1 / math.sqrt(x), 1, inf, "cos", [5.0]),
]


@pytest.mark.parametrize("case", WEIGHTED, ids=[f"{c[0]} {c[4]} {c[5]}" for c in WEIGHTED])
def test_weighted_same_path_as_scipy(llcjit, case):
    source, func, a, b, weight, wvar = case
    with _ignore_integration_warnings():
        want = si.quad(func, a, b, weight=weight, wvar=wvar if len(wvar) > 1 else wvar[0],
                       full_output=1)
    got = run_llcjit(llcjit, source, a, b, {}, None, "--weight", weight,
                     "--wvar", ",".join(repr(v) for v in wvar))
    ier = 0 if len(want) == 3 else ier_of(want[3])
    assert got["ier"] == ier, (got, want[:2])
    assert got["neval"] == want[2]["neval"]
    assert got["value"] == pytest.approx(want[0], rel=1e-14, abs=1e-300)
    assert got["abserr"] == pytest.approx(want[1], rel=1e-8, abs=1e-300)


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]} on [{c[2]}, {c[3]}]" for c in CASES])
def test_same_path_as_scipy(llcjit, case):
    source, func, a, b, params, points = case
    with _ignore_integration_warnings():
        want = run_scipy(func, a, b, params, points)
    got = run_llcjit(llcjit, source, a, b, params, points)
    ier = 0 if len(want) == 3 else ier_of(want[3])
    info = want[2]
    assert got["ier"] == ier, (got, want[:2], ier)
    assert got["neval"] == info["neval"], (got, info["neval"])
    assert got["last"] == info["last"]
    value = want[0]
    assert got["value"] == pytest.approx(value, rel=1e-14, abs=1e-300), (got, value)
    assert got["abserr"] == pytest.approx(want[1], rel=1e-8, abs=1e-300), (got, want[1])


def test_options_are_scipys(llcjit):
    case = ("x^-0.9", lambda x: x ** -0.9, 0, 1)
    for options, flags in [({"epsabs": 1e-12, "epsrel": 0}, ["--epsabs", "1e-12", "--epsrel", "0"]),
                           ({"limit": 7}, ["--limit", "7"]),
                           ({"epsrel": 1e-3}, ["--epsrel", "1e-3"])]:
        with _ignore_integration_warnings():
            want = si.quad(case[1], case[2], case[3], full_output=1, **options)
        got = run_llcjit(llcjit, case[0], case[2], case[3], {}, None, *flags)
        assert got["neval"] == want[2]["neval"], options
        assert got["value"] == pytest.approx(want[0], rel=1e-14)


def test_closed_forms(llcjit):
    # Values every reference agrees on, independent of SciPy.
    for source, a, b, exact in [("exp(-x*x)", -inf, inf, math.sqrt(math.pi)),
                                ("log(x)", 0, 1, -1.0),
                                ("1 / (1 + x*x)", 0, inf, math.pi / 2),
                                ("x^-0.5", 0, 1, 2.0),
                                ("sin(x)", 0, math.pi, 2.0)]:
        got = run_llcjit(llcjit, source, a, b, {}, None)
        assert got["ier"] == 0
        assert abs(got["value"] - exact) <= max(got["abserr"], 1e-15), (source, got)


def test_sweep_matches_single_integrals_in_order(llcjit):
    out = llcjit("quad", "exp(-a*x*x)", "-inf", "inf", "a=0.1:10:25", "--json",
                 "--threads", "2").stdout.splitlines()
    assert len(out) == 25
    for i, line in enumerate(out):
        row = json.loads(line)
        a = 0.1 + i * (10 - 0.1) / 24 if i < 24 else 10.0
        assert row["a"] == pytest.approx(a, rel=1e-15)
        assert row["value"] == pytest.approx(math.sqrt(math.pi / row["a"]), rel=1e-10)
        single = run_llcjit(llcjit, "exp(-a*x*x)", -inf, inf, {"a": row["a"]}, None)
        assert single["value"] == row["value"] and single["neval"] == row["neval"]


def test_list_options_leave_the_parameters_that_follow_them(llcjit):
    got = json.loads(llcjit("quad", "a*x", "0", "1", "--points", "0.5", "a=2", "--json").stdout)
    assert got["value"] == 1.0


def test_nonfinite_integrand_stops_with_a_message(llcjit):
    got = run_llcjit(llcjit, "1 / x", -1, 1, {}, None)
    assert got["ier"] == 8
    assert got["value"] is None
    assert "x = 0" in got["message"]


def test_invalid_input_is_an_error(llcjit):
    for args in [("quad", "x", "0", "1", "--limit", "0"),
                 ("quad", "x", "0", "1", "--epsabs", "0", "--epsrel", "0"),
                 ("quad", "x", "0", "inf", "--points", "1"),
                 ("quad", "x", "0", "1", "--points", "0.5,2", "--limit", "1"),
                 ("quad", "values[0]", "0", "1"),
                 ("quad", "x", "0", "inf", "--weight", "cauchy", "--wvar", "1"),
                 ("quad", "x", "0", "1", "--weight", "cauchy", "--wvar", "1"),
                 ("quad", "x", "0", "1", "--weight", "alg", "--wvar", "-1,0"),
                 ("quad", "x", "0", "1", "--weight", "alg", "--wvar", "1"),
                 ("quad", "x", "-inf", "inf", "--weight", "cos", "--wvar", "1"),
                 ("quad", "x", "0", "1", "--weight", "sin", "--wvar", "1,2"),
                 ("quad", "x", "0", "inf", "--weight", "sin", "--wvar", "1", "--epsabs", "0")]:
        result = llcjit(*args, check=False)
        assert result.returncode == 2, args
        assert result.stderr, args


class _ignore_integration_warnings:
    def __enter__(self):
        import warnings
        self.context = warnings.catch_warnings()
        self.context.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        return self.context.__exit__(*exc)
