"""A lean HTTP/1.1 client for notification POSTs: keep-alive connections per target, nothing else.

General-purpose clients spend most of a small POST in their own machinery (httpcore scans every pooled
connection on each request); a notifier sends thousands of small POSTs a second to a handful of receivers,
so it uses this: a pool of idle keep-alive connections per (scheme, host, port), a request written in one
go, and a response read by ``Content-Length``, chunks or connection close. TLS for ``https``. A reused
connection that turns out to be closed by the receiver is retried once on a new one (the receiver closed
it before it read anything, so the notification was not taken).
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import Mapping
from urllib.parse import urlsplit

MAX_IDLE = 32
"""Idle connections kept per target."""
MAX_HEADER_BYTES = 65_536


class HttpError(Exception):
    """The exchange failed (connection refused or reset, malformed answer)."""


Conn = tuple[asyncio.StreamReader, asyncio.StreamWriter]


class HttpClient:
    """POSTs with keep-alive (see the module docstring)."""

    def __init__(self, *, ssl_context: ssl.SSLContext | None = None) -> None:
        self._ssl = ssl_context
        self._idle: dict[tuple[str, str, int], list[Conn]] = {}

    def _context(self) -> ssl.SSLContext:
        if self._ssl is None:
            self._ssl = ssl.create_default_context()
        return self._ssl

    async def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
        """POST ``body`` and return the status code; HttpError or TimeoutError when it fails."""
        parts = urlsplit(url)
        tls = parts.scheme == "https"
        host = parts.hostname or ""
        port = parts.port or (443 if tls else 80)
        target = (parts.scheme, host, port)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host_header = host if parts.port is None else f"{host}:{port}"
        if ":" in host and not host.startswith("["):
            host_header = f"[{host}]" if parts.port is None else f"[{host}]:{port}"
        lines = [f"POST {path} HTTP/1.1", f"Host: {host_header}", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        async with asyncio.timeout(timeout):
            while True:
                conn, reused = await self._connection(target, tls)
                try:
                    status, keep = await self._exchange(conn, request)
                except (ConnectionError, asyncio.IncompleteReadError) as err:
                    _close(conn)
                    if reused and isinstance(err, asyncio.IncompleteReadError) and not err.partial:
                        continue  # the receiver had closed this idle connection: try a fresh one
                    if reused and isinstance(err, ConnectionResetError | BrokenPipeError):
                        continue
                    raise HttpError(f"{type(err).__name__}: {err}") from err
                except BaseException:
                    _close(conn)
                    raise
                if keep:
                    idle = self._idle.setdefault(target, [])
                    if len(idle) < MAX_IDLE:
                        idle.append(conn)
                    else:
                        _close(conn)
                else:
                    _close(conn)
                return status

    async def _connection(self, target: tuple[str, str, int], tls: bool) -> tuple[Conn, bool]:
        idle = self._idle.get(target)
        while idle:
            conn = idle.pop()
            if not conn[0].at_eof() and not conn[1].is_closing():
                return conn, True
            _close(conn)
        try:
            reader, writer = await asyncio.open_connection(
                target[1], target[2], ssl=self._context() if tls else None, limit=MAX_HEADER_BYTES
            )
        except OSError as err:
            raise HttpError(f"cannot connect to {target[1]}:{target[2]}: {err.strerror or err}") from err
        return (reader, writer), False

    async def _exchange(self, conn: Conn, request: bytes) -> tuple[int, bool]:
        reader, writer = conn
        writer.write(request)
        await writer.drain()
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            status_line, *header_lines = head.decode("latin-1").split("\r\n")
            try:
                version, code, *_ = status_line.split(" ", 2)
                status = int(code)
            except ValueError:
                raise HttpError(f"malformed status line {status_line[:80]!r}") from None
            if 100 <= status < 200:
                continue  # an interim answer (100 Continue): the final one follows
            break
        fields: dict[str, str] = {}
        for line in header_lines:
            name, sep, value = line.partition(":")
            if sep:
                fields[name.strip().lower()] = value.strip()
        keep = version == "HTTP/1.1" and fields.get("connection", "").lower() != "close"
        if "chunked" in fields.get("transfer-encoding", "").lower():
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await reader.readexactly(size + 2)
                if size == 0:
                    break
        elif "content-length" in fields:
            await reader.readexactly(int(fields["content-length"]))
        elif status not in (204, 304):
            while await reader.read(65_536):  # the body ends when the receiver closes the connection
                pass
            keep = False
        return status, keep

    async def aclose(self) -> None:
        """Close every idle connection."""
        pools, self._idle = self._idle, {}
        for conns in pools.values():
            for conn in conns:
                _close(conn)


def _close(conn: Conn) -> None:
    with contextlib.suppress(Exception):
        conn[1].close()
