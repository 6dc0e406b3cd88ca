"""Other processes' writes reach the ledger through the change log: exactly once, with their writer's actor.

Two store objects on one database (SQLite file, PostgreSQL schema) stand for two processes: the server's
and a writer's (an ingest worker, a simulator). The server's tail is stepped by hand, so every assertion is
about a known state; the last test runs the real app and a worker-style writer side by side.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.core.entities import Entity, prop
from citytwin.core.ledger import LedgerEntry
from citytwin.core.timeutil import to_micros, utc_now
from citytwin.governance.ledger_store import Ledger
from citytwin.governance.ledger_tail import (
    CURSOR,
    SELF_PREFIX,
    ChangeLogTail,
    actor_of,
    register_self,
    service_writer,
    writer_name,
)
from citytwin.settings import Settings
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store
from citytwin.stream.bus import EventBus
from citytwin.stream.changelog import LEDGER_KEEP_S, ChangeRecorder, ledger_bound, record_changes, writer_id
from citytwin.stream.demand import remote_demand
from citytwin.stream.observed import ObservedStore

SERVER = "server-host:101:0123abcd"


class Writer:
    """A process writing entities whose changes reach the change log under ``name``."""

    def __init__(self, url: str, name: str) -> None:
        self.plain = open_store(url, migrate=False)
        bus = EventBus()
        self.store = ObservedStore(self.plain, bus, origin="test")
        self.recorder = ChangeRecorder(self.store, bus, writer=name)  # no demand: always recording
        self.recorder.enable()

    def put(self, n: int, height: float, tenant: str = "") -> None:
        entity = Entity(f"urn:ngsi-ld:Building:t{n}", ("Building",))
        entity.set("height", prop(height))
        self.store.tenant(tenant).upsert_many([entity])
        self.recorder.flush()

    def delete(self, n: int) -> None:
        self.store.tenant("").delete(f"urn:ngsi-ld:Building:t{n}")
        self.recorder.flush()

    def close(self) -> None:
        self.recorder.close()
        self.plain.close()


@pytest.fixture
def second(store: Store, store_url: str) -> Iterator[Store]:
    """A second store object on the same database (another process's view of it)."""
    other = open_store(store_url, migrate=False)
    try:
        yield other
    finally:
        other.close()


def records(store: Store) -> list[LedgerEntry]:
    return [r.entry for r in Ledger(store).iter_records()]


def test_writer_names_carry_the_actor() -> None:
    assert actor_of(writer_name("cli:alice@ws-1:import", "urn:ngsi-ld:ImportBatch:1")) == (
        "cli:alice@ws-1:import",
        "urn:ngsi-ld:ImportBatch:1",
    )
    assert actor_of("user:bob") == ("user:bob", "")
    anonymous = writer_id()
    assert actor_of(anonymous) == (f"process:{anonymous}", "")


def test_other_writers_are_ledgered_once_and_self_ledgering_ones_never(
    store: Store, second: Store, store_url: str
) -> None:
    tail = ChangeLogTail(store, Ledger(store), owner=SERVER)
    assert tail.step() is False  # first run on an empty log: nothing to ledger
    assert store.load_stream_state(CURSOR)[CURSOR][0] == store.last_change_seq()

    importer = Writer(store_url, writer_name("cli:alice@ws-1:import", "batch-7"))
    worker = Writer(store_url, writer_id())
    api = Writer(store_url, "server-2:202:89abcdef")  # another server: it ledgers its own writes
    register_self(second, "server-2:202:89abcdef")
    try:
        importer.put(1, 10.0)
        importer.put(1, 12.5)
        worker.put(2, 30.0, tenant="district")
        api.put(3, 40.0)
        importer.delete(1)
        tail.step()
        got = records(store)
        assert [(e.actor, e.action, e.resource, e.tenant) for e in got] == [
            ("cli:alice@ws-1:import", "create", "urn:ngsi-ld:Building:t1", ""),
            ("cli:alice@ws-1:import", "update", "urn:ngsi-ld:Building:t1", ""),
            (f"process:{worker.recorder.writer}", "create", "urn:ngsi-ld:Building:t2", "district"),
            ("cli:alice@ws-1:import", "delete", "urn:ngsi-ld:Building:t1", ""),
        ]
        assert all(e.request_id == "batch-7" for e in got if e.actor.startswith("cli:"))
        assert got[0].attributes == ("height",) and got[0].digest != got[1].digest
        assert len(got[0].digest) == 64

        # A restarted server (a new tail on another store object) goes on from the stored cursor.
        importer.put(4, 5.0)
        again = ChangeLogTail(second, Ledger(second), owner=SERVER)
        again.step()
        assert again.step() is False
        after = records(store)
        assert len(after) == 5 and after[-1].resource == "urn:ngsi-ld:Building:t4"
        tail.step()  # the first tail sees nothing new either
        assert len(records(store)) == 5
    finally:
        for writer in (importer, worker, api):
            writer.close()


def test_a_crash_between_append_and_cursor_does_not_record_twice(store: Store, store_url: str) -> None:
    ChangeLogTail(store, Ledger(store), owner=SERVER).step()
    worker = Writer(store_url, writer_id())
    ledger = Ledger(store)

    def append_then_crash(entries: object) -> None:
        ledger.append(entries)  # type: ignore[arg-type]
        raise RuntimeError("killed after the append, before the cursor was saved")

    crashing = ChangeLogTail(store, ledger, owner=SERVER, append=append_then_crash)
    try:
        worker.put(1, 1.0)
        worker.put(2, 2.0)
        with pytest.raises(RuntimeError):
            crashing.step()
        assert len(records(store)) == 2
        worker.put(3, 3.0)
        restarted = ChangeLogTail(store, Ledger(store), owner=SERVER)
        restarted.step()
        assert [e.resource.rsplit(":", 1)[1] for e in records(store)] == ["t1", "t2", "t3"]
    finally:
        worker.close()


def test_only_the_lease_holder_tails_and_it_makes_writers_record(store: Store, second: Store) -> None:
    first = ChangeLogTail(store, Ledger(store), owner=SERVER)
    other = ChangeLogTail(second, Ledger(second), owner="server-2:202:89abcdef")
    assert not remote_demand(store, "worker-x")  # nobody needs the log yet
    first.step()
    assert first.leading and remote_demand(store, "worker-x")
    other.step()
    assert not other.leading and other.cursor is None
    first.close()
    assert not remote_demand(store, "worker-x")
    other.step()
    assert other.leading


def test_registrations_are_forgotten_only_when_nothing_can_need_them(store: Store) -> None:
    now = to_micros(utc_now())
    day = 86_400 * 1_000_000
    store.save_stream_state(
        {SELF_PREFIX + "old-import": (now - 8 * day, b""), SELF_PREFIX + "server": (now, b"")}
    )
    tail = ChangeLogTail(store, Ledger(store), owner=SERVER)
    assert tail.prune(now - 6 * day) == []  # a change written 6 days ago is unread: keep its writer known
    assert tail.prune(None) == ["old-import"]
    assert list(store.load_stream_state(SELF_PREFIX)) == [SELF_PREFIX + "server"]


def test_the_server_ledgers_a_worker_process(store: Store, store_url: str) -> None:
    app = create_app(Settings(db="sqlite:///unused.db", ledger_seal_after_s=0.2), store=store)
    with TestClient(app) as client:
        plain = open_store(store_url, migrate=False)
        # What MQTT ingest worker 3 runs (citytwin.ingest.iot.mqtt_workers).
        observed, recorder = record_changes(plain, origin="ingest", writer=service_writer("mqtt-worker:3"))
        try:
            assert recorder.enabled  # the server's tail asked every writer to record
            entity = Entity("urn:ngsi-ld:Building:w1", ("Building",))
            entity.set("height", prop(9.0))
            observed.tenant("").upsert_many([entity])
            recorder.flush()
            client.post("/ngsi-ld/v1/entities", json={"id": "urn:ngsi-ld:Building:a1", "type": "Building"})
            deadline = time.monotonic() + 10
            mine: list[dict[str, object]] = []
            while time.monotonic() < deadline and not mine:
                found = client.get("/governance/ledger", params={"limit": 1000}).json()
                mine = [r for r in found if r["resource"] == "urn:ngsi-ld:Building:w1"]
                time.sleep(0.1)
            process = recorder.writer.partition("#")[2]  # host:pid:xxxxxxxx, as an anonymous writer is named
            assert actor_of(process) == (f"process:{process}", "")
            assert [(r["actor"], r["request_id"]) for r in mine] == [("service:mqtt-worker:3", process)]
            api_writes = [r for r in found if r["resource"] == "urn:ngsi-ld:Building:a1"]
            assert [r["actor"] for r in api_writes] == ["user:demo"]  # once: from the bus, not the log
        finally:
            recorder.close()
            plain.close()


def _worker_writes(store_url: str, name: str, n: int, *, ledger: bool) -> ChangeRecorder:
    """What an ingest worker does with nobody else running: write ``n`` entities, flush, close."""
    plain = open_store(store_url, migrate=False)
    observed, recorder = record_changes(plain, origin="ingest", writer=name, ledger=ledger)
    try:
        for i in range(n):
            entity = Entity(f"urn:ngsi-ld:Building:off{i}", ("Building",))
            entity.set("height", prop(float(i)))
            observed.tenant("").upsert_many([entity])
    finally:
        recorder.close()
        plain.close()
    return recorder


def test_what_workers_write_while_no_server_runs_is_ledgered_later_exactly_once(
    store: Store, store_url: str
) -> None:
    worker = _worker_writes(store_url, service_writer("mqtt-worker:5"), 3, ledger=True)
    assert worker.appended == 3  # recorded with no server, subscription or feed anywhere
    assert records(store) == []
    app = create_app(Settings(db="sqlite:///unused.db", ledger_seal_after_s=0.2), store=store)
    with TestClient(app) as client:
        deadline = time.monotonic() + 10
        found: list[dict[str, object]] = []
        while time.monotonic() < deadline and len(found) < 3:
            found = [r for r in client.get("/governance/ledger").json() if ":off" in str(r["resource"])]
            time.sleep(0.05)
    assert [(r["actor"], r["action"], r["resource"]) for r in found] == [
        ("service:mqtt-worker:5", "create", f"urn:ngsi-ld:Building:off{i}") for i in range(3)
    ]
    again = ChangeLogTail(store, Ledger(store), owner=SERVER)  # the next start: nothing new to ledger
    assert again.step() is False and again.recorded == 0
    assert len([e for e in records(store) if ":off" in e.resource]) == 3


def test_without_a_ledger_a_lone_worker_records_nothing(store: Store, store_url: str) -> None:
    worker = _worker_writes(store_url, service_writer("mqtt-worker:6"), 2, ledger=False)
    assert worker.appended == 0 and store.last_change_seq() == 0


def test_retention_keeps_what_the_ledger_tail_has_not_consumed(store: Store, store_url: str) -> None:
    _worker_writes(store_url, service_writer("mqtt-worker:7"), 4, ledger=True)
    head = store.last_change_seq()
    assert ledger_bound(store, head) == head  # never ledgered: the usual retention
    tail = ChangeLogTail(store, Ledger(store), owner=SERVER)
    store.save_stream_state({CURSOR: (head - 3, b"")})  # the tail consumed the first entry only
    assert ledger_bound(store, head) == head - 3
    assert ledger_bound(store, head - 4) == head - 4  # readers behind the tail bound it themselves
    store.trim_changes(ledger_bound(store, head))
    tail.step()
    assert [e.resource.rsplit(":", 1)[1] for e in records(store)] == ["off1", "off2", "off3"]
    assert ledger_bound(store, head) == head  # all consumed: trimmed like any log
    store.save_stream_state({CURSOR: (head - 3, b"")})  # a tail stuck for longer than the cap
    late = to_micros(utc_now()) + int((LEDGER_KEEP_S + 60) * 1e6)
    assert ledger_bound(store, head, now_us=late) == head
