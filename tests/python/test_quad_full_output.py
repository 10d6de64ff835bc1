"""llcjit.quad(..., full_output=True) against scipy.integrate.quad's: the same
tuple (3, 4 or 5 items), the infodict's keys in SciPy's order, every list's
shape, dtype and used entries to the bit, and the messages to the byte; for
every QUADPACK routine SciPy picks. Also the compiled module's paths (the
everyday call, with_params): the same bits and errors as the general path."""
import math
import re
from fractions import Fraction
import pathlib
import sys
import warnings

import numpy as np
import pytest

try:
    import scipy
    import scipy.integrate as si
except ImportError:  # pragma: no cover - Debian's python3-scipy is a dependency
    pytest.skip("needs SciPy", allow_module_level=True)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402

NAN = math.nan
INF = np.inf

# (formula, the same in Python, a, b, options): one row per routine and way
# of ending (converged at once, after bisection, ier 1, 4-tuple, QAWF's 5).
CASES = [
    ("exp(-x*x)", lambda x: math.exp(-x * x), 0, 1, {}),                   # QAGS at once
    ("1/sqrt(x)", lambda x: 1 / math.sqrt(x), 0, 1, {}),                   # QAGS bisected
    ("1/x", lambda x: 1 / x, 0, 1, {}),                                     # QAGS, ier 2
    ("sin(1/x)", lambda x: math.sin(1 / x), 0, 1, {"limit": 3}),           # QAGS, ier 1
    ("exp(-x*x)", lambda x: math.exp(-x * x), 0, INF, {}),                 # QAGI
    ("exp(-x*x)", lambda x: math.exp(-x * x), -INF, INF, {}),              # QAGI, both
    ("exp(x)", lambda x: math.exp(x), -INF, 0, {"limit": 7}),              # QAGI, -inf
    ("exp(-x*x)", lambda x: math.exp(-x * x), 3, 0, {"points": [1, 2]}),   # QAGP, flipped
    ("log(abs(x-0.5))", lambda x: math.log(abs(x - 0.5)), 0, 1, {"points": [0.5]}),
    # Points outside (a, b), NaN and repeats dropped, as SciPy drops them.
    ("abs(x-0.3)", lambda x: abs(x - 0.3), 1, 0, {"points": [-2, 0.3, NAN, 0.3, 1, 5]}),
    ("sqrt(x)", lambda x: math.sqrt(x), 0, 1, {"points": []}),  # QAGP all the same
    ("exp(-x*x)", lambda x: math.exp(-x * x), 0, 3, {"weight": "cos", "wvar": 2}),  # QAWO
    ("exp(-x)", lambda x: math.exp(-x), 0, 30, {"weight": "sin", "wvar": 20, "maxp1": 7}),
    ("exp(-x)", lambda x: math.exp(-x), 0, INF, {"weight": "cos", "wvar": 2}),      # QAWF
    ("sin(x)", lambda x: math.sin(x), 0, INF, {"weight": "sin", "wvar": 1, "limlst": 3}),
    ("exp(-x)", lambda x: math.exp(-x), 0, INF, {"weight": "cos", "wvar": 0}),  # one "cycle"
    ("exp(-x)", lambda x: math.exp(-x), 0, INF, {"weight": "sin", "wvar": 0}),
    ("1/(1+x*x)", lambda x: 1 / (1 + x * x), 0, 3, {"weight": "cauchy", "wvar": 2}),  # QAWC
    ("exp(x)", lambda x: math.exp(x), 0, 1, {"weight": "cauchy", "wvar": 0.3}),  # done at once
    ("exp(x)", lambda x: math.exp(x), 1, 0, {"weight": "cauchy", "wvar": 2.0}),  # and flipped
    ("1", lambda x: 1.0, 0, 3, {"weight": "alg", "wvar": (0.5, 0.5)}),                # QAWS
    ("exp(x)", lambda x: math.exp(x), 0, 2, {"weight": "alg-log", "wvar": (-0.5, 0.2)}),
]


