"""The NGSI-LD API end to end: a real ``citytwin serve`` (one granian worker, embedded SQLite) under load.

The city is loaded straight into the store (the fast path, as an importer would), then every number is
measured through HTTP on loopback by a load generator in other processes: ``wrk`` when installed, else
Python ``http.client`` worker processes (the row's note says which).

* GET one entity by id, random ids (req/s, target ≥ 5,000);
* batch upsert through ``/entityOperations/upsert``, 1,000 entities a request (entities/s, ≥ 30,000);
* type + q + geo (within a ~1 km polygon) query returning 100 entities over the city (p50 ms, ≤ 30);
* temporal aggregation: avg per hour over 30 days of one attribute holding 100k instances (p50 ms, ≤ 100);
* deep pagination: offset 0.9·n, limit 100 (p50 ms, ≤ 100).

    .venv/bin/python bench/bench_ngsild.py --n 1000000
"""

from __future__ import annotations

import argparse
import gc
import http.client
import json
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import numpy as np

from bench_storage_sqlite import BBOX, buildings
from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.query import AttributeInstance
from citytwin.core.timeutil import format_instant
from citytwin.storage.registry import open_store

BASE = "/ngsi-ld/v1"
CALL = 250_000
SENSOR = "urn:ngsi-ld:Sensor:bench-temperature"
HISTORY = 100_000
DAYS = 30
T0 = datetime(2026, 1, 1, tzinfo=UTC)
UPSERT_TOTAL = 100_000
"""New entities posted through the API at full size (a tenth of the city, at least 10k, when smaller)."""
UPSERT_BATCH = 1_000
GET_SECONDS = 10
PEER_GET = "Orion-LD (1 CPU, MongoDB on 8 CPU): 4.2k GET/s"
PEER_WRITE = "Orion-LD: 1.8k entity updates/s; Stellio (8 vCPU): 400 partial updates/s"
PEER_QUERY = "Orion-LD: 2.5k queries/s; Stellio (8 vCPU): 32 type+q queries/s at 100k entities"
PEER_TEMPORAL = "Scorpio and Stellio users report seconds to minutes for aggregations over a large history"


# -- data -------------------------------------------------------------------------------------------------


def load_city(url: str, n: int) -> None:
    """``n`` buildings and one temperature sensor with ``HISTORY`` instances over ``DAYS`` days."""
    store = open_store(url)
    try:
        tenant = store.tenant()
        for start in range(0, n, CALL):
            result = tenant.upsert_many(buildings(start, min(CALL, n - start), n))
            if result.errors:
                raise RuntimeError(f"bench load failed: {result.errors[:3]}")
        gc.collect()
        sensor = Entity(
            SENSOR,
            ("TemperatureSensor",),
            {
                "temperature": [Attribute(AttrType.PROPERTY, 21.0, unit_code="CEL")],
                "location": [
                    Attribute(AttrType.GEOPROPERTY, {"type": "Point", "coordinates": [114.05, 22.55]})
                ],
            },
        )
        tenant.upsert_many([sensor])
        tenant.append_history(sensor_history())
    finally:
        store.close()


def sensor_history(count: int = HISTORY, seed: int = 11) -> list[AttributeInstance]:
    """A daily temperature cycle with noise, ``count`` readings evenly over ``DAYS`` days from T0."""
    rng = np.random.default_rng(seed)
    step = timedelta(days=DAYS) / count
    hours = np.arange(count) * (DAYS * 24 / count)
    values = (24 + 6 * np.sin((hours - 9) / 24 * 2 * math.pi) + rng.normal(0, 0.5, count)).round(2).tolist()
    return [
        AttributeInstance(
            SENSOR, "temperature", T0 + i * step, values[i], None, "TemperatureSensor", "CEL", f"urn:b:{i}"
        )
        for i in range(count)
    ]


def upsert_bodies(total: int = UPSERT_TOTAL, batch: int = UPSERT_BATCH) -> list[bytes]:
    """Request bodies of new buildings (normalized NGSI-LD), ``batch`` a body, encoded before timing."""
    out = []
    for start in range(0, total, batch):
        entities = buildings(start, batch, total, seed=99)
        docs = []
        for e in entities:
            doc = e.to_dict()
            doc["id"] = doc["id"].replace(":sz-", ":up-")
            docs.append(doc)
        out.append(json.dumps(docs).encode())
    return out


