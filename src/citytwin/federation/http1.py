"""A small HTTP/1.1 client over asyncio streams for forwarding to plain ``http://`` context sources.

A federated query spends most of the broker's time in its HTTP client: httpx costs about 2 ms of CPU per
forwarded request of a 180 KB answer, a bare keep-alive exchange on asyncio streams about 0.4 ms
(bench/bench_federation.py). This client does only what forwarding needs: one request at a time per
connection, keep-alive connections pooled per host, ``Content-Length``, chunked or read-until-close bodies,
and a timeout over the whole exchange. TLS, proxies and injected transports stay with httpx
(:class:`citytwin.federation.client.SourceClient` picks).

Failures raise :class:`Unreachable` (no answer: refused, reset, malformed) or :class:`TimeoutError`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

MAX_IDLE = 32
"""Idle keep-alive connections kept per host."""
BUFFER = 1 << 20
"""Stream buffer: the longest header block accepted, and how much of a body is read ahead."""
_NO_BODY = frozenset({204, 304})


class Unreachable(Exception):
    """No usable answer: the connection failed or the answer was not HTTP/1.1 (``reason``: why)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class Reply:
    """An answer: status, headers (lower-case names; repeated ones joined with ``, ``) and body."""

    status: int
    headers: dict[str, str]
    content: bytes


@dataclass(slots=True)
class _Conn:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    def usable(self) -> bool:
        return not self.writer.transport.is_closing() and not self.reader.at_eof()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.transport.abort()


class Http1Pool:
    """Keep-alive connections per (host, port) of the running event loop."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle: dict[tuple[str, int], list[_Conn]] = {}

    @staticmethod
    def handles(url: str) -> bool:
        """Whether this client can send to ``url`` (plain http, no credentials in the URL)."""
        return url.startswith("http://") and "@" not in urlsplit(url).netloc

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Iterable[tuple[str, str]] = (),
        headers: Iterable[tuple[str, str]] = (),
        content: bytes | None = None,
        timeout_s: float,
        idempotent: bool | None = None,
    ) -> Reply:
        """Send one request and read the whole answer.

        An ``idempotent`` request (by default GET and HEAD) whose reused connection closes before any answer
        is sent once more on a fresh one; any other is never sent twice.
        """
        if idempotent is None:
            idempotent = method in ("GET", "HEAD")
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or 80
        target = quote(parts.path or "/", safe="/:@!$&'()*+,;=%~")  # escapes already there are kept
        # Spaces as %20, not +: a source that is no citytwin may not read form encoding (httpx does the same).
        query = "&".join(q for q in (parts.query, urlencode(list(params), quote_via=quote)) if q)
        if query:
            target += "?" + query
        lines = [f"{method} {target} HTTP/1.1", f"Host: {parts.netloc}"]
        lines.extend(f"{k}: {v}" for k, v in headers)
        if content is not None or method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(content or b'')}")
        if any("\r" in line or "\n" in line or "\0" in line for line in lines):
            raise Unreachable("LocalProtocolError")  # a header value would end its line: never sent
        try:
            head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        except UnicodeEncodeError:
            raise Unreachable("LocalProtocolError") from None
        async with asyncio.timeout(timeout_s):
            for attempt in (0, 1):
                conn, reused = await self._take(host, port)
                try:
                    reply, keep = await _exchange(conn, head, content, method)
                except _Stale:
                    conn.close()
                    if reused and idempotent and attempt == 0:
                        continue  # the source closed an idle connection: try once on a fresh one
                    raise Unreachable("RemoteProtocolError") from None
                except BaseException:
                    conn.close()
                    raise
                if keep:
                    self._give(host, port, conn)
                else:
                    conn.close()
                return reply
        raise AssertionError("unreachable")  # pragma: no cover

    async def _take(self, host: str, port: int) -> tuple[_Conn, bool]:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # connections belong to the loop that opened them
            self.close()
            self._loop = loop
        idle = self._idle.get((host, port))
        while idle:
            conn = idle.pop()
            if conn.usable():
                return conn, True
            conn.close()
        try:
            reader, writer = await asyncio.open_connection(host, port, limit=BUFFER)
        except OSError as err:
            raise Unreachable("ConnectError") from err
        return _Conn(reader, writer), False

    def _give(self, host: str, port: int, conn: _Conn) -> None:
        idle = self._idle.setdefault((host, port), [])
        if len(idle) < MAX_IDLE and conn.usable():
            idle.append(conn)
        else:
            conn.close()

    def close(self) -> None:
        """Close every idle connection."""
        for idle in self._idle.values():
            for conn in idle:
                conn.close()
        self._idle.clear()


class _Stale(Exception):
    """The connection closed before any byte of an answer came back."""


async def _exchange(conn: _Conn, head: bytes, content: bytes | None, method: str) -> tuple[Reply, bool]:
    """Write the request, read the answer; also whether the connection may be reused."""
    reader, writer = conn.reader, conn.writer
    try:
        writer.write(head + content if content else head)
        await writer.drain()
        raw = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError) as err:
        if isinstance(err, asyncio.IncompleteReadError) and err.partial:
            raise Unreachable("RemoteProtocolError") from err
        raise _Stale from err
    except (asyncio.LimitOverrunError, ValueError) as err:
        raise Unreachable("RemoteProtocolError") from err
    except OSError as err:
        raise Unreachable("ReadError") from err
    status, headers = _parse_head(raw)
    keep = headers.get("connection", "").lower() != "close"
    try:
        if method == "HEAD" or status in _NO_BODY or 100 <= status < 200:
            body = b""
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            body = await _chunked(reader)
        elif "content-length" in headers:
            length = headers["content-length"]
            if not length.isdigit():
                raise Unreachable("RemoteProtocolError")
            body = await reader.readexactly(int(length))
        else:
            body = await reader.read()  # delimited by the end of the connection
            keep = False
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as err:
        raise Unreachable("RemoteProtocolError") from err
    except OSError as err:
        raise Unreachable("ReadError") from err
    return Reply(status, headers, body), keep


def _parse_head(raw: bytes) -> tuple[int, dict[str, str]]:
    lines = raw.decode("latin-1").split("\r\n")
    bits = lines[0].split(" ", 2)
    if len(bits) < 2 or not bits[0].startswith("HTTP/1.") or not bits[1].isdigit():
        raise Unreachable("RemoteProtocolError")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise Unreachable("RemoteProtocolError")
        key = name.strip().lower()
        value = value.strip()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return int(bits[1]), headers


async def _chunked(reader: asyncio.StreamReader) -> bytes:
    """A chunked body (trailers are read and dropped)."""
    out = bytearray()
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":
                pass
            return bytes(out)
        out += await reader.readexactly(size)
        if await reader.readexactly(2) != b"\r\n":
            raise Unreachable("RemoteProtocolError")
