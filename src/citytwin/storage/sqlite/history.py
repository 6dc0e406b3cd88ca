"""Attribute history in SQLite: append (idempotent on instance id), read, aggregate in SQL, delete.

Aggregation semantics are those of :func:`citytwin.storage.codec.aggregate_values`. Buckets are
``[origin + k·period, origin + (k+1)·period)`` where the origin is the window start, else the earliest
matching instance; only buckets holding at least one instance are returned. Without a period there is one
bucket per series over ``[origin, end)``, end being the window end, else the latest matching instance + 1 µs.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from citytwin.core.entities import check_name
from citytwin.core.query import (
    Aggregate,
    AggregateBucket,
    AggregateQuery,
    AttributeInstance,
    HistoryQuery,
    TimeProperty,
)
from citytwin.core.query_eval import datetime_micros
from citytwin.core.timeutil import from_micros
from citytwin.errors import BadRequestData
from citytwin.storage.codec import dumps, history_value, loads
from citytwin.storage.sqlite.querycompile import Params
from citytwin.storage.sqlite.writes import HISTORY_INSERT, HISTORY_INSERT_TIMED, TIMED_WIDTH

_FIELDS = "entity_id, attr, ts_us, value, dataset_id, entity_type, unit, instance_id, created_us, modified_us"
_TIME_SQL = {
    TimeProperty.CREATED_AT: "coalesce(created_us, ts_us)",
    TimeProperty.MODIFIED_AT: "coalesce(modified_us, created_us, ts_us)",
}


def time_sql(q: HistoryQuery) -> str:
    """The column (expression) of the instance time a query's window is on; rows without system times
    (older rows, bulk ingest) use their ``ts_us``."""
    return _TIME_SQL.get(q.time_property, "ts_us")


def _micros(value: datetime | None) -> int | None:
    return None if value is None else datetime_micros(value)


def _row(tenant: str, inst: AttributeInstance) -> tuple[Any, ...]:
    if not isinstance(inst, AttributeInstance):
        raise BadRequestData(f"expected an AttributeInstance, got {type(inst).__name__}")
    if not isinstance(inst.entity_id, str) or not inst.entity_id:
        raise BadRequestData(f"history instance has no entity id: {inst!r}")
    check_name(inst.attr)
    if not isinstance(inst.observed_at, datetime):
        raise BadRequestData(f"history instance of {inst.entity_id} {inst.attr} has no observedAt datetime")
    text, num = history_value(inst.value)
    return (
        tenant,
        inst.entity_id,
        inst.attr,
        inst.dataset_id,
        datetime_micros(inst.observed_at),
        text,
        num,
        inst.unit_code,
        inst.entity_type,
        inst.instance_id,
        _micros(inst.created_at),
        _micros(inst.modified_at),
    )


def prepare_rows(tenant: str, instances: Iterable[AttributeInstance]) -> list[tuple[Any, ...]]:
    """Validated history rows (BadRequestData names the first bad instance)."""
    return [_row(tenant, inst) for inst in instances]


def append(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> int:
    """Insert rows (with or without their system times), ignoring instance ids already present; returns
    how many were new."""
    if not rows:
        return 0
    timed = [r for r in rows if len(r) == TIMED_WIDTH]
    plain = [r for r in rows if len(r) != TIMED_WIDTH]
    added = int(conn.executemany(HISTORY_INSERT_TIMED, timed).rowcount) if timed else 0
    return added + (int(conn.executemany(HISTORY_INSERT, plain).rowcount) if plain else 0)


def _where(tenant: str, q: HistoryQuery, p: Params) -> str:
    parts = [f"tenant = {p.add(tenant)}"]
    if q.entity_ids:
        parts.append(f"entity_id IN (SELECT value FROM json_each({p.add(dumps(list(q.entity_ids)))}))")
    if q.attrs:
        parts.append(f"attr IN (SELECT value FROM json_each({p.add(dumps(list(q.attrs)))}))")
    if q.dataset_id is not None:
        parts.append(f"dataset_id = {p.add(q.dataset_id)}")
    start, end = q.bounds()
    t = time_sql(q)
    if start is not None:
        parts.append(f"{t} >= {p.add(datetime_micros(start))}")
    if end is not None:
        parts.append(f"{t} < {p.add(datetime_micros(end))}")
    return " AND ".join(parts)


def dataset_series(
    conn: sqlite3.Connection, tenant: str, series: Sequence[tuple[str, str]]
) -> set[tuple[str, str]]:
    """The (entity, attribute) series among ``series`` holding an instance with a datasetId: one probe of the
    partial index ``history_datasets`` per series."""
    if not series:
        return set()
    sql = (
        "SELECT s.value ->> 0, s.value ->> 1 FROM json_each(?) AS s WHERE EXISTS (SELECT 1 FROM history AS h"
        " WHERE h.tenant = ? AND h.entity_id = s.value ->> 0 AND h.attr = s.value ->> 1"
        " AND h.dataset_id IS NOT NULL)"
    )
    return {(str(e), str(a)) for e, a in conn.execute(sql, (dumps([list(x) for x in series]), tenant))}


def read(conn: sqlite3.Connection, tenant: str, q: HistoryQuery) -> list[AttributeInstance]:
    """Instances in time order per (entity, attr); with last_n only the newest N of each series."""
    p = Params()
    where = _where(tenant, q, p)
    t = time_sql(q)
    if q.last_n is None:
        sql = f"SELECT {_FIELDS} FROM history WHERE {where} ORDER BY entity_id, attr, {t}, hid"
    else:
        sql = (
            f"SELECT {_FIELDS} FROM (SELECT {_FIELDS}, hid, {t} AS t, row_number() OVER"
            f" (PARTITION BY entity_id, attr ORDER BY {t} DESC, hid DESC) AS n FROM history WHERE {where})"
            f" WHERE n <= {p.add(int(q.last_n))} ORDER BY entity_id, attr, t, hid"
        )
    return [
        AttributeInstance(
            entity_id=r[0],
            attr=r[1],
            observed_at=from_micros(r[2]),
            value=loads(r[3]),
            dataset_id=r[4],
            entity_type=r[5],
            unit_code=r[6],
            instance_id=r[7],
            created_at=None if r[8] is None else from_micros(r[8]),
            modified_at=None if r[9] is None else from_micros(r[9]),
        )
        for r in conn.execute(sql, p.values)
    ]


_NUMERIC_SQL = {
    Aggregate.SUM: "sum(value_num)",
    Aggregate.AVG: "avg(value_num)",
    Aggregate.MIN: "min(value_num)",
    Aggregate.MAX: "max(value_num)",
    Aggregate.SUMSQ: "sum(value_num * value_num)",
    # Two-pass (deviations from the bucket mean, from the window below): no cancellation as sumsq - n·mean².
    Aggregate.STDDEV: "sum((value_num - mean) * (value_num - mean))",
}


_MAX_SERIES = 256
_MAX_SEEKS = 10_000
"""Buckets × series above which one grouped pass (a sort) beats a statement per bucket."""


def _bucket_seeks(
    conn: sqlite3.Connection,
    tenant: str,
    q: HistoryQuery,
    *,
    origin: int,
    period_us: int,
    columns: list[str],
) -> list[tuple[Any, ...]] | None:
    """Grouped rows computed bucket by bucket, one index range per bucket and series, in order; None when
    the series are not named or the buckets are too many (the caller then groups in one pass).

    A GROUP BY on a computed bucket must sort every instance; a range per bucket reads each one once from
    the covering index, already in order (one prepared statement, a few µs per bucket): about 3x faster
    at 100k instances in 720 buckets. Real results stay exact (json_array or printf would round them).
    """
    if not q.entity_ids or not q.attrs or len(q.entity_ids) * len(q.attrs) > _MAX_SERIES:
        return None
    if q.time_property in _TIME_SQL:
        return None  # the index ranges are on ts_us
    p = Params()
    where = _where(tenant, q, p)
    start, end = q.bounds()
    if end is not None:
        stop = datetime_micros(end)
    else:
        last = conn.execute(f"SELECT max(ts_us) FROM history WHERE {where}", p.values).fetchone()[0]
        if last is None:
            return []
        stop = int(last) + 1
    series = sorted({(e, a) for e in q.entity_ids for a in q.attrs})
    buckets = -(-(stop - origin) // period_us)
    if buckets <= 0:
        return []
    if buckets * len(series) > _MAX_SEEKS:
        return None
    parts = ["tenant = ?", "entity_id = ?", "attr = ?"]
    fixed: list[Any] = []
    if q.dataset_id is not None:
        parts.append("dataset_id = ?")
        fixed.append(q.dataset_id)
    # Only the bucket's own bounds go into the statement, clamped to the window: with the window's bounds
    # as well, SQLite may range the index on those and read the whole window once per bucket.
    floor = origin if start is None else max(origin, datetime_micros(start))
    sql = f"SELECT {', '.join(columns)} FROM history WHERE {' AND '.join(parts)} AND ts_us >= ? AND ts_us < ?"
    out = []
    execute = conn.execute
    for entity_id, attr in series:
        head = (tenant, entity_id, attr, *fixed)
        for i in range(buckets):
            lo = origin + i * period_us
            row = execute(sql, (*head, max(lo, floor), min(lo + period_us, stop))).fetchone()
            if row[0]:
                out.append((entity_id, attr, i, *row))
    return out


def aggregate(conn: sqlite3.Connection, tenant: str, aq: AggregateQuery) -> list[AggregateBucket]:
    """Aggregates per (entity, attr, bucket) in one grouped SQL pass, computing only the methods asked for.

    Without distinctCount the pass reads only the covering index history_values; only stddev needs the
    bucket mean first (a window function).
    """
    p = Params()
    where = _where(tenant, aq.history, p)
    t = time_sql(aq.history)
    start, end = aq.history.bounds()
    if start is not None:
        origin = datetime_micros(start)
    else:
        first = conn.execute(f"SELECT min({t}) FROM history WHERE {where}", p.values).fetchone()[0]
        if first is None:
            return []
        origin = int(first)
    period_us = None if aq.period is None else aq.period // timedelta(microseconds=1)
    if period_us is not None and period_us < 1:
        raise BadRequestData("aggrPeriodDuration must be at least one microsecond")
    bucket = "0" if period_us is None else f"({t} - {p.add(origin)}) / {p.add(period_us)}"
    methods = tuple(dict.fromkeys(aq.methods))
    numeric = [m for m in methods if m in _NUMERIC_SQL]
    columns = ["count(*)", "count(value_num)", "max(ts_us)"]
    if Aggregate.DISTINCT_COUNT in methods:
        columns.append("count(DISTINCT coalesce(value_num, value))")
    columns += [_NUMERIC_SQL[m] for m in numeric]
    fields = "ts_us, value_num" if t == "ts_us" else f"{t} AS ts_us, value_num"
    if Aggregate.DISTINCT_COUNT in methods:
        fields += ", value"
    if Aggregate.STDDEV in methods:
        fields += f", avg(value_num) OVER (PARTITION BY entity_id, attr, {bucket}) AS mean"
    rows = None
    if period_us is not None and Aggregate.STDDEV not in methods:
        rows = _bucket_seeks(conn, tenant, aq.history, origin=origin, period_us=period_us, columns=columns)
    if rows is None:
        sql = (
            f"WITH base AS (SELECT entity_id, attr, {bucket} AS b, {fields} FROM history WHERE {where})"
            f" SELECT entity_id, attr, b, {', '.join(columns)}"
            " FROM base GROUP BY entity_id, attr, b ORDER BY entity_id, attr, b"
        )
        rows = conn.execute(sql, p.values).fetchall()
    if not rows:
        return []
    if period_us is None:
        last = max(r[5] for r in rows) + 1
        fixed_end = datetime_micros(end) if end is not None else last
    first_numeric = 7 if Aggregate.DISTINCT_COUNT in methods else 6
    out = []
    for r in rows:
        if period_us is None:
            lo, hi = origin, fixed_end
        else:
            lo = origin + int(r[2]) * period_us
            hi = lo + period_us
        nn = int(r[4])
        found: dict[Aggregate, float | int | None] = {}
        for i, m in enumerate(numeric):
            value = r[first_numeric + i]
            if value is None or not nn:
                found[m] = None
            elif m is Aggregate.STDDEV:
                found[m] = math.sqrt(max(float(value), 0.0) / nn)
            else:
                found[m] = float(value)
        values: dict[Aggregate, float | int | None] = {}
        for m in aq.methods:
            if m is Aggregate.TOTAL_COUNT:
                values[m] = int(r[3])
            elif m is Aggregate.DISTINCT_COUNT:
                values[m] = int(r[6])
            else:
                values[m] = found[m]
        out.append(AggregateBucket(r[0], r[1], from_micros(lo), from_micros(hi), values))
    return out


def delete(
    conn: sqlite3.Connection,
    tenant: str,
    entity_id: str,
    *,
    attr: str | None = None,
    dataset_id: str | None = None,
    instance_id: str | None = None,
) -> int:
    """Delete the history of an entity, one attribute, one dataset or one instance; returns rows deleted."""
    sql = "DELETE FROM history WHERE tenant = ? AND entity_id = ?"
    params: list[Any] = [tenant, entity_id]
    for column, value in (("attr", attr), ("dataset_id", dataset_id), ("instance_id", instance_id)):
        if value is not None:
            sql += f" AND {column} = ?"
            params.append(value)
    return int(conn.execute(sql, params).rowcount)
