"""The interpolation functions' bad arguments: SciPy's exception type (and
message) wherever scipy.ndimage raises one for the same call, llcjit's own
clear errors where SciPy would call a Python function or report "unknown
error in mapping function", and never a crash."""
import ctypes
import os
import pathlib
import re
import sys

import numpy as np
import pytest
import scipy
import scipy.ndimage as ndi

if os.environ.get("LLCJIT_SANITIZED"):
    pytest.skip("the bridge loads libllcjit into python3, which is not instrumented",
                allow_module_level=True)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402


SIGNATURE = "int (intptr_t *, double *, int, int, void *)"
A = np.arange(35.0).reshape(5, 7)
C = np.array([[1.5, 2.0], [3.0, 4.25]])
READ_ONLY = np.zeros(2)
READ_ONLY.flags.writeable = False
FAILING = scipy.LowLevelCallable(ctypes.CFUNCTYPE(  # a foreign mapping returning 0
    ctypes.c_int, ctypes.POINTER(ctypes.c_ssize_t), ctypes.POINTER(ctypes.c_double),
    ctypes.c_int, ctypes.c_int, ctypes.c_void_p)(lambda *args: 0), signature=SIGNATURE)
ORDER, MODE, RANK, SHAPE, COORDINATE = (
    "spline order not supported", "boundary mode not supported",
    "input and output rank must be > 0", "output shape not correct",
    "coordinate array data type not supported")


def mapping(module, formula, **kwargs):
    """The formula for llcjit, its compiled Transform for SciPy."""
    return formula if module is llcjit else llcjit.transform(formula, **kwargs)


def mc(*args, **kwargs):
    return lambda m: m.map_coordinates(*args, **kwargs)


def gt(data, formula, *args, rank=None, **kwargs):
    return lambda m: m.geometric_transform(data, mapping(m, formula, rank=rank), *args, **kwargs)


def sf(name, *args, **kwargs):
    return lambda m: getattr(m, name)(*args, **kwargs)


