"""IoT ingest into the embedded store: device registration, memory per device, pipeline and HTTP throughput.

* bulk registration of ``n`` devices (300,000 at full size; target: under 60 s), each bound to its own twin
  (pipe, road, parking space, building) that the registry verifies;
* memory per registered device: what the in-memory registry index holds after loading ``n`` devices
  (tracemalloc, retained bytes / device);
* the ingest pipeline alone (no HTTP): readings and values per second for ``seconds``;
* HTTP bulk ingest: a real ``citytwin serve`` (one granian worker) on the same database, load generator
  processes posting JSON arrays of ``batch`` readings to ``/iot/telemetry`` for ``seconds``.

A *reading* is one device's report at one instant; its *values* (one per field, 1-5 by type) each become one
history instance. Both rates are reported. Every write is complete and durable: history, the bound twin's live
state (one merge per twin per call), device health, change events on the app's bus. The readings go to random
devices, so nearly every reading updates a different twin: the least favourable case for coalescing.

    .venv/bin/python bench/bench_ingest_http.py --n 300000 --seconds 60
"""

from __future__ import annotations

import argparse
import gc
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.ingest.iot.pipeline import RawMessage
from citytwin.ingest.iot.registry import DeviceRegistry
from citytwin.ingest.iot.service import IoTService
from citytwin.storage.registry import open_store
from citytwin.stream.bus import EventBus
from citytwin.stream.observed import ObservedStore

DISTRICTS = ("440303", "440304", "440305", "440306", "440307", "440308", "440309", "440310", "440311")
# Device type → (twin type, the values one reading carries).
MIX: dict[str, tuple[str, dict[str, Any]]] = {
    "water-pressure": ("Pipe", {"pressure": 312.5, "temperature": 24.1}),
    "traffic-flow": ("Road", {"vehicleCount": 42, "averageSpeed": 38.5, "occupancy": 0.21}),
    "parking-space": ("ParkingSpot", {"status": "occupied"}),
    "water-level": ("Pipe", {"level": 0.42}),
    "air-quality": (
        "Building",
        {"pm25": 35.0, "pm10": 61.0, "no2": 40.0, "temperature": 27.5, "humidity": 71.0},
    ),
    "smoke-detector": ("Building", {"smoke": False, "temperature": 26.0}),
}
KINDS = list(MIX)
TARGET_READINGS = 200_000
TARGET_REGISTER_S = 60.0
T0_MS = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp() * 1000)


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def twins(n: int) -> Iterator[Entity]:
    """One twin per device, points spread over Shenzhen."""
    rng = random.Random(7)
    for i in range(n):
        twin_type = MIX[KINDS[i % len(KINDS)]][0]
        point = {"type": "Point", "coordinates": [113.8 + rng.random() * 0.6, 22.45 + rng.random() * 0.35]}
        yield Entity(
            f"urn:ngsi-ld:{twin_type}:bench-{i:07d}",
            (twin_type,),
            {
                "location": [Attribute(AttrType.GEOPROPERTY, point)],
                "name": [Attribute(AttrType.PROPERTY, f"t{i}")],
            },
        )


