"""Typed change events: what every state change of the twin tells the rest of the platform.

Writers (the NGSI-LD API, IoT ingest, importers) do not call subscribers, indicators or the ledger themselves;
the store wrapper in :mod:`citytwin.stream.observed` publishes one :class:`EntityChange` per changed entity on
the in-process bus, and every consumer subscribes to that one stream (DESIGN.md, habit 9).

Entities in events use the store's attribute names (see :mod:`citytwin.ngsild.context_store`); consumers that
speak a user @context compact them the way the API does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from citytwin.core.entities import Attribute, Entity


class ChangeKind(StrEnum):
    """What happened to the entity."""

    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class EntityChange:
    """One entity changed in one tenant.

    ``entity`` is the state after the change (None when deleted). ``previous`` is the state before it,
    when the bus asked for it (:attr:`citytwin.stream.bus.EventBus.wants_previous`) or the writer knew it;
    None for a creation. ``attrs`` names the attributes the write touched (empty: the whole entity).
    ``seq`` orders events of one process: a later write of the same entity always has a larger ``seq``.
    """

    seq: int
    tenant: str
    kind: ChangeKind
    entity_id: str
    types: tuple[str, ...]
    entity: Entity | None
    previous: Entity | None
    attrs: tuple[str, ...]
    at: datetime
    origin: str = ""
    """Who wrote it: ``api``, ``ingest``, ``import`` … (informational; policy decisions use the caller)."""

    @property
    def type(self) -> str:
        """The primary type of the entity."""
        return self.types[0]

    def changed_attrs(self) -> tuple[str, ...]:
        """Attributes whose instances differ between ``previous`` and ``entity`` (all when unknown)."""
        before = self.previous.attrs if self.previous is not None else {}
        after = self.entity.attrs if self.entity is not None else {}
        if self.previous is None or self.entity is None:
            return tuple(sorted({*before, *after}))
        names = sorted({*before, *after})
        return tuple(n for n in names if _values(before.get(n)) != _values(after.get(n)))


def _values(instances: list[Attribute] | None) -> list[str]:
    """Instances without their system times, canonically encoded and sorted (datasetId order is free)."""
    return sorted(json.dumps(inst.to_dict(), sort_keys=True, default=str) for inst in instances or ())
