"""Contract: attribute history (append, idempotence, windows, lastN, aggregation, write history, delete).

Runs against every backend through the ``store`` fixture. Aggregation semantics are those of
:func:`citytwin.storage.codec.aggregate_values` (population stddev; numbers only for the numeric methods);
buckets start at the window start, else at the earliest matching instance, and only non-empty ones are
returned. Expected values below are computed by hand.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from citytwin.core.entities import Entity, prop
from citytwin.core.query import (
    Aggregate,
    AggregateQuery,
    AttributeInstance,
    HistoryQuery,
    TimeRel,
)
from citytwin.errors import AlreadyExists, BadRequestData
from citytwin.storage.base import Store, TenantStore
from citytwin.storage.registry import open_store

E1 = "urn:ngsi-ld:Sensor:001"
E2 = "urn:ngsi-ld:Sensor:002"
T0 = datetime(2024, 3, 1, tzinfo=UTC)
HOUR = timedelta(hours=1)
ALL = tuple(Aggregate)


def at(minutes: float) -> datetime:
    """T0 plus some minutes."""
    return T0 + timedelta(minutes=minutes)


def inst(entity: str, attr: str, minutes: float, value: Any, **extra: Any) -> AttributeInstance:
    """An instance observed ``minutes`` after T0."""
    return AttributeInstance(entity_id=entity, attr=attr, observed_at=at(minutes), value=value, **extra)


def series(items: list[AttributeInstance]) -> list[tuple[str, str, datetime, Any]]:
    """What matters of read results, in order."""
    return [(i.entity_id, i.attr, i.observed_at, i.value) for i in items]


@pytest.fixture
def t(store: Store) -> TenantStore:
    """The default tenant of a fresh store."""
    return store.tenant()


@pytest.fixture
def loaded(t: TenantStore) -> TenantStore:
    """Two sensors, two attributes, appended out of time order."""
    t.append_history(
        [
            inst(E1, "temperature", 30, 21.5, unit_code="CEL", entity_type="Sensor", instance_id="i-3"),
            inst(E1, "temperature", 0, 20.0, unit_code="CEL", entity_type="Sensor", instance_id="i-1"),
            inst(E1, "temperature", 10, 20.5, unit_code="CEL", entity_type="Sensor", instance_id="i-2"),
            inst(E1, "humidity", 5, 60, entity_type="Sensor"),
            inst(E2, "temperature", 20, 19.0, entity_type="Sensor"),
            inst(E1, "temperature", 60, 23.0, unit_code="CEL", entity_type="Sensor", instance_id="i-4"),
        ]
    )
    return t


# -- append and read -----------------------------------------------------------------------------------


def test_read_returns_time_order_per_entity_and_attribute(loaded: TenantStore) -> None:
    assert series(loaded.read_history(HistoryQuery())) == [
        (E1, "humidity", at(5), 60),
        (E1, "temperature", at(0), 20.0),
        (E1, "temperature", at(10), 20.5),
        (E1, "temperature", at(30), 21.5),
        (E1, "temperature", at(60), 23.0),
        (E2, "temperature", at(20), 19.0),
    ]


def test_instances_keep_their_metadata(loaded: TenantStore) -> None:
    got = loaded.read_history(HistoryQuery(entity_ids=(E1,), attrs=("temperature",)))
    first = got[0]
    assert first == AttributeInstance(
        entity_id=E1,
        attr="temperature",
        observed_at=at(0),
        value=20.0,
        dataset_id=None,
        entity_type="Sensor",
        unit_code="CEL",
        instance_id="i-1",
    )
    assert first.observed_at.utcoffset() == timedelta(0)


def test_values_of_every_json_kind_round_trip(t: TenantStore) -> None:
    values: list[Any] = [7, 7.25, "text", True, False, {"a": [1, 2], "b": {"c": "d"}}, [1, "x", None], "温度"]
    t.append_history([inst(E1, "v", i, v) for i, v in enumerate(values)])
    got = [i.value for i in t.read_history(HistoryQuery())]
    assert got == values
    assert [type(v) for v in got] == [type(v) for v in values]


def test_naive_datetimes_are_utc(t: TenantStore) -> None:
    naive = datetime(2024, 3, 1, 8, 0)
    t.append_history([AttributeInstance(E1, "v", naive, 1)])
    assert t.read_history(HistoryQuery())[0].observed_at == naive.replace(tzinfo=UTC)
    assert t.read_history(HistoryQuery(timerel=TimeRel.BEFORE, time_at=datetime(2024, 3, 1, 8, 0))) == []


def test_append_counts_new_instances_and_is_idempotent_on_instance_id(t: TenantStore) -> None:
    batch = [inst(E1, "v", 0, 1, instance_id="a"), inst(E1, "v", 1, 2, instance_id="b")]
    assert t.append_history(batch) == 2
    assert t.append_history(batch) == 0
    # The same instance id under another attribute or entity is another instance.
    assert t.append_history([inst(E1, "w", 0, 1, instance_id="a"), inst(E2, "v", 0, 1, instance_id="a")]) == 2
    # Within one call, a repeated id counts once.
    assert t.append_history([inst(E1, "v", 5, 3, instance_id="c"), inst(E1, "v", 6, 4, instance_id="c")]) == 1
    assert [i.value for i in t.read_history(HistoryQuery(entity_ids=(E1,), attrs=("v",)))] == [1, 2, 3]


def test_instances_without_id_are_always_appended(t: TenantStore) -> None:
    assert t.append_history([inst(E1, "v", 0, 1)]) == 1
    assert t.append_history([inst(E1, "v", 0, 1)]) == 1
    assert len(t.read_history(HistoryQuery())) == 2
    assert t.append_history([]) == 0


@pytest.mark.parametrize(
    "bad",
    [
        "not an instance",
        AttributeInstance(E1, "v", T0, None),
        AttributeInstance(E1, "bad name", T0, 1),
        AttributeInstance("", "v", T0, 1),
        AttributeInstance(E1, "v", "2024-01-01T00:00:00Z", 1),  # type: ignore[arg-type]
    ],
)
def test_bad_instances_are_refused_and_nothing_is_written(t: TenantStore, bad: Any) -> None:
    with pytest.raises(BadRequestData):
        t.append_history([inst(E1, "v", 0, 1), bad])
    assert t.read_history(HistoryQuery()) == []


# -- filters, windows and lastN ------------------------------------------------------------------------


def test_filters_by_entity_attribute_and_dataset(t: TenantStore) -> None:
    ds = "urn:ngsi-ld:Dataset:backup"
    t.append_history(
        [
            inst(E1, "temperature", 0, 1),
            inst(E1, "temperature", 1, 2, dataset_id=ds),
            inst(E1, "humidity", 2, 3),
            inst(E2, "temperature", 3, 4),
        ]
    )
    assert [i.value for i in t.read_history(HistoryQuery(entity_ids=(E2,)))] == [4]
    assert [i.value for i in t.read_history(HistoryQuery(attrs=("humidity",)))] == [3]
    assert [i.value for i in t.read_history(HistoryQuery(entity_ids=(E1, E2), attrs=("temperature",)))] == [
        1,
        2,
        4,
    ]
    got = t.read_history(HistoryQuery(dataset_id=ds))
    assert [(i.value, i.dataset_id) for i in got] == [(2, ds)]
    assert t.read_history(HistoryQuery(entity_ids=("urn:ngsi-ld:Sensor:none",))) == []


@pytest.mark.parametrize(
    ("query", "minutes"),
    [
        (HistoryQuery(timerel=TimeRel.BEFORE, time_at=at(10)), [0]),  # end is exclusive
        (HistoryQuery(timerel=TimeRel.AFTER, time_at=at(10)), [10, 30, 60]),  # start is inclusive
        (HistoryQuery(timerel=TimeRel.BETWEEN, time_at=at(10), end_time_at=at(60)), [10, 30]),
        (HistoryQuery(timerel=TimeRel.BETWEEN, time_at=at(11), end_time_at=at(29)), []),
        (HistoryQuery(timerel=TimeRel.AFTER, time_at=at(61)), []),
    ],
)
def test_time_windows_are_half_open(loaded: TenantStore, query: HistoryQuery, minutes: list[int]) -> None:
    q = dataclasses.replace(query, entity_ids=(E1,), attrs=("temperature",))
    assert [i.observed_at for i in loaded.read_history(q)] == [at(m) for m in minutes]


def test_last_n_keeps_the_newest_of_each_series_in_time_order(loaded: TenantStore) -> None:
    got = loaded.read_history(HistoryQuery(last_n=2))
    assert series(got) == [
        (E1, "humidity", at(5), 60),
        (E1, "temperature", at(30), 21.5),
        (E1, "temperature", at(60), 23.0),
        (E2, "temperature", at(20), 19.0),
    ]


def test_last_n_applies_inside_the_window(loaded: TenantStore) -> None:
    q = HistoryQuery(
        entity_ids=(E1,), attrs=("temperature",), timerel=TimeRel.BEFORE, time_at=at(60), last_n=2
    )
    assert [i.value for i in loaded.read_history(q)] == [20.5, 21.5]


def test_last_n_breaks_timestamp_ties_by_arrival(t: TenantStore) -> None:
    t.append_history([inst(E1, "v", 0, "first"), inst(E1, "v", 0, "second"), inst(E1, "v", 0, "third")])
    assert [i.value for i in t.read_history(HistoryQuery())] == ["first", "second", "third"]
    assert [i.value for i in t.read_history(HistoryQuery(last_n=2))] == ["second", "third"]


# -- aggregation ---------------------------------------------------------------------------------------


@pytest.fixture
def meter(t: TenantStore) -> TenantStore:
    """Power readings: bucket 0 numeric only, bucket 1 with a string, nothing in bucket 2, one at 03:00."""
    t.append_history(
        [
            inst(E1, "power", 0, 2),
            inst(E1, "power", 30, 4.0),
            inst(E1, "power", 75, 5),
            inst(E1, "power", 105, 5.0),
            inst(E1, "power", 110, "five"),
            inst(E1, "power", 180, 100),
        ]
    )
    return t


def test_every_method_per_period_from_the_window_start(meter: TenantStore) -> None:
    window = HistoryQuery(timerel=TimeRel.BETWEEN, time_at=T0, end_time_at=T0 + 3 * HOUR)
    buckets = meter.aggregate_history(AggregateQuery(window, ALL, period=HOUR))
    assert [(b.entity_id, b.attr, b.start, b.end) for b in buckets] == [
        (E1, "power", T0, T0 + HOUR),
        (E1, "power", T0 + HOUR, T0 + 2 * HOUR),
    ]
    first, second = (b.values for b in buckets)
    # 2 and 4: mean 3, deviations ±1, population stddev 1.
    assert first == {
        Aggregate.TOTAL_COUNT: 2,
        Aggregate.DISTINCT_COUNT: 2,
        Aggregate.SUM: pytest.approx(6.0),
        Aggregate.AVG: pytest.approx(3.0),
        Aggregate.MIN: pytest.approx(2.0),
        Aggregate.MAX: pytest.approx(4.0),
        Aggregate.STDDEV: pytest.approx(1.0),
        Aggregate.SUMSQ: pytest.approx(20.0),
    }
    # 5, 5.0 and "five": three instances, two distinct values (5 == 5.0), numbers only for the rest.
    assert second == {
        Aggregate.TOTAL_COUNT: 3,
        Aggregate.DISTINCT_COUNT: 2,
        Aggregate.SUM: pytest.approx(10.0),
        Aggregate.AVG: pytest.approx(5.0),
        Aggregate.MIN: pytest.approx(5.0),
        Aggregate.MAX: pytest.approx(5.0),
        Aggregate.STDDEV: pytest.approx(0.0, abs=1e-12),
        Aggregate.SUMSQ: pytest.approx(50.0),
    }
    for values in (first, second):
        assert isinstance(values[Aggregate.TOTAL_COUNT], int)
        assert isinstance(values[Aggregate.DISTINCT_COUNT], int)
        assert all(isinstance(values[m], float) for m in ALL[2:])


def test_buckets_start_at_the_first_instance_without_a_window(t: TenantStore) -> None:
    t.append_history([inst(E1, "v", 10, 1), inst(E1, "v", 40, 3), inst(E1, "v", 80, 10)])
    buckets = t.aggregate_history(AggregateQuery(HistoryQuery(), (Aggregate.SUM,), period=HOUR))
    assert [(b.start, b.end) for b in buckets] == [(at(10), at(70)), (at(70), at(130))]
    assert [b.values[Aggregate.SUM] for b in buckets] == [pytest.approx(4.0), pytest.approx(10.0)]


def test_without_a_period_one_bucket_spans_the_window(meter: TenantStore) -> None:
    window = HistoryQuery(timerel=TimeRel.AFTER, time_at=at(60))
    (only,) = meter.aggregate_history(AggregateQuery(window, (Aggregate.TOTAL_COUNT, Aggregate.MAX)))
    # No window end: the bucket ends just after the latest instance.
    assert (only.start, only.end) == (at(60), at(180) + timedelta(microseconds=1))
    assert only.values == {Aggregate.TOTAL_COUNT: 4, Aggregate.MAX: pytest.approx(100.0)}
    between = HistoryQuery(timerel=TimeRel.BETWEEN, time_at=at(0), end_time_at=at(110))
    (only,) = meter.aggregate_history(AggregateQuery(between, (Aggregate.AVG,)))
    assert (only.start, only.end) == (at(0), at(110))
    assert only.values == {Aggregate.AVG: pytest.approx(4.0)}  # 2, 4, 5, 5.0 (not "five" at 110) → 16 / 4


def test_one_bucket_per_series_ordered_by_entity_and_attribute(loaded: TenantStore) -> None:
    buckets = loaded.aggregate_history(AggregateQuery(HistoryQuery(), (Aggregate.TOTAL_COUNT, Aggregate.MIN)))
    assert [(b.entity_id, b.attr, b.values[Aggregate.TOTAL_COUNT]) for b in buckets] == [
        (E1, "humidity", 1),
        (E1, "temperature", 4),
        (E2, "temperature", 1),
    ]
    # Every series shares the origin (the earliest matching instance) and the end (the latest + 1 µs).
    assert {(b.start, b.end) for b in buckets} == {(at(0), at(60) + timedelta(microseconds=1))}
    assert [b.values[Aggregate.MIN] for b in buckets] == [pytest.approx(60.0), pytest.approx(20.0), 19.0]


def test_non_numeric_values_count_but_have_no_numeric_aggregates(t: TenantStore) -> None:
    t.append_history(
        [inst(E1, "state", m, v) for m, v in enumerate(["on", "off", "on", True, {"a": 1}, {"a": 1}, [1]])]
    )
    (only,) = t.aggregate_history(AggregateQuery(HistoryQuery(), ALL))
    assert only.values[Aggregate.TOTAL_COUNT] == 7
    assert only.values[Aggregate.DISTINCT_COUNT] == 5  # "on", "off", true, {"a": 1}, [1]
    assert all(only.values[m] is None for m in ALL[2:])


def test_stddev_is_the_population_one(t: TenantStore) -> None:
    t.append_history([inst(E1, "v", m, v) for m, v in enumerate([2, 4, 4, 4, 5, 5, 7, 9])])
    (only,) = t.aggregate_history(AggregateQuery(HistoryQuery(), (Aggregate.STDDEV, Aggregate.AVG)))
    assert only.values == {Aggregate.STDDEV: pytest.approx(2.0), Aggregate.AVG: pytest.approx(5.0)}
    t.append_history([inst(E2, "v", 0, 42)])
    buckets = t.aggregate_history(AggregateQuery(HistoryQuery(entity_ids=(E2,)), (Aggregate.STDDEV,)))
    assert buckets[0].values[Aggregate.STDDEV] == pytest.approx(0.0, abs=1e-12)


def test_aggregating_nothing_gives_no_bucket(t: TenantStore) -> None:
    assert t.aggregate_history(AggregateQuery(HistoryQuery(), ALL, period=HOUR)) == []
    t.append_history([inst(E1, "v", 0, 1)])
    window = HistoryQuery(timerel=TimeRel.AFTER, time_at=at(1))
    assert t.aggregate_history(AggregateQuery(window, ALL)) == []


# -- history written by entity writes ------------------------------------------------------------------


class SetClock:
    """A clock that reads whatever the test last set (backends may read it more than once per write)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> SetClock:
    """The clock of the ``clocked`` store, at T0 + 1 h."""
    return SetClock(T0 + HOUR)