def rows(n: int) -> list[dict[str, Any]]:
    """Registration rows: device i observes twin i."""
    out = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        out.append(
            {
                "type": kind,
                "district": DISTRICTS[i % len(DISTRICTS)],
                "twin": f"urn:ngsi-ld:{MIX[kind][0]}:bench-{i:07d}",
                "lon": 113.8 + (i % 600) / 1000,
                "lat": 22.45 + (i // 600 % 350) / 1000,
            }
        )
    return out


def setup(url: str, n: int) -> tuple[float, list[str], dict[str, Any]]:
    """Twins, then the timed bulk registration; returns (seconds, codes, notes)."""
    store = open_store(url)
    try:
        ts = store.tenant("")
        ts.upsert_many(twins(n))
        registry = DeviceRegistry(store)
        registry.load()
        data = rows(n)
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        result = registry.register("", data)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        if result.errors or result.created != n:
            raise RuntimeError(f"registration failed: {result.errors[:3]}")
        codes = [c for c in result.codes if c is not None]
    finally:
        store.close()
    return seconds, codes, {"cpu_s": cpu}


def memory_per_device(url: str) -> tuple[float, int]:
    """Retained bytes per device of a freshly loaded registry index, and the device count."""
    store = open_store(url)
    try:
        registry = DeviceRegistry(store)
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        count = registry.load()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    finally:
        store.close()
    return (after - before) / max(count, 1), count


PLACEHOLDER = 1_111_111_111_100
"""Reading times in the templates: PLACEHOLDER + j for the j-th reading of a device, replaced per request."""


def body(
    codes: list[str], kinds: dict[str, str], size: int, rng: random.Random, per_device: int = 1
) -> bytes:
    """A JSON array of ``size`` readings: ``size / per_device`` random devices, ``per_device`` each."""
    items = []
    for code in rng.sample(codes, size // per_device):
        for j in range(per_device):
            items.append({"device": code, "ts": PLACEHOLDER + j, "values": MIX[kinds[code]][1]})
    return json.dumps(items, separators=(",", ":")).encode()


def stamp(template: bytes, base_ms: int, per_device: int) -> bytes:
    """The template with reading times base, base + 1 s, ... (one per reading of a device)."""
    for j in range(per_device):
        template = template.replace(str(PLACEHOLDER + j).encode(), str(base_ms + j * 1000).encode())
    return template


def _kinds(codes: list[str]) -> dict[str, str]:
    prefix = {"W02": "water-pressure", "T01": "traffic-flow", "K01": "parking-space", "W03": "water-level"}
    prefix |= {"E02": "air-quality", "S01": "smoke-detector"}
    return {c: prefix[c[6:9]] for c in codes}


def _values_per_reading(codes: list[str], kinds: dict[str, str]) -> float:
    return sum(len(MIX[kinds[c]][1]) for c in codes) / len(codes)


def _written() -> int:
    """Bytes this process has handed to write() so far (0 where /proc/self/io is not there)."""
    try:
        lines = Path("/proc/self/io").read_text().splitlines()
    except OSError:
        return 0
    return next((int(line.split(":")[1]) for line in lines if line.startswith("wchar:")), 0)


def pipeline_rate(url: str, codes: list[str], seconds: float, batch: int) -> dict[str, float]:
    """Readings/s through IngestPipeline alone (observed store with a listener, as in the app)."""
    store = open_store(url)
    bus = EventBus()
    events = [0]
    bus.subscribe(lambda change: events.__setitem__(0, events[0] + 1))
    service = IoTService.create(ObservedStore(store, bus, origin="ingest"))
    kinds = _kinds(codes)
    rng = random.Random(11)
    templates = [body(codes, kinds, batch, rng) for _ in range(8)]
    closed = False
    try:
        service.ensure_loaded()
        readings = values = calls = 0
        written = _written()
        t0, c0 = time.perf_counter(), time.process_time()
        end = t0 + seconds
        while time.perf_counter() < end:
            payload = stamp(templates[calls % len(templates)], T0_MS + calls * 1000, 1)
            outcome = service.pipeline.ingest([RawMessage(payload, received_at=datetime.now(UTC))])
            readings += outcome.accepted
            values += outcome.values
            calls += 1
        # Closing checkpoints what the WAL still holds: that write belongs to the readings measured.
        service.close()
        store.close()
        closed = True
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        written = _written() - written
    finally:
        if not closed:
            service.close()
            store.close()
    return {
        "readings": readings / wall,
        "values": values / wall,
        "cpu_readings": readings / cpu,
        "events": events[0],
        "bytes_per_reading": written / max(readings, 1),
    }


@contextmanager
def serve(url: str, log: Path) -> Iterator[tuple[int, int]]:
    """``citytwin serve`` on a free port; yields (port, server pid)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("citytwin")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from citytwin.cli import main; main()"]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*cmd, "serve", "--db", url, "--port", str(port), "--workers", "1"], stdout=out, stderr=out
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/health")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"citytwin serve did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield port, _server_pid(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _server_pid(parent: int) -> int:
    """The granian worker process (where requests are served), else the parent."""
    try:
        children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    except OSError:
        return parent
    return int(children[0]) if children else parent


def _post_worker(args: tuple[int, list[bytes], float, int, int, int]) -> tuple[int, int, int]:
    """POST bodies for ``seconds`` on one keep-alive connection; (readings accepted, values, requests)."""
    port, templates, seconds, worker, workers, per_device = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    accepted = values = done = 0
    end = time.perf_counter() + seconds
    headers = {"Content-Type": "application/json"}
    while time.perf_counter() < end:
        base = T0_MS + (done * workers + worker) * 1000 * per_device
        payload = stamp(templates[done % len(templates)], base, per_device)
        conn.request("POST", "/iot/telemetry", body=payload, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise RuntimeError(f"POST /iot/telemetry answered {resp.status}: {data[:300]!r}")
        result = json.loads(data)
        accepted += result["accepted"]
        values += result["values"]
        done += 1
    conn.close()
    return accepted, values, done


def http_rate(
    url: str, codes: list[str], seconds: float, batch: int, clients: int, log: Path, per_device: int = 1
) -> dict[str, float]:
    """Readings/s through ``POST /iot/telemetry`` on a real server (``per_device`` readings per device)."""
    kinds = _kinds(codes)
    rng = random.Random(23 + per_device)
    templates = [body(codes, kinds, batch, rng, per_device) for _ in range(6)]
    with serve(url, log) as (port, pid):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        warm = json.dumps(
            [{"device": codes[0], "ts": T0_MS - 1000, "values": MIX[kinds[codes[0]]][1]}]
        ).encode()
        conn.request("POST", "/iot/telemetry", body=warm, headers={"Content-Type": "application/json"})
        if conn.getresponse().status != 200:  # the first request loads the registry index
            raise RuntimeError("warm-up POST failed")
        conn.close()
        cpu0 = _cpu_of(pid)
        with ProcessPoolExecutor(clients) as pool:
            t0 = time.perf_counter()
            results = list(
                pool.map(
                    _post_worker, [(port, templates, seconds, w, clients, per_device) for w in range(clients)]
                )
            )
            wall = time.perf_counter() - t0
        cpu = _cpu_of(pid) - cpu0
    readings = sum(r[0] for r in results)
    values = sum(r[1] for r in results)
    return {
        "readings": readings / wall,
        "values": values / wall,
        "cpu_readings": readings / max(cpu, 1e-9),
        "requests": sum(r[2] for r in results),
        "server_cpu_share": cpu / wall,
    }


def run(
    n: int = 300_000, seconds: float = 60.0, batch: int = 5_000, clients: int = 2
) -> list[dict[str, Any]]:
    """Register ``n`` devices, measure memory, then pipeline and HTTP ingest for ``seconds`` each."""
    load = os.getloadavg()
    quick = n < 300_000
    size = f"{n:,} devices" + (" (quick)" if quick else "")
    with tempfile.TemporaryDirectory(prefix="ct-bench-iot-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'iot.db'}"
        reg_s, codes, notes = setup(url, n)
        per_device, count = memory_per_device(url)
        kinds = _kinds(codes)
        vpr = _values_per_reading(codes, kinds)
        pipe = pipeline_rate(url, codes, seconds, batch)
        web = http_rate(url, codes, seconds, batch, clients, Path(tmp) / "serve.log")
        gateway = http_rate(url, codes, seconds, batch, clients, Path(tmp) / "serve2.log", per_device=10)
    mix = f"{len(MIX)} device types, {vpr:.1f} values/reading, random devices, batches of {batch:,}"
    return [
        {
            "name": f"bulk registration, {size}",
            "value": reg_s,
            "unit": "s",
            "target": TARGET_REGISTER_S if not quick else None,
            "lower_is_better": True,
            "note": f"{n / reg_s:,.0f} devices/s; {notes['cpu_s']:.1f} s CPU; twins verified",
        },
        {
            "name": f"registry memory per device, {count:,} devices",
            "value": per_device,
            "unit": "bytes",
            "note": "tracemalloc, retained by the in-memory index after load",
        },
        {
            "name": f"pipeline ingest (no HTTP), {size}",
            "value": pipe["readings"],
            "unit": "readings/s",
            "note": f"{pipe['values']:,.0f} values/s; {pipe['cpu_readings']:,.0f} readings per CPU-second; "
            f"{seconds:.0f} s; {mix}; {pipe['events']:,} change events; SQLite wrote"
            f" {pipe['bytes_per_reading']:,.0f} bytes per reading (WAL + checkpoints: whole B-tree pages)",
        },
        {
            "name": f"HTTP bulk ingest /iot/telemetry, {size}",
            "value": web["readings"],
            "unit": "readings/s",
            "target": TARGET_READINGS,
            "note": f"{web['values']:,.0f} values/s; server {web['cpu_readings']:,.0f} readings/CPU-second"
            f" (used {web['server_cpu_share']:.2f} cores); {int(web['requests'])} requests from {clients}"
            f" client processes; {seconds:.0f} s; load avg at start {load[0]:.1f} on {os.cpu_count()} cores",
        },
        {
            "name": f"HTTP bulk ingest, gateway batches of 10 readings per device, {size}",
            "value": gateway["readings"],
            "unit": "readings/s",
            "target": TARGET_READINGS,
            "note": f"{gateway['values']:,.0f} values/s; server {gateway['cpu_readings']:,.0f}"
            f" readings/CPU-second (used {gateway['server_cpu_share']:.2f} cores); each request"
            f" {batch // 10:,} devices x 10 buffered readings: one twin merge carries 10 readings",
        },
    ]


def main() -> None:
    """Command line: sizes and duration."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=300_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="20,000 devices, 5 s runs")
    args = parser.parse_args()
    kwargs = {"n": 20_000, "seconds": 5.0} if args.quick else {"n": args.n, "seconds": args.seconds}
    for row in run(batch=args.batch, clients=args.clients, **kwargs):
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
