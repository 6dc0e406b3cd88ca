"""Which data conflicts a subject may see: those on entities it reads with the attribute visible in clear.

A conflict carries an attribute's candidate and authoritative values, so it is shown only to a subject that
sees that attribute of that entity unmasked; to anyone else it does not exist (the same 404 as a missing
one). Used by ``GET /catalog/conflicts`` and ``citytwin conflicts`` (:mod:`.cli_acting`).
"""

from __future__ import annotations

from collections.abc import Iterable

from citytwin.core.policy_view import PolicyView
from citytwin.errors import ResourceNotFound
from citytwin.governance.conflicts import Conflict, Conflicts
from citytwin.storage.base import TenantStore


def conflicts_seen(view: PolicyView, twin: TenantStore, found: Iterable[Conflict]) -> list[Conflict]:
    """The conflicts whose entity ``view`` reads with the conflict's attribute visible in clear (``twin``:
    the platform's view of the tenant, where the entities' facts are read)."""
    items = list(found)
    if view.unrestricted:
        return items
    entities = twin.get_many(sorted({c.entity_id for c in items})) if items else {}
    out = []
    for conflict in items:
        entity = entities.get(conflict.entity_id)
        decision = view.decide(entity) if entity is not None else None
        if decision is not None and decision.clear(conflict.attribute):
            out.append(conflict)
    return out


def conflict_seen(view: PolicyView, twin: TenantStore, conflict_id: str) -> Conflict:
    """One conflict ``view`` may see; the same 404 as a missing one otherwise."""
    conflict = Conflicts(twin).get(conflict_id)
    if not conflicts_seen(view, twin, [conflict]):
        raise ResourceNotFound(f"conflict {conflict_id} was not found")
    return conflict