@pytest.fixture
def clocked(store_url: str, clock: SetClock) -> Iterator[TenantStore]:
    """A store driven by ``clock``."""
    opened = open_store(store_url, clock=clock)
    try:
        yield opened.tenant()
    finally:
        opened.close()


def sensor(temperature: Any, **attrs: Any) -> Entity:
    """A sensor with a temperature and more properties."""
    entity = Entity(E1, ("Sensor",))
    entity.set("temperature", temperature)
    for name, value in attrs.items():
        entity.set(name, value)
    return entity


def test_writes_with_history_append_the_written_instances(clocked: TenantStore, clock: SetClock) -> None:
    observed = "2024-02-29T23:00:00Z"
    clocked.create(sensor(prop(20.0, observed_at=observed), status=prop("ok")), history=True)
    clock.now = T0 + 2 * HOUR
    clocked.merge(Entity(E1, ("Sensor",), {"temperature": [prop(21.0)]}), history=True)
    clock.now = T0 + 3 * HOUR
    clocked.replace(sensor(prop(22.0), status=prop("fine")), history=True)
    got = clocked.read_history(HistoryQuery())
    assert [(i.attr, i.observed_at, i.value) for i in got] == [
        ("status", T0 + HOUR, "ok"),  # no observedAt: the write time
        ("status", T0 + 3 * HOUR, "fine"),
        ("temperature", datetime(2024, 2, 29, 23, tzinfo=UTC), 20.0),  # observedAt wins
        ("temperature", T0 + 2 * HOUR, 21.0),  # a merge records only the merged attributes
        ("temperature", T0 + 3 * HOUR, 22.0),
    ]
    assert {i.entity_type for i in got} == {"Sensor"}
    assert len({i.instance_id for i in got}) == 5
    assert all(i.instance_id for i in got)


