"""llcjit.generic_filter against scipy.ndimage.generic_filter with the same
kernel written in Python: equal results for every mode, footprint, origin,
rank and view, and SciPy's errors for SciPy's bad inputs."""
import itertools
import os
import pathlib
import sys

import numpy as np
import pytest
import scipy.ndimage as ndi

if os.environ.get("LLCJIT_SANITIZED"):
    pytest.skip("the bridge loads libllcjit into python3, which is not instrumented",
                allow_module_level=True)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402

KERNELS = {
    "min(values)": np.min,
    "max(values)": np.max,
    "mean(values)": np.mean,
    "median(values)": np.median,
    "sum(values * values)": lambda v: np.sum(v * v),
    "percentile(values, 25)": lambda v: np.percentile(v, 25),
    "median(abs(values - median(values)))": lambda v: np.median(np.abs(v - np.median(v))),
}
MODES = ["reflect", "constant", "nearest", "mirror", "wrap", "grid-mirror", "grid-constant",
         "grid-wrap"]
rng = np.random.default_rng(11)
FOOTPRINTS = {
    1: [np.ones(3, bool), np.array([1, 0, 1, 1], bool)],
    2: [np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool), np.ones((2, 3), bool),
        np.ones((3, 3), bool)],
    3: [np.ones((3, 3, 3), bool) & (rng.random((3, 3, 3)) > 0.3), np.ones((2, 1, 2), bool)],
}
SHAPES = {1: (11,), 2: (6, 7), 3: (4, 5, 3)}


def check(image, source, footprint, **options):
    got = llcjit.generic_filter(image, source, footprint=footprint, **options)
    want = ndi.generic_filter(image, KERNELS[source], footprint=footprint, **options)
    np.testing.assert_array_equal(got, want, err_msg=f"{source} {options}")


@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("source", sorted(KERNELS))
def test_every_mode_and_footprint(rank, source):
    image = rng.standard_normal(SHAPES[rank])
    for footprint, mode in itertools.product(FOOTPRINTS[rank], MODES):
        check(image, source, footprint, mode=mode, cval=0.75)


def test_origins_at_both_ends_of_their_range():
    image = rng.standard_normal((6, 7))
    footprint = np.ones((3, 4), bool)
    for origin in [(-1, -2), (1, 1), (0, -2), (-1, 1), 0]:
        for mode in ("reflect", "constant", "wrap"):
            check(image, "median(values)", footprint, mode=mode, origin=origin)


def test_views_edges_and_degenerate_shapes():
    base = rng.standard_normal((9, 12))
    cross = FOOTPRINTS[2][0]
    check(base[::2, ::-3], "min(values)", cross)            # strided, reversed view
    check(base.T, "median(values)", cross, mode="mirror")   # Fortran order
    check(base[:1], "max(values)", cross, mode="mirror")    # 1 x N
    check(base[:, :1], "mean(values)", cross, mode="mirror")  # N x 1
    check(base[:1, :1], "sum(values * values)", cross, mode="mirror")  # one pixel
    check(base[:2, :3], "median(values)", np.ones((5, 7), bool), mode="wrap")  # big footprint
    integers = rng.integers(0, 255, (5, 6))
    np.testing.assert_array_equal(
        llcjit.generic_filter(integers, "max(values)", size=3),
        ndi.generic_filter(integers.astype(float), np.max, size=3))


def test_parameters_output_and_in_place():
    image = rng.standard_normal((6, 7))
    want = ndi.generic_filter(image, lambda v: np.sum(v > 0.2), size=3)
    np.testing.assert_array_equal(
        llcjit.generic_filter(image, "count(values > t)", size=3, t=0.2), want)
    kernel = llcjit.filter_kernel("count(values > t)", t=0.2)
    out = np.empty_like(image)
    assert llcjit.generic_filter(image, kernel, size=3, output=out) is out
    np.testing.assert_array_equal(out, want)
    in_place = image.copy()
    llcjit.generic_filter(in_place, "min(values)", size=3, output=in_place)
    np.testing.assert_array_equal(in_place, ndi.generic_filter(image, np.min, size=3))


def test_scipys_errors():
    image = rng.standard_normal((5, 5))
    with pytest.raises(ValueError, match="invalid origin"):
        llcjit.generic_filter(image, "min(values)", size=3, origin=2)
    with pytest.raises(RuntimeError, match="boundary mode not supported"):
        llcjit.generic_filter(image, "min(values)", size=3, mode="foo")
    with pytest.raises(RuntimeError, match="incorrect shape"):
        llcjit.generic_filter(image, "min(values)", footprint=np.ones(3, bool))
    with pytest.raises(ValueError, match="only zeros"):
        llcjit.generic_filter(image, "min(values)", footprint=np.zeros((3, 3), bool))
    with pytest.raises(llcjit.CompileError):
        llcjit.generic_filter(image, "min(values", size=3)
