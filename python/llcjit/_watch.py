"""Long driver calls that Ctrl-C stops and a progress bar follows. The call
runs on a thread of its own (ctypes releases the GIL) while the calling
thread waits in short steps, between which Python delivers
KeyboardInterrupt and the progress is reported; a KeyboardInterrupt sets
the call's cancel flag, which its C++ workers check between integrals (or
blocks of lines), and is raised once the call has stopped."""
from __future__ import annotations

import ctypes
import threading
from typing import Any, Callable, Optional

from . import _native
from ._errors import _check

# Ctrl-C is honoured within a step (plus the unit of work each thread is on).
STEP_SECONDS = 0.05
# Below this much work a call is quick enough to run as it is (the seed
# sweep's 10,000 integrals take 9 ms, the seed erosion's 2048² elements
# 4 ms), without the thread a watched call costs (~0.3 ms).
WATCHED_FROM = {"integrals": 1 << 14, "elements": 1 << 23}


def _reporter(progress: Any) -> Optional[Callable[[int, int], None]]:
    """None; a callable of (done, total); or True for a tqdm bar."""
    if progress is None or progress is False:
        return None
    if progress is True:
        try:
            import tqdm
        except ImportError as missing:
            raise ImportError("progress=True draws a tqdm bar, and tqdm is not installed "
                              "(Debian: apt install python3-tqdm); pass a function of "
                              "(done, total) instead") from missing
        bar = tqdm.tqdm(total=0)

        def draw(done, total):
            bar.total = total
            bar.n = done
            bar.refresh()
            if total and done >= total:
                bar.close()
        return draw
    if callable(progress):
        return progress
    raise TypeError(f"progress must be True, False, None or a function of (done, total), "
                    f"not {type(progress).__name__}")


def one_step(call: Callable[[], Any], progress: Any) -> Any:
    """call() as one unit of work: its progress is 0 of 1, then 1 of 1."""
    report = _reporter(progress)
    if report is not None:
        report(0, 1)
    done = call()
    if report is not None:
        report(1, 1)
    return done


def watched(call: Callable[[Any], int], work: int, unit: str, progress: Any) -> int:
    """Runs call(progress_pointer_or_None) and returns its status. With a
    progress reporter, or `work` of at least WATCHED_FROM[unit], on a
    thread of its own: Ctrl-C then stops it, and the reporter hears of it
    every STEP_SECONDS and at the end."""
    report = _reporter(progress)
    if report is None and work < WATCHED_FROM[unit]:
        return call(None)
    state = _native.Progress()
    outcome = []

    def run():
        try:
            status = call(ctypes.pointer(state))
            # llcjit keeps its last error per thread: raised here, on the
            # thread that failed, it keeps its message.
            _check(status)
            outcome.append(status)
        except BaseException as error:  # handed to the waiting thread
            outcome.append(error)

    worker = threading.Thread(target=run, name="llcjit driver", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(STEP_SECONDS)
            if report is not None and worker.is_alive():
                report(state.done, state.total)
    except BaseException:
        state.cancel = 1
        worker.join()
        raise
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    if report is not None:
        report(state.done, state.total)
    return outcome[0]
