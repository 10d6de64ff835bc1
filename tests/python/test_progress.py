"""Long calls from Python can be stopped and watched (issue 17, item 8):
Ctrl-C stops a sweep or a filter with KeyboardInterrupt, `progress=` hears
how far it has got, and the GIL is released while llcjit works."""
import os
import pathlib
import signal
import sys
import threading

import numpy as np
import pytest

if os.environ.get("LLCJIT_SANITIZED"):
    pytest.skip("the bridge loads libllcjit into python3, which is not instrumented",
                allow_module_level=True)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
import llcjit  # noqa: E402


def slow_sweep_values():
    # A million integrals of tens of microseconds each: far longer than the
    # tests wait.
    return np.linspace(0.5, 10, 1_000_000)


def test_a_progress_function_hears_of_every_integral():
    reports = []
    a = np.linspace(0.1, 10, 20_000)
    values, _ = llcjit.quad("exp(-a*x*x)", -np.inf, np.inf, a=a,
                            progress=lambda done, total: reports.append((done, total)))
    assert reports[-1] == (a.size, a.size)
    done = [d for d, _ in reports]
    assert done == sorted(done)
    np.testing.assert_allclose(values, np.sqrt(np.pi / a), rtol=1.5e-8)  # epsrel


def test_one_integral_reports_none_then_one_done():
    for params in ({}, {"a": 2.0}):
        reports = []
        value, _ = llcjit.quad("a*x" if params else "x", 0, 1, **params,
                               progress=lambda done, total: reports.append((done, total)))
        assert reports == [(0, 1), (1, 1)]
        assert value == (1.0 if params else 0.5)


def test_a_progress_function_hears_of_every_line_of_a_filter():
    reports = []
    image = np.random.default_rng(0).standard_normal((64, 128))
    out = llcjit.generic_filter(image, "values[0] + median(values)", size=3,
                                progress=lambda done, total: reports.append((done, total)))
    done, total = reports[-1]
    assert done == total > 0
    from scipy import ndimage
    np.testing.assert_array_equal(out, ndimage.generic_filter(
        image, lambda v: v[0] + np.median(v), size=3))


def test_progress_true_draws_a_tqdm_bar(capsys):
    pytest.importorskip("tqdm")
    llcjit.quad("exp(-a*x*x)", 0, 1, a=np.linspace(1, 2, 5000), progress=True)
    assert "5000/5000" in capsys.readouterr().err


def test_every_single_integral_reports_progress():
    import ctypes
    import scipy
    identity = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)(lambda x: x)
    foreign = scipy.LowLevelCallable(identity, signature="double (double)")
    calls = {
        "full_output": lambda **k: llcjit.quad("x", 0, 1, full_output=True, **k),
        "foreign": lambda **k: llcjit.quad(foreign, 0, 1, **k),
        "foreign full_output": lambda **k: llcjit.quad(foreign, 0, 1, full_output=True, **k),
        "NQuadIntegrand": lambda **k: llcjit.quad(
            llcjit.integrand("t", variables=("t",)), 0, 1, **k),
    }
    for name, call in calls.items():
        reports = []
        assert call(progress=lambda done, total: reports.append((done, total)))[0] == 0.5
        assert reports == [(0, 1), (1, 1)], name
        with pytest.raises(ValueError, match="workers must not be zero"):
            call(workers=0)


def test_a_bad_progress_is_a_type_error():
    with pytest.raises(TypeError, match="progress must be True, False, None or a function"):
        llcjit.quad("exp(-a*x*x)", 0, 1, a=np.linspace(1, 2, 10), progress="yes")


def test_a_watched_call_that_fails_raises_its_own_message():
    # A long call runs on a thread of its own, and llcjit keeps its last
    # error per thread: the exception must carry the failing thread's.
    import ctypes
    from llcjit import _errors, _native, _watch
    address = ctypes.c_void_p()

    def fail(state):
        return _native.callback_address(None, 0, ctypes.byref(address))

    work = _watch.WATCHED_FROM["elements"]
    with pytest.raises(ValueError, match="^callback or address is NULL$"):
        _errors._check(_watch.watched(fail, work, "elements", None))
    with pytest.raises(ValueError, match="^callback or address is NULL$"):
        _errors._check(_watch.watched(fail, 1, "elements", lambda done, total: None))
    # Below the watched size it runs on this thread, with the same message.
    with pytest.raises(ValueError, match="^callback or address is NULL$"):
        _errors._check(_watch.watched(fail, 1, "elements", None))


def interrupt_once_started(reports):
    """Sends this process SIGINT once the call has reported some work."""
    def watch():
        while not any(done > 0 for done, _ in reports):
            threading.Event().wait(0.01)
        os.kill(os.getpid(), signal.SIGINT)
    threading.Thread(target=watch, daemon=True).start()


def test_ctrl_c_stops_a_sweep_with_keyboard_interrupt():
    reports = []
    interrupt_once_started(reports)
    with pytest.raises(KeyboardInterrupt):
        llcjit.quad("sin(a*x) / (1 + x*x)", 0, 50, a=slow_sweep_values(), limit=200,
                    progress=lambda done, total: reports.append((done, total)))
    done, total = reports[-1]
    assert 0 < done < total == 1_000_000


def test_ctrl_c_stops_a_sweep_without_progress_too():
    # No progress function: a sweep this large is still watched, so Ctrl-C
    # stops it; the timer fires once the call is under way.
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            llcjit.quad("sin(a*x) / (1 + x*x)", 0, 50, a=slow_sweep_values(), limit=200)
    finally:
        timer.cancel()


def test_the_gil_is_released_while_a_sweep_runs():
    # While another thread integrates, this one keeps running Python.
    finished = threading.Event()

    def integrate():
        llcjit.quad("sin(a*x) / (1 + x*x)", 0, 50, a=np.linspace(0.5, 10, 3000), limit=200,
                    workers=1)
        finished.set()

    worker = threading.Thread(target=integrate)
    worker.start()
    steps = 0
    while not finished.is_set():
        steps += 1
    worker.join()
    assert steps > 10_000
