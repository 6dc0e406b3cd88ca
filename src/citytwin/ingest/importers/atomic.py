"""All-or-nothing writes over any store: remember what a batch replaces, undo it all on failure.

The store interface commits per chunk, so an import keeps, for every id it writes, the entity it replaced
(or that there was none). :meth:`StagedWrite.rollback` deletes what the import created and puts back what it
replaced, which works the same on every backend. Readers may see an import's rows while it runs; a failed
import takes them away again. Restored entities keep their attributes and creation time (their
``modifiedAt`` is the time of the rollback).
"""

from __future__ import annotations

from collections.abc import Sequence

from citytwin.core.entities import Entity
from citytwin.errors import CitytwinError, InternalError
from citytwin.storage.base import TenantStore

LOOKUP = 5_000
"""Ids per existence lookup (a store read of the entities an import is about to replace)."""


class WriteFailed(InternalError):
    """The store refused part of an import's write."""

    title = "Import write failed"


class StagedWrite:
    """Writes of one import to one tenant, with what they replaced, so they can be undone together."""

    def __init__(self, tenant: TenantStore) -> None:
        self.tenant = tenant
        self.created: list[str] = []
        self.replaced: dict[str, Entity] = {}
        self.written = 0

    def write(self, entities: Sequence[Entity]) -> None:
        """Upsert ``entities`` (ids unique within the import); raises WriteFailed if any is refused."""
        if not entities:
            return
        ids = [e.id for e in entities]
        before: dict[str, Entity] = {}
        for start in range(0, len(ids), LOOKUP):
            before.update(self.tenant.get_many(ids[start : start + LOOKUP]))
        # Recorded before writing: a write that fails halfway must still be undone.
        self.replaced.update(before)
        self.created.extend(i for i in ids if i not in before)
        result = self.tenant.upsert_many(entities)
        if result.errors:
            first = result.errors[0]
            detail = first.problem.get("detail", first.problem.get("title", "refused"))
            raise WriteFailed(
                f"the store refused {len(result.errors)} of {len(entities)} entities; "
                f"first {first.entity_id}: {detail}"
            )
        self.written += len(entities)

    def rollback(self) -> list[str]:
        """Delete what was created and restore what was replaced; returns problems met (empty: clean)."""
        problems: list[str] = []
        try:
            if self.created:
                result = self.tenant.delete_many(self.created)
                # Ids that were never written (the failing chunk) are missing: that is expected.
                problems.extend(
                    f"{e.entity_id}: {e.problem.get('detail')}"
                    for e in result.errors
                    if e.problem.get("status") != 404
                )
            if self.replaced:
                result = self.tenant.upsert_many(list(self.replaced.values()))
                problems.extend(f"{e.entity_id}: {e.problem.get('detail')}" for e in result.errors)
        except CitytwinError as err:
            problems.append(err.detail)
        self.created.clear()
        self.replaced.clear()
        return problems
