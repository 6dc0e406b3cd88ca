"""Real-time push end to end: WebSocket fan-out and HTTP subscriptions against a real ``citytwin serve``.

Two workloads, each on a fresh embedded store, with the load generated in other processes:

* **WebSocket**: ``clients`` WebSocket clients (asyncio, in ``client_procs`` processes), each watching one
  Shenzhen district (``type=Building`` + ``adminCode``), while a writer process applies ``ws_rate`` entity
  updates/s (batched merges through ``/entityOperations/upsert?options=update``) for ``seconds``. Each update
  carries the writer's send time, so a client measures update → client latency; every client checks that
  it received every update of its district (per-filter ``seq`` without gaps, no ``lagged`` message, and the
  count the writer applied). Targets: p99 ≤ 1 s, no missed update.
* **HTTP subscriptions**: ``subs`` NGSI-LD subscriptions (throttling off, all on ``Building``) notifying a
  local receiver process while ``http_rate`` updates/s are applied. Target: p99 notification latency ≤ 1 s;
  every subscription must receive every update.

    .venv/bin/python bench/bench_stream.py --quick
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import http.client
import json
import multiprocessing as mp
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import numpy as np

V1 = "/ngsi-ld/v1"
DISTRICTS = (
    "440303",
    "440304",
    "440305",
    "440306",
    "440307",
    "440308",
    "440309",
    "440310",
    "440311",
    "440312",
)
"""Shenzhen's districts (GB/T 2260): Luohu, Futian, Nanshan, Bao'an, Longgang, Yantian, Longhua, Pingshan,
Guangming (and the Dapeng new district's code slot 440312 stands in for it)."""
BUCKET_MS = 1.0
BUCKETS = 60_000
TICK_S = 0.05


# -- the server -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


SERVERS: dict[int, int] = {}
"""Port → pid of the ``citytwin serve`` processes running now (for CPU accounting)."""


@contextlib.contextmanager
def serve(url: str, log: Path, env: dict[str, str] | None = None) -> Iterator[int]:
    """``citytwin serve`` (one granian worker) on a free port."""
    port = free_port()
    exe = Path(sys.executable).with_name("citytwin")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from citytwin.cli import main; main()"]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*cmd, "serve", "--db", url, "--port", str(port), "--workers", "1"],
            stdout=out,
            stderr=out,
            env={**os.environ, **(env or {})},
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            with contextlib.suppress(OSError):
                if request(port, "GET", "/health")[0] == 200:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"citytwin serve did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        SERVERS[port] = proc.pid
        yield port
    finally:
        SERVERS.pop(port, None)
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def request(port: int, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        data = None if body is None else json.dumps(body).encode()
        conn.request(method, path, body=data, headers={"Content-Type": "application/json"} if data else {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    """The pid and every descendant's (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(parents.get(p, ()))
    return out


def tree_cpu(pid: int) -> dict[int, float]:
    """CPU seconds so far of a process and its descendants, per pid."""
    return {p: _proc_cpu(p) for p in _children(pid)}


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two :func:`tree_cpu` readings (processes started meanwhile count whole)."""
    return sum(v - before.get(p, 0.0) for p, v in after.items())


def entity_id(code: str, i: int) -> str:
    return f"urn:ngsi-ld:Building:{code}-{i:05d}"


def seed(port: int, per_district: int) -> None:
    """``per_district`` buildings in each district."""
    batch = []
    for code in DISTRICTS:
        for i in range(per_district):
            batch.append(
                {
                    "id": entity_id(code, i),
                    "type": "Building",
                    "adminCode": {"type": "Property", "value": code},
                    "height": {"type": "Property", "value": 0},
                    "sent": {"type": "Property", "value": 0.0},
                }
            )
            if len(batch) == 1000:
                assert request(port, "POST", f"{V1}/entityOperations/upsert", batch)[0] in (201, 204)
                batch = []
    if batch:
        assert request(port, "POST", f"{V1}/entityOperations/upsert", batch)[0] in (201, 204)


# -- the writer ------------------------------------------------------------------------------------------


def writer(port: int, url: str, mode: str, rate: int, seconds: float, per_district: int, out: Any) -> None:
    """Apply ``rate`` updates/s for ``seconds`` in batches every TICK_S; report what was applied.

    ``mode`` ``api``: merges through ``/entityOperations/upsert?options=update`` (the API's write path);
    ``store``: an ingest worker's path, ``upsert_many(merge=True)`` on the store wrapped by
    :func:`citytwin.stream.changelog.record_changes` (its changes reach the server through the change log).
    """
    ids = [(code, entity_id(code, i)) for i in range(per_district) for code in DISTRICTS]
    per_tick = max(1, round(rate * TICK_S))
    applied = dict.fromkeys(DISTRICTS, 0)
    cursor = 0
    if mode == "api":
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

        def apply(batch: list[tuple[str, int, float]]) -> None:
            body = [
                {
                    "id": eid,
                    "type": "Building",
                    "height": {"type": "Property", "value": h},
                    "sent": {"type": "Property", "value": t},
                }
                for eid, h, t in batch
            ]
            conn.request(
                "POST",
                f"{V1}/entityOperations/upsert?options=update",
                body=json.dumps(body).encode(),
                headers={"Content-Type": "application/json"},
            )
            resp = conn.getresponse()
            resp.read()
            assert resp.status in (201, 204), resp.status

        close = conn.close
    else:
        from citytwin.core.entities import Entity, prop
        from citytwin.storage.registry import open_store
        from citytwin.stream.changelog import record_changes

        store = open_store(url)
        observed, recorder = record_changes(store, origin="bench")
        tenant = observed.tenant()

        def apply(batch: list[tuple[str, int, float]]) -> None:
            entities = [
                Entity(eid, ("Building",), {"height": [prop(h)], "sent": [prop(t)]}) for eid, h, t in batch
            ]
            tenant.upsert_many(entities, merge=True)

        def close() -> None:
            recorder.close()
            store.close()

    start = time.monotonic()
    next_tick = start
    while time.monotonic() - start < seconds:
        batch = []
        for _ in range(per_tick):
            code, eid = ids[cursor % len(ids)]
            cursor += 1
            applied[code] += 1
            batch.append((eid, cursor, time.time()))
        apply(batch)
        next_tick += TICK_S
        delay = next_tick - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    elapsed = time.monotonic() - start
    close()
    out.put(
        {
            "applied": applied,
            "total": cursor,
            "rate": cursor / elapsed,
            "seconds": elapsed,
            "cpu": time.process_time(),
        }
    )


# -- WebSocket clients -------------------------------------------------------------------------------------


def ws_clients(port: int, count: int, first: int, ready: Any, stop: Any, out: Any) -> None:
    """``count`` clients (client k watches DISTRICTS[k % 10]); report counts, gaps and a latency histogram."""
    import websockets

    hist = [0] * (BUCKETS + 1)  # a list: a Python int increment costs less than a numpy scalar one
    server_hist = [0] * (BUCKETS + 1)
    """Change's instant (as the writer's store stamped it) → client: the server's share of the latency."""
    decode = msgspec.json.Decoder().decode
    instants: dict[str, float] = {}

    def instant(text: str) -> float:
        found = instants.get(text)
        if found is None:
            if len(instants) > 100_000:
                instants.clear()
            found = instants[text] = dt.datetime.fromisoformat(text).timestamp()
        return found

    async def client(k: int, stats: dict[str, Any]) -> None:
        code = DISTRICTS[k % len(DISTRICTS)]
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/stream/ws", max_size=None, open_timeout=60
        ) as ws:
            await ws.send(
                json.dumps(
                    {
                        "op": "subscribe",
                        "sub": code,
                        "type": "Building",
                        "adminCode": code,
                        "attrs": ["height", "sent"],
                    }
                )
            )
            assert decode(await ws.recv())["op"] == "subscribed"
            stats["ready"] += 1
            got = last_seq = gaps = 0
            lagged = False
            while not stop.is_set():
                try:
                    raw = await asyncio.wait_for(ws.recv(), 0.5)
                except TimeoutError:
                    continue
                now = time.time()
                message = decode(raw)
                if message["op"] == "lagged":
                    lagged = True
                    continue
                if message["seq"] != last_seq + 1:
                    gaps += 1
                last_seq = message["seq"] + len(message["changes"]) - 1
                for d in message["changes"]:
                    got += 1
                    sent = d["attrs"].get("sent")
                    if sent:
                        hist[min(BUCKETS, int((now - sent) * 1000 / BUCKET_MS))] += 1
                        at = max(0.0, now - instant(d["at"]))
                        server_hist[min(BUCKETS, int(at * 1000 / BUCKET_MS))] += 1
            stats["clients"].append({"code": code, "got": got, "gaps": gaps, "lagged": lagged})

    async def main() -> None:
        stats: dict[str, Any] = {"ready": 0, "clients": []}
        tasks = []
        for k in range(first, first + count):
            tasks.append(asyncio.create_task(client(k, stats)))
            await asyncio.sleep(0.002)  # do not storm the server's accept queue
        while stats["ready"] < count:
            await asyncio.sleep(0.05)
        ready.put(count)
        await asyncio.gather(*tasks)
        out.put(
            {
                "clients": stats["clients"],
                "hist": np.array(hist, dtype=np.int64),
                "server_hist": np.array(server_hist, dtype=np.int64),
                "cpu": time.process_time(),
            }
        )

    asyncio.run(main())


def percentile(hist: np.ndarray, q: float) -> float:
    """The q-quantile (0..1) of a millisecond histogram, in milliseconds."""
    total = int(hist.sum())
    if total == 0:
        return float("nan")
    rank = int(np.ceil(q * total))
    return float(np.searchsorted(np.cumsum(hist), rank) * BUCKET_MS)


def bench_websocket(
    clients: int, rate: int, seconds: float, client_procs: int, tmp: Path, mode: str = "store"
) -> list[dict[str, Any]]:
    per_district = max(50, rate // 20)
    url = f"sqlite:///{tmp / 'ws.db'}"
    with serve(url, tmp / "ws.log") as port:
        seed(port, per_district)
        ctx = mp.get_context("fork")
        ready, out, stop = ctx.Queue(), ctx.Queue(), ctx.Event()
        procs = []
        share = -(-clients // client_procs)
        for p in range(client_procs):
            n = min(share, clients - p * share)
            if n > 0:
                procs.append(ctx.Process(target=ws_clients, args=(port, n, p * share, ready, stop, out)))
        for proc in procs:
            proc.start()
        connected = sum(ready.get(timeout=300) for _ in procs)
        wout = ctx.Queue()
        w = ctx.Process(target=writer, args=(port, url, mode, rate, seconds, per_district, wout))
        cpu_before = tree_cpu(SERVERS[port])
        w.start()
        written = wout.get(timeout=seconds + 600)
        w.join()
        time.sleep(min(30.0, 2.0 + seconds / 2))  # let the last deltas arrive
        server_cpu = cpu_used(cpu_before, tree_cpu(SERVERS[port]))
        stop.set()
        results = [out.get(timeout=120) for _ in procs]
        for proc in procs:
            proc.join(timeout=30)
    hist = sum((r["hist"] for r in results), np.zeros(BUCKETS + 1, dtype=np.int64))
    server_hist = sum((r["server_hist"] for r in results), np.zeros(BUCKETS + 1, dtype=np.int64))
    per_client = [c for r in results for c in r["clients"]]
    missed = sum(
        1 for c in per_client if c["lagged"] or c["gaps"] or c["got"] < written["applied"][c["code"]]
    )
    delivered = sum(c["got"] for c in per_client)
    label = f"{connected} clients, {written['rate']:,.0f} updates/s for {written['seconds']:.0f} s"
    note = f"{label} ({mode} writer); {delivered:,} deltas delivered; target rate {rate:,}/s"
    cpu_note = (
        f"{label}: server {server_cpu:.1f} CPU-s, writer {written['cpu']:.1f} CPU-s,"
        f" clients {sum(r['cpu'] for r in results):.1f} CPU-s (whole run)"
    )
    return [
        {
            "name": "WebSocket write→client latency p99",
            "value": percentile(server_hist, 0.99),
            "unit": "ms",
            "lower_is_better": True,
            "note": f"from the instant the writer's store gave the change; {note}",
        },
        {
            "name": "WebSocket server CPU per update",
            "value": server_cpu * 1000 / max(1, written["total"]),
            "unit": "CPU-ms",
            "lower_is_better": True,
            "note": cpu_note,
        },
        {
            "name": "WebSocket server CPU per delta delivered",
            "value": server_cpu * 1e6 / max(1, delivered),
            "unit": "CPU-µs",
            "lower_is_better": True,
            "note": cpu_note,
        },
        {
            "name": "WebSocket update→client latency p50",
            "value": percentile(hist, 0.5),
            "unit": "ms",
            "lower_is_better": True,
            "note": note,
        },
        {
            "name": "WebSocket update→client latency p99",
            "value": percentile(hist, 0.99),
            "unit": "ms",
            "target": 1000,
            "lower_is_better": True,
            "note": note,
        },
        {
            "name": "WebSocket clients that missed an update",
            "value": missed,
            "unit": "clients",
            "target": 0,
            "lower_is_better": True,
            "note": note,
        },
        {
            "name": "WebSocket updates applied",
            "value": written["rate"],
            "unit": "updates/s",
            "target": round(rate * 0.98),  # the writer's pacing loses a little
            "note": f"the writer's achieved rate ({mode} writer: batched merges, 20 batches/s)",
        },
    ]


# -- HTTP subscriptions --------------------------------------------------------------------------------------


class _Value(msgspec.Struct):
    value: float


class _Item(msgspec.Struct):
    sent: _Value | None = None


class _Note(msgspec.Struct):
    data: list[_Item]
    """Only what the receiver measures is decoded (the rest is skipped by msgspec, not built)."""


def receiver(port_out: Any, stop: Any, out: Any) -> None:
    """A minimal HTTP/1.1 receiver (keep-alive): latency of every notified entity, counts per path."""
    hist = np.zeros(BUCKETS + 1, dtype=np.int64)
    counts: dict[str, int] = {}
    decode = msgspec.json.Decoder(_Note).decode

    async def handle(reader: asyncio.StreamReader, writer_: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                length = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                body = await reader.readexactly(length)
                now = time.time()
                note = decode(body)
                counts[path] = counts.get(path, 0) + len(note.data)
                sent = np.fromiter((i.sent.value for i in note.data if i.sent), np.float64)
                if len(sent):
                    ms = np.minimum(BUCKETS, ((now - sent) * (1000 / BUCKET_MS)).astype(np.int64))
                    np.add.at(hist, ms, 1)
                writer_.write(b"HTTP/1.1 204 No Content\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # the notifier closed the connection, or the bench is over
        finally:
            writer_.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        port_out.put(server.sockets[0].getsockname()[1])
        while not stop.is_set():
            await asyncio.sleep(0.2)
        server.close()
        out.put({"hist": hist, "counts": counts, "cpu": time.process_time()})

    asyncio.run(main())


def bench_http(
    subs: int, rate: int, seconds: float, tmp: Path, mode: str = "store", receivers: int = 1
) -> list[dict[str, Any]]:
    """``subs`` subscriptions spread over ``receivers`` receiver processes (each a separate target)."""
    per_district = max(50, rate // 20)
    url = f"sqlite:///{tmp / 'http.db'}"
    with serve(url, tmp / "http.log") as port:
        seed(port, per_district)
        ctx = mp.get_context("fork")
        port_q, out, stop = ctx.Queue(), ctx.Queue(), ctx.Event()
        rxs = [ctx.Process(target=receiver, args=(port_q, stop, out)) for _ in range(receivers)]
        for rx in rxs:
            rx.start()
        rx_ports = [port_q.get(timeout=60) for _ in rxs]
        for i in range(subs):
            body = {
                "type": "Subscription",
                "entities": [{"type": "Building"}],
                "watchedAttributes": ["height"],
                "notification": {
                    "attributes": ["height", "sent"],
                    "endpoint": {"uri": f"http://127.0.0.1:{rx_ports[i % receivers]}/s{i}"},
                },
            }
            assert request(port, "POST", f"{V1}/subscriptions", body)[0] == 201
        wout = ctx.Queue()
        w = ctx.Process(target=writer, args=(port, url, mode, rate, seconds, per_district, wout))
        cpu_before = tree_cpu(SERVERS[port])
        w.start()
        written = wout.get(timeout=seconds + 600)
        w.join()
        expected = written["total"]
        deadline = time.monotonic() + 120
        received = 0
        while time.monotonic() < deadline:  # wait for the backlog (the log has it all) to drain
            status = [json.loads(request(port, "GET", f"{V1}/subscriptions?limit=1000")[1])]
            sent = sum(s["notification"].get("timesSent", 0) for s in status[0])
            if received == sent and sent > 0:
                break
            received = sent
            time.sleep(2)
        server_cpu = cpu_used(cpu_before, tree_cpu(SERVERS[port]))
        stop.set()
        results = [out.get(timeout=120) for _ in rxs]
        for rx in rxs:
            rx.join(timeout=30)
    hist = sum((r["hist"] for r in results), np.zeros(BUCKETS + 1, dtype=np.int64))
    counts = {path: n for r in results for path, n in r["counts"].items()}
    receiver_cpu = sum(r["cpu"] for r in results)
    complete = sum(1 for i in range(subs) if counts.get(f"/s{i}", 0) >= expected)
    total = sum(counts.values())
    note = (
        f"{subs} subscriptions, {mode} writer, {written['rate']:,.0f} updates/s"
        f" for {written['seconds']:.0f} s (target {rate:,}/s); {total:,} entity notifications"
    )
    cpu_note = (
        f"{note}; server {server_cpu:.1f} CPU-s, writer {written['cpu']:.1f} CPU-s,"
        f" receivers ({receivers}) {receiver_cpu:.1f} CPU-s"
    )
    return [
        {
            "name": "HTTP server CPU per notified entity",
            "value": server_cpu * 1e6 / max(1, total),
            "unit": "CPU-µs",
            "lower_is_better": True,
            "note": cpu_note,
        },
        {
            "name": "HTTP notification latency p50",
            "value": percentile(hist, 0.5),
            "unit": "ms",
            "lower_is_better": True,
            "note": note,
        },
        {
            "name": "HTTP notification latency p99",
            "value": percentile(hist, 0.99),
            "unit": "ms",
            "target": 1000,
            "lower_is_better": True,
            "note": note,
        },
        {
            "name": "HTTP subscriptions that got every update",
            "value": complete,
            "unit": "subscriptions",
            "target": subs,
            "note": note,
        },
        {
            "name": "HTTP updates applied",
            "value": written["rate"],
            "unit": "updates/s",
            "target": round(rate * 0.98),
            "note": f"the writer's achieved rate while {subs} subscriptions were notified",
        },
    ]


def run(
    clients: int = 1000,
    ws_rate: int = 10_000,
    subs: int = 100,
    http_rate: int = 5_000,
    seconds: float = 20.0,
    client_procs: int = 4,
    writer_mode: str = "store",
    receivers: int = 2,
) -> list[dict[str, Any]]:
    """Both workloads; result rows for bench/run.py."""
    quick = clients < 1000
    with tempfile.TemporaryDirectory(prefix="ct-bench-stream-") as tmp:
        rows = bench_websocket(clients, ws_rate, seconds, client_procs, Path(tmp), writer_mode)
        rows += bench_http(subs, http_rate, seconds, Path(tmp), writer_mode, receivers)
    if quick:
        for row in rows:
            row["note"] = "quick run: " + row["note"]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="50 clients at 500 updates/s, 10 subs at 500/s")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--ws-rate", type=int, default=10_000)
    parser.add_argument("--subs", type=int, default=100)
    parser.add_argument("--http-rate", type=int, default=5_000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--only", choices=("ws", "http"))
    parser.add_argument("--client-procs", type=int, help="WebSocket client processes (default 4 from 400)")
    parser.add_argument("--receivers", type=int, default=2, help="HTTP receiver processes")
    parser.add_argument(
        "--writer",
        choices=("store", "api"),
        default="store",
        help="apply updates as an ingest worker (store) or through the HTTP API",
    )
    args = parser.parse_args()
    if args.quick:
        args.clients, args.ws_rate, args.subs, args.http_rate, args.seconds = 50, 500, 10, 500, 5.0
    with tempfile.TemporaryDirectory(prefix="ct-bench-stream-") as tmp:
        rows = []
        if args.only in (None, "ws"):
            procs = args.client_procs or (4 if args.clients >= 400 else 1)
            rows += bench_websocket(args.clients, args.ws_rate, args.seconds, procs, Path(tmp), args.writer)
        if args.only in (None, "http"):
            rows += bench_http(
                args.subs, args.http_rate, args.seconds, Path(tmp), args.writer, args.receivers
            )
    for row in rows:
        print(f"{row['name']}: {row['value']:,.2f} {row['unit']}  ({row['note']})")


if __name__ == "__main__":
    main()
