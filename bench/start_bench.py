"""What a new process pays before its first call, side by side with Numba
in one run (issue 18): compiling exp(-a*x*x) into a callback (llcjit's
quick and optimised tiers, a load from llcjit's disk cache; Numba's cfunc
compile and its cache=True reload), `llcjit eval` as a whole process
against `python3 -c pass`, and `import llcjit` plus a first integrand
against importing SciPy alone. Each figure is the median of fresh
processes; every process times itself, so interpreter start-up is out of
the compile rows.

    python3 bench/start_bench.py [BUILD_DIR]
"""
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

from _common import ROOT

BUILD = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build").resolve()
PYTHON = "/usr/bin/python3"
RUNS = 15

LLCJIT_CHILD = """
import os, sys, time
sys.path.insert(0, {python!r})
import llcjit, scipy
start = time.perf_counter()
f = llcjit.integrand("exp(-a*x*x) # {tag}", a=2.0)
elapsed = time.perf_counter() - start
assert abs(f.evaluate(0.5) - 0.6065306597126334) < 1e-15
print(elapsed)
"""

NUMBA_CHILD = """
import os, sys, time, math
import numba
from numba import types
{define}
start = time.perf_counter()
g = numba.cfunc(types.double(types.double, types.CPointer(types.double)){cache})(gaussian)
g.address
elapsed = time.perf_counter() - start
print(elapsed)
"""

NUMBA_FUNCTION = """
def gaussian(x, a):
    return math.exp(-a[0] * x * x)
"""

IMPORT_CHILD = """
import sys, time
start = time.perf_counter()
{body}
print(time.perf_counter() - start)
"""


def median_of(script, env, runs=RUNS, prepare=None):
    times = []
    for i in range(runs):
        if prepare:
            prepare(i)
        out = subprocess.run([PYTHON, "-c", script], env=env, capture_output=True, text=True,
                             check=True)
        times.append(float(out.stdout.split()[-1]))
    return statistics.median(times)


def process_time(command, env, runs=30):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    base = {**os.environ, "LLCJIT_LIBRARY": str(BUILD / "lib" / "libllcjit.so.0")}
    base.pop("LLCJIT_CACHE", None)
    python_dir = str(ROOT / "python")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = pathlib.Path(scratch)

        rows = []
        # Distinct tags defeat the disk cache where a compile is measured.
        quick = median_of(LLCJIT_CHILD.format(python=python_dir, tag="q"),
                          {**base, "LLCJIT_CACHE": "off"})
        rows.append(("llcjit integrand, automatic tier (quick code), cache off", quick))
        warm = {**base, "LLCJIT_CACHE_DIR": str(scratch / "llcjit")}
        subprocess.run([str(BUILD / "bin" / "llcjit"), "eval", "exp(-a*x*x) # hit", "a=2",
                        "x=0.5", "--tier", "optimised"], env=warm, check=True,
                       stdout=subprocess.DEVNULL)
        hit = median_of(LLCJIT_CHILD.format(python=python_dir, tag="hit"), warm)
        rows.append(("llcjit integrand, optimised code from the disk cache", hit))

        numba_first = median_of(NUMBA_CHILD.format(define=NUMBA_FUNCTION, cache=""), base)
        rows.append(("Numba cfunc, first compile", numba_first))
        cache_dir = scratch / "numba"
        numba_env = {**base, "NUMBA_CACHE_DIR": str(cache_dir)}
        module = scratch / "gaussian_module.py"
        module.write_text("import math\n" + NUMBA_FUNCTION)
        reload_script = NUMBA_CHILD.format(
            define=f"sys.path.insert(0, {str(scratch)!r})\nfrom gaussian_module import gaussian",
            cache=", cache=True")
        subprocess.run([PYTHON, "-c", reload_script], env=numba_env, check=True,
                       capture_output=True)  # fills Numba's cache
        numba_reload = median_of(reload_script, numba_env)
        rows.append(("Numba cfunc(cache=True), reload from its cache", numba_reload))

        tool = [str(BUILD / "bin" / "llcjit"), "eval", "exp(-a*x*x)", "a=2", "x=0.5"]
        subprocess.run(tool + ["--tier", "optimised"], env=warm, check=True,
                       stdout=subprocess.DEVNULL)
        eval_hit = process_time(tool, warm)
        eval_off = process_time(tool, {**base, "LLCJIT_CACHE": "off"})
        python_pass = process_time([PYTHON, "-c", "pass"], base)

        import_scipy = median_of(IMPORT_CHILD.format(body="import scipy.integrate"), base)
        import_llcjit = median_of(IMPORT_CHILD.format(
            body=f"sys.path.insert(0, {python_dir!r})\nimport llcjit, scipy.integrate\n"
                 "llcjit.integrand('exp(-a*x*x)', a=2.0)"), {**base, "LLCJIT_CACHE": "off"})

    print(f"Start-up and first compile (median of {RUNS} fresh processes; one run)")
    for label, seconds in rows:
        print(f"  {label:<60} {seconds * 1e3:8.2f} ms  {numba_first / seconds:6.1f}x Numba's "
              "first compile")
    print(f"  {'llcjit disk-cache hit vs Numba cache=True reload':<60} "
          f"{numba_reload / hit:8.1f}x faster")
    print(f"  {'llcjit eval exp(-a*x*x), whole process, disk-cache hit':<60} "
          f"{eval_hit * 1e3:8.2f} ms  {python_pass / eval_hit:6.2f}x python3 -c pass")
    print(f"  {'llcjit eval exp(-a*x*x), whole process, cache off':<60} "
          f"{eval_off * 1e3:8.2f} ms  {python_pass / eval_off:6.2f}x python3 -c pass")
    print(f"  {'python3 -c pass':<60} {python_pass * 1e3:8.2f} ms")
    print(f"  {'import scipy.integrate':<60} {import_scipy * 1e3:8.2f} ms")
    print(f"  {'import llcjit + scipy.integrate, first integrand':<60} "
          f"{import_llcjit * 1e3:8.2f} ms  (+{(import_llcjit - import_scipy) * 1e3:.2f} ms "
          "over SciPy; target <= 20 ms)")


if __name__ == "__main__":
    main()
