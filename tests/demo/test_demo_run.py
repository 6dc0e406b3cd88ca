"""`make demo`'s live part for real: ``citytwin serve`` and ``citytwin demo simulate`` on the tiny city.

The simulator rides out a server that goes away (one clear line, retries, resumes when it is back) and
stops quietly on SIGTERM; ``scripts/demo-run.sh`` (the Makefile's recipe) stops the simulator before the
server on Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
START_TIMEOUT_S = 180.0
QUICK = ("--mqtt", "none", "--step", "0.5")
"""Simulator options: readings over HTTP (the server under test), every half second."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(what: str, cond: Callable[[], bool], log: Path, timeout_s: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not cond():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}:\n" + log.read_text(errors="replace")[-3000:])
        time.sleep(0.2)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url + "/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _serve(db: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(BIN / "citytwin"), "serve", "--db", db, "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "CITYTWIN_LOG_LEVEL": "WARNING"},
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_the_simulator_rides_out_a_server_that_goes_away(tiny_db: str, tmp_path: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server_log, sim_log = tmp_path / "serve.log", tmp_path / "simulate.log"
    server = _serve(tiny_db, port, server_log)
    simulator: subprocess.Popen[bytes] | None = None
    try:
        _wait("the server", lambda: _answers(url), server_log)
        with sim_log.open("wb") as out:
            simulator = subprocess.Popen(
                [str(BIN / "citytwin"), "demo", "simulate", "--db", tiny_db, "--api", url, *QUICK],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        text = lambda: sim_log.read_text(errors="replace")  # noqa: E731
        _wait("the simulator's first send", lambda: " sent " in text(), sim_log)
        _stop(server)  # the API goes away under the simulator
        _wait("the simulator to notice", lambda: "does not answer" in text(), sim_log, 60)
        time.sleep(3)  # a few retries
        assert simulator.poll() is None, text()
        assert text().count("does not answer") == 1, text()  # one line, not one per retry
        server = _serve(tiny_db, port, server_log)
        _wait("the simulator to resume", lambda: "reachable again" in text(), sim_log)
        simulator.send_signal(signal.SIGTERM)
        assert simulator.wait(timeout=30) == 0, text()
        out = text()
        assert "simulator stopped" in out
        assert "Traceback" not in out and "Error:" not in out, out
    finally:
        if simulator is not None:
            _stop(simulator)
        _stop(server)


def test_demo_run_stops_the_simulator_before_the_server(tiny_db: str, tmp_path: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "demo-run.log"
    env = {
        **os.environ,
        "CITYTWIN_BIN": str(BIN),
        "DEMO_SERVE_ARGS": "--analytics",
        "CITYTWIN_LOG_LEVEL": "INFO",
    }
    with log.open("wb") as out:
        run = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "demo-run.sh"), tiny_db, str(port), *QUICK],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
            start_new_session=True,  # like a terminal's foreground job: the signal goes to the script alone
        )
    text = lambda: log.read_text(errors="replace")  # noqa: E731
    try:
        _wait("the URL", lambda: f"Shenzhen digital twin: {url}/" in text(), log)
        _wait("the simulator's first send", lambda: " sent " in text(), log)
        assert _answers(url)
        run.send_signal(signal.SIGINT)  # Ctrl-C
        assert run.wait(timeout=90) == 0, text()
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    out = text()
    assert "Traceback" not in out and "ConnectError" not in out, out
    # The simulator had stopped (its own last line) before the server was asked to stop.
    assert (
        out.index("stopping the simulator")
        < out.index("simulator stopped")
        < out.index("stopping the server")
    )
    assert not _answers(url)  # and the server is gone
