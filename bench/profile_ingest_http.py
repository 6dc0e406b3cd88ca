"""CPU per reading of the served bulk ingest (``POST /iot/telemetry``), the app called in-process.

The whole app (governance ledger, change stream recorder, sharing, tiles) runs in this process on a
temporary SQLite store of ``--n`` registered devices (as bench_ingest_http registers them). As in that bench,
batches of ``--batch`` readings to random devices first go through the pipeline alone (observed store, one
listener), then are posted straight to the ASGI app (no sockets). The CPU counted is the whole process's
(every thread: the handler's thread pool, the ledger and change-log writers), after a pause that lets the
background writers finish what the requests queued; then one device health sweep is measured on its own
(the devices both phases heard with readings of 2026-01-01 are overdue: it declares them offline).

    .venv/bin/python bench/profile_ingest_http.py --n 100000 --requests 20 [--profile OUT.txt]

``--profile OUT`` writes cProfiles (per-thread CPU time) of the route's work on the thread pool (validation,
the write, the change events' listeners) to OUT, of the sweep to OUT.sweep and of the pipeline alone to
OUT.pipeline; ``--py-spy OUT`` samples every thread of the served part with py-spy (raw collapsed stacks).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import os
import pstats
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).parent))

from asgi_call import asgi_request
from bench_ingest_http import T0_MS, _kinds, body, setup, stamp
from citytwin.api.app import create_app
from citytwin.ingest.iot import http as iot_http
from citytwin.ingest.iot.pipeline import RawMessage
from citytwin.ingest.iot.service import IoTService
from citytwin.settings import Settings
from citytwin.storage.registry import open_store
from citytwin.stream.bus import EventBus
from citytwin.stream.observed import ObservedStore

R = TypeVar("R")


async def _post(app: Any, payload: bytes) -> tuple[int, bytes]:
    """One POST /iot/telemetry through the ASGI app; (status, body)."""
    json_body = [(b"content-type", b"application/json")]
    return await asgi_request(app, "POST", "/iot/telemetry", payload, json_body)


async def _served(
    url: str,
    templates: list[bytes],
    requests: int,
    settle: float,
    profile: cProfile.Profile | None,
    spy_out: str | None = None,
) -> tuple[float, float, int]:
    """(CPU seconds of the requests, CPU seconds of one health sweep after them, readings accepted).

    The app's periodic health sweep is held back and one sweep is run after the requests, so that every run
    does the same work: the devices the pipeline phase and the requests left overdue (readings of 2026-01-01)
    are declared offline by it, as the served bench's sweeps, every 30 s, do in instalments.
    """
    active: list[bool] = [False]
    if profile is not None:
        _profile_handlers(profile, active)
    app = create_app(Settings(db=url))
    sweeper = IoTService.start_sweeper
    IoTService.start_sweeper = lambda self, interval_s=1e9: sweeper(self, interval_s)  # type: ignore[method-assign]
    try:
        async with app.router.lifespan_context(app):
            status, data = await _post(app, stamp(templates[0], T0_MS - 10_000_000, 1))  # loads the registry
            if status != 200:
                raise RuntimeError(f"warm-up POST: {status} {data[:300]!r}")
            await asyncio.sleep(settle)
            gc.collect()
            spy = _spy(spy_out)
            threads0 = _thread_cpu()
            active[0] = True
            c0 = time.process_time()
            accepted = 0
            for i in range(requests):
                payload = stamp(templates[i % len(templates)], T0_MS + i * 1000, 1)
                status, data = await _post(app, payload)
                if status != 200:
                    raise RuntimeError(f"POST: {status} {data[:300]!r}")
                accepted += json.loads(data)["accepted"]
            await asyncio.sleep(settle)  # the ledger and change-log writers finish what the requests queued
            cpu = time.process_time() - c0
            c1 = time.process_time()
            health = app.state.iot.health
            sweep_profile = None if profile is None else cProfile.Profile(time.thread_time)
            done = await asyncio.to_thread(_under(sweep_profile, health.sweep))
            await asyncio.sleep(settle)  # the ledger records the sweep's writes
            sweep_cpu = time.process_time() - c1
            active[0] = False
            print(f"  sweep: {done.to_json()['changed']}, {done.written:,} devices written")
            threads1 = _thread_cpu()
            shares: dict[str, float] = {}
            for ident, (name, used) in threads1.items():
                key = name.split("_")[0].rstrip("0123456789-")
                shares[key] = shares.get(key, 0.0) + used - threads0.get(ident, (name, 0.0))[1]
            for name, used in sorted(shares.items(), key=lambda kv: -kv[1]):
                if used >= 0.005:
                    print(f"  thread {name}: {used:.2f} CPU-s (requests and sweep; live threads only)")
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait()
    finally:
        IoTService.start_sweeper = sweeper  # type: ignore[method-assign]
    if profile is not None and sweep_profile is not None:
        profile.sweep = sweep_profile  # type: ignore[attr-defined]
    return cpu, sweep_cpu, accepted


def _under(profile: cProfile.Profile | None, fn: Callable[[], R]) -> Callable[[], R]:
    """``fn`` run under ``profile`` (when given) on whichever thread calls it."""
    if profile is None:
        return fn

    def call() -> R:
        profile.enable()
        try:
            return fn()
        finally:
            profile.disable()

    return call


def _profile_handlers(profile: cProfile.Profile, active: list[bool]) -> None:
    """Run the IoT routes' thread-pool work under ``profile`` (on the pool's thread) while ``active[0]``."""
    original = iot_http.run

    async def profiled(fn: Any, *args: Any, **kwargs: Any) -> Any:
        def call() -> Any:
            if not active[0]:
                return fn(*args, **kwargs)
            profile.enable()
            try:
                return fn(*args, **kwargs)
            finally:
                profile.disable()

        return await original(call)

    iot_http.run = profiled


def _thread_cpu() -> dict[int, tuple[str, float]]:
    """CPU seconds (user + system) of each live thread of this process, by native id: (name, seconds)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for thread in threading.enumerate():
        ident = thread.native_id
        try:
            fields = Path(f"/proc/self/task/{ident}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[ident or 0] = (thread.name, (int(fields[11]) + int(fields[12])) / tick)
    return out


def _spy(out: str | None) -> subprocess.Popen[bytes] | None:
    """py-spy sampling this process (every thread) into ``out`` (raw stacks), or None."""
    if out is None:
        return None
    exe = Path(sys.executable).with_name("py-spy")
    cmd = [str(exe), "record", "-p", str(os.getpid()), "-r", "200", "--threads", "-f", "raw", "-o", out]
    spy = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # attached before the first request
    return spy


def _pipeline(
    url: str, templates: list[bytes], requests: int, profile: cProfile.Profile | None = None
) -> tuple[float, int]:
    """(CPU seconds, readings accepted) of the same batches through the pipeline alone."""
    store = open_store(url)
    bus = EventBus()
    bus.subscribe(lambda change: None)
    service = IoTService.create(ObservedStore(store, bus, origin="ingest"))
    try:
        service.ensure_loaded()
        gc.collect()
        c0 = time.process_time()
        accepted = 0
        for i in range(requests):
            payload = stamp(templates[i % len(templates)], T0_MS + i * 1000, 1)
            messages = [RawMessage(payload, received_at=datetime.now(UTC))]
            outcome = _under(profile, partial(service.pipeline.ingest, messages))()
            accepted += outcome.accepted
        return time.process_time() - c0, accepted
    finally:
        service.close()
        store.close()


def main() -> None:
    """Register devices, then measure the served POST and the pipeline alone."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=30_000, help="registered devices")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--settle", type=float, default=2.0, help="seconds for background writers")
    parser.add_argument("--profile", help="write the served part's cProfile (tottime order) to this file")
    parser.add_argument(
        "--py-spy", dest="spy", help="write py-spy raw stacks of the served part to this file"
    )
    parser.add_argument("--no-pipeline", action="store_true", help="skip the pipeline-alone measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ct-prof-ingest-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'iot.db'}"
        _, codes, _ = setup(url, args.n)
        kinds = _kinds(codes)
        if not args.no_pipeline:  # first, as in the bench: it leaves the devices it heard to the server
            rng = random.Random(11)
            pipeline_templates = [body(codes, kinds, args.batch, rng) for _ in range(8)]
            pipeline_profile = cProfile.Profile(time.thread_time) if args.profile else None
            pcpu, paccepted = _pipeline(url, pipeline_templates, args.requests, pipeline_profile)
            if pipeline_profile is not None:
                with open(f"{args.profile}.pipeline", "w") as out:
                    stats = pstats.Stats(pipeline_profile, stream=out)
                    stats.sort_stats("tottime").print_stats(40)
                    stats.sort_stats("cumulative").print_stats(60)
            print(
                f"pipeline alone: {paccepted:,} readings, {pcpu:.2f} CPU-s:"
                f" {pcpu / paccepted * 1e6:.1f} CPU-µs/reading, {paccepted / pcpu:,.0f} readings/CPU-s"
            )
        rng = random.Random(23)
        templates = [body(codes, kinds, args.batch, rng) for _ in range(6)]
        profile = cProfile.Profile(time.thread_time) if args.profile else None
        served = _served(url, templates, args.requests, args.settle, profile, args.spy)
        cpu, sweep_cpu, accepted = asyncio.run(served)
        total = cpu + sweep_cpu
        print(
            f"served: {accepted:,} readings, {cpu:.2f} CPU-s: {cpu / accepted * 1e6:.1f} CPU-µs/reading;"
            f" then one health sweep {sweep_cpu:.2f} CPU-s; in all {total / accepted * 1e6:.1f}"
            f" CPU-µs/reading, {accepted / total:,.0f} readings/CPU-s"
        )
        if profile is not None:
            with open(args.profile, "w") as out:
                stats = pstats.Stats(profile, stream=out)
                stats.sort_stats("tottime").print_stats(60)
                stats.sort_stats("cumulative").print_stats(80)
            with open(f"{args.profile}.sweep", "w") as out:
                stats = pstats.Stats(profile.sweep, stream=out)  # type: ignore[attr-defined]
                stats.sort_stats("tottime").print_stats(40)
                stats.sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
