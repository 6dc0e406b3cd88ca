"""Attribute history in SQLite: append (idempotent on instance id), read, aggregate in SQL, delete.

Aggregation semantics are those of :func:`citytwin.storage.codec.aggregate_values`. Buckets are
``[origin + k·period, origin + (k+1)·period)`` where the origin is the window start, else the earliest
matching instance; only buckets holding at least one instance are returned. Without a period there is one
bucket per series over ``[origin, end)``, end being the window end, else the latest matching instance + 1 µs.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from citytwin.core.entities import check_name
from citytwin.core.query import Aggregate, AggregateBucket, AggregateQuery, AttributeInstance, HistoryQuery
from citytwin.core.query_eval import datetime_micros
from citytwin.core.timeutil import from_micros
from citytwin.errors import BadRequestData
from citytwin.storage.codec import dumps, history_value, loads
from citytwin.storage.sqlite.querycompile import Params
from citytwin.storage.sqlite.writes import HISTORY_INSERT

_FIELDS = "entity_id, attr, ts_us, value, dataset_id, entity_type, unit, instance_id"


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
    )


def prepare_rows(tenant: str, instances: Iterable[AttributeInstance]) -> list[tuple[Any, ...]]:
    """Validated history rows (BadRequestData names the first bad instance)."""
    return [_row(tenant, inst) for inst in instances]


def append(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> int:
    """Insert rows, ignoring instance ids already present; returns how many were new."""
    if not rows:
        return 0
    return int(conn.executemany(HISTORY_INSERT, rows).rowcount)


def _where(tenant: str, q: HistoryQuery, p: Params) -> str:
    parts = [f"tenant = {p.add(tenant)}"]
    if q.entity_ids:
        parts.append(f"entity_id IN (SELECT value FROM json_each({p.add(dumps(list(q.entity_ids)))}))")
    if q.attrs:
        parts.append(f"attr IN (SELECT value FROM json_each({p.add(dumps(list(q.attrs)))}))")
    if q.dataset_id is not None:
        parts.append(f"dataset_id = {p.add(q.dataset_id)}")
    start, end = q.bounds()
    if start is not None:
        parts.append(f"ts_us >= {p.add(datetime_micros(start))}")
    if end is not None:
        parts.append(f"ts_us < {p.add(datetime_micros(end))}")
    return " AND ".join(parts)


def read(conn: sqlite3.Connection, tenant: str, q: HistoryQuery) -> list[AttributeInstance]:
    """Instances in time order per (entity, attr); with last_n only the newest N of each series."""
    p = Params()
    where = _where(tenant, q, p)
    if q.last_n is None:
        sql = f"SELECT {_FIELDS} FROM history WHERE {where} ORDER BY entity_id, attr, ts_us, hid"
    else:
        sql = (
            f"SELECT {_FIELDS} FROM (SELECT {_FIELDS}, hid, row_number() OVER"
            f" (PARTITION BY entity_id, attr ORDER BY ts_us DESC, hid DESC) AS n FROM history WHERE {where})"
            f" WHERE n <= {p.add(int(q.last_n))} ORDER BY entity_id, attr, ts_us, hid"
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
        )
        for r in conn.execute(sql, p.values)
    ]


def aggregate(conn: sqlite3.Connection, tenant: str, aq: AggregateQuery) -> list[AggregateBucket]:
    """Aggregates per (entity, attr, bucket), computed in one SQL pass (a window function gives the mean)."""
    p = Params()
    where = _where(tenant, aq.history, p)
    start, end = aq.history.bounds()
    if start is not None:
        origin = datetime_micros(start)
    else:
        first = conn.execute(f"SELECT min(ts_us) FROM history WHERE {where}", p.values).fetchone()[0]
        if first is None:
            return []
        origin = int(first)
    period_us = None if aq.period is None else aq.period // timedelta(microseconds=1)
    if period_us is not None and period_us < 1:
        raise BadRequestData("aggrPeriodDuration must be at least one microsecond")
    bucket = "0" if period_us is None else f"(ts_us - {p.add(origin)}) / {p.add(period_us)}"
    sql = (
        f"WITH base AS (SELECT entity_id, attr, {bucket} AS b, ts_us, value, value_num,"
        f" avg(value_num) OVER (PARTITION BY entity_id, attr, {bucket}) AS mean FROM history WHERE {where})"
        " SELECT entity_id, attr, b, count(*), count(DISTINCT coalesce(value_num, value)), count(value_num),"
        " sum(value_num), avg(value_num), min(value_num), max(value_num), sum(value_num * value_num),"
        " sum((value_num - mean) * (value_num - mean)), max(ts_us)"
        " FROM base GROUP BY entity_id, attr, b ORDER BY entity_id, attr, b"
    )
    rows = conn.execute(sql, p.values).fetchall()
    if not rows:
        return []
    if period_us is None:
        last = max(r[12] for r in rows) + 1
        fixed_end = datetime_micros(end) if end is not None else last
    out = []
    for r in rows:
        if period_us is None:
            lo, hi = origin, fixed_end
        else:
            lo = origin + int(r[2]) * period_us
            hi = lo + period_us
        out.append(AggregateBucket(r[0], r[1], from_micros(lo), from_micros(hi), _values(r, aq.methods)))
    return out


def _values(r: tuple[Any, ...], methods: tuple[Aggregate, ...]) -> dict[Aggregate, float | int | None]:
    n, distinct, nn = int(r[3]), int(r[4]), int(r[5])
    numeric = {
        Aggregate.SUM: r[6],
        Aggregate.AVG: r[7],
        Aggregate.MIN: r[8],
        Aggregate.MAX: r[9],
        Aggregate.SUMSQ: r[10],
        Aggregate.STDDEV: None if not nn else math.sqrt(max(float(r[11]), 0.0) / nn),
    }
    out: dict[Aggregate, float | int | None] = {}
    for method in methods:
        if method is Aggregate.TOTAL_COUNT:
            out[method] = n
        elif method is Aggregate.DISTINCT_COUNT:
            out[method] = distinct
        else:
            value = numeric[method]
            out[method] = None if value is None or not nn else float(value)
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
