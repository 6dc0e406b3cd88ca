"""Narrow merges: attribute patches that touch no indexed column, applied to the stored documents directly.

Live state from telemetry (and device health) is a stream of merges that set a few plain attributes on
entities that already exist. The general merge decodes each entity into objects, merges, re-encodes it and
rewrites every column (geometry, grid, type and scope rows included): ~100 µs an entity. A patch that
changes no indexed column (no ``location``, ``cimLevel``, ``adminCode`` or other GeoProperty, no new type,
no scope) only needs the document and ``modified``: the stored JSON is decoded as plain dicts, the patched
instances replaced, and one ``UPDATE ... WHERE rid`` written.

The result is the entity the general merge would store, so readers, events and the contract tests cannot
tell the two apart: instances whose system times were implied by the entity's old ``modified`` get them
written out (the entity's ``modified`` moves on), and a replaced instance keeps its ``createdAt``.

:func:`ingest` writes a telemetry batch whole: its history rows and its live-state merges in one transaction,
so a batch is either all written or not at all, and the merge hands back the states it replaced (change
events need them) instead of their being read a second time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import msgspec
from msgspec import UNSET, UnsetType

from citytwin.core.entities import ADMIN_CODE, LEVEL, LOCATION, Attribute, AttrType, Entity
from citytwin.errors import BadRequestData, CitytwinError
from citytwin.storage.base import IngestWrite
from citytwin.storage.codec import _instance, decode_entity, dumps, entity_scope, entity_types, loads
from citytwin.storage.sqlite import writes
from citytwin.storage.sqlite.connection import MAX_PARAMETERS, statement_sizes

if TYPE_CHECKING:
    from citytwin.storage.sqlite.store import SQLiteTenantStore

_INDEXED = frozenset({LOCATION, LEVEL, ADMIN_CODE})
_ENCODE = msgspec.json.Encoder().encode

Failure = tuple[int, str, CitytwinError]

INGEST_AUTOCHECKPOINT = 20_000
"""WAL pages (80 MB at 4 KiB) before a commit checkpoints, on a writer that has written a telemetry batch.

A batch of random devices dirties pages all over the entity table and the history indexes, more than
SQLite's default 1000 pages, so every batch commit checkpointed: each page went to the WAL, then to the
database. With room for a few batches, a page dirtied by several of them reaches the database once: a fifth
fewer bytes written and a tenth less CPU per reading (20k devices, batches of 5,000). Durability is the
same: a committed transaction is in the WAL either way (kill -9 loses nothing); only a power cut, which
could always lose the transactions since the last checkpoint (``synchronous=normal``), may lose more.
"""


def eligible(patches: Sequence[Entity]) -> bool:
    """Whether every patch leaves the indexed columns alone (checked before the entities are read)."""
    geo = AttrType.GEOPROPERTY
    disjoint = _INDEXED.isdisjoint
    for patch in patches:
        attrs = patch.attrs
        if patch.scope or patch.expires_at is not None or not disjoint(attrs):
            return False
        for instances in attrs.values():
            for inst in instances:
                if inst.type is geo:
                    return False
    return True


_TYPE_TEXT = {t: t.value for t in AttrType}


class _Stored(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=True, gc=False):
    """A top-level instance of a stored document as read for a merge: the value, sub-attributes and other
    members stay raw JSON (written back as they were, never decoded); a member the codec does not write
    fails the decoding, and the merge takes the general path."""

    t: str | UnsetType = UNSET
    v: msgspec.Raw | UnsetType = UNSET
    o: Any = UNSET
    u: Any = UNSET
    d: Any = UNSET
    c: Any = UNSET
    m: Any = UNSET
    s: msgspec.Raw | UnsetType = UNSET
    x: msgspec.Raw | UnsetType = UNSET


class _Item(msgspec.Struct, omit_defaults=True, gc=False):
    """A patched instance as written (the members of :class:`_Stored`, values as Python objects)."""

    t: Any = UNSET
    v: Any = UNSET
    o: Any = UNSET
    u: Any = UNSET
    d: Any = UNSET
    c: Any = UNSET
    m: Any = UNSET
    s: Any = UNSET
    x: Any = UNSET


_DOCUMENT = msgspec.json.Decoder(dict[str, list[_Stored]])
Document = dict[str, list[Any]]
"""A stored document decoded for a merge: attribute name → instances (:class:`_Stored`, :class:`_Item`)."""


def _member(value: Any) -> Any:
    """A member's value, None when absent (as ``dict.get`` gives it)."""
    return None if value is UNSET else value


