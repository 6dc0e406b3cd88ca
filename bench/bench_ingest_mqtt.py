"""MQTT end to end through the real Mosquitto: simulated devices → broker → ``citytwin ingest mqtt`` → store.

The scenario is 300,000 devices each reporting every 10 s (30,000 messages/s). A load generator process
publishes QoS 1 readings whose ``ts`` is the publish instant; the ingest runs as the real CLI
(``citytwin ingest mqtt``) on the embedded store; a prober polls the live state of sample twins (one device
each) and takes publish → state-visible latency as the time it first sees a reading minus its ``ts``.

Each stage offers a rate for a fixed time and reports what was acknowledged by the broker, what was ingested
(sustained rate over the window, and whether the backlog drained), latency, and CPU per process (broker,
load generator, ingest workers, prober), so the component that hits the ceiling on a 2-core machine shows.
Stages: one reading per message on the device topics, then the same readings batched per gateway message.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 1883
TICK_S = 0.01
MAX_OUTSTANDING = 20_000
"""Publications the generator lets wait for their PUBACK: beyond, it is saturated and offers no more."""
CLK = os.sysconf("SC_CLK_TCK")


# -- process CPU -------------------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK


def broker_pid() -> int | None:
    """The pid of the Mosquitto that listens on the loopback port (the system one)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if cmd and cmd[0].endswith(b"mosquitto") and b"/etc/mosquitto/mosquitto.conf" in cmd:
            return int(entry.name)
    return None


def children(pid: int) -> list[int]:
    """Direct children of a process."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                out.append(int(entry.name))
    return out


# -- the load generator (its own process) ----------------------------------------------------------------


def loadgen(topics: list[str], codes: list[str], mode: str, rate: float, seconds: float, conn: Any) -> None:
    """Publish ``rate`` readings/s for ``seconds`` (QoS 1): per device topic, or batched per gateway."""
    import paho.mqtt.client as paho
    from paho.mqtt.enums import CallbackAPIVersion

    client = paho.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-gen-{uuid.uuid4().hex[:8]}")
    # No inflight limit: paho rescans every outstanding message on each PUBACK when one is set, which made
    # this generator, not the broker or the ingest, the ceiling (about 500 msg/s at one core). QoS 1 from an
    # MQTT 3.1.1 client has no receive maximum at the broker; MAX_OUTSTANDING bounds what is in flight.
    client.max_inflight_messages_set(0)
    client.max_queued_messages_set(0)
    acked = [0, 0]  # success, no matching subscribers

    def on_publish(c: Any, u: Any, mid: int, reason: Any, props: Any) -> None:
        acked[int(getattr(reason, "value", 0)) == 0x10] += 1

    client.on_publish = on_publish
    client.connect(HOST, PORT)
    client.loop_start()
    batch = 1 if mode == "device" else int(mode.split(":")[1])
    n_dev = len(codes)
    sent = readings = 0
    start = time.monotonic()
    end = start + seconds
    skipped = 0
    while True:
        now = time.monotonic()
        if now >= end:
            break
        due = int((now - start) * rate) - readings
        if sent - acked[0] - acked[1] > MAX_OUTSTANDING:  # the generator (or broker) cannot keep up
            skipped += max(due, 0)
            readings += max(due, 0)
            time.sleep(TICK_S)
            continue
        stamp = time.time()
        while due > 0:
            if batch == 1:
                i = readings % n_dev
                body = b'{"ts":%.6f,"values":{"volume":%d}}' % (stamp, readings)
                client.publish(topics[i], body, qos=1)
                readings += 1
                due -= 1
            else:
                parts = []
                for _ in range(batch):
                    i = readings % n_dev
                    parts.append(b'{"device":"%s","ts":%.6f,"values":{"volume":%d}}' % (
                        codes[i].encode(), stamp, readings))  # fmt: skip
                    readings += 1
                client.publish(topics[sent % len(topics)], b'{"readings":[' + b",".join(parts) + b"]}", qos=1)
                due -= batch
            sent += 1
        time.sleep(TICK_S)
    published_s = time.monotonic() - start
    deadline = time.monotonic() + 10
    while acked[0] + acked[1] < sent and time.monotonic() < deadline:
        time.sleep(0.05)
    conn.send({"messages": sent, "readings": readings - skipped, "not_offered": skipped, "acked": acked[0],
               "unrouted": acked[1], "publish_s": published_s})  # fmt: skip
    client.disconnect()
    client.loop_stop()


# -- the prober -------------------------------------------------------------------------------------------


class Prober:
    """Polls the sample twins' live state; a new ``observedAt`` is a reading become visible."""

    def __init__(self, url: str, tenant: str, twins: list[str], interval_s: float = 0.05) -> None:
        from citytwin.storage.registry import open_store

        self.store = open_store(url, migrate=False)
        self.tenant = tenant
        self.twins = twins
        self.interval = interval_s
        self.latencies: list[float] = []
        self.last: dict[str, str] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        from citytwin.core.timeutil import parse_instant

        ts = self.store.tenant(self.tenant)
        while not self.stop.wait(self.interval):
            found = ts.get_many(self.twins)
            now = time.time()
            for twin_id, entity in found.items():
                attr = entity.attr("waterVolume")
                if attr is None or attr.observed_at is None or self.last.get(twin_id) == attr.observed_at:
                    continue
                first = twin_id not in self.last
                self.last[twin_id] = attr.observed_at
                if not first:
                    self.latencies.append(now - parse_instant(attr.observed_at).timestamp())

    def take(self) -> list[float]:
        """Latencies since the previous call."""
        out, self.latencies = self.latencies, []
        return out

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.store.close()


