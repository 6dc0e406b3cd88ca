"""A telemetry batch on the embedded store is one transaction: history and live state, both or neither.

The pipeline hands the batch's history rows and live-state merges to ``storage.sqlite.narrow.ingest``; a
failure of the live-state write rolls the history back too, and a retry writes both exactly once. Change
events keep what a separate ``upsert_many(merge=True)`` gave them, previous states included.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from citytwin.core.entities import Entity, prop
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.core.query import HistoryQuery
from citytwin.errors import BadRequestData, StorageUnavailable
from citytwin.ingest.iot.service import IoTService
from citytwin.storage.registry import open_store
from citytwin.storage.sqlite import narrow
from citytwin.storage.sqlite.store import SQLiteStore, SQLiteTenantStore
from citytwin.stream.bus import EventBus
from citytwin.stream.observed import ObservedStore

from .conftest import PIPE, ROAD, DrivenClock, message, register, twins

_FAIL_MERGES = (
    "CREATE TEMP TRIGGER fail_merges BEFORE UPDATE ON entities"
    " BEGIN SELECT RAISE(ABORT, 'the disk said no'); END"
)


@pytest.fixture
def sqlite_store(tmp_path: Path, clock: DrivenClock) -> Iterator[SQLiteStore]:
    """An embedded store on a file (WAL, as in production) holding the twins."""
    store = open_store(f"sqlite:///{tmp_path / 'iot.db'}", clock=clock)
    assert isinstance(store, SQLiteStore)
    store.tenant("").upsert_many(twins())
    yield store
    store.close()


def _service(store: SQLiteStore, bus: EventBus, clock: DrivenClock) -> IoTService:
    service = IoTService.create(ObservedStore(store, bus, origin="ingest"), clock=clock)
    service.ensure_loaded()
    return service


def _history(store: SQLiteStore, entity_id: str) -> list[float]:
    found = store.tenant("").read_history(HistoryQuery(entity_ids=(entity_id,)))
    return [h.value for h in found]


def _batch(code: str) -> list[dict[str, object]]:
    return [
        {"device": code, "ts": f"2025-06-01T07:5{i}:00Z", "values": {"pressure": 300 + i, "temperature": 20}}
        for i in range(3)
    ]


def test_a_failed_live_state_write_leaves_no_history_and_a_retry_writes_once(
    sqlite_store: SQLiteStore, clock: DrivenClock
) -> None:
    service = _service(sqlite_store, EventBus(), clock)
    code = register(service, [{"type": "water-pressure", "district": "440304", "twin": PIPE}])[0]
    before = sqlite_store.tenant("").get(PIPE)
    sqlite_store._writer.execute(_FAIL_MERGES)  # a real SQLite failure inside the batch's transaction
    try:
        with pytest.raises(StorageUnavailable, match="the disk said no"):
            service.pipeline.ingest([message(_batch(code))])
        assert _history(sqlite_store, PIPE) == []  # the history of the failed batch was rolled back
        assert sqlite_store.tenant("").get(PIPE) == before
    finally:
        sqlite_store._writer.execute("DROP TRIGGER fail_merges")
    outcome = service.pipeline.ingest([message(_batch(code))])  # the transport's retry
    assert (outcome.accepted, outcome.values, outcome.duplicates) == (3, 6, 0)
    assert _history(sqlite_store, PIPE) == [300, 301, 302, 20, 20, 20]  # per attribute, in time
    again = service.pipeline.ingest([message(_batch(code))])  # a redelivery of what was acknowledged
    assert (again.values, again.duplicates) == (6, 6)
    assert len(_history(sqlite_store, PIPE)) == 6
    assert sqlite_store.tenant("").get(PIPE).value("waterPressure") == 302
    service.close()


def test_events_of_the_one_transaction_carry_the_previous_state(
    sqlite_store: SQLiteStore, clock: DrivenClock
) -> None:
    bus = EventBus()
    service = _service(sqlite_store, bus, clock)
    code = register(service, [{"type": "water-pressure", "district": "440304", "twin": PIPE}])[0]
    service.pipeline.ingest(
        [message({"device": code, "ts": "2025-06-01T07:40:00Z", "values": {"pressure": 1}})]
    )
    stored = sqlite_store.tenant("").get(PIPE)
    events: list[EntityChange] = []
    bus.subscribe(events.append, wants_previous=True)
    service.pipeline.ingest([message(_batch(code))])
    (event,) = [e for e in events if e.entity_id == PIPE]
    assert event.kind is ChangeKind.UPDATED and event.origin == "ingest"
    assert event.previous == stored  # what a read before the write gives, system times included
    assert event.entity is not None and event.entity.value("waterPressure") == 302
    assert event.entity.value("name") == stored.value("name")
    assert event.attrs == ("waterPressure", "waterTemperature")
    assert event.changed_attrs() == ("waterPressure", "waterTemperature")
    service.close()


def test_a_twin_the_narrow_merge_cannot_write_takes_the_two_step_path(
    sqlite_store: SQLiteStore, clock: DrivenClock
) -> None:
    bus = EventBus()
    service = _service(sqlite_store, bus, clock)
    code = register(service, [{"type": "traffic-flow", "district": "440304", "twin": ROAD}])[0]
    sqlite_store.tenant("").delete(ROAD)  # gone behind the registry's back: the merge must create it
    events: list[EntityChange] = []
    bus.subscribe(events.append, wants_kind=True)
    reading = {"device": code, "ts": "2025-06-01T07:55:00Z", "values": {"vehicleCount": 12}}
    outcome = service.pipeline.ingest([message(reading)])
    assert (outcome.accepted, outcome.values) == (1, 1)
    assert sqlite_store.tenant("").get(ROAD).value("intensity") == 12
    assert _history(sqlite_store, ROAD) == [12]
    assert [e.kind for e in events if e.entity_id == ROAD] == [ChangeKind.CREATED]
    service.close()


def test_narrow_ingest_is_all_or_nothing(sqlite_store: SQLiteStore) -> None:
    ts = sqlite_store.tenant("")
    assert isinstance(ts, SQLiteTenantStore)
    row = (PIPE, "waterPressure", None, 1_748_764_800_000_000, "300.0", 300.0, "KPA", "Pipe", "urn:x:1")
    bad = Entity(PIPE, ("Pipe",), {"waterPressure": [prop(None)]})
    with pytest.raises(BadRequestData, match="null"):
        narrow.ingest(ts, [row], [bad])
    assert _history(sqlite_store, PIPE) == []
    good = Entity(PIPE, ("Pipe",), {"waterPressure": [prop(300.0, unit_code="KPA")]})
    done = narrow.ingest(ts, [row, row], [good], previous=True)
    assert done is not None and done.added == 1  # one instance id, one row
    assert done.previous[PIPE].value("name") == "深南大道 DN600 给水干管"
    assert ts.get(PIPE).value("waterPressure") == 300.0
    missing = Entity("urn:ngsi-ld:Pipe:nowhere", ("Pipe",), {"waterPressure": [prop(1.0)]})
    other = (*row[:8], "urn:x:2")
    assert narrow.ingest(ts, [other], [missing]) is None  # nothing written: the caller goes two-step
    assert _history(sqlite_store, PIPE) == [300.0]
