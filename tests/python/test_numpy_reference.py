"""Reductions and element-wise kernels agree with NumPy itself, bit for bit.

Each case evaluates a filter kernel with `llcjit eval` on a random array and
compares with the NumPy expression on the same array."""
import math

import numpy as np
import pytest

KERNELS = {
    "sum(values)": np.sum,
    "mean(values)": np.mean,
    "var(values)": np.var,
    "std(values)": np.std,
    "prod(values)": np.prod,
    "min(values)": np.min,
    "max(values)": np.max,
    "median(values)": np.median,
    "percentile(values, 25)": lambda v: np.percentile(v, 25),
    "percentile(values, 62.5)": lambda v: np.percentile(v, 62.5),
    "argmin(values)": np.argmin,
    "argmax(values)": np.argmax,
    "count(values > 0.5)": lambda v: np.count_nonzero(v > 0.5),
    "median(abs(values - median(values)))": lambda v: np.median(np.abs(v - np.median(v))),
    "sum(values * values)": lambda v: np.sum(v * v),
    # Element-wise functions are those of the C library, which Python's math
    # module calls too; NumPy's own SIMD exp may differ in the last bit.
    "mean(exp(-values * values))": lambda v: np.mean([math.exp(-x * x) for x in v]),
    "max(log1p(abs(values)) * k)": lambda v: np.max([math.log1p(abs(x)) * 3.0 for x in v]),
}

# Sizes around NumPy's pairwise-summation thresholds (8 and 128).
SIZES = [1, 2, 5, 7, 8, 9, 16, 25, 127, 128, 129, 300]


def arrays():
    rng = np.random.default_rng(2026)
    for size in SIZES:
        yield size, rng.standard_normal(size) * 10.0 ** rng.uniform(-3, 3, size)
    yield "nan", np.array([1.0, np.nan, -2.0, 3.0])


def evaluate(llcjit, kernel, values):
    text = ",".join(repr(float(v)) for v in values)
    parameters = ["k=3"] if "* k" in kernel else []
    out = llcjit("eval", kernel, f"values={text}", *parameters).stdout.strip()
    return float(out)


@pytest.mark.parametrize("kernel", sorted(KERNELS))
def test_kernel_matches_numpy_bit_for_bit(llcjit, kernel):
    reference = KERNELS[kernel]
    for label, values in arrays():
        with np.errstate(all="ignore"):
            want = float(reference(values))
        got = evaluate(llcjit, kernel, values)
        if np.isnan(want):
            assert np.isnan(got), (kernel, label, got)
        else:
            assert got == want, (kernel, label, got, want, (got - want) / want)