def test_batch_writes_with_history(clocked: TenantStore, clock: SetClock) -> None:
    other = Entity(E2, ("Sensor",), {"temperature": [prop(5, unit_code="CEL")]})
    result = clocked.upsert_many([sensor(prop(1)), other], history=True)
    assert result.success == [E1, E2]
    clock.now = T0 + 2 * HOUR
    clocked.upsert_many([Entity(E2, ("Sensor",), {"humidity": [prop(50)]})], merge=True, history=True)
    clocked.create_many([Entity("urn:ngsi-ld:Sensor:003", ("Sensor",), {"t": [prop(9)]})], history=True)
    got = clocked.read_history(HistoryQuery())
    assert [(i.entity_id, i.attr, i.value, i.unit_code, i.observed_at) for i in got] == [
        (E1, "temperature", 1, None, T0 + HOUR),
        (E2, "humidity", 50, None, T0 + 2 * HOUR),
        (E2, "temperature", 5, "CEL", T0 + HOUR),
        ("urn:ngsi-ld:Sensor:003", "t", 9, None, T0 + 2 * HOUR),
    ]


def test_writes_without_history_leave_none(t: TenantStore) -> None:
    t.create(sensor(prop(1)))
    t.merge(Entity(E1, ("Sensor",), {"temperature": [prop(2)]}))
    t.upsert_many([sensor(prop(3))])
    assert t.read_history(HistoryQuery()) == []


