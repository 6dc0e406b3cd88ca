"""``ObservedTenantStore.merge_with``: a backend's own merge publishes the events ``upsert_many`` would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from citytwin.core.entities import Entity, prop
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.storage.base import BatchResult
from citytwin.storage.registry import open_store
from citytwin.storage.sqlite import narrow
from citytwin.storage.sqlite.store import SQLiteTenantStore
from citytwin.stream.bus import EventBus
from citytwin.stream.observed import ObservedStore, ObservedTenantStore

T0 = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
IDS = [f"urn:ngsi-ld:Pipe:440304-p{i}" for i in range(3)]


def _entities() -> list[Entity]:
    return [
        Entity(i, ("Pipe",), {"name": [prop(f"p{n}")], "pressure": [prop(300.0)]}) for n, i in enumerate(IDS)
    ]


def _patches() -> list[Entity]:
    return [Entity(i, ("Pipe",), {"pressure": [prop(310.0 + n, unit_code="KPA")]}) for n, i in enumerate(IDS)]


def _comparable(event: EntityChange) -> tuple[object, ...]:
    return (event.kind, event.entity_id, event.types, event.entity, event.previous, event.attrs, event.origin)


def _observed(path: Path, bus: EventBus) -> tuple[ObservedStore, ObservedTenantStore]:
    observed = ObservedStore(open_store(f"sqlite:///{path}", clock=lambda: T0), bus, origin="ingest")
    ts = observed.tenant("")
    assert isinstance(ts, ObservedTenantStore)
    ts.upsert_many(_entities())
    return observed, ts


Write = Callable[[bool], tuple[BatchResult, dict[str, Entity]] | None]


def _narrow(ts: ObservedTenantStore, patches: list[Entity], calls: list[bool]) -> Write:
    """A real backend write (the embedded store's narrow merge) that records what it was asked."""
    inner = ts.inner
    assert isinstance(inner, SQLiteTenantStore)

    def write(previous: bool) -> tuple[BatchResult, dict[str, Entity]] | None:
        calls.append(previous)
        done = narrow.ingest(inner, [], patches, previous=previous)
        return None if done is None else (BatchResult(success=[p.id for p in patches]), done.previous)

    return write


def test_the_events_are_those_of_upsert_many(tmp_path: Path) -> None:
    for wants_previous in (True, False):
        bus_a, bus_b = EventBus(), EventBus()
        got_a: list[EntityChange] = []
        got_b: list[EntityChange] = []
        bus_a.subscribe(got_a.append, wants_previous=wants_previous)
        bus_b.subscribe(got_b.append, wants_previous=wants_previous)
        store_a, ts_a = _observed(tmp_path / f"a{wants_previous}.db", bus_a)
        store_b, ts_b = _observed(tmp_path / f"b{wants_previous}.db", bus_b)
        del got_a[:], got_b[:]
        calls: list[bool] = []
        result = ts_a.merge_with(_patches(), _narrow(ts_a, _patches(), calls))
        expected = ts_b.upsert_many(_patches(), merge=True)
        assert result is not None and result.success == expected.success == IDS
        assert calls == [wants_previous]
        assert [_comparable(e) for e in got_a] == [_comparable(e) for e in got_b]
        assert all(e.kind is ChangeKind.UPDATED for e in got_a)
        if wants_previous:
            assert [e.previous.value("pressure") for e in got_a if e.previous] == [300.0] * 3
            assert [e.entity.value("name") for e in got_a if e.entity] == ["p0", "p1", "p2"]
        assert ts_a.get(IDS[1]).value("pressure") == 311.0
        store_a.close()
        store_b.close()


def test_nothing_written_publishes_nothing(tmp_path: Path) -> None:
    bus = EventBus()
    got: list[EntityChange] = []
    bus.subscribe(got.append, wants_previous=True)
    store, ts = _observed(tmp_path / "x.db", bus)
    got.clear()
    missing = [Entity("urn:ngsi-ld:Pipe:nowhere", ("Pipe",), {"pressure": [prop(1.0)]})]
    calls: list[bool] = []
    assert ts.merge_with(missing, _narrow(ts, missing, calls)) is None
    assert calls == [True] and got == []
    store.close()


def test_without_listeners_the_write_is_asked_for_no_previous_states(tmp_path: Path) -> None:
    bus = EventBus()
    store, ts = _observed(tmp_path / "y.db", bus)
    calls: list[bool] = []
    result = ts.merge_with(_patches(), _narrow(ts, _patches(), calls))
    assert result is not None and result.success == IDS and calls == [False]
    assert bus.published == 0
    store.close()