# -- setup and ingest process -----------------------------------------------------------------------------


def setup(url: str, tenant: str, devices: int, samples: int) -> tuple[list[str], list[str]]:
    """Buildings to observe and ``devices`` water meters (``samples`` of them own a building each)."""
    from citytwin.core.entities import Entity, prop
    from citytwin.ingest.iot.registry import DeviceRegistry
    from citytwin.storage.registry import open_store

    shared = max(1, devices // 10)
    with open_store(url) as store:
        ids = [f"urn:ngsi-ld:Building:bench-{i:07d}" for i in range(samples + shared)]
        ts = store.tenant(tenant)
        for start in range(0, len(ids), 20_000):
            ts.upsert_many(
                [Entity(i, ("Building",), {"name": [prop(i[-7:])]}) for i in ids[start : start + 20_000]]
            )
        # Sample devices are spread over the fleet, so their readings leave in different ticks and batches.
        step = max(1, devices // samples)

        def twin(n: int) -> str:
            return ids[n // step] if n % step == 0 and n // step < samples else ids[samples + n % shared]

        rows = ({"type": "water-meter", "district": "440304", "twin": twin(n), "twinType": "Building"}
                for n in range(devices))  # fmt: skip
        result = DeviceRegistry(store).register(tenant, rows, verify_twins=False, total=devices)
        assert not result.errors, result.errors[:3]
        codes = [c for c in result.codes if c is not None]
    return codes, ids[:samples]


@contextmanager
def ingest(url: str, tenant: str, workers: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``citytwin ingest mqtt`` on the bench store, until the block ends."""
    cmd = [sys.executable, "-m", "citytwin.cli", "ingest", "mqtt", "--workers", str(workers), "--db", url,
           "--tenant", tenant, "--group", f"bench-{uuid.uuid4().hex[:8]}", "--client-prefix",
           f"bench-ingest-{uuid.uuid4().hex[:8]}", "--progress-interval", "1"]  # fmt: skip
    with log.open("w") as err:
        proc = subprocess.Popen(
            cmd, stderr=err, start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )
    try:
        deadline = time.monotonic() + 300  # 300k devices load into each worker's registry first
        while log.read_text().count("mqtt-ingest-subscribed") < workers:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"ingest did not start: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(120)


def warm_up(tenant: str, code: str, log: Path) -> None:
    """One reading through the whole path, so the workers' registry index (all devices) is loaded first."""
    import paho.mqtt.client as paho
    from paho.mqtt.enums import CallbackAPIVersion

    client = paho.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-warm-{uuid.uuid4().hex[:8]}")
    client.connect(HOST, PORT)
    client.loop_start()
    body = b'{"ts":%.6f,"values":{"volume":0}}' % time.time()
    client.publish(f"citytwin/{tenant}/{code}/telemetry", body, qos=1).wait_for_publish(30)
    deadline = time.monotonic() + 600
    while ingested(log) < 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    client.disconnect()
    client.loop_stop()


def ingested(log: Path) -> int:
    """Readings the workers accepted so far (their latest progress records)."""
    latest: dict[str, int] = {}
    for line in log.read_text().splitlines():
        if line.startswith("{") and '"readings"' in line:
            rec = json.loads(line)
            latest[rec["worker"]] = max(latest.get(rec["worker"], 0), rec["readings"])
    return sum(latest.values())


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def stage(name: str, ctx: dict[str, Any], mode: str, rate: float, seconds: float) -> list[dict[str, Any]]:
    """Offer ``rate`` readings/s for ``seconds``; rows for throughput, latency and CPU per process."""
    codes, log, prober = ctx["codes"], ctx["log"], ctx["prober"]
    tenant = ctx["tenant"]
    if mode == "device":
        topics = [f"citytwin/{tenant}/{c}/telemetry" for c in codes]
    else:
        topics = [f"citytwin/{tenant}/gateway/gw-{k:03d}/telemetry" for k in range(100)]
    workers = children(ctx["ingest"].pid) or [ctx["ingest"].pid]
    before = ingested(log)
    prober.take()
    parent, child = multiprocessing.get_context("spawn").Pipe()
    gen = multiprocessing.get_context("spawn").Process(
        target=loadgen, args=(topics, codes, mode, rate, seconds, child)
    )
    gen.start()
    pids = {"broker": ctx["broker"], "loadgen": gen.pid, "prober+bench": os.getpid()}
    pids.update({f"ingest worker {i}": p for i, p in enumerate(workers)})
    cpu0 = {k: cpu_seconds(p) for k, p in pids.items() if p}
    t0 = time.monotonic()
    time.sleep(seconds)
    window = time.monotonic() - t0
    in_window = ingested(log) - before
    cpu = {k: (cpu_seconds(p) - cpu0[k]) / window for k, p in pids.items() if p}
    sent = parent.recv() if parent.poll(seconds + 180) else {}
    gen.join(30)
    # Drain: wait until ingest stops gaining (or has everything), to tell a backlog from a loss; the next
    # stage then starts from an idle ingest.
    last, still = ingested(log), time.monotonic()
    while time.monotonic() - still < 5 and last - before < sent.get("readings", 0):
        time.sleep(0.5)
        now = ingested(log)
        if now != last:
            last, still = now, time.monotonic()
    total = last - before
    lat = prober.take()
    offered = sent.get("readings", 0)
    busiest = max(cpu, key=lambda k: cpu[k]) if cpu else ""
    cpu_note = ", ".join(f"{k} {v:.2f}" for k, v in sorted(cpu.items(), key=lambda kv: -kv[1]))
    label = f"{name} @ {rate:,.0f} readings/s offered"
    rows = [
        {
            "name": f"{label}: published (PUBACKed)",
            "value": sent.get("acked", 0)
            * (1 if mode == "device" else int(mode.split(":")[1]))
            / max(sent.get("publish_s", seconds), 1e-9),
            "unit": "readings/s",
            "note": f"{sent.get('messages', 0):,} messages; {sent.get('unrouted', 0)} unrouted; "
            f"{sent.get('not_offered', 0):,} readings not offered (generator saturated)",
        },
        {
            "name": f"{label}: ingested in the window",
            "value": in_window / window,
            "unit": "readings/s",
            "target": 30_000,
            "note": f"CPU cores: {cpu_note}; busiest: {busiest}",
        },
        {
            "name": f"{label}: ingested / offered after drain",
            "value": 100.0 * total / offered if offered else None,
            "unit": "%",
            "note": f"{total:,} of {offered:,} readings",
        },
        {
            "name": f"{label}: publish → state-visible p50",
            "value": None if not lat else 1000 * _pct(lat, 0.5),
            "unit": "ms",
            "lower_is_better": True,
            "note": f"{len(lat)} samples, state polled every 50 ms",
        },
        {
            "name": f"{label}: publish → state-visible p99",
            "value": None if not lat else 1000 * _pct(lat, 0.99),
            "unit": "ms",
            "target": 1000,
            "lower_is_better": True,
            "note": f"{len(lat)} samples",
        },
    ]
    return rows


class _Counting:
    """A pipeline that only counts: what the MQTT transport alone can take."""

    def __init__(self) -> None:
        self.n = 0

    def ingest(self, messages: Any) -> None:
        self.n += len(messages)


def transport_ceiling(seconds: float, rate: float) -> list[dict[str, Any]]:
    """The worker's MQTT side alone (paho, batching, PUBACK after the no-op write) at an offered rate."""
    from citytwin.ingest.iot.mqtt import MqttIngestConfig, MqttIngestWorker

    tenant = f"benchnull{uuid.uuid4().hex[:6]}"
    codes = [f"D{i:05d}" for i in range(1000)]
    topics = [f"citytwin/{tenant}/{c}/telemetry" for c in codes]
    sink = _Counting()
    config = MqttIngestConfig(client_id=f"bench-null-{uuid.uuid4().hex[:6]}", tenant=tenant,
                              share_group=f"bench-{uuid.uuid4().hex[:6]}", session_expiry_s=0)  # fmt: skip
    worker = MqttIngestWorker(sink, config, report=lambda r: None)
    worker.start()
    try:
        assert worker.wait_ready(10)
        parent, child = multiprocessing.get_context("spawn").Pipe()
        gen = multiprocessing.get_context("spawn").Process(
            target=loadgen, args=(topics, codes, "device", rate, seconds, child)
        )
        gen.start()
        pids = {"broker": broker_pid(), "loadgen": gen.pid, "worker (bench process)": os.getpid()}
        cpu0 = {k: cpu_seconds(p) for k, p in pids.items() if p}
        n0, t0 = sink.n, time.monotonic()
        time.sleep(seconds)
        window = time.monotonic() - t0
        got = sink.n - n0
        cpu = {k: (cpu_seconds(p) - cpu0[k]) / window for k, p in pids.items() if p}
        sent = parent.recv() if parent.poll(seconds + 180) else {}
        gen.join(30)
    finally:
        worker.stop()
    note = ", ".join(f"{k} {v:.2f}" for k, v in sorted(cpu.items(), key=lambda kv: -kv[1]))
    return [
        {
            "name": f"MQTT transport alone (no store) @ {rate:,.0f} msg/s offered: received",
            "value": got / window,
            "unit": "msg/s",
            "note": f"CPU cores: {note}; published {sent.get('acked', 0):,} messages",
        },
    ]


def run(
    devices: int = 300_000,
    seconds: float = 20.0,
    rates: tuple[float, ...] = (5_000, 30_000),
    batched_rate: float = 30_000,
    batch: int = 100,
    workers: int = 1,
    samples: int = 100,
) -> list[dict[str, Any]]:
    """Register ``devices`` meters, start ingest, offer each rate per device topic, then batched."""
    import socket

    with socket.create_connection((HOST, PORT), timeout=3):
        pass  # the broker must be there
    tenant = f"bench{uuid.uuid4().hex[:8]}"
    rows: list[dict[str, Any]] = transport_ceiling(min(seconds, 10), max(rates))
    with tempfile.TemporaryDirectory(prefix="ct-bench-mqtt-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        t0 = time.perf_counter()
        codes, sample_twins = setup(url, tenant, devices, samples)
        rows.append({"name": f"setup: {devices:,} devices registered", "value": time.perf_counter() - t0,
                     "unit": "s", "lower_is_better": True, "note": "with their buildings"})  # fmt: skip
        log = Path(tmp) / "ingest.log"
        with ingest(url, tenant, workers, log) as proc:
            t0 = time.perf_counter()
            warm_up(tenant, codes[-1], log)
            name = f"ingest start: registry index of {devices:,} devices loaded"
            rows.append(
                {"name": name, "value": time.perf_counter() - t0, "unit": "s", "lower_is_better": True}
            )
            prober = Prober(url, tenant, sample_twins)
            prober.thread.start()
            ctx = {"codes": codes, "log": log, "prober": prober, "tenant": tenant, "ingest": proc,
                   "broker": broker_pid()}  # fmt: skip
            try:
                for rate in rates:
                    rows += stage(f"{workers} worker(s), 1 reading/message", ctx, "device", rate, seconds)
                rows += stage(
                    f"{workers} worker(s), {batch} readings/message (gateway)", ctx, f"batch:{batch}",
                    batched_rate, seconds,
                )  # fmt: skip
            finally:
                prober.close()
    load = os.getloadavg()
    for row in rows:
        row["note"] = (row.get("note", "") + f"; load {load[0]:.1f}").lstrip("; ")
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    quick = "--quick" in sys.argv
    out = run(devices=3_000, seconds=5, rates=(1_000,), batched_rate=5_000) if quick else run()
    for r in out:
        print(json.dumps(r, ensure_ascii=False))