def scipy_quad(function, a, b, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return si.quad(function, a, b, full_output=1, **options)


def used(key, info, limit):
    """How many leading entries of SciPy's list are defined (the rest of its
    arrays is uninitialised memory; llcjit's is zeros)."""
    last = info.get("last", info.get("lst"))
    if key == "iord":  # QUADPACK's rule for how much of iord is ordered
        return last if last <= limit // 2 + 2 else limit + 1 - last
    if key == "pts":
        return None
    if key == "ndin":  # one per interval between the points, a limit being one
        return len(info["pts"]) - 1
    return last


def assert_same_full_output(got, want, limit):
    assert len(got) == len(want)
    assert got[0] == want[0] and got[1] == want[1]
    got_info, want_info = got[2], want[2]
    assert list(got_info) == list(want_info)  # SciPy's keys, in SciPy's order
    for key, expected in want_info.items():
        actual = got_info[key]
        if not isinstance(expected, np.ndarray):
            assert actual == expected and type(actual) is type(expected), key
            continue
        assert actual.shape == expected.shape and actual.dtype == expected.dtype, key
        if key == "chebmo":  # the moments of the momcom levels computed
            count = want_info["momcom"]
            np.testing.assert_array_equal(actual[:, :count], expected[:, :count])
            continue
        count = used(key, want_info, limit)
        np.testing.assert_array_equal(actual[:count], expected[:count], err_msg=key)
        if count is not None and key != "iord":  # zeros after the intervals, not garbage
            assert not actual[max(count, 1):].any(), key
    assert got[3:] == want[3:]  # the message and QAWF's explanations, to the byte


@pytest.mark.parametrize("source, function, a, b, options", CASES,
                         ids=[f"{c[0]} {c[4]}" for c in CASES])
def test_full_output_is_scipys(source, function, a, b, options):
    want = scipy_quad(function, a, b, **options)
    got = llcjit.quad(source, a, b, full_output=True, **options)
    assert_same_full_output(got, want, options.get("limit", 50))
    # The same through an Integrand, and through a LowLevelCallable not
    # made by llcjit's objects (SciPy's own class over llcjit's pointer).
    f = llcjit.integrand(source)
    assert_same_full_output(llcjit.quad(f, a, b, full_output=True, **options), want,
                            options.get("limit", 50))
    foreign = scipy.LowLevelCallable(f.function, f.user_data)
    assert_same_full_output(llcjit.quad(foreign, a, b, full_output=True, **options), want,
                            options.get("limit", 50))


@pytest.mark.parametrize("source, function, a, b, options",
                         [c for c in CASES if "weight" not in c[4] or c[2:4] == (0, INF)],
                         ids=lambda c: str(c)[:20])
def test_warning_text_is_scipys_to_the_byte(source, function, a, b, options):
    with warnings.catch_warnings(record=True) as scipy_caught:
        warnings.simplefilter("always")
        si.quad(function, a, b, **options)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        llcjit.quad(source, a, b, **options)
    assert [str(w.message) for w in caught] == [str(w.message) for w in scipy_caught]
    assert all(w.filename == __file__ for w in caught)  # they point at the caller
    if "weight" not in options:  # the same integrand of t, as an NQuadIntegrand
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            llcjit.quad(llcjit.integrand(re.sub(r"\bx\b", "t", source), variables=("t",)), a, b,
                        **options)
        assert [str(w.message) for w in caught] == [str(w.message) for w in scipy_caught]
        assert all(w.filename == __file__ for w in caught)


def test_a_sweep_gives_arrays_of_neval_last_and_ier():
    values, errors, info = llcjit.quad("x + b * abs(x - 1/3)^0.5", 0, 1, limit=4,
                                       b=[0.0, 1.0, 2.0], full_output=True)
    assert list(info) == ["neval", "last", "ier"]
    for k, b in enumerate([0.0, 1.0, 2.0]):
        want = scipy_quad(lambda x, b=b: x + b * abs(x - 1 / 3) ** 0.5, 0, 1, limit=4)
        assert (values[k], errors[k]) == want[:2]
        assert info["neval"][k] == want[2]["neval"] and info["last"][k] == want[2]["last"]
        assert info["ier"][k] == (0 if len(want) == 3 else 1)
    assert info["ier"].dtype == np.int32 and values.dtype == np.float64


# The compiled module's paths give what the general path gives.

def test_the_everyday_call_and_the_general_path_agree():
    f = llcjit.integrand("exp(-a*x*x)", a=2.0)
    fast = llcjit.quad(f, -INF, INF)
    general = llcjit.quad(f, -INF, INF, workers=1)  # any option off the fast path
    assert fast == general == si.quad(f, -INF, INF)
    assert llcjit.quad("exp(-a*x*x)", -INF, INF, a=2.0) == fast
    assert llcjit.quad("exp(-a*x*x)", -INF, INF, args=(2.0,)) == fast
    assert llcjit.quad("exp(-a*x*x)", 1, 0, a=np.float64(2.0)) == si.quad(f, 1, 0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        llcjit.quad(llcjit.integrand("sin(1/x)"), 0, 1, limit=3)
    assert len(caught) == 1 and caught[0].filename == __file__


@pytest.mark.parametrize("call, error, fragment", [
    (lambda f: llcjit.quad(f, "0", 1), TypeError, "a must be real number, not str"),
    (lambda f: llcjit.quad(f, 0, 1, limit=0), ValueError, "limit must be at least 1"),
    (lambda f: llcjit.quad(f, 0, 1, limit=2**31), OverflowError, "does not fit in a C int"),
    (lambda f: llcjit.quad(f, 0, 1, limit=2.0), TypeError, "limit"),
    (lambda f: llcjit.quad(f, 0, 1, epsabs=0, epsrel=0), ValueError, "cannot be met"),
    (lambda f: llcjit.quad(f, np.nan, 1), ValueError, "must not be NaN"),
    (lambda f: llcjit.quad(f, 0, 10**400), OverflowError, ""),
    (lambda f: llcjit.quad(f, 0, 1, maxp1="50"), TypeError, "maxp1"),
    (lambda f: llcjit.quad(f, 0, 1, maxp1=2**40), OverflowError, "maxp1"),
    (lambda f: llcjit.quad(f, 0, 1, wvar="x"), TypeError, "wvar"),
    (lambda f: llcjit.quad(f, "0", Fraction(1, 2)), TypeError, "a must be real number"),
    (lambda f: f.with_params(a="2"), TypeError, "parameter a must be real number, not str"),
    (lambda f: f.with_params(b=1.0), TypeError, "no parameter"),
])
def test_the_compiled_paths_refuse_what_the_general_path_refuses(call, error, fragment):
    with pytest.raises(error) as caught:
        call(llcjit.integrand("exp(-a*x*x)", a=2.0))
    assert fragment in str(caught.value)


def test_with_params_in_the_compiled_module_keeps_every_attribute():
    f = llcjit.integrand("exp(-a*x*x) * b", params=("b", "a"), a=1.0, b=3.0)
    g = f.with_params(a=2.0)
    assert type(g) is type(f) and g.params == {"a": 2.0, "b": 3.0} and f.params["a"] == 1.0
    assert g.source == f.source and g.parameters == f.parameters and g.signature == f.signature
    assert si.quad(g, -INF, INF)[0] == pytest.approx(3 * math.sqrt(math.pi / 2), rel=1e-12)
    assert g == llcjit.integrand("exp(-a*x*x) * b", params=("b", "a"), a=2.0, b=3.0)
    # A parameter that SciPy's args gave, given a value: other code.
    h = llcjit.integrand("exp(-a*x*x) * b", b=3.0)
    assert h.from_args == ("a",) and h.with_params(a=2.0).from_args == ()
    assert si.quad(h.with_params(a=2.0), -INF, INF) == si.quad(g, -INF, INF)
    two = llcjit.integrand("x0 * x1 * c", c=1.0)
    assert two.with_params(c=2.0).variables == two.variables
    assert si.dblquad(two.with_params(c=2.0), 0, 1, 0, 1)[0] == pytest.approx(0.5, rel=1e-14)


@pytest.mark.parametrize("formula,a,b", [("exp(x/5.3)", 0, INF), ("1e300*x*x", 1, INF),
                                         ("exp(0.18954190620513794*x)*erf(x)", 0, INF)])
def test_overflowing_rules_warn_as_scipys_do(formula, a, b):
    """DQK15I's error of an overflowing rule (inf - inf) is NaN in SciPy's
    build: llcjit took it as inf and the interval as converged, returning
    (inf, inf) without a warning. The first rule is SciPy's; the path after
    it may part from SciPy's (docs/quadrature.md)."""
    with pytest.warns(si.IntegrationWarning):
        value, abserr = llcjit.quad(formula, a, b)
    assert not math.isfinite(value) and not math.isfinite(abserr)
    ours = llcjit.quad(formula, a, b, full_output=True)
    scipys = scipy_quad(llcjit.integrand(formula), a, b)
    assert len(ours) == len(scipys) == 4 and math.isnan(scipys[2]["elist"][0])
    assert ours[2]["rlist"][0] == scipys[2]["rlist"][0] and math.isnan(ours[2]["elist"][0])


def test_points_with_a_weight_are_ignored_with_scipys_warning():
    """SciPy warns and integrates without the points; llcjit raised."""
    options = dict(weight="cos", wvar=1, points=[0.5])
    with pytest.warns(si.IntegrationWarning) as ours:
        value = llcjit.quad("exp(x)", 0, 1, **options)
    with pytest.warns(si.IntegrationWarning) as scipys:
        expected = si.quad(math.exp, 0, 1, **options)
    assert value == expected
    assert [str(w.message) for w in ours] == [str(w.message) for w in scipys]


def test_nquad_level_with_points_and_a_weight_warns_and_ignores_them():
    opts = dict(weight="cos", wvar=1, points=[0.5])
    with pytest.warns(si.IntegrationWarning, match="ignoring specified points") as ours:
        value = llcjit.nquad("exp(x0)", [(0, 1)], opts=opts)
    with pytest.warns(si.IntegrationWarning, match="ignoring specified points"):
        expected = si.nquad(math.exp, [(0, 1)], opts=opts)
    assert value == expected
    assert ours[0].filename == __file__
