"""The NaN-ignoring reductions against NumPy's own (nanmin, nanmax, nansum,
nanmean, nanvar, nanstd, nanmedian, nanpercentile), bit for bit, on every
path a kernel runs: evaluate() (the runtime's reductions), the fused loop of
a known size (straight-line code and sorting networks) and SciPy's entry
point per element; arrays with some, most and only NaN, infinities and
zeros of both signs. Equal zeros of opposite sign count as equal for the
min/max and percentile families: which of -0 and +0 NumPy returns from a
tie depends on its SIMD lanes and its selection algorithm (llcjit returns
the first, docs/language.md); medians are exact (a middle zero is +0, as
np.mean makes it). Also the plain percentile at q = 100 with an infinity,
where NumPy answers NaN."""
import os
import pathlib
import sys
import warnings

import numpy as np
import pytest
import scipy.ndimage as ndi

if os.environ.get("LLCJIT_SANITIZED"):
    pytest.skip("the bridge loads libllcjit into python3, which is not instrumented",
                allow_module_level=True)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402

KERNELS = {
    "nanmin(values)": np.nanmin,
    "nanmax(values)": np.nanmax,
    "nansum(values)": np.nansum,
    "nanmean(values)": np.nanmean,
    "nanvar(values)": np.nanvar,
    "nanstd(values)": np.nanstd,
    "nanmedian(values)": np.nanmedian,
    "nanpercentile(values, 30)": lambda v: np.nanpercentile(v, 30),
    "nanpercentile(values, 100)": lambda v: np.nanpercentile(v, 100),
    "median(values)": np.median,
    "percentile(values, 100)": lambda v: np.percentile(v, 100),
    "percentile(values, 0)": lambda v: np.percentile(v, 0),
}
SIZES = [1, 2, 3, 5, 8, 9, 16, 25, 49, 64, 65, 129, 300]


def arrays(n, rng):
    v = rng.standard_normal(n) * 10.0 ** rng.uniform(-3, 3, n)
    yield v
    some = v.copy()
    some[rng.random(n) < 0.3] = np.nan
    yield some
    yield rng.choice([0.0, -0.0, np.nan, 2.0, -np.inf, np.inf], size=n)
    yield np.full(n, np.nan)
    yield rng.choice([0.0, -0.0, np.nan], size=n)


def same(got, want, source):
    if np.isnan(want):
        return np.isnan(got)
    if "min" in source or "max" in source or "percentile" in source:
        return got == want
    return np.float64(got).view(np.int64) == np.float64(want).view(np.int64)


@pytest.mark.parametrize("source", sorted(KERNELS))
def test_matches_numpy_on_every_path(source):
    rng = np.random.default_rng(48)
    kernel = llcjit.filter_kernel(source)
    for n in SIZES:
        for values in arrays(n, rng):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                want = float(KERNELS[source](values.copy()))
            paths = {
                "evaluate": kernel.evaluate(values.copy()),
                "fused": llcjit.generic_filter(values.copy(), source, size=n, exact=True,
                                               fuse="always")[n // 2],
                "unfused": llcjit.generic_filter(values.copy(), source, size=n,
                                                 fuse=False)[n // 2],
            }
            for path, got in paths.items():
                assert same(got, want, source), (source, n, path, got, want, values)


def test_fused_nanmedian_equals_scipy_with_numpy():
    rng = np.random.default_rng(5)
    image = rng.standard_normal((40, 50))
    image[rng.random(image.shape) < 0.05] = np.nan
    image[:8, :8] = np.nan  # windows of nothing but NaN
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = ndi.generic_filter(image, np.nanmedian, size=5, mode="mirror")
    got = llcjit.generic_filter(image, "nanmedian(values)", size=5, mode="mirror")
    assert np.array_equal(np.isnan(got), np.isnan(want))
    assert np.array_equal(got[~np.isnan(want)], want[~np.isnan(want)])
    assert np.isnan(got[2, 2])


def test_large_nanmin_runs_window_independent_and_equals_scipy():
    rng = np.random.default_rng(6)
    image = rng.standard_normal((60, 70))
    image[rng.random(image.shape) < 0.3] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = ndi.generic_filter(image, np.nanmin, size=11, mode="reflect")
    got = llcjit.generic_filter(image, "nanmin(values)", size=11, mode="reflect")
    assert np.array_equal(got, want, equal_nan=True)
