"""Deep pages and counts of a whole type (or a whole tenant) without stepping over every skipped entry.

SQLite answers ``ORDER BY id LIMIT 100 OFFSET 900000`` by walking 900,000 index entries, a quarter of a
second at city scale, for every page a harvesting client asks for. Here the ids at every :data:`STRIDE`-th
position of a type's id order are sampled once (one scan, in SQL) and kept with the type's generation from
``entity_counts`` (migration 6, kept by triggers in every process that writes the file): the generation moves
whenever an entity of that type is added or removed, which is the only thing that shifts positions, so the
samples stay exact until then and are rebuilt lazily afterwards. A page at offset ``o`` then starts at the
sample before it and skips fewer than :data:`STRIDE` entries. The same table gives a type's count without a
scan. Both are read inside the caller's read transaction, so they describe the snapshot the page comes from.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

STRIDE = 1000
"""Positions between two sampled ids: a deep page skips at most this many index entries."""

DEEP = 10 * STRIDE
"""Offsets below this are served by a plain OFFSET (cheaper than sampling)."""

_MAX_KEYS = 1024
"""(tenant, type) pairs whose samples are kept; beyond that the cache starts over."""


@dataclass(frozen=True, slots=True)
class Start:
    """Where a deep page begins: at ``from_id`` (inclusive), after skipping ``skip`` more entries."""

    from_id: str
    skip: int


EMPTY = Start("", -1)
"""The offset is at or past the end: the page is empty."""


class Anchors:
    """Sampled positions of each (tenant, type) id order, valid for one generation of that type."""

    def __init__(self) -> None:
        self._samples: dict[tuple[str, str | None], tuple[int, list[str]]] = {}

    @staticmethod
    def size(conn: sqlite3.Connection, tenant: str, ptype: str | None) -> tuple[int, int] | None:
        """(entities, generation) of a type, or of the whole tenant when ``ptype`` is None."""
        if ptype is None:
            row = conn.execute(
                "SELECT sum(n), sum(gen) FROM entity_counts WHERE tenant = ?", (tenant,)
            ).fetchone()
        else:
            row = conn.execute(
                "SELECT n, gen FROM entity_counts WHERE tenant = ? AND ptype = ?", (tenant, ptype)
            ).fetchone()
        if row is None or row[0] is None:
            return None
        return int(row[0]), int(row[1])

    def start(self, conn: sqlite3.Connection, tenant: str, ptype: str | None, offset: int) -> Start | None:
        """Where the page at ``offset`` starts; None when the offset is shallow enough for a plain OFFSET."""
        if offset < DEEP:
            return None
        size = self.size(conn, tenant, ptype)
        if size is None or offset >= size[0]:
            return EMPTY
        ids = self._sampled(conn, tenant, ptype, size[1])
        k = offset // STRIDE
        return Start(ids[k], offset - k * STRIDE)

    def _sampled(self, conn: sqlite3.Connection, tenant: str, ptype: str | None, gen: int) -> list[str]:
        key = (tenant, ptype)
        found = self._samples.get(key)
        if found is not None and found[0] == gen:
            return found[1]
        typed = "" if ptype is None else " AND ptype = :ptype"
        # Hops of STRIDE index entries, each one statement: the walk stays in SQLite's C code (a window
        # function over the type would sort it in a temporary b-tree, and reading every id into Python
        # costs more than the walk).
        first = f"SELECT id FROM entities WHERE tenant = :tenant{typed} ORDER BY id LIMIT 1"
        hop = (
            f"SELECT id FROM entities WHERE tenant = :tenant{typed} AND id > :after ORDER BY id"
            " LIMIT 1 OFFSET :skip"
        )
        args: dict[str, str | int] = {"tenant": tenant, "skip": STRIDE - 1}
        if ptype is not None:
            args["ptype"] = ptype
        row = conn.execute(first, args).fetchone()
        ids: list[str] = []
        while row is not None:
            ids.append(row[0])
            args["after"] = row[0]
            row = conn.execute(hop, args).fetchone()
        if len(self._samples) >= _MAX_KEYS:
            self._samples.clear()
        self._samples[key] = (gen, ids)
        return ids
