"""SciPy itself calls llcjit's entry points through scipy.LowLevelCallable,
for every signature it accepts, and gets what the same formula written in
Python gives."""
import ctypes
import math
import os

import numpy as np
import pytest
import scipy
import scipy.integrate as si
import scipy.ndimage as ndi

SCALAR, SCALAR_USER_DATA, ARRAY, ARRAY_USER_DATA, FILTER, FILTER1D, TRANSFORM = range(7)


@pytest.fixture(scope="module")
def shim():
    path = os.environ.get("LLCJIT_SCIPY_SHIM")
    if not path and os.environ.get("LLCJIT_SANITIZED"):
        pytest.skip("the shim is not built under sanitizers; the plain build runs these")
    if not path:
        pytest.fail("LLCJIT_SCIPY_SHIM must name the test shim library (ctest sets it)")
    lib = ctypes.CDLL(path)
    lib.scipy_shim_compile.restype = ctypes.c_void_p
    lib.scipy_shim_compile.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    lib.scipy_shim_address.restype = ctypes.c_void_p
    lib.scipy_shim_address.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.scipy_shim_signature.restype = ctypes.c_char_p
    lib.scipy_shim_signature.argtypes = [ctypes.c_int]
    lib.scipy_shim_error.restype = ctypes.c_char_p
    lib.scipy_shim_release.argtypes = [ctypes.c_void_p]
    return lib


class Compiled:
    """Keeps the callback (and so its code) and user_data alive."""

    def __init__(self, shim, source, kind=""):
        self.shim = shim
        self.handle = shim.scipy_shim_compile(source.encode(), kind.encode())
        assert self.handle, shim.scipy_shim_error().decode()

    def callable(self, entry, params=None):
        address = self.shim.scipy_shim_address(self.handle, entry)
        assert address, self.shim.scipy_shim_error().decode()
        signature = self.shim.scipy_shim_signature(entry)
        # A capsule named with the exact signature string, as SciPy checks it.
        new_capsule = ctypes.pythonapi.PyCapsule_New
        new_capsule.restype = ctypes.py_object
        new_capsule.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
        self.signature = signature  # the capsule keeps a pointer to it
        capsule = new_capsule(address, signature, None)
        user_data = None
        if params is not None:
            self.params = (ctypes.c_double * len(params))(*params)
            user_data = ctypes.cast(self.params, ctypes.c_void_p)
        return scipy.LowLevelCallable(capsule, user_data)

    def __del__(self):
        self.shim.scipy_shim_release(self.handle)


def test_quad_every_signature(shim):
    a = 1.7
    want = si.quad(lambda x: math.exp(-a * x * x), -np.inf, np.inf, full_output=1)
    f = Compiled(shim, "exp(-a*x*x)")
    for entry, params, args in [(SCALAR_USER_DATA, [a], ()),
                                (ARRAY, None, (a,)),
                                (ARRAY_USER_DATA, [a], ()),
                                (ARRAY_USER_DATA, None, (a,))]:
        got = si.quad(f.callable(entry, params), -np.inf, np.inf, args=args, full_output=1)
        assert got[0] == want[0] and got[1] == want[1], (entry, got[:2], want[:2])
        assert got[2]["neval"] == want[2]["neval"]
    assert abs(want[0] - math.sqrt(math.pi / a)) < 1e-12
    no_parameters = Compiled(shim, "1 / (1 + x*x)")
    got = si.quad(no_parameters.callable(SCALAR), 0, 1)
    assert got[0] == si.quad(lambda x: 1 / (1 + x * x), 0, 1)[0]


def test_nquad_and_dblquad(shim):
    f = Compiled(shim, "x0 * x1^2 + c")
    c = 0.25
    want = si.nquad(lambda x0, x1, c: x0 * x1 ** 2 + c, [[0, 1], [-1, 2]], args=(c,))
    got = si.nquad(f.callable(ARRAY), [[0, 1], [-1, 2]], args=(c,))
    assert got[0] == want[0]
    got = si.nquad(f.callable(ARRAY_USER_DATA, [c]), [[0, 1], [-1, 2]])
    assert got[0] == want[0]
    # dblquad integrates func(y, x): the inner variable y comes first, as x0.
    want = si.dblquad(lambda y, x: y * x ** 2 + c, 0, 1, -1, 2)
    got = si.dblquad(f.callable(ARRAY_USER_DATA, [c]), 0, 1, -1, 2)
    assert got[0] == pytest.approx(want[0], rel=1e-14)


def test_generic_filter(shim):
    rng = np.random.default_rng(7)
    image = rng.standard_normal((31, 40))
    cross = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool)
    for source, python in [("min(values)", np.min),
                           ("median(values)", np.median),
                           ("percentile(values, 25)", lambda v: np.percentile(v, 25)),
                           ("values[0] - values[-1] * t", lambda v: v[0] - v[-1] * 0.5)]:
        kernel = Compiled(shim, source)
        params = [0.5] if "t" in source else None
        for mode in ("reflect", "constant", "nearest", "mirror", "wrap"):
            got = ndi.generic_filter(image, kernel.callable(FILTER, params),
                                     footprint=cross, mode=mode, cval=1.5)
            want = ndi.generic_filter(image, python, footprint=cross, mode=mode, cval=1.5)
            np.testing.assert_array_equal(got, want, err_msg=f"{source} {mode}")


def test_generic_filter_reports_missing_user_data(shim):
    kernel = Compiled(shim, "max(values) * t")
    with pytest.raises(RuntimeError):
        ndi.generic_filter(np.ones((4, 4)), kernel.callable(FILTER), size=3)


def test_generic_filter1d(shim):
    line = np.random.default_rng(3).standard_normal((6, 50))
    kernel = Compiled(shim, "sum(values) / size", kind="filter1d")

    def python(input_line, output_line):
        size = len(input_line) - len(output_line) + 1
        for i in range(len(output_line)):
            output_line[i] = np.sum(input_line[i:i + size]) / size

    got = ndi.generic_filter1d(line, kernel.callable(FILTER1D), filter_size=5)
    want = ndi.generic_filter1d(line, python, filter_size=5)
    np.testing.assert_array_equal(got, want)


def test_geometric_transform(shim):
    image = np.arange(60, dtype=float).reshape(6, 10)
    mapping = Compiled(shim, "(o0 * s, o1 - shift)")
    got = ndi.geometric_transform(image, mapping.callable(TRANSFORM, [0.5, 1.5]), order=1)
    want = ndi.geometric_transform(image, lambda o: (o[0] * 0.5, o[1] - 1.5), order=1)
    np.testing.assert_array_equal(got, want)
    with pytest.raises(RuntimeError):  # ranks that do not match: the callback says 0
        ndi.geometric_transform(np.ones((3, 3, 3)), mapping.callable(TRANSFORM, [1, 1]))
