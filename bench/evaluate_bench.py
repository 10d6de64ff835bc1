"""Array evaluation of exp(-a*x*x) over 10 million float64 values of x, in
one run: NumPy, numexpr (one thread and all), and llcjit's evaluate (one
thread and all), at 1e5, 1e6 and 1e7 points, with their ratios and whether
each matches libm to the bit; then the time of one call on small arrays
(10 to 10^4 points), where the Python side of a call counts.

    python3 bench/evaluate_bench.py [BUILD_DIR]
"""
import math
import sys

import numpy as np
import numexpr

from _common import best, import_llcjit

llcjit = import_llcjit(sys.argv[1] if len(sys.argv) > 1 else None)
A = 2.0


def exact(x):
    """libm's exp at a sample of x, computed point by point."""
    return np.array([math.exp(-A * v * v) for v in x])


def row(label, seconds, reference, values, sample):
    ratio = reference / seconds
    bits = "bit-exact" if np.array_equal(values[sample], exact_sample) else "not bit-exact"
    print(f"  {label:<34} {seconds * 1e3:9.2f} ms  {ratio:5.2f}x NumPy   ({bits} vs libm)")


for n in (100_000, 1_000_000, 10_000_000):
    x = np.random.default_rng(1).uniform(-3, 3, n)
    sample = slice(0, n, n // 1000)
    exact_sample = exact(x[sample])
    out = np.empty(n)
    print(f"exp(-a*x*x), {n:,} float64 points (best of 5)")
    numpy_s = best(lambda: np.exp(-A * x * x, out=out), 5)
    row("NumPy np.exp(-a*x*x)", numpy_s, numpy_s, out, sample)
    for threads in (1, numexpr.detect_number_of_cores()):
        numexpr.set_num_threads(threads)
        seconds = best(lambda: numexpr.evaluate("exp(-a*x*x)", local_dict={"a": A, "x": x},
                                                out=out), 5)
        row(f"numexpr, {threads} thread(s)", seconds, numpy_s, out, sample)
    for workers, label in ((1, "1 thread"), (-1, "all cores")):
        seconds = best(lambda: llcjit.evaluate("exp(-a*x*x)", x=x, a=A, out=out,
                                               workers=workers), 5)
        row(f"llcjit.evaluate, {label}", seconds, numpy_s, out, sample)

print("one call on a small array, one thread (microseconds, best of 7 runs of many calls)")
numexpr.set_num_threads(1)
for n in (10, 1_000, 10_000):
    x = np.random.default_rng(1).uniform(-3, 3, n)
    out = np.empty(n)
    calls = 200_000 // n

    def per_call(function):
        def repeated():
            for _ in range(calls):
                function()
        return best(repeated, 7) / calls

    numpy_s = per_call(lambda: np.exp(-A * x * x, out=out))
    numexpr_s = per_call(lambda: numexpr.evaluate("exp(-a*x*x)", local_dict={"a": A, "x": x},
                                                  out=out))
    llcjit_s = per_call(lambda: llcjit.evaluate("exp(-a*x*x)", x=x, a=A, out=out, workers=1))
    print(f"  {n:>6} points: NumPy {numpy_s * 1e6:7.2f}  numexpr {numexpr_s * 1e6:7.2f}  "
          f"llcjit {llcjit_s * 1e6:7.2f}  ({numpy_s / llcjit_s:4.2f}x NumPy)")
