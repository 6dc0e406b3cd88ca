"""``citytwin ingest mqtt``: N ingest workers, each a process with its own MQTT client and store connection.

Worker ``i`` connects as ``{prefix}-{i}``: the id is stable, so after a crash (or ``kill -9``) the restarted
worker resumes its broker session and gets every message it had not acknowledged. Keep N fixed for a
deployment: the broker also queues a shared-subscription share for a stopped session until it expires.
A supervisor restarts a worker that dies; workers stop when the supervisor goes away.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import signal
import sys
import time
from dataclasses import dataclass, replace
from types import FrameType
from typing import Any

from citytwin.ingest.iot.mqtt import MqttIngestConfig, MqttIngestWorker

log = logging.getLogger(__name__)

SWEEP_INTERVAL_S = 5.0
"""How often worker 0 expires overdue commands."""
STOP_GRACE_S = 40.0
"""How long the supervisor gives its workers, together, to stop cleanly after SIGTERM before killing them."""
_STOP_POLL_S = 0.05
"""How often a waiting :class:`StopRequest` looks at its flag."""


@dataclass(frozen=True, slots=True)
class IngestSpec:
    """What every worker of one ``citytwin ingest mqtt`` runs: the store, and the worker's MQTT config."""

    db: str
    config: MqttIngestConfig
    client_prefix: str = "citytwin-ingest"


def report_json(record: dict[str, Any]) -> None:
    """Write one progress record as a JSON line on stderr (the command's progress output)."""
    sys.stderr.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stderr.flush()


class StopRequest:
    """Whether SIGTERM or SIGINT asked this process to stop: the handler only sets a flag.

    A signal handler runs on the main thread between two bytecodes, also while that thread holds a lock, and
    a second signal can arrive while the first handler runs: stopping ``citytwin ingest mqtt`` by its process
    group reaches each worker twice, directly and forwarded by the supervisor. A handler that set a
    ``threading.Event`` took the event's lock, which the main thread (waiting on the event) or the first
    handler held, and the worker hung until the supervisor killed it."""

    def __init__(self) -> None:
        self.requested = False

    def install(self) -> StopRequest:
        """Handle SIGTERM and SIGINT (on the main thread) from now on."""
        signal.signal(signal.SIGTERM, self._handle)
        signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True  # nothing else: see the class docstring

    def wait(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds, less once a stop is requested; True when one was."""
        deadline = time.monotonic() + timeout
        while not self.requested:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            time.sleep(min(left, _STOP_POLL_S))
        return self.requested


def run_worker(spec: IngestSpec, index: int, parent_pid: int | None = None) -> None:
    """Run worker ``index`` until SIGTERM/SIGINT (or its supervisor disappears), then stop cleanly."""
    from citytwin.governance.ledger_tail import service_writer
    from citytwin.ingest.iot.commands import CommandService, registered
    from citytwin.ingest.iot.mqtt_keys import DeviceKeys, KeyCheckedIngest
    from citytwin.ingest.iot.service import IoTService
    from citytwin.storage.registry import open_store
    from citytwin.stream.changelog import record_changes

    stop = StopRequest().install()
    config = replace(spec.config, client_id=f"{spec.client_prefix}-{index}")
    plain = open_store(spec.db, migrate=False)
    # Writes go through an observed store whose changes reach the durable change log, so subscriptions and
    # feeds served by other processes (the API) see what this worker ingests, and a server ledgers them as
    # service:mqtt-worker:<index>.
    store, recorder = record_changes(plain, origin="ingest", writer=service_writer(f"mqtt-worker:{index}"))
    iot = IoTService.create(store, long_lived=True)
    try:
        iot.ensure_loaded()  # before the first message, and frozen out of the collector (see long_lived)
        commands = CommandService(store, resolve_device=registered(iot.registry))
        # Payloads carrying a device key or signature are checked against the topic's device first.
        checked = KeyCheckedIngest(iot.pipeline, DeviceKeys(store))
        worker = MqttIngestWorker(checked, config, commands=commands, report=report_json)
        if index == 0:
            iot.start_sweeper()  # device health (stale/offline) when no API server runs one
        worker.start()
        report_json({"event": "mqtt-ingest-started", "worker": config.client_id, "pid": os.getpid()})
        next_sweep = time.monotonic() + SWEEP_INTERVAL_S
        while not stop.wait(0.5):
            if parent_pid is not None and os.getppid() != parent_pid:
                break  # the supervisor is gone: stop rather than run unsupervised
            if index == 0 and time.monotonic() >= next_sweep:
                try:
                    commands.sweep()
                except Exception:  # the store may be down for a moment; the next sweep catches up
                    log.exception("command expiry sweep failed")
                next_sweep = time.monotonic() + SWEEP_INTERVAL_S
        worker.stop()
    finally:
        iot.close()
        recorder.close()
        plain.close()


def _child(spec: IngestSpec, index: int, parent_pid: int) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run_worker(spec, index, parent_pid)


def run_ingest(spec: IngestSpec, workers: int = 1) -> None:
    """Run ``workers`` ingest workers until interrupted; one runs in this process, more are supervised."""
    from citytwin.storage.registry import open_store

    open_store(spec.db).close()  # migrate once, before workers race to
    if workers == 1:
        run_worker(spec, 0)
        return
    ctx = multiprocessing.get_context("spawn")
    stop = StopRequest().install()
    me = os.getpid()
    procs: dict[int, multiprocessing.process.BaseProcess] = {}
    backoff: dict[int, float] = {}
    restart_at: dict[int, float] = {}

    def launch(i: int) -> None:
        proc = ctx.Process(target=_child, args=(spec, i, me), name=f"{spec.client_prefix}-{i}")
        proc.start()
        procs[i] = proc

    for i in range(workers):
        launch(i)
    while not stop.wait(0.5):
        now = time.monotonic()
        for i, proc in list(procs.items()):
            if proc.is_alive():
                continue
            if i not in restart_at:
                delay = backoff.get(i, 0.5)
                backoff[i] = min(delay * 2, 30.0)
                restart_at[i] = now + delay
                report_json({"event": "mqtt-ingest-worker-died", "worker": i, "exitcode": proc.exitcode})
            elif now >= restart_at.pop(i):
                launch(i)
    for proc in procs.values():
        if proc.is_alive() and proc.pid is not None:
            os.kill(proc.pid, signal.SIGTERM)
    # The workers stop side by side: one deadline for all, not one each in turn. A worker still busy
    # then is killed: nothing it acknowledged is lost (acknowledged = durable), the rest is redelivered.
    deadline = time.monotonic() + STOP_GRACE_S
    for proc in procs.values():
        proc.join(max(0.0, deadline - time.monotonic()))
        if proc.is_alive():
            report_json({"event": "mqtt-ingest-worker-killed", "worker": proc.name, "grace_s": STOP_GRACE_S})
            proc.kill()
            proc.join(5)