def query_polygon(n: int, k: int) -> list[list[list[float]]]:
    """The k-th query polygon: ~1 km radius at 1M buildings, widened so a smaller city has as many hits."""
    rng = np.random.default_rng([7, k])
    radius = 1_000.0 * math.sqrt(1_000_000 / n)
    lng = rng.uniform(BBOX[0] + 0.1, BBOX[2] - 0.1)
    lat = rng.uniform(BBOX[1] + 0.1, BBOX[3] - 0.1)
    theta = np.linspace(0, 2 * math.pi, 25)[:-1]
    xs = lng + radius * np.cos(theta) / (111_320.0 * math.cos(math.radians(lat)))
    ys = lat + radius * np.sin(theta) / 110_574.0
    ring = np.column_stack((xs, ys)).round(6).tolist()
    return [[*ring, ring[0]]]


# -- server and clients -----------------------------------------------------------------------------------


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serve(url: str, log: Path) -> Iterator[int]:
    """A ``citytwin serve`` subprocess (one worker) on a free loopback port, stopped afterwards."""
    port = free_port()
    exe = Path(sys.executable).with_name("citytwin")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from citytwin.cli import main; main()"]
    with log.open("wb") as out:  # a file, not a pipe: an unread pipe would block the server once full
        proc = subprocess.Popen(
            [*cmd, "serve", "--db", url, "--port", str(port), "--workers", "1"], stdout=out, stderr=out
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if request(port, "GET", "/health")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"citytwin serve did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    """One request on a fresh connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def timed_gets(port: int, paths: list[str]) -> list[float]:
    """Milliseconds of each GET, in order, over one keep-alive connection (every answer must be 200)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    out = []
    try:
        for path in paths:
            t0 = time.perf_counter()
            conn.request("GET", path)
            resp = conn.getresponse()
            data = resp.read()
            out.append((time.perf_counter() - t0) * 1000)
            if resp.status != 200:
                raise RuntimeError(f"GET {path[:120]} answered {resp.status}: {data[:300]!r}")
    finally:
        conn.close()
    return out


def _get_worker(args: tuple[int, int, float, int]) -> int:
    """Random-id GETs for ``seconds`` on one keep-alive connection; returns how many succeeded."""
    port, n, seconds, seed = args
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, n, 200_000).tolist()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        conn.request("GET", f"{BASE}/entities/urn:ngsi-ld:Building:sz-{ids[done % len(ids)]:08d}")
        resp = conn.getresponse()
        resp.read()
        if resp.status != 200:
            raise RuntimeError(f"GET by id answered {resp.status}")
        done += 1
    conn.close()
    return done


def get_rate(port: int, n: int) -> tuple[float, str]:
    """GET-by-id requests per second and how they were generated."""
    wrk = shutil.which("wrk")
    if wrk:
        script = (
            f"math.randomseed(42)\nrequest = function()\n"
            f'  return wrk.format("GET", string.format("{BASE}/entities/urn:ngsi-ld:Building:sz-%08d",'
            f" math.random(0, {n - 1})))\nend\n"
        )
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(script)
        try:
            out = subprocess.run(
                [wrk, "-t1", "-c32", f"-d{GET_SECONDS}s", "-s", f.name, f"http://127.0.0.1:{port}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        finally:
            os.unlink(f.name)
        if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
            raise RuntimeError(f"wrk saw errors:\n{out}")
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
        return rate, "wrk -t1 -c32, random ids"
    procs = 4
    with ProcessPoolExecutor(procs) as pool:
        t0 = time.perf_counter()
        total = sum(pool.map(_get_worker, [(port, n, GET_SECONDS, s) for s in range(procs)]))
        elapsed = time.perf_counter() - t0
    return total / elapsed, f"{procs} http.client processes (wrk not installed), random ids"


def _post_all(port: int, bodies: list[bytes]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        for body in bodies:
            conn.request(
                "POST",
                f"{BASE}/entityOperations/upsert",
                body=body,
                headers={"Content-Type": "application/json"},
            )
            resp = conn.getresponse()
            data = resp.read()
            if resp.status not in (201, 204):
                raise RuntimeError(f"batch upsert answered {resp.status}: {data[:300]!r}")
    finally:
        conn.close()


def upsert_rate(port: int, bodies: list[bytes], clients: int = 2) -> float:
    """Entities per second written by ``clients`` connections posting pre-encoded upsert batches."""
    shares = [bodies[i::clients] for i in range(clients)]
    with ThreadPoolExecutor(clients) as pool:
        t0 = time.perf_counter()
        list(pool.map(lambda part: _post_all(port, part), shares))
        elapsed = time.perf_counter() - t0
    return len(bodies) * UPSERT_BATCH / elapsed


# -- the benchmark ----------------------------------------------------------------------------------------


def _p50(samples: list[float], warm: int = 3) -> tuple[float, float]:
    kept = samples[warm:]
    return statistics.median(kept), statistics.quantiles(kept, n=10)[-1]


def run(n: int = 1_000_000) -> list[dict[str, Any]]:
    """Load ``n`` buildings, serve them, and measure the five API workloads; returns result rows."""
    load = os.getloadavg()
    label = f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n:,}"
    with tempfile.TemporaryDirectory(prefix="ct-bench-ngsild-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        t0 = time.perf_counter()
        load_city(url, n)
        loaded_s = time.perf_counter() - t0
        upsert_total = max(10_000, min(UPSERT_TOTAL, n // 10))
        bodies = upsert_bodies(upsert_total)
        with serve(url, Path(tmp) / "serve.log") as port:
            timed_gets(
                port,
                [f"{BASE}/entities/urn:ngsi-ld:Building:sz-{i:08d}" for i in range(0, n, max(n // 200, 1))],
            )
            rate, how = get_rate(port, n)
            upserts = upsert_rate(port, bodies)
            del bodies
            query_paths = [
                f"{BASE}/entities?"
                + urlencode(
                    {
                        "type": "Building",
                        "q": "floors>5",
                        "georel": "within",
                        "geometry": "Polygon",
                        "coordinates": json.dumps(query_polygon(n, k)),
                        "limit": "100",
                    }
                )
                for k in range(43)
            ]
            query_ms = timed_gets(port, query_paths)
            hits = len(json.loads(request(port, "GET", query_paths[3])[1]))
            end = T0 + timedelta(days=DAYS)
            aggr_path = f"{BASE}/temporal/entities/{quote(SENSOR, safe=':')}?" + urlencode(
                {
                    "attrs": "temperature",
                    "options": "aggregatedValues",
                    "aggrMethods": "avg",
                    "aggrPeriodDuration": "PT1H",
                    "timerel": "between",
                    "timeAt": format_instant(T0),
                    "endTimeAt": format_instant(end),
                }
            )
            aggr_ms = timed_gets(port, [aggr_path] * 23)
            buckets = len(json.loads(request(port, "GET", aggr_path)[1])["temperature"]["avg"])
            deep = int(n * 0.9)
            page_paths = [
                f"{BASE}/entities?type=Building&limit=100&offset={deep + k * 100}" for k in range(23)
            ]
            page_ms = timed_gets(port, page_paths)
    q50, q90 = _p50(query_ms)
    a50, a90 = _p50(aggr_ms)
    g50, g90 = _p50(page_ms)
    busy = f"load average before {load[0]:.2f} on {os.cpu_count()} cores"
    return [
        {
            "name": "API GET entity by id",
            "value": round(rate),
            "unit": "req/s",
            "target": 5_000,
            "note": f"1 granian worker, {label} buildings in SQLite; {how}; {busy}. Peer: {PEER_GET}",
        },
        {
            "name": "API batch upsert",
            "value": round(upserts),
            "unit": "entities/s",
            "target": 30_000,
            "note": f"{upsert_total:,} new buildings, {UPSERT_BATCH:,} per request, 2 connections, bodies"
            f" encoded before timing; every instance also written to history; city loaded in {loaded_s:.0f} s"
            f" via the store. Peers: {PEER_WRITE}",
        },
        {
            "name": "API type + q + geo query p50",
            "value": round(q50, 2),
            "unit": "ms",
            "target": 30,
            "lower_is_better": True,
            "note": f"type=Building&q=floors>5&georel=within a polygon of {math.sqrt(1_000_000 / n):.1f} km"
            f" radius, limit 100 over {label}; "
            f"{hits} returned (sample), p90 {q90:.1f} ms, 40 queries one after another. Peers: {PEER_QUERY}",
        },
        {
            "name": "API temporal aggregation p50",
            "value": round(a50, 2),
            "unit": "ms",
            "target": 100,
            "lower_is_better": True,
            "note": f"avg per PT1H over {DAYS} days of one attribute with {HISTORY:,} instances"
            f" ({buckets} buckets), p90 {a90:.1f} ms. Peers: {PEER_TEMPORAL}",
        },
        {
            "name": "API deep pagination p50",
            "value": round(g50, 2),
            "unit": "ms",
            "target": 100,
            "lower_is_better": True,
            "note": f"type=Building&offset={deep:,}&limit=100 over {label}, p90 {g90:.1f} ms",
        },
    ]


def main() -> None:
    """Command line: ``--n`` buildings (default 1M)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    args = parser.parse_args()
    for row in run(args.n):
        print(row)


if __name__ == "__main__":
    main()
