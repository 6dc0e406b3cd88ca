"""``--check-targets``: relationship targets must exist, in the twin or in the import itself.

Each batch's targets that are neither rows of this import nor known yet are looked up in the store in one
batched read. A row whose target is still missing may name a row further on in the file, so it is not
rejected at once: it waits, with every row that names it, until all rows are read. Then rows whose targets
never came are rejected, and with them the waiting rows that name a rejected row; the others are written.
Rows are never written before their targets are settled, so no written relationship points at a rejected row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citytwin.core.entities import Attribute
from citytwin.ingest.importers.atomic import LOOKUP
from citytwin.ingest.importers.model import SourceRecord
from citytwin.ingest.importers.relationships import objects_of
from citytwin.ingest.importers.seen import SeenIds
from citytwin.storage.base import TenantStore


@dataclass(slots=True)
class Pending:
    """An admitted row on its way to being written: its record, checked geometry, id and relationships."""

    record: SourceRecord
    geometry: Any
    entity_id: str
    related: dict[str, Attribute]
    targets: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Rejected:
    """A waiting row whose target never came."""

    row: int
    entity_id: str
    reason: str


class TargetCheck:
    """The targets found so far and the rows waiting for theirs."""

    def __init__(self, tenant: TenantStore) -> None:
        self.tenant = tenant
        self.found: set[str] = set()
        """Targets found in the store."""
        self.waiting: list[Pending] = []
        self.waiting_ids: set[str] = set()

    def admit(self, rows: list[Pending], seen: SeenIds) -> list[Pending]:
        """The rows that can be written now; the others wait (``seen``: ids of this import's rows so far)."""
        for row in rows:
            row.targets = objects_of(row.related)
        known = _known({t for row in rows for t in row.targets}, seen)
        unknown = sorted({t for row in rows for t in row.targets if t not in known and t not in self.found})
        for start in range(0, len(unknown), LOOKUP):
            self.found.update(self.tenant.get_many(unknown[start : start + LOOKUP]))
        blocked = [
            k
            for k, row in enumerate(rows)
            if any(t in self.waiting_ids or (t not in self.found and t not in known) for t in row.targets)
        ]
        waits = _closure(rows, blocked)
        for k in sorted(waits):
            self.waiting.append(rows[k])
            self.waiting_ids.add(rows[k].entity_id)
        return [row for k, row in enumerate(rows) if k not in waits]

    def release(self, seen: SeenIds) -> tuple[list[Pending], list[Rejected]]:
        """At the end of the import: (waiting rows to write now, rows rejected with the reason)."""
        rows, self.waiting, self.waiting_ids = self.waiting, [], set()
        known = _known({t for row in rows for t in row.targets}, seen)
        reasons: dict[int, str] = {}
        for k, row in enumerate(rows):
            absent = next((t for t in row.targets if t not in self.found and t not in known), None)
            if absent is not None:
                reasons[k] = f"missing target: {absent} is neither in the twin nor in this import"
        names = _names(rows)
        queue = list(reasons)
        while queue:  # a waiting row that names a rejected row goes with it
            k = queue.pop()
            for d in names.get(rows[k].entity_id, ()):
                if d not in reasons:
                    reasons[d] = f"missing target: {rows[k].entity_id} (row {rows[k].record.row}, rejected)"
                    queue.append(d)
        rejected = sorted(
            (Rejected(rows[k].record.row, rows[k].entity_id, reason) for k, reason in reasons.items()),
            key=lambda r: r.row,
        )
        return [row for k, row in enumerate(rows) if k not in reasons], rejected


def _known(targets: set[str], seen: SeenIds) -> set[str]:
    """The ``targets`` that are rows of this import, in one lookup."""
    ordered = sorted(targets)
    return {t for t, row in zip(ordered, seen.rows_of(ordered).tolist(), strict=True) if row >= 0}


def _names(rows: list[Pending]) -> dict[str, list[int]]:
    """Target id → the positions of the rows that name it."""
    out: dict[str, list[int]] = {}
    for k, row in enumerate(rows):
        for target in row.targets:
            out.setdefault(target, []).append(k)
    return out


def _closure(rows: list[Pending], start: list[int]) -> set[int]:
    """``start`` and every row of ``rows`` that names one of them, directly or through others."""
    names = _names(rows)
    out: set[int] = set()
    queue = list(start)
    while queue:
        k = queue.pop()
        if k in out:
            continue
        out.add(k)
        queue.extend(d for d in names.get(rows[k].entity_id, ()) if d not in out)
    return out
