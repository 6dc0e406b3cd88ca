"""Entity writes inside the writer's transaction: rows from prepared batches, merges and write history."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import replace
from itertools import repeat
from typing import Any

from citytwin.core.entities import Attribute, Entity
from citytwin.core.instance_ids import instance_ids
from citytwin.core.timeutil import parse_instant, to_micros
from citytwin.storage.codec import Prepared, dumps, history_value
from citytwin.storage.georefine import Box
from citytwin.storage.sqlite import tiles
from citytwin.storage.sqlite.connection import MAX_PARAMETERS, insert_rows

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
HISTORY_INSERT = (
    "INSERT OR IGNORE INTO history (tenant, entity_id, attr, dataset_id, ts_us, value, value_num, unit,"
    " entity_type, instance_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


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
        prep.xtypes,
        prep.scopes,
        prep.levels,
        prep.admins,
        grids,
        prep.minx,
        prep.maxx,
        prep.miny,
        prep.maxy,
        prep.wkbs,
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
        ordered = _by_grid(list(rows))
        per = MAX_PARAMETERS // 16
        for start in range(0, len(ordered), per):
            part = ordered[start : start + per]
            try:
                insert_rows(conn, _INSERT_HEAD, part)
            except sqlite3.IntegrityError:
                _insert_or_update(conn, part, _existing_ids(conn, tenant, [r[1] for r in part]))
    else:
        _insert_or_update(conn, _by_grid(list(rows)), existing)
    return tiles.cover(conn, tenant, grids, (prep.minx, prep.miny, prep.maxx, prep.maxy), cache)


def _by_grid(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows in grid order: neighbours get neighbouring row ids, so a spatial query reads fewer pages.

    Only the insertion order changes (row ids are internal); a batch with a repeated id keeps its order.
    """
    return sorted(rows, key=_grid_key)


def _grid_key(row: tuple[Any, ...]) -> int:
    grid = row[7]
    return -2 if grid is None else int(grid)


def _update_params(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return (*row[2:13], row[14], row[15], row[0], row[1])


def _insert_or_update(
    conn: sqlite3.Connection, rows: list[tuple[Any, ...]], existing: Collection[str]
) -> None:
    insert_rows(conn, _INSERT_HEAD, [r for r in rows if r[1] not in existing])
    conn.executemany(UPDATE, (_update_params(r) for r in rows if r[1] in existing))


def _existing_ids(conn: sqlite3.Connection, tenant: str, ids: Iterable[str]) -> set[str]:
    return set(existing(conn, tenant, ids))


def existing(conn: sqlite3.Connection, tenant: str, ids: Iterable[str]) -> dict[str, str]:
    """Ids among ``ids`` that exist, with their creation time."""
    rows = conn.execute(
        "SELECT id, created FROM entities WHERE tenant = ? AND id IN (SELECT value FROM json_each(?))",
        (tenant, dumps(list(set(ids)))),
    )
    return dict(rows.fetchall())


def stamped(entity: Entity, created: str, now: str) -> Entity:
    """A copy whose entity and top-level instance system times are those of a write at ``now``."""
    attrs = {
        name: [replace(inst, created_at=now, modified_at=now) for inst in insts]
        for name, insts in entity.attrs.items()
    }
    return Entity(entity.id, entity.types, attrs, entity.scope, created, now)


def merge_entity(old: Entity | None, patch: Entity, now: str) -> Entity:
    """NGSI-LD merge: patch instances replace same-datasetId ones (keeping their createdAt), types add up."""
    if old is None:
        return stamped(patch, now, now)
    types = tuple(dict.fromkeys((*old.types, *patch.types)))
    attrs = {name: list(insts) for name, insts in old.attrs.items()}
    out = Entity(old.id, types, attrs, patch.scope or old.scope, old.created_at, now)
    for name, insts in patch.attrs.items():
        for inst in insts:
            prev = out.attr(name, inst.dataset_id)
            created = prev.created_at if prev is not None and prev.created_at else now
            out.set(name, replace(inst, created_at=created, modified_at=now))
    return out


def history_rows(
    tenant: str, entity: Entity, attrs: dict[str, list[Attribute]], now_us: int
) -> list[tuple[Any, ...]]:
    """History rows for the written instances: observedAt, else the write time (BadRequestData if bad)."""
    out = []
    ids = iter(instance_ids(sum(len(insts) for insts in attrs.values())))
    for name, insts in attrs.items():
        for inst in insts:
            ts = now_us if inst.observed_at is None else to_micros(parse_instant(inst.observed_at))
            text, num = history_value(inst.value)
            out.append(
                (
                    tenant,
                    entity.id,
                    name,
                    inst.dataset_id,
                    ts,
                    text,
                    num,
                    inst.unit_code,
                    entity.types[0],
                    next(ids),
                )
            )
    return out


def register_tenant(conn: sqlite3.Connection, tenant: str) -> None:
    """Remember that the tenant has data (tenants() lists these)."""
    conn.execute("INSERT OR IGNORE INTO tenants (name) VALUES (?)", (tenant,))