def test_a_failed_write_adds_no_history(t: TenantStore) -> None:
    t.create(sensor(prop(1)), history=True)
    with pytest.raises(AlreadyExists):
        t.create(sensor(prop(2)), history=True)
    assert [i.value for i in t.read_history(HistoryQuery())] == [1]


# -- deletion ------------------------------------------------------------------------------------------


def test_delete_history_by_entity_attribute_dataset_or_instance(t: TenantStore) -> None:
    ds = "urn:ngsi-ld:Dataset:b"
    t.append_history(
        [
            inst(E1, "a", 0, 1, instance_id="x1"),
            inst(E1, "a", 1, 2, instance_id="x2"),
            inst(E1, "a", 2, 3, dataset_id=ds),
            inst(E1, "b", 3, 4, dataset_id=ds),
            inst(E1, "b", 4, 5),
            inst(E2, "a", 5, 6),
        ]
    )
    assert t.delete_history(E1, "a", instance_id="x1") == 1
    assert t.delete_history(E1, dataset_id=ds) == 2
    assert [i.value for i in t.read_history(HistoryQuery(entity_ids=(E1,)))] == [2, 5]
    assert t.delete_history(E1, "b") == 1
    assert t.delete_history(E1) == 1
    assert t.delete_history(E1) == 0
    assert [i.value for i in t.read_history(HistoryQuery())] == [6]


