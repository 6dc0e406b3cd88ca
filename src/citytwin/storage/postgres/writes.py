"""Batch entity writes in one transaction: binary COPY for new rows, a COPY-fed stage for updates.

Each chunk runs in one transaction. The existing rows of the chunk are looked up and locked (``for update``)
first, so merges read what they modify and replacements keep ``created_at``. New rows are copied straight
into ``entities`` (copying them into a stage and then inserting would write every row twice); existing rows
are copied into a temporary stage and updated from it in one statement. A concurrent writer that creates
one of the new ids first makes the COPY fail with a unique violation; the caller retries the chunk, which
then finds the row. Bulk loads of new entities skip the lookup altogether (``optimistic``) and fall back
to it on the first unique violation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

import msgspec

from citytwin.core.entities import Entity
from citytwin.core.timeutil import format_instant, parse_instant
from citytwin.errors import AlreadyExists, CitytwinError, ResourceNotFound, WriteConflict
from citytwin.storage.postgres import history as hist
from citytwin.storage.postgres.connection import Conn
from citytwin.storage.postgres.rows import (
    COLUMNS,
    COPY_TYPES,
    INSERT,
    READ_COLUMNS,
    UPDATE,
    Encoded,
    decode_rows,
    encode,
    merged,
    stamped,
)

_STAGE = "ct_stage"
SMALL = 32
"""Batches up to this size are written with plain statements instead of COPY."""
IDS_FROM_JSON = "select jsonb_array_elements_text(%s::text::jsonb)"
"""A subquery over ids sent as one JSON text (msgspec encodes it in C; psycopg dumps text[] in Python)."""


def json_list(values: Sequence[str]) -> str:
    """The JSON text of a list of strings, for :data:`IDS_FROM_JSON`."""
    return msgspec.json.encode(list(dict.fromkeys(values))).decode()


class Mode(Enum):
    """What a write does with existing and missing entities."""

    CREATE = "create"  # missing: create; existing: AlreadyExists
    REPLACE = "replace"  # existing: replace; missing: ResourceNotFound
    UPSERT = "upsert"  # create or replace
    MERGE = "merge"  # existing: merge; missing: ResourceNotFound
    UPSERT_MERGE = "upsert_merge"  # create or merge


@dataclass(slots=True)
class Written:
    """Outcome of a batch: input positions written, their resulting entities when asked for, the errors."""

    done: list[int] = field(default_factory=list)
    results: dict[int, Entity] = field(default_factory=dict)
    errors: list[tuple[int, str, CitytwinError]] = field(default_factory=list)
    existed: int = 0
    """How many of the batch's ids were in the table already."""


def check_unchanged(conn: Conn, tenant: str, ids: Sequence[str], modified: str) -> None:
    """WriteConflict unless each of ``ids`` that exists was last modified at ``modified``; the rows stay
    locked (``for update``) until the caller's transaction ends, so no write comes in between. A missing
    one is left to the write (ResourceNotFound)."""
    for entity_id in ids:
        row = conn.execute(
            "select modified_at from entities where tenant = %s and id = %s for update", [tenant, entity_id]
        ).fetchone()
        if row is not None and format_instant(row[0]) != modified:
            raise WriteConflict(
                f"entity {entity_id} changed since it was read (modified {format_instant(row[0])})"
            )


def write(
    conn: Conn,
    tenant: str,
    entities: Sequence[Any],
    mode: Mode,
    *,
    now: datetime,
    history: bool,
    pre: Encoded,
    results: bool = False,
    optimistic: bool = False,
) -> Written:
    """Write a batch inside the caller's transaction; ``pre`` is ``encode(entities, fresh=True)``.

    ``results``: also build the written entities (with system times), as single-entity calls return them.
    ``optimistic`` (create and upsert): assume no id exists yet and skip looking them up; if one does, the
    COPY fails with a unique violation (AlreadyExists) and the caller retries without the assumption.
    """
    if mode in (Mode.MERGE, Mode.UPSERT_MERGE):
        out, enc = _merge(conn, tenant, pre, mode, now)
        created = {e.id: parse_instant(e.created_at) if e.created_at else now for e in enc.entities}
    else:
        out, enc, created = _put(conn, tenant, pre, mode, now=now, optimistic=optimistic)
        if results:
            stamp = format_instant(now)
            for pos, entity in zip(enc.positions, enc.entities, strict=True):
                out.results[pos] = stamped(entity, format_instant(created[entity.id]), stamp)
    # Only the last write of an id in the batch reaches the table.
    last = {e.id: k for k, e in enumerate(enc.entities)}
    final = enc.subset(sorted(last.values())) if len(last) != len(enc.entities) else enc
    _store(conn, tenant, final, created=created, now=now)
    if history:
        rows = []
        for pos, entity in zip(enc.positions, enc.entities, strict=True):
            # A merge records the patch's instances (and scope) only; other writes everything written.
            rows.extend(
                hist.written_rows(tenant, entity, entities[pos].attrs, now, scope=entities[pos].scope)
            )
        hist.copy_rows(conn, rows)
    out.errors.sort(key=lambda e: e[0])
    return out


