"""The keep-alive HTTP/1.1 client of forwarded requests, against real loopback servers, and lazy answers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import msgspec
import pytest

from citytwin.federation.http1 import Http1Pool, Unreachable
from citytwin.federation.wire import LazyEntity, lazy_entities

Handler = Callable[["_Recorder", asyncio.StreamWriter, int], Awaitable[None]]


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, dict[str, str], bytes]:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:] if h)}
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return head[0], headers, body


async def _with_server(handler: Handler, work: Callable[[str], Awaitable[None]]) -> list[str]:
    """Run ``work(base_url)`` against a server calling ``handler`` per connection; the request lines seen."""
    seen: list[str] = []
    connections = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        number = connections
        try:
            await handler(_Recorder(reader, seen), writer, number)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        await work(f"http://127.0.0.1:{port}")
    finally:
        server.close()
    seen.append(f"connections={connections}")
    return seen


class _Recorder:
    """A reader whose requests are recorded by the test server."""

    def __init__(self, reader: asyncio.StreamReader, seen: list[str]) -> None:
        self.reader = reader
        self.seen = seen

    async def request(self) -> tuple[str, dict[str, str], bytes]:
        line, headers, body = await _read_request(self.reader)
        self.seen.append(line)
        return line, headers, body


def _answer(status: str, body: bytes, *extra: str) -> bytes:
    head = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", *extra]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def test_keep_alive_connection_is_reused_and_params_are_encoded() -> None:
    async def handler(rec: _Recorder, writer: asyncio.StreamWriter, _n: int) -> None:
        while True:
            _line, headers, body = await rec.request()
            writer.write(_answer("200 OK", b'{"echo": "%s"}' % body, "NGSILD-Results-Count: 7"))
            assert headers["accept"] == "application/json"

    pool = Http1Pool()
    replies = []

    async def work(base: str) -> None:
        for k in range(3):
            replies.append(
                await pool.request(
                    "POST" if k == 2 else "GET",
                    base + "/ngsi-ld/v1/entities" if k < 2 else base + "/ngsi-ld/v1/entities/urn:a%20b/é",
                    params=[("q", 'floors>5;name=="a b"'), ("limit", "100")],
                    headers=[("Accept", "application/json")],
                    content=b"x" if k == 2 else None,
                    timeout_s=5,
                )
            )
        pool.close()

    seen = asyncio.run(_with_server(handler, work))
    assert seen[-1] == "connections=1"
    assert seen[0] == "GET /ngsi-ld/v1/entities?q=floors%3E5%3Bname%3D%3D%22a%20b%22&limit=100 HTTP/1.1"
    assert seen[2].startswith("POST /ngsi-ld/v1/entities/urn:a%20b/%C3%A9?q=")
    assert [r.status for r in replies] == [200, 200, 200]
    assert replies[2].content == b'{"echo": "x"}'
    assert replies[0].headers["ngsild-results-count"] == "7"


def test_chunked_close_delimited_and_connection_close_answers() -> None:
    async def handler(rec: _Recorder, writer: asyncio.StreamWriter, n: int) -> None:
        line, _, _ = await rec.request()
        if "chunked" in line:
            writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            writer.write(b"5\r\n[1, 2\r\n3;ext=1\r\n, 3\r\n1\r\n]\r\n0\r\nX-Trailer: y\r\n\r\n")
            line, _, _ = await rec.request()  # still open: the next request on the same connection
        if "close" in line:
            writer.write(_answer("200 OK", b"[]", "Connection: close"))
            await writer.drain()
            return
        writer.write(
            b'HTTP/1.0 200 OK\r\n\r\n{"until": "closed"}'
        )  # no length: the body ends with the connection
        await writer.drain()

    pool = Http1Pool()
    bodies = []

    async def work(base: str) -> None:
        for path in ("/chunked", "/close", "/plain"):
            reply = await pool.request("GET", base + path, timeout_s=5)
            bodies.append(reply.content)
        pool.close()

    seen = asyncio.run(_with_server(handler, work))
    assert bodies == [b"[1, 2, 3]", b"[]", b'{"until": "closed"}']
    assert seen[-1] == "connections=2"  # the chunked answer kept its connection; Connection: close did not


def test_a_connection_the_source_closed_while_idle_is_replaced() -> None:
    async def handler(rec: _Recorder, writer: asyncio.StreamWriter, _n: int) -> None:
        await rec.request()
        writer.write(_answer("200 OK", b"[]"))
        await writer.drain()
        # then the server drops the connection without saying so (an idle timeout)

    pool = Http1Pool()
    statuses = []

    async def work(base: str) -> None:
        for _ in range(3):
            statuses.append((await pool.request("GET", base + "/x", timeout_s=5)).status)
        pool.close()

    seen = asyncio.run(_with_server(handler, work))
    assert statuses == [200, 200, 200]
    assert seen[-1] == "connections=3"


def test_failures_are_unreachable_or_timeouts() -> None:
    async def handler(rec: _Recorder, writer: asyncio.StreamWriter, _n: int) -> None:
        line, _, _ = await rec.request()
        if "slow" in line:
            await asyncio.sleep(2)
        elif "garbage" in line:
            writer.write(b"SSH-2.0-OpenSSH\r\n\r\n")
        else:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")  # then closed early
        await writer.drain()

    pool = Http1Pool()
    failures: list[BaseException] = []

    async def work(base: str) -> None:
        for path, timeout in (("/slow", 0.2), ("/garbage", 5.0), ("/short", 5.0)):
            try:
                await pool.request("GET", base + path, timeout_s=timeout)
            except (Unreachable, TimeoutError) as err:
                failures.append(err)
        pool.close()

    asyncio.run(_with_server(handler, work))
    assert isinstance(failures[0], TimeoutError)
    assert [getattr(f, "reason", None) for f in failures[1:]] == [
        "RemoteProtocolError",
        "RemoteProtocolError",
    ]

    with pytest.raises(Unreachable) as injected:  # nothing is sent: no connection needed
        asyncio.run(pool.request("GET", "http://127.0.0.1:9/", headers=[("X", "a\r\nEvil: 1")], timeout_s=1))
    assert injected.value.reason == "LocalProtocolError"
    with pytest.raises(Unreachable) as refused:
        asyncio.run(_refused(pool))
    assert refused.value.reason == "ConnectError"


async def _refused(pool: Http1Pool) -> None:
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    await pool.request("GET", f"http://127.0.0.1:{port}/", timeout_s=5)


def test_lazy_entities_read_ids_and_decode_the_rest_on_demand() -> None:
    items = [{"id": "urn:a", "type": ["A", "B"], "x": {"type": "Property", "value": 1}}, {"id": "urn:b"}]
    lazy = lazy_entities(msgspec.json.encode(items))
    assert lazy is not None
    assert [(e.id, e.type) for e in lazy] == [("urn:a", ["A", "B"]), ("urn:b", None)]
    assert [e.decoded() for e in lazy] == items
    assert all(isinstance(e, LazyEntity) for e in lazy)
    # Anything else is decoded in full by the caller, where each problem gets its warning.
    for odd in ({"id": "urn:a"}, [{"type": "A"}], [{"id": 5}], ["urn:a"], "not json"):
        content = odd.encode() if isinstance(odd, str) else msgspec.json.encode(odd)
        assert lazy_entities(content) is None
