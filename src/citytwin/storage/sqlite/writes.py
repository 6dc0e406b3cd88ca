"""Entity writes inside the writer's transaction: rows from prepared batches, merges and write history."""

from __future__ import annotations

import math
import os
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import chain, repeat
from typing import Any

import numpy as np

from citytwin.core.entities import Attribute, Entity
from citytwin.core.instance_ids import PREFIX, instance_ids
from citytwin.core.timeutil import parse_instant, to_micros
from citytwin.errors import WriteConflict
from citytwin.storage.codec import CANONICAL_TEXT, Prepared, dumps, history_value
from citytwin.storage.georefine import Box
from citytwin.storage.sqlite import tiles
from citytwin.storage.sqlite.connection import MAX_PARAMETERS, insert_rows, statement_sizes

_COLUMNS = (
    "tenant, id, ptype, xtypes, scopes, level, admin, grid, minx, maxx, miny, maxy, geom, created, modified,"
    " doc"
)
_INSERT_HEAD = f"INSERT INTO entities ({_COLUMNS})"
INSERT = f"{_INSERT_HEAD} VALUES ({', '.join('?' * 16)})"
UPDATE = (
    "UPDATE entities SET ptype = ?, xtypes = ?, scopes = ?, level = ?, admin = ?, grid = ?, minx = ?,"
    " maxx = ?, miny = ?, maxy = ?, geom = ?, modified = ?, doc = ? WHERE tenant = ? AND id = ?"
)
"""Replace everything but ``created`` (the entity keeps its creation time)."""
_HISTORY_HEAD = (
    "INSERT OR IGNORE INTO history (tenant, entity_id, attr, dataset_id, ts_us, value, value_num, unit,"
    " entity_type, instance_id)"
)
HISTORY_INSERT = f"{_HISTORY_HEAD} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
"""Rows without system times (bulk ingest): they read as their ``ts_us``."""
_TIMED_HEAD = f"{_HISTORY_HEAD[:-1]}, created_us, modified_us)"
HISTORY_INSERT_TIMED = f"{_TIMED_HEAD} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
"""Rows with their system times (``created_us``, ``modified_us``: timeproperty createdAt / modifiedAt)."""
TIMED_WIDTH = 12
SCOPE_SERIES = "scope"
"""The history series of an entity's scope (clause 4.5.6); ``scope`` is never an attribute name."""
NULL = math.nan
"""A statement parameter that binds as SQL NULL in any column (SQLite stores a NaN as NULL).

The driver binds None some six times slower than a float, and ``bytes`` ten times slower than a
``bytearray``: both go through its adapter lookup. A thousand-entity batch binds some thirty thousand
NULLs (instances without datasetId, unit or numeric value), so the write rows use this instead.
"""


def nullable(column: list[Any]) -> list[Any]:
    """``column`` with :data:`NULL` for None (the same list when it holds no None)."""
    if None not in column:
        return column
    return [NULL if v is None else v for v in column]