def _stored(inst: Attribute, created: str, now: str) -> _Item:
    """The stored form of a patched instance written at ``now`` (what codec.document gives)."""
    if inst.sub or inst.extra:
        out = _instance(inst, now, False)
        out.pop("m", None)
        out.pop("c", None)
        item = _Item(**out)
    else:
        item = _Item(
            _TYPE_TEXT[inst.type],
            inst.value,
            UNSET if inst.observed_at is None else inst.observed_at,
            UNSET if inst.unit_code is None else inst.unit_code,
            UNSET if inst.dataset_id is None else inst.dataset_id,
        )
    if created != now:
        item.c = created
    return item


def _null_attr(patch: Entity) -> str | None:
    """The first attribute of the patch with a null value (a merge may not store one)."""
    for name, instances in patch.attrs.items():
        for inst in instances:
            if inst.value is None:
                return name
    return None


def _explicit_times(doc: Document, old_modified: str) -> None:
    """Write out the system times the entity's old ``modified`` implied (it is about to move on)."""
    for items in doc.values():
        for item in items:
            if item.m is UNSET:
                item.m = old_modified
                if item.c is UNSET:
                    item.c = old_modified
            elif item.c is UNSET:
                item.c = old_modified


def merge(
    conn: sqlite3.Connection,
    tenant: str,
    patches: Sequence[Entity],
    now: str,
    *,
    before: dict[str, Entity] | None = None,
) -> list[Failure] | None:
    """Apply the patches inside the writer's transaction; None (nothing written) when one needs the general
    path: an entity that does not exist yet, or a patch adding a type.

    ``before``, when given, receives the state each patched entity had (as a read would give it)."""
    ids = list(dict.fromkeys(p.id for p in patches))
    rows = conn.execute(
        "SELECT id, rid, modified, doc, ptype, xtypes, scopes, created FROM entities"
        " WHERE tenant = ? AND id IN (SELECT value FROM json_each(?))",
        (tenant, dumps(ids)),
    ).fetchall()
    if len(rows) != len(ids):
        return None
    state: dict[str, tuple[int, str, str]] = {}
    types_of: dict[str, tuple[str, frozenset[str] | None]] = {}
    for entity_id, rid, modified, doc, ptype, xtypes, _, _ in rows:
        state[entity_id] = (rid, modified, doc)
        types_of[entity_id] = (ptype, frozenset(loads(xtypes)) if xtypes else None)
    for patch in patches:
        ptype, xtypes = types_of[patch.id]
        for name in patch.types:
            if name != ptype and (xtypes is None or name not in xtypes):
                return None
    if before is not None:
        for entity_id, _, modified, doc, ptype, xtypes, scopes, created in rows:
            before[entity_id] = decode_entity(
                entity_id,
                entity_types(ptype, xtypes),
                entity_scope(scopes),
                doc,
                created=created,
                modified=modified,
            )
    failures: list[Failure] = []
    touched: dict[str, Document] = {}
    for pos, patch in enumerate(patches):
        bad = _null_attr(patch)
        if bad is not None:
            failures.append((pos, patch.id, BadRequestData(f"entity {patch.id}: attribute {bad!r} is null")))
            continue
        rid, old_modified, text = state[patch.id]
        doc = touched.get(patch.id)
        if doc is None:
            try:
                doc = _DOCUMENT.decode(text)
            except msgspec.ValidationError:
                return None  # a document this merge does not know (nothing written yet): the general path
            _explicit_times(doc, old_modified)
            touched[patch.id] = doc
        for name, instances in patch.attrs.items():
            items = doc.get(name)
            if items is None:
                items = []
            elif len(instances) == 1 and len(items) == 1 and _member(items[0].d) == instances[0].dataset_id:
                # The common case: the one instance replaced by the one instance of the patch.
                first = items[0].c
                doc[name] = [_stored(instances[0], old_modified if first is UNSET else first, now)]
                continue
            for inst in instances:
                dataset = inst.dataset_id
                previous = next((d for d in items if _member(d.d) == dataset), None)
                items = [d for d in items if _member(d.d) != dataset]
                created = now if previous is None else old_modified if previous.c is UNSET else previous.c
                items.append(_stored(inst, created, now))
            doc[name] = items
    if touched:
        # executemany, not one UPDATE ... FROM (VALUES ...): that materialises the documents twice and cost
        # nearly twice as much per row here (5,800 random rows of ~500 bytes: 8.0 µs against 4.3 µs).
        conn.executemany(
            "UPDATE entities SET doc = ?, modified = ? WHERE rid = ?",
            [(_ENCODE(doc).decode(), now, state[eid][0]) for eid, doc in touched.items()],
        )
    return failures


