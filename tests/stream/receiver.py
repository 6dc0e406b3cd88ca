"""A real HTTP notification receiver for tests: a threaded server on a free loopback port.

It records every request (path, headers, JSON body) and answers with ``status`` (changeable while it runs,
or computed per request by ``decide``), so tests can take a receiver down and bring it back.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    """One request the receiver got."""

    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Receiver:
    """What the receiver saw, and how it answers."""

    port: int = 0
    status: int = 200
    decide: Callable[[], int] | None = None
    requests: list[Received] = field(default_factory=list)
    accepted: list[Received] = field(default_factory=list)
    cond: threading.Condition = field(default_factory=threading.Condition)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/notify"

    def wait(self, predicate: Callable[[list[Received]], bool], timeout: float = 20.0) -> list[Received]:
        """Block until ``predicate(accepted)`` holds (a test failure after ``timeout``)."""
        with self.cond:
            if not self.cond.wait_for(lambda: predicate(self.accepted), timeout=timeout):
                raise AssertionError(
                    f"receiver: condition not met; accepted {len(self.accepted)} notifications"
                )
            return list(self.accepted)

    def entities(self) -> list[dict[str, Any]]:
        """Every data element of every accepted notification, in arrival order."""
        with self.cond:
            return [item for r in self.accepted for item in r.body["data"]]


@contextmanager
def receiver(status: int = 200) -> Iterator[Receiver]:
    """Run a receiver until the block ends."""
    state = Receiver(status=status)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            code = state.decide() if state.decide is not None else state.status
            got = Received(self.path, {k: v for k, v in self.headers.items()}, json.loads(raw))
            with state.cond:
                state.requests.append(got)
                if 200 <= code < 300:
                    state.accepted.append(got)
                state.cond.notify_all()
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
