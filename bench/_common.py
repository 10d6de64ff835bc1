"""What the Python benchmarks share: llcjit imported from this checkout's
build, and a best-of timer."""
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def import_llcjit(build=None):
    """The bridge in python/, loading the library of `build` (default build/)."""
    build = pathlib.Path(build or ROOT / "build").resolve()
    os.environ.setdefault("LLCJIT_LIBRARY", str(build / "lib" / "libllcjit.so.0"))
    sys.path.insert(0, str(ROOT / "python"))
    import llcjit
    return llcjit


def best(function, repeat=3):
    """The shortest of `repeat` wall-clock times of function(), in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)
