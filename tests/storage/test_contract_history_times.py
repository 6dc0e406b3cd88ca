"""Contract: the system times of attribute history (schema version 7) and the scope series.

Each history row keeps when its attribute instance was created in the broker (createdAt, kept by merges)
and when it was written (modifiedAt); a ``HistoryQuery`` windows, orders and takes ``last_n`` on the time
its ``time_property`` names, and aggregates per period of that time. Rows without system times (written
before version 7, or by the embedded store's bulk ingest rows) read as their observation time. Writes that
set the scope record it in the series ``scope``. Every backend, through the ``store`` fixture.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from citytwin.core.entities import Entity, prop
from citytwin.core.query import (
    Aggregate,
    AggregateQuery,
    AttributeInstance,
    HistoryQuery,
    TimeProperty,
    TimeRel,
)
from citytwin.storage.base import TenantStore
from citytwin.storage.registry import open_store
from citytwin.storage.sqlite import schema

E1 = "urn:ngsi-ld:Sensor:t1"
T0 = datetime(2024, 3, 1, tzinfo=UTC)
HOUR = timedelta(hours=1)
OBSERVED = datetime(2020, 1, 1, tzinfo=UTC)


class SetClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> SetClock:
    return SetClock(T0)


@pytest.fixture
def clocked(store_url: str, clock: SetClock) -> Iterator[TenantStore]:
    opened = open_store(store_url, clock=clock)
    try:
        yield opened.tenant()
    finally:
        opened.close()


def window(prop_: TimeProperty, start: datetime, **extra: object) -> HistoryQuery:
    return HistoryQuery(timerel=TimeRel.AFTER, time_at=start, time_property=prop_, **extra)  # type: ignore[arg-type]


def updated_three_times(t: TenantStore, clock: SetClock) -> None:
    """Temperature created at T0, updated at T0+1h and T0+2h, every value observed at OBSERVED."""
    stamp = "2020-01-01T00:00:00Z"
    t.create(Entity(E1, ("Sensor",), {"temperature": [prop(1, observed_at=stamp)]}), history=True)
    for hours in (1, 2):
        clock.now = T0 + hours * HOUR
        t.merge(Entity(E1, ("Sensor",), {"temperature": [prop(1 + hours, observed_at=stamp)]}), history=True)


def test_writes_record_created_and_modified(clocked: TenantStore, clock: SetClock) -> None:
    updated_three_times(clocked, clock)
    got = clocked.read_history(HistoryQuery(attrs=("temperature",)))
    assert [(i.value, i.observed_at, i.created_at, i.modified_at) for i in got] == [
        (1, OBSERVED, T0, T0),
        (2, OBSERVED, T0, T0 + HOUR),  # a merge keeps the attribute's createdAt
        (3, OBSERVED, T0, T0 + 2 * HOUR),
    ]
    clock.now = T0 + 3 * HOUR
    clocked.replace(Entity(E1, ("Sensor",), {"temperature": [prop(4)]}), history=True)
    [replaced] = clocked.read_history(HistoryQuery(attrs=("temperature",), last_n=1))
    assert (replaced.created_at, replaced.modified_at) == (T0 + 3 * HOUR, T0 + 3 * HOUR)


def test_windows_last_n_and_order_follow_the_time_property(clocked: TenantStore, clock: SetClock) -> None:
    updated_three_times(clocked, clock)
    modified = clocked.read_history(window(TimeProperty.MODIFIED_AT, T0 + HOUR))
    assert [i.value for i in modified] == [2, 3]
    assert [i.value for i in clocked.read_history(window(TimeProperty.CREATED_AT, T0 + HOUR))] == []
    assert [i.value for i in clocked.read_history(window(TimeProperty.CREATED_AT, T0))] == [1, 2, 3]
    assert clocked.read_history(window(TimeProperty.OBSERVED_AT, T0)) == []
    newest = clocked.read_history(window(TimeProperty.MODIFIED_AT, T0, last_n=2))
    assert [i.value for i in newest] == [2, 3]


def test_aggregation_periods_follow_the_time_property(clocked: TenantStore, clock: SetClock) -> None:
    updated_three_times(clocked, clock)
    query = AggregateQuery(
        window(TimeProperty.MODIFIED_AT, T0, entity_ids=(E1,), attrs=("temperature",)),
        (Aggregate.SUM, Aggregate.TOTAL_COUNT),
        HOUR,
    )
    buckets = clocked.aggregate_history(query)
    assert [(b.start, b.values[Aggregate.SUM]) for b in buckets] == [
        (T0, 1.0),
        (T0 + HOUR, 2.0),
        (T0 + 2 * HOUR, 3.0),
    ]


def test_appended_instances_keep_given_times_and_others_read_as_observed(clocked: TenantStore) -> None:
    clocked.append_history(
        [
            AttributeInstance(E1, "a", OBSERVED, 1, instance_id="x-1", created_at=T0, modified_at=T0 + HOUR),
            AttributeInstance(E1, "b", OBSERVED, 2, instance_id="x-2"),
        ]
    )
    by_attr = {i.attr: i for i in clocked.read_history(HistoryQuery(entity_ids=(E1,)))}
    assert (by_attr["a"].created_at, by_attr["a"].modified_at) == (T0, T0 + HOUR)
    assert (by_attr["b"].created_at, by_attr["b"].modified_at) == (None, None)
    assert by_attr["b"].time_of(TimeProperty.MODIFIED_AT) == OBSERVED
    found = clocked.read_history(window(TimeProperty.CREATED_AT, OBSERVED))
    assert sorted(i.attr for i in found) == ["a", "b"]


def test_scope_writes_are_recorded(clocked: TenantStore, clock: SetClock) -> None:
    clocked.create(Entity(E1, ("Sensor",), {"t": [prop(1)]}, scope=("/A",)), history=True)
    clock.now = T0 + HOUR
    clocked.merge(Entity(E1, ("Sensor",), {"t": [prop(2)]}), history=True)  # leaves the scope alone
    clock.now = T0 + 2 * HOUR
    clocked.merge(Entity(E1, ("Sensor",), {}, scope=("/B", "/C")), history=True)
    clock.now = T0 + 3 * HOUR
    clocked.upsert_many([Entity(E1, ("Sensor",), {"t": [prop(3)]}, scope=("/D",))], history=True)
    got = clocked.read_history(HistoryQuery(attrs=("scope",)))
    assert [(i.observed_at, i.value, i.modified_at) for i in got] == [
        (T0, ["/A"], T0),
        (T0 + 2 * HOUR, ["/B", "/C"], T0 + 2 * HOUR),
        (T0 + 3 * HOUR, ["/D"], T0 + 3 * HOUR),
    ]


def test_sqlite_rows_from_before_version_7_stay_readable(tmp_path: Path) -> None:
    """A database at schema version 6 with history migrates in place; its rows read as observed."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = open_store(url, migrate=False)
    store.close()
    raw = sqlite3.connect(tmp_path / "old.db")
    raw.executescript(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL);"
    )
    for version, name, script in schema.migrations()[:6]:
        raw.executescript(script)
        raw.execute("INSERT INTO schema_version VALUES (?, ?, 'then')", (version, name))
    micros = int(OBSERVED.timestamp() * 1_000_000)
    raw.execute(
        "INSERT INTO history (tenant, entity_id, attr, ts_us, value, value_num, instance_id)"
        " VALUES ('', ?, 'old', ?, '7', 7.0, 'x-old')",
        (E1, micros),
    )
    raw.commit()
    raw.close()
    migrated = open_store(url)
    try:
        [old] = migrated.tenant().read_history(HistoryQuery(entity_ids=(E1,)))
        assert (old.value, old.observed_at, old.created_at) == (7, OBSERVED, None)
        found = migrated.tenant().read_history(window(TimeProperty.MODIFIED_AT, OBSERVED))
        assert [i.instance_id for i in found] == ["x-old"]
    finally:
        migrated.close()