def ingest(
    ts: SQLiteTenantStore,
    rows: Sequence[tuple[Any, ...]],
    patches: Sequence[Entity],
    *,
    previous: bool = False,
) -> IngestWrite | None:
    """History rows and merge patches of one batch in one transaction: both are written, or neither.

    ``rows`` are pre-validated history rows without the tenant (as ``append_history_rows`` takes them;
    instance ids already present are skipped). Returns None, having written nothing, when a patch needs the
    general merge (see :func:`merge`); a patch that fails (a null value) rolls the whole batch back and
    raises. ``previous``: also return the states the merges replaced.
    """
    if patches and not eligible(patches):
        return None
    store, tenant = ts.store, ts.tenant
    now = store.now()
    out = IngestWrite(0)
    with store.write() as conn:
        conn.execute(f"PRAGMA wal_autocheckpoint={INGEST_AUTOCHECKPOINT}")
        if patches:
            failures = merge(conn, tenant, patches, now, before=out.previous if previous else None)
            if failures is None:
                out.previous.clear()
                return None  # nothing was written: the empty transaction commits
            if failures:
                raise failures[0][2]  # rolls back: the batch is written whole or not at all
        if rows:
            count = conn.total_changes
            _append_history(conn, tenant, rows)
            out.added = conn.total_changes - count
        writes.register_tenant(conn, tenant)
    return out


_ROW_WIDTH = 9
"""Columns of a history row as ``ingest`` takes it (all but the tenant)."""
_HISTORY_HEAD = writes.HISTORY_INSERT.partition(" VALUES ")[0]


@lru_cache(maxsize=64)
def _history_sql(count: int) -> str:
    # ?1 is the tenant in every row; each bare ? takes the next number (one more than the largest so far).
    one = f"(?1, {', '.join('?' * _ROW_WIDTH)})"
    return f"{_HISTORY_HEAD} VALUES {', '.join([one] * count)}"


def _append_history(conn: sqlite3.Connection, tenant: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert history rows without the tenant (``INSERT OR IGNORE``: instance ids present are skipped).

    The tenant is one parameter of each statement, so the rows go in as they are, flattened once: no
    tuple is rebuilt per row. Statement sizes as :func:`~citytwin.storage.sqlite.connection.insert_rows`.
    """
    start = 0
    for count in statement_sizes(len(rows), (MAX_PARAMETERS - 1) // _ROW_WIDTH):
        params: list[Any] = [tenant]
        extend = params.extend
        for row in rows[start : start + count]:
            extend(row)
        conn.execute(_history_sql(count), params)
        start += count