def append_history(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """Insert the write-time history rows of a batch (instance ids already present are ignored).

    Multi-row statements, not ``executemany``: that gives the GIL back around every row, and while another
    thread holds it (a request being parsed, the next chunk being prepared) each row waits for a switch, so
    a thousand-entity batch's ten thousand rows would crawl beside a busy thread.
    """
    insert_rows(conn, _TIMED_HEAD, rows)


def _grids(prep: Prepared) -> list[int | None]:
    if None not in prep.grids:
        return prep.grids
    # A location the grid does not cover (polar caps) still belongs to a tile: the polar one.
    return [
        tiles.POLAR if g is None and x is not None else g for g, x in zip(prep.grids, prep.minx, strict=True)
    ]


def put(
    conn: sqlite3.Connection,
    tenant: str,
    prep: Prepared,
    modified: str,
    *,
    existing: Collection[str] | None,
    cache: tiles.TileCache,
    created: Iterable[str] | None = None,
) -> dict[int, Box]:
    """Insert the new entities of a prepared batch and update the ``existing`` ones, then grow their tiles.

    Plain INSERT and UPDATE statements: SQLite's ``ON CONFLICT DO UPDATE`` costs a third more per row.
    ``existing`` may be None (not looked up). ``created`` (default ``modified``) is the creation time of
    each new entity. Returns the tile boxes to remember once the transaction commits.
    """
    grids = _grids(prep)
    rows = zip(
        repeat(tenant),
        prep.ids,
        prep.ptypes,
        nullable(prep.xtypes),
        nullable(prep.scopes),
        nullable(prep.levels),
        nullable(prep.admins),
        nullable(grids),
        nullable(prep.minx),
        nullable(prep.maxx),
        nullable(prep.miny),
        nullable(prep.maxy),
        [NULL if w is None else bytearray(w) for w in prep.wkbs],  # see NULL
        repeat(modified) if created is None else created,
        repeat(modified),
        prep.docs,
        strict=False,
    )
    ids = prep.ids
    if len(set(ids)) < len(ids):
        # One by one: a batch may name an id twice, and the second write must see the first.
        seen = set(_existing_ids(conn, tenant, ids) if existing is None else existing)
        for row in rows:
            if row[1] in seen:
                conn.execute(UPDATE, _update_params(row))
            else:
                conn.execute(INSERT, row)
                seen.add(row[1])
    elif existing is None:
        # Unknown: insert, and only when a statement meets a taken id look the ids up (bulk loads never do).
        ordered = _by_grid(list(rows), grids)
        per = MAX_PARAMETERS // 16
        for start in range(0, len(ordered), per):
            part = ordered[start : start + per]
            try:
                insert_rows(conn, _INSERT_HEAD, part)
            except sqlite3.IntegrityError:
                _insert_or_update(conn, part, _existing_ids(conn, tenant, [r[1] for r in part]))
    else:
        _insert_or_update(conn, _by_grid(list(rows), grids), existing)
    return tiles.cover(conn, tenant, grids, (prep.minx, prep.miny, prep.maxx, prep.maxy), cache)


def _by_grid(rows: list[tuple[Any, ...]], grids: list[int | None]) -> list[tuple[Any, ...]]:
    """Rows in grid order: neighbours get neighbouring row ids, so a spatial query reads fewer pages.

    Only the insertion order changes (row ids are internal); a batch with a repeated id keeps its order.
    ``grids`` is the rows' grid column (sorting positions by it avoids a Python key call per row).
    """
    if None in grids:
        keys: list[int] = [-2 if g is None else g for g in grids]
    else:
        keys = grids  # type: ignore[assignment]  # no None in it
    return [rows[i] for i in sorted(range(len(rows)), key=keys.__getitem__)]


def _update_params(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return (*row[2:13], row[14], row[15], row[0], row[1])


def _insert_or_update(
    conn: sqlite3.Connection, rows: list[tuple[Any, ...]], existing: Collection[str]
) -> None:
    insert_rows(conn, _INSERT_HEAD, [r for r in rows if r[1] not in existing])
    update_rows(conn, [r for r in rows if r[1] in existing])


_UPDATE_COLUMNS = (
    "ptype",
    "xtypes",
    "scopes",
    "level",
    "admin",
    "grid",
    "minx",
    "maxx",
    "miny",
    "maxy",
    "geom",
    "modified",
    "doc",
)
_UPDATE_WIDTH = 2 + len(_UPDATE_COLUMNS)


@lru_cache(maxsize=32)
def _update_sql(count: int) -> str:
    one = f"({', '.join('?' * _UPDATE_WIDTH)})"
    sets = ", ".join(f"{c} = v.{c}" for c in _UPDATE_COLUMNS)
    return (
        f"WITH v (tenant, id, {', '.join(_UPDATE_COLUMNS)}) AS (VALUES {', '.join([one] * count)})"
        f" UPDATE entities SET {sets} FROM v WHERE entities.tenant = v.tenant AND entities.id = v.id"
    )


def update_rows(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """UPDATE existing entities from full rows (``INSERT`` column order), every column but ``created``.

    The ids must be distinct. Multi-row statements (``UPDATE ... FROM`` a VALUES list, found by the
    ``entities_id`` index) cost some 40 % less than ``executemany`` and give the GIL back once per
    statement rather than once per row (see :func:`citytwin.storage.sqlite.connection.insert_rows`).
    """
    start = 0
    for count in statement_sizes(len(rows), MAX_PARAMETERS // _UPDATE_WIDTH):
        part = rows[start : start + count]
        params = list(chain.from_iterable((r[0], r[1], *r[2:13], r[14], r[15]) for r in part))
        conn.execute(_update_sql(count), params)
        start += count


def _existing_ids(conn: sqlite3.Connection, tenant: str, ids: Iterable[str]) -> set[str]:
    return set(existing(conn, tenant, ids))


def existing(conn: sqlite3.Connection, tenant: str, ids: Iterable[str]) -> dict[str, str]:
    """Ids among ``ids`` that exist, with their creation time."""
    rows = conn.execute(
        "SELECT id, created FROM entities WHERE tenant = ? AND id IN (SELECT value FROM json_each(?))",
        (tenant, dumps(list(set(ids)))),
    )
    return dict(rows.fetchall())


def check_unchanged(conn: sqlite3.Connection, tenant: str, ids: Sequence[str], modified: str) -> None:
    """WriteConflict unless each of ``ids`` that exists was last modified at ``modified`` (a missing one is
    left to the write: ResourceNotFound)."""
    for entity_id in ids:
        row = conn.execute(
            "SELECT modified FROM entities WHERE tenant = ? AND id = ?", (tenant, entity_id)
        ).fetchone()
        if row is not None and row[0] != modified:
            raise WriteConflict(f"entity {entity_id} changed since it was read (modified {row[0]})")


def stamped(entity: Entity, created: str, now: str) -> Entity:
    """A copy whose entity and top-level instance system times are those of a write at ``now``."""
    attrs = {
        name: [replace(inst, created_at=now, modified_at=now) for inst in insts]
        for name, insts in entity.attrs.items()
    }
    return Entity(entity.id, entity.types, attrs, entity.scope, created, now, entity.expires_at)


def merge_entity(old: Entity | None, patch: Entity, now: str) -> Entity:
    """NGSI-LD merge: patch instances replace same-datasetId ones (keeping their createdAt), types add up."""
    if old is None:
        return stamped(patch, now, now)
    types = tuple(dict.fromkeys((*old.types, *patch.types)))
    attrs = {name: list(insts) for name, insts in old.attrs.items()}
    expires = patch.expires_at or old.expires_at
    out = Entity(old.id, types, attrs, patch.scope or old.scope, old.created_at, now, expires)
    for name, insts in patch.attrs.items():
        for inst in insts:
            prev = out.attr(name, inst.dataset_id)
            created = prev.created_at if prev is not None and prev.created_at else now
            out.set(name, replace(inst, created_at=created, modified_at=now))
    return out


def history_rows(
    tenant: str,
    entity: Entity,
    attrs: dict[str, list[Attribute]],
    now_us: int,
    ids: Iterator[str] | None = None,
    *,
    scope: Sequence[str] | None = None,
) -> list[tuple[Any, ...]]:
    """History rows for the written instances: observedAt, else the write time (BadRequestData if bad).

    Rows are statement parameters for :func:`append_history`: a missing datasetId, numeric value or unit
    is :data:`NULL`. ``entity`` is the entity as written (a merge's result keeps its instances'
    createdAt), ``attrs`` the instances the write wrote. Each row carries the instance's createdAt and the
    write time (modifiedAt).
    ``scope`` is the scope the write set (None: ``entity.scope``, as a create or replace sets it); a
    non-empty one is recorded in the scope series at the write time (clause 4.5.6: observedAt is a copy
    of modifiedAt). ``ids`` supplies the instance ids (a batch draws them in one go: see :func:`id_pool`).
    """
    written = entity.scope if scope is None else tuple(scope)
    if ids is None:
        ids = iter(instance_ids(sum(len(insts) for insts in attrs.values()) + bool(written)))
    entity_id, entity_type = entity.id, entity.types[0]
    out: list[tuple[Any, ...]] = []
    append = out.append
    stored_attrs = entity.attrs
    take = ids.__next__
    for name, insts in attrs.items():
        stored = stored_attrs.get(name)
        for inst in insts:
            created = now_us
            if stored is insts:  # a create, replace or upsert: the instance as written
                if inst.created_at:
                    created = _created_micros(inst, now_us)
            elif stored is not None:
                created = _created_micros(_same_dataset(stored, inst), now_us)
            observed = inst.observed_at
            if observed is None:
                ts = now_us
            elif type(observed) is str:
                ts = _observed_micros(observed)
            else:
                ts = to_micros(parse_instant(observed))
            # history_value inlined for the common scalars (a thousand-entity batch has ten thousand rows)
            value = inst.value
            kind = type(value)
            if kind is str:
                text, num = CANONICAL_TEXT(value).decode(), NULL
            elif kind is float and math.isfinite(value):
                text, num = CANONICAL_TEXT(value).decode(), value
            elif kind is int and -_INT64 <= value < _INT64:
                text, num = str(value), float(value)
            else:
                text, number = history_value(value)
                num = NULL if number is None else number
            dataset, unit = inst.dataset_id, inst.unit_code
            append(
                (
                    tenant,
                    entity_id,
                    name,
                    NULL if dataset is None else dataset,
                    ts,
                    text,
                    num,
                    NULL if unit is None else unit,
                    entity_type,
                    take(),
                    created,
                    now_us,
                )
            )
    if written:
        text, _ = history_value(list(written))
        append(
            (
                tenant,
                entity_id,
                SCOPE_SERIES,
                NULL,
                now_us,
                text,
                NULL,
                NULL,
                entity_type,
                take(),
                now_us,
                now_us,
            )
        )
    return out


def _same_dataset(stored: list[Attribute], inst: Attribute) -> Attribute | None:
    for candidate in stored:
        if candidate.dataset_id == inst.dataset_id:
            return candidate
    return None


def _created_micros(inst: Attribute | None, now_us: int) -> int:
    """The instance's createdAt (kept by a merge) in microseconds, else the write time."""
    created = None if inst is None else inst.created_at
    if not created:
        return now_us
    return _observed_micros(created) if type(created) is str else to_micros(parse_instant(created))


_INT64 = 1 << 63


def id_pool(entities: Iterable[Entity]) -> Iterator[str]:
    """Instance ids enough for every attribute instance (and scope) of ``entities``, drawn in one go."""
    count = 0
    for e in entities:
        count += sum(map(len, e.attrs.values())) + bool(e.scope)
    return iter(fresh_instance_ids(count))


_HEX_PAIRS = np.frombuffer(b"".join(b"%02x" % i for i in range(256)), dtype=np.uint16)
"""The two hex digits of each byte value (as one 16-bit item: one lookup per byte)."""
_ID_WIDTH = len(PREFIX) + 36
_ID_TEMPLATE = np.frombuffer(f"{PREFIX}00000000-0000-0000-0000-000000000000 ".encode(), dtype=np.uint8)
"""One id and the space that separates it from the next: the digits are written over the zeros."""
_DIGIT_AT = np.array([i for i, c in enumerate(_ID_TEMPLATE.tobytes()) if i >= len(PREFIX) and c == ord("0")])


def fresh_instance_ids(n: int) -> list[str]:
    """``n`` new instance ids, as :func:`~citytwin.core.instance_ids.instance_ids` (random UUIDs, version 4).

    Formatted in bulk with numpy: the text of all ids is built as one byte array, space-separated, and
    split, about a third of the cost of formatting each (a thousand-entity batch needs some ten thousand).
    """
    if n <= 0:
        return []
    raw = np.frombuffer(os.urandom(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # variant 10xx (RFC 9562)
    out = np.empty((n, _ID_WIDTH + 1), dtype=np.uint8)
    out[:] = _ID_TEMPLATE
    out[:, _DIGIT_AT] = _HEX_PAIRS[raw].view(np.uint8)
    return out.tobytes()[:-1].decode("ascii").split(" ")


@lru_cache(maxsize=4096)
def _observed_micros(text: str) -> int:
    # Devices and batches repeat observedAt values: parsing is the costly part of a history row.
    return to_micros(parse_instant(text))


def register_tenant(conn: sqlite3.Connection, tenant: str) -> None:
    """Remember that the tenant has data (tenants() lists these)."""
    conn.execute("INSERT OR IGNORE INTO tenants (name) VALUES (?)", (tenant,))