BAD = [  # (id, call, llcjit's exception, a regex of its message)
    ("order 6", mc(A, C, order=6), RuntimeError, ORDER),
    ("order -1", mc(A, C, order=-1), RuntimeError, ORDER),
    ("gt order 6", gt(A, "(o0, o1)", order=6), RuntimeError, ORDER),
    # Prefiltered, an order between 1 and 2 reaches spline_filter's check
    # first; unfiltered, it is not an integer.
    ("gt order 1.5", gt(A, "(o0, o1)", order=1.5), RuntimeError, ORDER),
    ("order 1.5", mc(A, C, order=1.5), RuntimeError, ORDER),
    ("gt order 1.5 unfiltered", gt(A, "(o0, o1)", order=1.5, prefilter=False), TypeError,
     "cannot be interpreted as an integer"),
    ("order 2.5", mc(A, C, order=2.5), TypeError, "cannot be interpreted as an integer"),
    ("spline_filter1d order 6", sf("spline_filter1d", A, 6), RuntimeError, ORDER),
    ("spline_filter order 1", sf("spline_filter", A, 1), RuntimeError, ORDER),
    ("spline_filter order 2.0", sf("spline_filter", A, 2.0), TypeError,
     "'float' object cannot be interpreted as an integer"),
    ("spline_filter1d order 3.0", sf("spline_filter1d", A, np.float64(3)), TypeError,
     "cannot be interpreted as an integer"),
    ("mode foo", mc(A, C, mode="foo"), RuntimeError, MODE),
    ("mode foo order 1", mc(A, C, order=1, mode="foo"), RuntimeError, MODE),
    ("gt mode foo", gt(A, "(o0, o1)", mode="foo"), RuntimeError, MODE),
    ("spline_filter mode foo", sf("spline_filter", A, mode="foo"), RuntimeError, MODE),
    ("0-d input", mc(np.array(1.0), np.zeros((0, 2))), RuntimeError, RANK),
    ("gt 0-d input", gt(np.array(1.0), "(o0,)"), RuntimeError, RANK),
    ("gt 0-d output", gt(A, "(o0, o1)", ()), RuntimeError, RANK),
    ("coordinate rows", mc(A, np.zeros((3, 4))), RuntimeError,
     "invalid shape for coordinate array"),
    ("complex coordinates", mc(A, C + 0j), TypeError, None),
    ("output shape", mc(A, C, output=np.zeros(3)), RuntimeError, SHAPE),
    ("gt output shape", gt(A, "(o0, o1)", output=np.zeros((5, 6))), RuntimeError, SHAPE),
    ("spline_filter1d output shape", sf("spline_filter1d", A, output=np.zeros((7, 5))),
     RuntimeError, SHAPE),
    ("read-only output", mc(A, C, output=READ_ONLY), ValueError, None),
    ("gt read-only output", gt(A, "(o0, 1)", (2,), rank=1, output=READ_ONLY), ValueError, None),
    ("spline_filter1d read-only", sf("spline_filter1d", A[0, :2], output=READ_ONLY),
     ValueError, None),
    ("failing foreign mapping", lambda m: m.geometric_transform(A, FAILING), RuntimeError,
     "unknown error in mapping function"),
    ("missing parameter", gt(A, "(o0, o1 + t)"), TypeError, "missing value for parameter"),
    ("float16 coordinates", mc(A, C.astype(np.float16)), RuntimeError, COORDINATE),
    ("longdouble coordinates", mc(A, C.astype(np.longdouble)), RuntimeError, COORDINATE),
    ("string input", mc(np.array([["a", "b"], ["c", "d"]]), C), TypeError, None),
    ("string input order 1", mc(np.array([["a", "b"], ["c", "d"]]), C, order=1), TypeError,
     None),
    # SciPy's prefilter names the dtype; its interpolation loop does not.
    ("float16 input", mc(A.astype(np.float16), C, order=1), RuntimeError,
     "data type not supported"),
    ("float16 input prefiltered", gt(A.astype(np.float16), "(o0, o1)"), RuntimeError,
     r"array type dtype\('float16'\) not supported"),
    ("float16 output", mc(A, C, output=np.float16), RuntimeError, "data type not supported"),
    ("string input to spline_filter", sf("spline_filter", np.full((2, 3), "a")), RuntimeError,
     r"array type dtype\('<U1'\) not supported"),
    ("float16 output of spline_filter1d", sf("spline_filter1d", A, output=np.float16),
     RuntimeError, r"array type dtype\('float16'\) not supported"),
    ("unknown output name", mc(A, C, output="foo"), KeyError, None),
    ("complex into real output", mc(A + 1j, C, output="float64"), RuntimeError,
     "output must have complex dtype"),
    # Where SciPy calls the function, or fails with "unknown error in mapping
    # function", llcjit's own errors, naming the counts (not compared).
    # SciPy pads a grid-constant input by cval in its dtype (np.pad) first.
    ("NaN cval padding integers",
     mc(np.arange(6, dtype=np.int16), [[-0.5, 2.0]], mode="grid-constant", cval=np.nan),
     ValueError, "cannot convert float NaN to integer"),
    ("NaN cval padding integers, geometric_transform",
     gt(np.arange(6, dtype=np.int32), "(o0,)", mode="grid-constant", cval=np.nan),
     ValueError, "cannot convert float NaN to integer"),
    # ... and a nearest one by its edges, which an empty axis has not.
    ("empty input, nearest, prefiltered",
     mc(np.zeros((0, 7)), np.ones((2, 3)), order=3, mode="nearest"),
     ValueError, "can't extend empty axis 0"),
    ("empty input, nearest, prefiltered, geometric_transform",
     gt(np.zeros((4, 0)), "(o0, o1)", order=2, mode="nearest"),
     ValueError, "can't extend empty axis 1"),
    ("Python function", lambda m: m.geometric_transform(A, lambda o: o), TypeError, "expected"),
    ("tuple too long", gt(A, "(o0, o1, 1)"), ValueError, r"\b3\b.*\b2\b"),
    ("tuple too short", lambda m: m.geometric_transform(A, llcjit.transform("(o0,)", rank=2)),
     ValueError, r"\b1\b.*\b2\b"),
]
BAD += [
    ("extra_arguments", lambda m: m.geometric_transform(A, "(o0, o1)", extra_arguments=(1,)),
     TypeError, "extra_arguments passes values to a Python function"),
    ("extra_keywords to generic_filter1d",
     lambda m: m.generic_filter1d(A, "max(values)", 3, extra_keywords={"a": 1}), TypeError,
     "extra_keywords"),
]
OWN = {"Python function", "tuple too long", "tuple too short", "extra_arguments",
       "extra_keywords to generic_filter1d"}


@pytest.mark.parametrize("case", BAD, ids=[case[0] for case in BAD])
def test_bad_arguments_raise_as_scipy(case):
    name, call, kind, message = case
    with pytest.raises(Exception) as raised:
        call(llcjit)
    assert isinstance(raised.value, kind), repr(raised.value)
    if message is not None:
        assert re.search(message, str(raised.value)), str(raised.value)
    if name not in OWN:
        with pytest.raises(Exception) as scipys:
            call(ndi)
        assert isinstance(raised.value, type(scipys.value)), (raised.value, scipys.value)
        if message is not None and kind is not TypeError:
            assert str(raised.value) == str(scipys.value)


@pytest.mark.parametrize("dtype, cval", [("float32", 1e300), ("uint8", np.inf)])
def test_a_cval_the_dtype_cannot_hold_warns_as_scipys_padding(dtype, cval):
    data = np.arange(6).astype(dtype)
    for m in (ndi, llcjit):
        with pytest.warns(RuntimeWarning) as caught:
            m.map_coordinates(data, [[-0.5, 2.0]], mode="grid-constant", cval=cval)
        if m is ndi:
            expected = {str(w.message) for w in caught}
    assert {str(w.message) for w in caught} == expected
