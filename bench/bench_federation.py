"""Federation: a query to a city broker that forwards it to 3 district brokers, against each broker alone.

Three ``citytwin serve`` processes each hold a third of ``n`` buildings (three bands of the city, loaded
through the store); a fourth, the city, holds none and registers the three as context sources. The same
type + q + geo query (a thin north-south strip across all three bands, ``limit=100``) is sent to each
district broker directly and to the city, which asks all three in parallel, merges the answers and returns
the first 100 by id. Target: the federated query costs at most twice the slowest single broker (p50).
The city's own CPU per federated query (its serve processes, from /proc) is reported too: on a busy 2-core
machine it is steadier than any latency.

A second row checks that federation costs the purely local path nothing: the same query to one district
broker before and after it holds a registration that does not match the query.

    .venv/bin/python bench/bench_federation.py --n 300000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench_ngsild import BASE, request, serve, timed_gets
from bench_storage_sqlite import BBOX, buildings
from citytwin.storage.registry import open_store

BROKERS = 3
QUERIES = 31
CALL = 100_000


def _stat(pid: str) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # the fields after ``(comm)``: state, ppid, ...


def server_cpu_s(port: int) -> float:
    """CPU seconds used so far by the ``citytwin serve`` on ``port`` and its workers (Linux /proc)."""
    roots = []
    parents: dict[str, str] = {}
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        fields = _stat(pid)
        if fields is not None:
            parents[pid] = fields[1]
        if b"serve" in argv and b"--port" in argv and argv[argv.index(b"--port") + 1] == str(port).encode():
            roots.append(pid)
    tree = set(roots)
    grew = True
    while grew:
        found = {p for p, parent in parents.items() if parent in tree} - tree
        grew = bool(found)
        tree |= found
    ticks = 0
    for pid in tree:
        fields = _stat(pid)
        if fields is not None:
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def load(url: str, start: int, count: int, total: int) -> None:
    """Buildings ``start .. start + count`` of the ``total``-building city into one store."""
    store = open_store(url)
    try:
        tenant = store.tenant()
        for first in range(start, start + count, CALL):
            result = tenant.upsert_many(buildings(first, min(CALL, start + count - first), total))
            if result.errors:
                raise RuntimeError(f"bench load failed: {result.errors[:3]}")
    finally:
        store.close()


def strip_paths(n: int) -> list[str]:
    """Query paths: thin north-south strips across the whole city, ~250 matches per band expected."""
    width = max(0.002, 650 / n)
    paths = []
    for k in range(QUERIES):
        x0 = BBOX[0] + 0.05 + (k * 0.37 % 0.75)
        ring = [[x0, BBOX[1]], [x0 + width, BBOX[1]], [x0 + width, BBOX[3]], [x0, BBOX[3]], [x0, BBOX[1]]]
        params = {
            "type": "Building",
            "q": "floors>5",
            "georel": "within",
            "geometry": "Polygon",
            "coordinates": json.dumps([ring]),
            "limit": "100",
        }
        paths.append(f"{BASE}/entities?" + urlencode(params))
    return paths


def parallel_gets(ports: list[int], paths: list[str]) -> list[float]:
    """Milliseconds until all brokers answered each path, asked at the same time (one thread each)."""
    out = []
    with ThreadPoolExecutor(len(ports)) as pool:
        for path in paths:
            t0 = time.perf_counter()
            list(pool.map(timed_gets, ports, [[path]] * len(ports)))
            out.append((time.perf_counter() - t0) * 1000)
    return out


def p50(values: list[float]) -> float:
    """The median, after dropping the first (warm-up) sample."""
    return statistics.median(values[1:])


def register(city: int, port: int, k: int, *, entity_type: str = "Building") -> None:
    """Register broker ``k`` (on ``port``) with the broker on ``city``."""
    body = {
        "id": f"urn:ngsi-ld:ContextSourceRegistration:bench-{k}-{entity_type}",
        "type": "ContextSourceRegistration",
        "information": [{"entities": [{"type": entity_type}]}],
        "endpoint": f"http://127.0.0.1:{port}",
        "management": {"timeout": 30_000},
    }
    status, data = request(city, "POST", f"{BASE}/csourceRegistrations", json.dumps(body).encode())
    if status != 201:
        raise RuntimeError(f"registration failed: {status} {data[:300]!r}")


def run(n: int = 300_000) -> list[dict[str, Any]]:
    """Serve 3 district brokers and a city broker; time the same query alone and federated."""
    load_avg = os.getloadavg()
    per = n // BROKERS
    with tempfile.TemporaryDirectory(prefix="ct-bench-federation-") as tmp, ExitStack() as stack:
        root = Path(tmp)
        t0 = time.perf_counter()
        for k in range(BROKERS):
            load(f"sqlite:///{root / f'district-{k}.db'}", k * per, per, n)
        loaded_s = time.perf_counter() - t0
        ports = [
            stack.enter_context(serve(f"sqlite:///{root / f'district-{k}.db'}", root / f"district-{k}.log"))
            for k in range(BROKERS)
        ]
        city = stack.enter_context(serve(f"sqlite:///{root / 'city.db'}", root / "city.log"))
        paths = strip_paths(n)
        alone = {port: timed_gets(port, paths) for port in ports}
        hits = [len(json.loads(request(port, "GET", paths[1])[1])) for port in ports]
        together = parallel_gets(ports, paths)
        for k, port in enumerate(ports):
            register(city, port, k)
        cpu0 = server_cpu_s(city)
        federated = timed_gets(city, paths)
        city_cpu_ms = (server_cpu_s(city) - cpu0) * 1000 / len(paths)
        status, body = request(city, "GET", paths[1])
        merged = json.loads(body)
        if status != 200 or len(merged) != min(100, sum(hits)):
            raise RuntimeError(f"the federated answer is wrong: {status}, {len(merged)} entities, {hits}")
        before = timed_gets(ports[0], paths)
        register(ports[0], ports[1], 9, entity_type="Road")  # a registration the query does not match
        after = timed_gets(ports[0], paths)
    slowest = max(p50(v) for v in alone.values())
    fed = p50(federated)
    singles = ", ".join(f"{p50(v):.1f}" for v in alone.values())
    busy = f"load average before {load_avg[0]:.2f} on {os.cpu_count()} cores"
    return [
        {
            "name": "federated query / slowest single broker (p50)",
            "value": round(fed / slowest, 2),
            "unit": "x",
            "target": 2.0,
            "lower_is_better": True,
            "note": f"city → {BROKERS} district brokers, {n:,} buildings ({per:,} each, loaded in"
            f" {loaded_s:.0f} s); type+q+within a city-long strip, limit 100; federated p50 {fed:.1f} ms,"
            f" single brokers p50 {singles} ms ({', '.join(map(str, hits))} returned each);"
            f" {QUERIES - 1} queries; {busy}",
        },
        {
            "name": "the 3 brokers asked directly at once, p50",
            "value": round(p50(together), 2),
            "unit": "ms",
            "lower_is_better": True,
            "note": "no city: what the three queries cost run at the same time on this machine (the floor of"
            " any federated answer; on a 2-core VM it is well above one broker alone)",
        },
        {
            "name": "federated query p50",
            "value": round(fed, 2),
            "unit": "ms",
            "lower_is_better": True,
            "note": "the same query through the city: 3 forwarded requests in parallel, merged, paged",
        },
        {
            "name": "city CPU per federated query",
            "value": round(city_cpu_ms, 2),
            "unit": "ms",
            "lower_is_better": True,
            "note": f"CPU (user + system, /proc) of the city's serve processes over {len(paths)} federated"
            " queries, divided by the count: forwarding, decoding, merging and rendering, not waiting",
        },
        {
            "name": "local query with a non-matching registration / without (p50)",
            "value": round(p50(after) / p50(before), 2),
            "unit": "x",
            "target": 1.1,
            "lower_is_better": True,
            "note": f"one district broker: p50 {p50(before):.1f} ms without registrations,"
            f" {p50(after):.1f} ms holding one for another type (the lookup is a cached dict read)",
        },
    ]


def main() -> None:
    """Command line: ``--n`` buildings over the three district brokers (default 300k)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=300_000)
    args = parser.parse_args()
    for row in run(args.n):
        print(row)


if __name__ == "__main__":
    main()