def _put(
    conn: Conn, tenant: str, pre: Encoded, mode: Mode, *, now: datetime, optimistic: bool
) -> tuple[Written, Encoded, dict[str, datetime]]:
    """Create / replace / upsert: which entities are written, and the creation time of each id."""
    out = Written(errors=list(pre.errors))
    lookup = not optimistic or mode is Mode.REPLACE
    created = _created(conn, tenant, [e.id for e in pre.entities]) if lookup else {}
    existing = set(created)
    out.existed = len(existing)
    chosen: list[int] = []
    for index, entity in enumerate(pre.entities):
        exists = entity.id in created
        if mode is Mode.REPLACE and not exists:
            out.errors.append(
                (pre.positions[index], entity.id, ResourceNotFound(f"entity {entity.id} not found"))
            )
            continue
        if mode is Mode.CREATE and exists:
            out.errors.append(
                (pre.positions[index], entity.id, AlreadyExists(f"entity {entity.id} already exists"))
            )
            continue
        created.setdefault(entity.id, now)  # a later duplicate in the batch sees it exist
        chosen.append(index)
    # A fresh document ignores top-level instance times, so the input's encoding is the written one's.
    enc = pre if len(chosen) == len(pre.entities) else pre.subset(chosen)
    out.done = list(enc.positions)
    enc.existing = existing
    return out, enc, created


def _merge(conn: Conn, tenant: str, pre: Encoded, mode: Mode, now: datetime) -> tuple[Written, Encoded]:
    """Merge (or create, for upserts): patches apply in order onto the stored entity."""
    out = Written(errors=list(pre.errors))
    stamp = format_instant(now)
    state = _stored(conn, tenant, [e.id for e in pre.entities])
    existing = set(state)
    out.existed = len(existing)
    positions: list[int] = []
    merged_entities: list[Entity] = []
    for index, patch in enumerate(pre.entities):
        prev = state.get(patch.id)
        if prev is None and mode is Mode.MERGE:
            out.errors.append(
                (pre.positions[index], patch.id, ResourceNotFound(f"entity {patch.id} not found"))
            )
            continue
        result = stamped(patch, stamp, stamp) if prev is None else merged(prev, patch, stamp)
        state[patch.id] = result
        positions.append(pre.positions[index])
        merged_entities.append(result)
    # Merged documents hold older instance times, so they are encoded again (not fresh).
    enc = encode(merged_entities, fresh=False)
    out.errors.extend((positions[k], eid, err) for k, eid, err in enc.errors)
    enc.positions = [positions[k] for k in enc.positions]
    out.done = list(enc.positions)
    out.results = dict(zip(enc.positions, enc.entities, strict=True))
    enc.existing = existing
    return out, enc


def _created(conn: Conn, tenant: str, ids: list[str]) -> dict[str, datetime]:
    """Creation times of the existing entities among ``ids``, locked for this transaction."""
    if not ids:
        return {}
    sql = f"select id, created_at from entities where tenant = %s and id in ({IDS_FROM_JSON}) for update"
    with conn.cursor(binary=True) as cur:
        rows = cur.execute(sql, [tenant, json_list(ids)]).fetchall()
    return {row[0]: row[1] for row in rows}


def _stored(conn: Conn, tenant: str, ids: list[str]) -> dict[str, Entity]:
    """The existing entities among ``ids``, locked for this transaction."""
    if not ids:
        return {}
    sql = f"select {READ_COLUMNS} from entities where tenant = %s and id in ({IDS_FROM_JSON}) for update"
    with conn.cursor(binary=True) as cur:
        rows = cur.execute(sql, [tenant, json_list(ids)]).fetchall()
    return {entity.id: entity for entity in decode_rows(rows)}


def _store(conn: Conn, tenant: str, enc: Encoded, *, created: dict[str, datetime], now: datetime) -> None:
    """Copy new rows into the table; copy rows of existing entities into a stage and update from it."""
    times = [created[e.id] for e in enc.entities]
    if len(enc.entities) <= SMALL:
        # A few statements in one pipeline cost less than a COPY (and a stage table) for a few rows.
        with conn.cursor() as cur:
            for row in enc.params(tenant, times, now):
                cur.execute(UPDATE if row[1] in enc.existing else INSERT, row)
        return
    rows = enc.rows(tenant, times, now)
    fresh = [r for r in rows if r[1] not in enc.existing]
    stale = [r for r in rows if r[1] in enc.existing]
    types = list(COPY_TYPES)
    columns = ", ".join(COLUMNS)
    with conn.cursor() as cur:
        if fresh:
            with cur.copy(f"copy entities ({columns}) from stdin (format binary)") as copy:
                copy.set_types(types)
                for row in fresh:
                    copy.write_row(row)
        if stale:
            cur.execute(
                f"create temp table if not exists {_STAGE} (like entities including defaults)"
                " on commit delete rows"
            )
            with cur.copy(f"copy {_STAGE} ({columns}) from stdin (format binary)") as copy:
                copy.set_types(types)
                for row in stale:
                    copy.write_row(row)
            cur.execute(
                "update entities as e set type = s.type, types = s.types, scope = s.scope, level = s.level,"
                " admin_code = s.admin_code, grid = s.grid, modified_at = s.modified_at, doc = s.doc,"
                f" geojson = s.geojson, geom = s.geom from {_STAGE} as s"
                " where e.tenant = s.tenant and e.id = s.id"
            )
