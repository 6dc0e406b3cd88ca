"""Fixtures of the federation tests: the ``api`` client (both backends) and real ``citytwin serve``s."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from tests.api.conftest import api  # noqa: F401 (the fixture, for the tests of this folder)

V1 = "/ngsi-ld/v1"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def healthy(port: int) -> bool:
    """Whether a citytwin answers /health on the port."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/health")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


@dataclass
class Server:
    """A running ``citytwin serve`` on its own SQLite store."""

    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def endpoint(self) -> str:
        """What a registration names as its endpoint."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """Its NGSI-LD API root."""
        return f"{self.endpoint}{V1}"

    def stop(self) -> None:
        """Terminate it (and wait)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_servers(tmp: Path, names: list[str]) -> list[Server]:
    """Start one ``citytwin serve`` per name, in parallel, each on a fresh SQLite store; wait for /health."""
    servers = []
    for name in names:
        port = free_port()
        log = tmp / f"{name}.log"
        cmd = [
            sys.executable,
            "-m",
            "citytwin.cli",
            "serve",
            "--db",
            f"sqlite:///{tmp / name}.db",
            "--port",
            str(port),
        ]
        with log.open("wb") as out:  # a file, not a pipe: an unread pipe would block the server once full
            servers.append(Server(port, subprocess.Popen(cmd, stdout=out, stderr=out), log))
    deadline = time.monotonic() + 90
    for server in servers:
        while not healthy(server.port):
            if server.process.poll() is not None or time.monotonic() > deadline:
                for s in servers:
                    s.stop()
                pytest.fail(f"citytwin serve did not start: {server.log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
    return servers


@dataclass
class Receiver:
    """A real HTTP server on loopback that records what is POSTed to it and answers with ``status``."""

    port: int
    status: int = 200
    delay_s: float = 0.0
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """Its base URL."""
        return f"http://127.0.0.1:{self.port}"

    def wait_for(self, n: int, timeout_s: float = 20.0) -> list[tuple[dict[str, str], bytes]]:
        """Block until ``n`` requests arrived (or fail)."""
        deadline = time.monotonic() + timeout_s
        while len(self.received) < n:
            if time.monotonic() > deadline:
                pytest.fail(f"expected {n} requests at {self.url}, got {len(self.received)}")
            time.sleep(0.02)
        return self.received


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A recording HTTP receiver (for notifications, and as a broker that answers errors or slowly)."""
    rec = Receiver(free_port())

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            rec.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            if rec.delay_s:
                time.sleep(rec.delay_s)
            payload = (
                b'{"type":"https://uri.etsi.org/ngsi-ld/errors/InternalError","title":"t","detail":"broken"}'
            )
            self.send_response(rec.status)
            self.send_header("Content-Type", "application/json")
            data = (
                b"[]" if rec.status < 300 and self.command == "GET" else payload if rec.status >= 300 else b""
            )
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", rec.port), Handler)
    server.daemon_threads = True
    rec.server = server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield rec
    finally:
        server.shutdown()
        server.server_close()
