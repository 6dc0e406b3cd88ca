"""Stopping an ingest worker by signal: the handler must never block, however the signals arrive.

``kill`` of the process group reaches each worker twice (directly, and forwarded by the supervisor), so a
signal can land while the handler of the previous one runs. A handler that took a lock (``Event.set``) hung
the worker there (3 of 30 stops of a child process flooded with SIGTERM; 2 of 10 runs of the kill -9 test)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

CHILD = """
import sys
from citytwin.ingest.iot.mqtt_workers import StopRequest

stop = StopRequest().install()
print("ready", flush=True)
handled = 0
while handled < int(sys.argv[1]):
    if stop.wait(0.001):
        stop.requested = False
        handled += 1
print("done", flush=True)
"""


def test_a_flood_of_stop_signals_never_hangs_the_worker() -> None:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, "2000"], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 30
        while proc.poll() is None and time.monotonic() < deadline:
            for _ in range(50):  # back to back: many arrive while a handler is running
                try:
                    os.kill(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    break
        assert proc.poll() is not None, "the child hung in its signal handler"
        assert proc.stdout.read().strip() == "done"  # every round handled
        # (a signal that comes after the interpreter has let go of its handlers, at exit, ends it by default)
        assert proc.returncode in (0, -signal.SIGTERM)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def test_wait_returns_as_soon_as_a_stop_is_requested() -> None:
    from citytwin.ingest.iot.mqtt_workers import StopRequest

    stop = StopRequest()
    start = time.monotonic()
    assert not stop.wait(0.1)
    assert time.monotonic() - start >= 0.1
    stop.requested = True
    start = time.monotonic()
    assert stop.wait(10)
    assert time.monotonic() - start < 0.5


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_install_handles_sigterm_and_sigint(signum: int) -> None:
    from citytwin.ingest.iot.mqtt_workers import StopRequest

    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        stop = StopRequest().install()
        signal.raise_signal(signum)
        assert stop.wait(1)
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)