def test_deleting_an_entity_keeps_its_history(t: TenantStore) -> None:
    t.create(sensor(prop(1)), history=True)
    t.delete(E1)
    assert [i.value for i in t.read_history(HistoryQuery(entity_ids=(E1,)))] == [1]


@pytest.mark.parametrize("named", [True, False], ids=["named-series", "any-series"])
def test_window_bounds_that_cut_buckets_are_respected(t: TenantStore, named: bool) -> None:
    # One reading every 10 minutes for 3 hours; the window starts and ends inside hourly buckets.
    t.append_history(inst("urn:ngsi-ld:Meter:w", "flow", 10 * i, float(i)) for i in range(18))
    window = HistoryQuery(
        entity_ids=("urn:ngsi-ld:Meter:w",) if named else (),
        attrs=("flow",) if named else (),
        timerel=TimeRel.BETWEEN,
        time_at=at(25),
        end_time_at=at(130),
    )
    methods = (Aggregate.TOTAL_COUNT, Aggregate.SUM, Aggregate.MIN, Aggregate.MAX)
    buckets = t.aggregate_history(AggregateQuery(window, methods, period=HOUR))
    # Buckets start at the window start: [25, 85) holds readings 3..8; the window cuts the second
    # bucket at 130, so it holds 9..12 and not 13 or 14.
    assert [b.start for b in buckets] == [at(25), at(85)]
    assert [b.values[Aggregate.TOTAL_COUNT] for b in buckets] == [6, 4]
    assert [b.values[Aggregate.SUM] for b in buckets] == [pytest.approx(33.0), pytest.approx(42.0)]
    assert [(b.values[Aggregate.MIN], b.values[Aggregate.MAX]) for b in buckets] == [(3.0, 8.0), (9.0, 12.0)]


def test_dataset_series_names_the_series_whose_history_holds_a_dataset_id(t: TenantStore) -> None:
    ds = "urn:ngsi-ld:Dataset:backup"
    t.append_history(
        [
            inst(E1, "temperature", 0, 20.0),
            inst(E1, "temperature", 1, 21.0, dataset_id=ds),
            inst(E1, "humidity", 0, 50),
            inst(E2, "temperature", 0, 19.0),
            inst(E2, "humidity", 2, 55, dataset_id=ds),
        ]
    )
    asked = [(E1, "temperature"), (E1, "humidity"), (E2, "temperature"), (E2, "humidity"), (E2, "noise")]
    assert t.dataset_series(asked) == {(E1, "temperature"), (E2, "humidity")}
    assert t.dataset_series(asked) == TenantStore.dataset_series(t, asked)  # the reading default agrees
    assert t.dataset_series([(E2, "temperature")]) == set() and t.dataset_series([]) == set()
    t.delete_history(E1, "temperature", dataset_id=ds)
    assert t.dataset_series(asked) == {(E2, "humidity")}
